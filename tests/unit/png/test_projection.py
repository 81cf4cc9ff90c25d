"""Web Mercator maths of the PNG: the frame and a scale bar that is true at its latitude."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from pyproj import Geod

from droneatlas.export.png.projection import (
    EMPTY_VIEW_LONLAT,
    MAX_LAT,
    frame_extent,
    latitude_of,
    mercator,
    mercator_length_m,
    mercator_xy,
    project,
    scale_bar,
)
from droneatlas.geodesy import KM_PER_MILE

# ---------------------------------------------------------------- frame


def test_empty_view_frames_ukraine_and_the_black_sea():
    x0, x1, y0, y1 = frame_extent(np.empty((0, 2)), None, 16 / 9)
    assert (x1 - x0) / (y1 - y0) == pytest.approx(16 / 9)
    _lon0, lat0, _lon1, lat1 = EMPTY_VIEW_LONLAT
    (kx, ox), (ky, oy) = mercator([30.52, 31.0], [50.45, 43.5])  # Kyiv, the Black Sea
    assert x0 < kx < x1 and y0 < ky < y1
    assert x0 < ox < x1 and y0 < oy < y1
    assert latitude_of(y0) < lat0 + 1 and latitude_of(y1) > lat1 - 1


def test_rings_widen_the_frame_only_so_far():
    points = np.column_stack(mercator([30.0, 36.0], [46.0, 51.0]))
    huge = (*mercator(-60.0, 10.0), *mercator(120.0, 80.0))
    x0, x1, _y0, _y1 = frame_extent(points, huge, 1.5)
    lon_span = math.degrees((x1 - x0) / 6378137.0)
    assert lon_span < 100  # capped, not the ring's 180°
    unbounded = frame_extent(points, None, 1.5)
    assert x1 - x0 > unbounded[1] - unbounded[0]  # but the rings did widen it


def test_frame_stays_inside_web_mercator():
    points = mercator_xy([0.0, 10.0], [80.0, 84.9])
    _x0, _x1, y0, y1 = frame_extent(points, None, 0.2)  # tall: the height is capped
    assert latitude_of(y1) <= MAX_LAT + 1e-9 and latitude_of(y0) >= -MAX_LAT - 1e-9


def test_project_clips_at_the_mercator_limit():
    (pole,) = project([shapely.box(0, 80, 10, 90)])
    assert latitude_of(pole.bounds[3]) == pytest.approx(MAX_LAT)


# ---------------------------------------------------------------- scale bar


def test_mercator_metre_is_one_over_cos_lat_true_metres():
    assert mercator_length_m(500, 60) == pytest.approx(1_000_000)
    assert mercator_length_m(500, 0) == pytest.approx(500_000)
    # Against the projection itself: 1° of latitude (~111 km) near 60°N.
    (_, y0), (_, y1) = (mercator(0, 59.5), mercator(0, 60.5))
    assert float(y1 - y0) == pytest.approx(mercator_length_m(111.4, 60), rel=0.01)


def test_scale_bar_picks_a_round_true_distance():
    length_m, label = scale_bar(map_width_m=5_000_000, centre_lat=60, unit="km", max_fraction=0.22)
    assert label == "500 km"  # 1,100 km of Mercator x is 550 true km at 60°N
    assert length_m == pytest.approx(1_000_000)
    length_m, label = scale_bar(map_width_m=5_000_000, centre_lat=0, unit="km", max_fraction=0.22)
    assert label == "1,000 km" and length_m == pytest.approx(1_000_000)


def test_scale_bar_in_miles():
    length_m, label = scale_bar(map_width_m=5_000_000, centre_lat=60, unit="mi", max_fraction=0.22)
    assert label == "200 mi"  # 550 true km = 342 mi
    assert length_m == pytest.approx(200 * KM_PER_MILE * 1000 * 2)


@pytest.mark.parametrize("lat", [0.0, 47.0, 60.0])
def test_scale_bar_is_true_along_its_parallel_by_geodesy(lat):
    """The bar, laid along the parallel, is as long on the WGS84 ellipsoid as it says (0.5%)."""
    length_m, label = scale_bar(map_width_m=5_000_000, centre_lat=lat, unit="km")
    lon1 = math.degrees(length_m / 6378137.0)
    _az, _back, true_m = Geod(ellps="WGS84").inv(0.0, lat, lon1, lat)
    assert true_m / 1000 == pytest.approx(float(label.split()[0].replace(",", "")), rel=0.005)
