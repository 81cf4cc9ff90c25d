"""Web Mercator maths for the PNG: projecting, framing the view, and a true scale bar.

The interactive map is Web Mercator (EPSG:3857, a spherical Mercator on the WGS84
equatorial radius), so the PNG is too. The formulas are written out rather than run
through pyproj: they are the projection's definition, exact, and vectorised in numpy.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import shapely

from droneatlas.geodesy import KM_PER_MILE

EARTH_RADIUS_M = 6378137.0  # EPSG:3857 is spherical Mercator on this radius
MAX_LAT = 85.0  # Web Mercator's own limit is 85.05°
EMPTY_VIEW_LONLAT = (22.0, 43.0, 42.0, 53.0)  # Ukraine and the Black Sea
RING_MARGIN_KM = 1200.0  # rings widen the frame by at most this much beyond the shown points
MIN_SPAN_KM = 500.0  # a single point still gets some surroundings
FRAME_PAD = 0.05  # of the frame's span, on each side

Extent = tuple[float, float, float, float]
"""(x0, x1, y0, y1) in Web Mercator metres, as matplotlib's xlim + ylim."""

Bounds = tuple[float, float, float, float]
"""(minx, miny, maxx, maxy) in Web Mercator metres, as shapely's bounds."""


def mercator(lon: np.ndarray | float, lat: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """EPSG:3857 x, y in metres from degrees (latitude clipped to ±MAX_LAT)."""
    lat = np.clip(np.asarray(lat, dtype=float), -MAX_LAT, MAX_LAT)
    x = EARTH_RADIUS_M * np.radians(np.asarray(lon, dtype=float))
    y = EARTH_RADIUS_M * np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))
    return x, y


def mercator_xy(lon: Sequence[float] | np.ndarray, lat: Sequence[float] | np.ndarray) -> np.ndarray:
    """An (n, 2) array of Web Mercator x, y for ``n`` lon/lat pairs."""
    return np.column_stack(mercator(lon, lat)).reshape(-1, 2)


def latitude_of(y: float) -> float:
    """Latitude in degrees of a Web Mercator y."""
    return math.degrees(2 * math.atan(math.exp(y / EARTH_RADIUS_M)) - math.pi / 2)


def _project_xy(coords: np.ndarray) -> np.ndarray:
    x, y = mercator(coords[:, 0], coords[:, 1])
    return np.column_stack([x, y])


def project(geometries: Sequence | np.ndarray) -> np.ndarray:
    """Lon/lat shapely geometries to Web Mercator, cut at ±MAX_LAT first."""
    clipped = shapely.clip_by_rect(np.asarray(geometries, dtype=object), -180, -MAX_LAT, 180, MAX_LAT)
    return shapely.transform(clipped, _project_xy)


# ---------------------------------------------------------------- scale bar


def mercator_length_m(true_km: float, lat: float) -> float:
    """How long ``true_km`` on the ground is in Web Mercator metres at latitude ``lat``.

    A Mercator metre is 1/cos(lat) true metres: at 60°N a true 500 km is 1,000 km of x.
    """
    return true_km * 1000.0 / math.cos(math.radians(lat))


def scale_bar(
    map_width_m: float, centre_lat: float, unit: str = "km", max_fraction: float = 0.22
) -> tuple[float, str]:
    """The longest round distance (1, 2 or 5 × 10^n) whose bar fits ``max_fraction`` of the map.

    Returns (bar length in Web Mercator metres, label such as '500 km'); true at ``centre_lat``.
    """
    km_per_unit = KM_PER_MILE if unit == "mi" else 1.0
    stretch = mercator_length_m(1.0, centre_lat) / 1000.0
    max_units = map_width_m * max_fraction / 1000.0 / stretch / km_per_unit
    exponent = math.floor(math.log10(max_units))
    nice = max(step * 10.0**exponent for step in (1, 2, 5) if step * 10.0**exponent <= max_units)
    label = f"{nice:,.0f} {unit}" if nice >= 1 else f"{nice:g} {unit}"
    return mercator_length_m(nice * km_per_unit, centre_lat), label


# ---------------------------------------------------------------- frame


def frame_extent(points_xy: np.ndarray, rings_bounds: Bounds | None, aspect: float) -> Extent:
    """(x0, x1, y0, y1) in Web Mercator metres with (x1 - x0) / (y1 - y0) == ``aspect``.

    Frames the shown points and the rings, but rings widen it by at most RING_MARGIN_KM
    beyond the points (a 2,000 km ring would otherwise shrink Ukraine to a corner). With
    nothing shown, frames Ukraine and the Black Sea.
    """
    points_xy = np.asarray(points_xy, dtype=float).reshape(-1, 2)
    if len(points_xy) == 0 and rings_bounds is None:
        lon0, lat0, lon1, lat1 = EMPTY_VIEW_LONLAT
        (x0, x1), (y0, y1) = mercator([lon0, lon1], [lat0, lat1])
        return _fit_aspect(x0, x1, y0, y1, aspect)
    if len(points_xy):
        x0, y0 = points_xy.min(axis=0)
        x1, y1 = points_xy.max(axis=0)
    else:
        x0, y0, x1, y1 = rings_bounds
    stretch = mercator_length_m(1.0, latitude_of((y0 + y1) / 2)) / 1000.0
    if rings_bounds is not None:
        margin = RING_MARGIN_KM * 1000.0 * stretch
        x0 = max(min(x0, rings_bounds[0]), x0 - margin)
        y0 = max(min(y0, rings_bounds[1]), y0 - margin)
        x1 = min(max(x1, rings_bounds[2]), x1 + margin)
        y1 = min(max(y1, rings_bounds[3]), y1 + margin)
    min_span = MIN_SPAN_KM * 1000.0 * stretch
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    half_w, half_h = max(x1 - x0, min_span) / 2, max(y1 - y0, min_span) / 2
    half_w, half_h = half_w * (1 + 2 * FRAME_PAD), half_h * (1 + 2 * FRAME_PAD)
    return _fit_aspect(cx - half_w, cx + half_w, cy - half_h, cy + half_h, aspect)


def _fit_aspect(x0: float, x1: float, y0: float, y1: float, aspect: float) -> Extent:
    """Grow the short side so that width / height == aspect; keep inside Web Mercator."""
    width, height = x1 - x0, y1 - y0
    if width / height < aspect:
        width = height * aspect
    else:
        height = width / aspect
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    limit = float(mercator(0.0, MAX_LAT)[1])
    height = min(height, 2 * limit)
    width = height * aspect
    cy = min(max(cy, -limit + height / 2), limit - height / 2)
    return cx - width / 2, cx + width / 2, cy - height / 2, cy + height / 2
