"""What lies within reach of a site, and which site could have launched a strike.

A point is within a geodesic ring exactly when its geodesic distance from the centre is
at most the radius, so membership is decided by distance (pyproj Geod.inv), never by a
polygon drawn on a projected map.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from droneatlas.geodesy import distance_km
from droneatlas.rings import RING_SITE_KINDS, format_distance

CITY_COLUMNS = ("name", "country", "lat", "lon", "population")


def load_cities(path) -> pd.DataFrame:
    """Populated places (name, country, lat, lon, population) from the gazetteer's places.csv."""
    places = pd.read_csv(path, dtype={"admin1": str}, keep_default_na=False, na_values={"population": [""]})
    if "kind" in places.columns:
        places = places[places["kind"] == "city"]
    cities = places.loc[:, list(CITY_COLUMNS)].copy()
    cities["population"] = pd.to_numeric(cities["population"], errors="coerce").fillna(0).astype(int)
    return cities.reset_index(drop=True)


def with_distance(points: pd.DataFrame, lon: float, lat: float) -> pd.DataFrame:
    """``points`` (with lat/lon columns) plus ``distance_km`` from (lon, lat)."""
    if points.empty:
        return points.assign(distance_km=pd.Series(dtype=float))
    km = distance_km(lon, lat, points["lon"].to_numpy(float), points["lat"].to_numpy(float))
    return points.assign(distance_km=np.atleast_1d(km))


def within(points: pd.DataFrame, lon: float, lat: float, radius_km: float) -> pd.DataFrame:
    """The points at most ``radius_km`` from (lon, lat), nearest first, with their distance."""
    measured = with_distance(points, lon, lat)
    inside = measured[measured["distance_km"] <= radius_km]
    return inside.sort_values(["distance_km"], kind="stable")


def cities_within(
    cities: pd.DataFrame, lon: float, lat: float, radius_km: float, min_population: int = 0
) -> pd.DataFrame:
    """Cities of at least ``min_population`` within reach, nearest first."""
    return within(cities[cities["population"] >= min_population], lon, lat, radius_km)


def nearest_sites(
    strikes: pd.DataFrame, sites: gpd.GeoDataFrame, drones: pd.DataFrame, unit: str = "km"
) -> pd.DataFrame:
    """Per strike: the nearest base or launch site active on its date, the distance, and a
    flag when the strike lies beyond its drone's reported range from every such site.

    A flag is a hint, not a verdict: a launch site may be missing from the data, the
    range claim may be low, or the strike may be misattributed. Vectorised: one distance
    per strike and launch site, masked by the days each site was active.
    """
    columns = ["strike_id", "date", "place", "drone_id", "nearest_site", "distance_km", "range_km", "flag"]
    launch = sites[sites["kind"].isin(RING_SITE_KINDS)]
    table = pd.DataFrame(
        {
            "strike_id": strikes["id"].to_numpy(),
            "date": strikes["date"].to_numpy(),
            "place": strikes["place"].to_numpy(),
            "drone_id": strikes["drone_id"].to_numpy(),
        }
    )
    table["range_km"] = table["drone_id"].map(drones["range_km"]).astype(float)
    if strikes.empty or launch.empty:
        return table.assign(nearest_site="", distance_km=np.nan, flag="")[columns]
    n_strikes, n_sites = len(strikes), len(launch)
    km = distance_km(
        np.repeat(strikes["lon"].to_numpy(float), n_sites),
        np.repeat(strikes["lat"].to_numpy(float), n_sites),
        np.tile(launch["lon"].to_numpy(float), n_strikes),
        np.tile(launch["lat"].to_numpy(float), n_strikes),
    ).reshape(n_strikes, n_sites)
    day = strikes["date"].to_numpy()[:, None]
    starts = launch["active_from"].to_numpy()[None, :]
    ends = launch["active_to"].to_numpy()[None, :]
    active = (starts <= day) & (np.isnat(ends) | (ends >= day))
    km = np.where(active, km, np.inf)
    nearest = km.argmin(axis=1)
    best = km[np.arange(n_strikes), nearest]
    found = np.isfinite(best)
    table["nearest_site"] = np.where(found, launch["name"].to_numpy()[nearest], "")
    table["distance_km"] = np.where(found, best, np.nan)
    table["flag"] = [
        beyond_range_flag(d, r, unit) for d, r in zip(table["distance_km"], table["range_km"], strict=True)
    ]
    return table[columns]


def beyond_range_flag(nearest_km: float, range_km: float, unit: str = "km") -> str:
    """'beyond reported range: 2,340 km > 2,000 km', or '' when within range or unknown."""
    if pd.isna(range_km) or pd.isna(nearest_km) or nearest_km <= range_km:
        return ""
    return f"beyond reported range: {format_distance(nearest_km, unit)} > {format_distance(range_km, unit)}"
