"""Launch lines: a geodesic line from the site a strike was reported launched from to the strike.

A strike's ``launched_from`` names one site id, or several joined by ``|`` when a source
named the night's launch areas rather than one per drone (data/README.md); each named
site that the data has gets a line, and the words say when it was one of several.
Lines are geodesics on the WGS84 ellipsoid (droneatlas.geodesy), split at ±180°.
"""

from __future__ import annotations

import antimeridian
import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import LineString, MultiLineString

from droneatlas.compact import text_cells
from droneatlas.geodesy import WGS84, distance_km
from droneatlas.rings import format_distance
from droneatlas.schema import MULTI_VALUE_SEPARATOR

LINE_POINTS = 32  # inner points: a few hundred km of line bends smoothly on any zoom
MAX_LINES = 5000  # beyond this a map of lines is a smear; the newest are drawn
SITE_POPUP_STRIKES = 5  # the newest strikes a site's popup names
LINE_COLUMNS = [
    "strike_id",
    "site_id",
    "site_name",
    "place",
    "date",
    "drone_id",
    "confidence",
    "shared",
    "distance_km",
    "geometry",
]


def named_sites(launched_from: object) -> list[str]:
    """The site ids a ``launched_from`` cell names, in order ('' or missing: none)."""
    if launched_from is None or (isinstance(launched_from, float) and np.isnan(launched_from)):
        return []
    return [s.strip() for s in str(launched_from).split(MULTI_VALUE_SEPARATOR) if s.strip()]


def geodesic_linestring(lon1: float, lat1: float, lon2: float, lat2: float) -> LineString | MultiLineString:
    """The geodesic from (lon1, lat1) to (lon2, lat2) as lon/lat, split where it crosses ±180°."""
    inner = WGS84.npts(lon1, lat1, lon2, lat2, LINE_POINTS)
    line = LineString([(lon1, lat1), *inner, (lon2, lat2)])
    lons = np.asarray(line.coords)[:, 0]
    if np.any(np.abs(np.diff(lons)) > 180.0):
        # The vertices lie on the geodesic: the crossing is placed between two of them.
        return antimeridian.fix_line_string(line, great_circle=False)
    return line


def _pairs(strikes: pd.DataFrame, sites: pd.DataFrame) -> pd.DataFrame:
    """One row per (strike, named site the data has): the strike's columns and site_id, shared."""
    if "launched_from" not in strikes.columns or strikes.empty:
        return pd.DataFrame(columns=[*strikes.columns, "site_id", "shared"])
    # By position, with plain arrays: a boolean Series or a label lookup builds the strikes'
    # index hash table (~34 MB for a million ids), which the catalog then keeps for nothing.
    cells = strikes["launched_from"].to_numpy()
    naming = np.flatnonzero(pd.notna(cells) & (cells != ""))  # most strikes name none: split only the others
    named = [named_sites(cell) for cell in cells[naming]]
    lengths = np.fromiter(map(len, named), dtype=np.int64, count=len(named))
    known = lengths > 0
    if not known.any():
        return pd.DataFrame(columns=[*strikes.columns, "site_id", "shared"])
    pairs = strikes.iloc[naming[known]].reset_index(drop=True)
    pairs["site_id"] = [ids for ids in named if ids]
    pairs["shared"] = lengths[known]
    pairs = pairs.explode("site_id", ignore_index=True)
    return pairs[pairs["site_id"].isin(sites.index)]


def launch_lines(strikes: pd.DataFrame, sites: pd.DataFrame) -> gpd.GeoDataFrame:
    """A line per strike and named launch site, newest last; at most MAX_LINES (the newest).

    ``shared`` is how many sites the strike's row names (above 1: one of the night's named
    launch areas, not this strike's own launch site).
    """
    pairs = _pairs(strikes, sites).tail(MAX_LINES)
    if pairs.empty:
        return gpd.GeoDataFrame(columns=LINE_COLUMNS, geometry="geometry", crs="EPSG:4326")
    site = sites.loc[pairs["site_id"]]
    slon, slat = site["lon"].to_numpy(float), site["lat"].to_numpy(float)
    tlon, tlat = pairs["lon"].to_numpy(float), pairs["lat"].to_numpy(float)
    lines = gpd.GeoDataFrame(
        {
            "strike_id": pairs["id"].to_numpy(),
            "site_id": pairs["site_id"].to_numpy(),
            "site_name": site["name"].astype(str).to_numpy(),
            "place": text_cells(pairs["place"]).astype(str).to_numpy(),
            "date": pairs["date"].to_numpy(),
            "drone_id": pairs["drone_id"].to_numpy(),
            "confidence": pairs["confidence"].to_numpy(),
            "shared": pairs["shared"].astype(int).to_numpy(),
            "distance_km": distance_km(slon, slat, tlon, tlat),
        },
        geometry=[geodesic_linestring(*p) for p in zip(slon, slat, tlon, tlat, strict=True)],
        crs="EPSG:4326",
    )
    return lines


def lines_total(strikes: pd.DataFrame, sites: pd.DataFrame) -> int:
    """How many lines the strikes have (before MAX_LINES), for saying when some are left out."""
    return len(_pairs(strikes, sites))


def launched_from_text(launched_from: object, sites: pd.DataFrame) -> str:
    """What a strike's popup says of its launch site: 'Cape Chauda', or several names with
    '(the night's named launch areas)'; '' when no known site is named."""
    names = [str(sites.loc[s, "name"]) for s in named_sites(launched_from) if s in sites.index]
    if len(names) > 1:
        return f"{'; '.join(names)} (the night's named launch areas, not per drone)"
    return names[0] if names else ""


def launches_by_site(strikes: pd.DataFrame, sites: pd.DataFrame) -> dict[str, str]:
    """Per site named as a launch site, what its popup says of the strikes that name it:
    '12 strikes name it; latest: Kyiv, 7 Sep 2025; Odesa, 1 Sep 2025; …'."""
    pairs = _pairs(strikes, sites)
    out = {}
    for site_id, rows in pairs.groupby("site_id", sort=False):
        newest = rows.sort_values("date", ascending=False).head(SITE_POPUP_STRIKES)
        named = "; ".join(f"{r.place or r.id}, {pd.Timestamp(r.date):%-d %b %Y}" for r in newest.itertuples())
        noun = "strike in the data names" if len(rows) == 1 else "strikes in the data name"
        more = "; …" if len(rows) > SITE_POPUP_STRIKES else ""
        out[str(site_id)] = f"{len(rows)} {noun} it; latest: {named}{more}"
    return out


def line_label(line: object, unit: str = "km") -> str:
    """A line's tooltip: 'Launched from Cape Chauda → Odesa, 7 Dec 2023 · 402 km'."""
    words = f"from {line.site_name} → {line.place}, {pd.Timestamp(line.date):%-d %b %Y}"
    if line.shared > 1:
        words += " (one of the night's named launch areas)"
    return f"Launched {words} · {format_distance(line.distance_km, unit)}"
