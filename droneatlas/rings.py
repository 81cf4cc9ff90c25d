"""Range rings for the sites on the map: one per site and drone it hosts, plus free rings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import geopandas as gpd
import pandas as pd
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from droneatlas.geodesy import RingError, geodesic_ring, km_from_miles, miles_from_km
from droneatlas.schema import RANGE_BASIS_LABELS, SiteKind

# Rings show reach from where drones are launched or based; a factory or a depot is not
# a launch point, so its drones get no ring (a free ring can still be drawn from it).
RING_SITE_KINDS = (SiteKind.BASE, SiteKind.LAUNCH_SITE)

RING_COLUMNS = [
    "site_id",
    "site_name",
    "drone_id",
    "drone_name",
    "radius_km",
    "range_min_km",
    "range_max_km",
    "range_basis",
    "label",
    "kind",
    "source_ids",
    "active_from",
    "active_to",
    "geometry",
]


@dataclass(frozen=True)
class FreeRing:
    """A ring the user asks for: any site, any radius."""

    site_id: str
    radius: float
    unit: str = "km"  # "km" or "mi"
    title: str = "Free ring"

    @property
    def radius_km(self) -> float:
        return km_from_miles(self.radius) if self.unit == "mi" else self.radius


def format_distance(km: float, unit: str = "km") -> str:
    """'2,000 km' or '1,243 mi'."""
    value = miles_from_km(km) if unit == "mi" else km
    return f"{value:,.0f} {unit}"


def ring_label(drone_name: str, radius_km: float, unit: str = "km") -> str:
    """e.g. 'Shahed-136 · 2,000 km (reported)'."""
    return f"{drone_name} · {format_distance(radius_km, unit)} (reported)"


def drone_rings(
    sites: gpd.GeoDataFrame,
    drones: pd.DataFrame,
    drone_ids: list[str] | None = None,
    unit: str = "km",
) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Rings for every site and every drone it hosts that has a range, plus one band per drone.

    ``drone_ids`` limits the drones (None = all). A "ring" row is one site's ring at the
    drone's reported range. A "band" row is, for one drone, the area that the highest
    published claim puts in reach of some site but the lowest claim puts in reach of none:
    one shape per drone, so overlapping sites do not stack into a dark blot. Returns the
    rows and messages for rings that were refused.
    """
    rows, problems = [], []
    for drone_id, drone in drones.iterrows():
        if pd.isna(drone["range_km"]) or (drone_ids is not None and drone_id not in drone_ids):
            continue
        hosts = sites[
            sites["kind"].isin(RING_SITE_KINDS) & sites["drone_ids"].map(lambda ids, d=drone_id: d in ids)
        ]
        base = {
            "drone_id": drone_id,
            "drone_name": drone["name"],
            "radius_km": float(drone["range_km"]),
            "range_min_km": drone["range_min_km"],
            "range_max_km": drone["range_max_km"],
            "range_basis": RANGE_BASIS_LABELS.get(drone["range_basis"], ""),
            "label": ring_label(drone["name"], drone["range_km"], unit),
            "source_ids": drone["source_ids"],
        }
        drawable = []
        for site in hosts.itertuples(index=False):
            try:
                ring = geodesic_ring(site.lon, site.lat, drone["range_km"])
            except RingError as exc:
                problems.append(f"{drone['name']} from {site.name}: {exc}")
                continue
            drawable.append(site)
            site_fields = {"site_id": site.id, "site_name": site.name}
            active = {"active_from": site.active_from, "active_to": site.active_to}
            rows.append({**base, **site_fields, **active, "kind": "ring", "geometry": ring})
        low, high = drone["range_min_km"], drone["range_max_km"]
        if drawable and pd.notna(low) and pd.notna(high) and low < high:
            try:
                band = claims_band(tuple((s.lon, s.lat) for s in drawable), low, high)
            except RingError as exc:
                problems.append(f"{drone['name']} claims band: {exc}")
            else:
                names = drawable[0].name if len(drawable) == 1 else f"{len(drawable)} sites"
                label = (
                    f"{drone['name']}: published range claims {format_distance(low, unit)} to "
                    f"{format_distance(high, unit)} from {names}; in reach by some claims, not by all"
                )
                band_row = {**base, "label": label, "site_id": "", "site_name": names}
                rows.append({**band_row, "kind": "band", "geometry": band})
    return _frame(rows), problems


@lru_cache(maxsize=256)  # the same sites give the same band on every timeline change
def claims_band(centres: tuple[tuple[float, float], ...], low_km: float, high_km: float) -> BaseGeometry:
    """Within ``high_km`` of some centre but not within ``low_km`` of any."""
    outer = unary_union([geodesic_ring(lon, lat, high_km) for lon, lat in centres])
    inner = unary_union([geodesic_ring(lon, lat, low_km) for lon, lat in centres])
    return outer.difference(inner)


def free_ring(sites: gpd.GeoDataFrame, request: FreeRing, unit: str = "km") -> gpd.GeoDataFrame:
    """The ring a user asked for; raises RingError with a readable message if it cannot be drawn."""
    if request.site_id not in sites.index:
        raise RingError(f"unknown site {request.site_id!r}")
    site = sites.loc[request.site_id]
    geometry = geodesic_ring(site["lon"], site["lat"], request.radius_km)
    label = f"{request.title} · {format_distance(request.radius_km, unit)} from {site['name']}"
    row = {
        "site_id": site["id"],
        "site_name": site["name"],
        "drone_id": "",
        "drone_name": "",
        "radius_km": request.radius_km,
        "range_min_km": float("nan"),
        "range_max_km": float("nan"),
        "range_basis": "",
        "label": label,
        "kind": "free",
        "source_ids": (),
        "geometry": geometry,
    }
    return _frame([row])


def _frame(rows: list[dict]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(pd.DataFrame(rows, columns=RING_COLUMNS), geometry="geometry", crs=4326)
