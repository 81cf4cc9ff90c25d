"""Range rings and distances on the WGS84 ellipsoid (pyproj.Geod), longitude first.

A range ring is the set of points at a fixed geodesic distance from a site. On a Web
Mercator map it is not a circle, so it is never drawn with folium.Circle or a buffer in
degrees: its vertices come from ``Geod.fwd`` over evenly spaced azimuths. Rings that cross
±180° are split there, and rings around a pole are closed over the pole, so that the
polygon encloses the side of the Earth it should.
"""

from __future__ import annotations

import warnings
from functools import lru_cache

import antimeridian
import numpy as np
from numpy.typing import ArrayLike, NDArray
from pyproj import Geod
from shapely.geometry import MultiPolygon, Polygon

WGS84 = Geod(ellps="WGS84")
KM_PER_MILE = 1.609344
M_PER_KM = 1000.0
DEFAULT_RING_VERTICES = 360
MIN_RING_VERTICES = 180


class RingError(ValueError):
    """A ring that cannot be drawn meaningfully (bad radius, or it would enclose both poles)."""


def km_from_miles(miles: float) -> float:
    return miles * KM_PER_MILE


def miles_from_km(km: float) -> float:
    return km / KM_PER_MILE


def distance_km(lon1: ArrayLike, lat1: ArrayLike, lon2: ArrayLike, lat2: ArrayLike) -> NDArray:
    """Geodesic (great-ellipse) distance in km between points; vectorised over arrays."""
    # Geod.inv wants arrays of one length: broadcast a single site against many points.
    _, _, metres = WGS84.inv(*np.broadcast_arrays(*(np.asarray(v, float) for v in (lon1, lat1, lon2, lat2))))
    return np.asarray(metres) / M_PER_KM


def pole_distances_km(lon: float, lat: float) -> tuple[float, float]:
    """Distances from a point to the North and the South Pole, in km."""
    north = float(distance_km(lon, lat, lon, 90.0))
    south = float(distance_km(lon, lat, lon, -90.0))
    return north, south


def ring_vertices(
    lon: float, lat: float, radius_km: float, n_vertices: int = DEFAULT_RING_VERTICES
) -> tuple[NDArray, NDArray]:
    """Longitudes and latitudes of ``n_vertices`` points at ``radius_km`` from (lon, lat).

    The points go clockwise (azimuth 0° = north, then east), as Geod measures azimuths.
    """
    azimuths = np.linspace(0.0, 360.0, n_vertices, endpoint=False)
    lons, lats, _ = WGS84.fwd(
        np.full(n_vertices, lon, dtype=float),
        np.full(n_vertices, lat, dtype=float),
        azimuths,
        np.full(n_vertices, radius_km * M_PER_KM),
    )
    return np.asarray(lons), np.asarray(lats)


def check_ring(lon: float, lat: float, radius_km: float) -> tuple[bool, bool]:
    """Which poles a ring would enclose; raise RingError if it cannot be drawn.

    Returns ``(encloses_north_pole, encloses_south_pole)``.
    """
    if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
        raise RingError(f"centre ({lat}, {lon}) is not a valid latitude/longitude")
    if not np.isfinite(radius_km) or radius_km <= 0:
        raise RingError(f"radius must be a positive number of km, not {radius_km}")
    to_north, to_south = pole_distances_km(lon, lat)
    north, south = radius_km > to_north, radius_km > to_south
    if north and south:
        raise RingError(
            f"a {radius_km:,.0f} km ring around ({lat:.2f}, {lon:.2f}) would enclose both poles "
            f"(they are {to_north:,.0f} km and {to_south:,.0f} km away): it covers most of the "
            "Earth and cannot be drawn as a meaningful ring"
        )
    return north, south


def crosses_antimeridian(lons: NDArray) -> bool:
    """True when a closed ring of longitudes jumps across ±180° between two vertices."""
    return bool(np.any(np.abs(np.diff(np.append(lons, lons[0]))) > 180.0))


@lru_cache(maxsize=4096)  # shapely geometries are immutable: a cached ring is safe to share
def geodesic_ring(
    lon: float, lat: float, radius_km: float, n_vertices: int = DEFAULT_RING_VERTICES
) -> Polygon | MultiPolygon:
    """The area within ``radius_km`` of (lon, lat), as lon/lat polygon(s) split at ±180°.

    Raises RingError for a non-positive radius or a ring that would enclose both poles.
    Cached: every timeline change redraws the same few rings.
    """
    if n_vertices < MIN_RING_VERTICES:
        raise RingError(f"a ring needs at least {MIN_RING_VERTICES} vertices")
    north, south = check_ring(lon, lat, radius_km)
    lons, lats = ring_vertices(lon, lat, radius_km, n_vertices)
    if not (north or south or crosses_antimeridian(lons)):
        return Polygon(np.column_stack([lons, lats]))  # the common case, and 100x faster
    # antimeridian expects counter-clockwise exterior rings (RFC 7946); Geod gives clockwise.
    ring = Polygon(np.column_stack([lons[::-1], lats[::-1]]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", antimeridian.FixWindingWarning)
        return antimeridian.fix_polygon(
            ring, force_north_pole=north, force_south_pole=south, fix_winding=False
        )


def geodesic_line(lon1: float, lat1: float, lon2: float, lat2: float, n_points: int = 128) -> list[tuple]:
    """(lat, lon) points along the shortest path between two points, for drawing on a map."""
    inner = WGS84.npts(lon1, lat1, lon2, lat2, n_points)
    return [(lat1, lon1), *((y, x) for x, y in inner), (lat2, lon2)]
