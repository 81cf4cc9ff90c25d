"""Rings and distances checked against pyproj's own inverse solution, vertex by vertex."""

from __future__ import annotations

import math

import numpy as np
import pytest
from pyproj import Geod
from shapely.geometry import MultiPolygon, Point

from droneatlas.geodesy import (
    KM_PER_MILE,
    MIN_RING_VERTICES,
    RingError,
    crosses_antimeridian,
    distance_km,
    geodesic_ring,
    km_from_miles,
    miles_from_km,
    ring_vertices,
)

GEOD = Geod(ellps="WGS84")


def _point_at(lon: float, lat: float, azimuth: float, km: float) -> Point:
    x, y, _ = GEOD.fwd(lon, lat, azimuth, km * 1000)
    return Point(x, y)


@pytest.mark.parametrize(
    ("lon", "lat", "radius_km"),
    [
        (34.42, 45.70, 2000),
        (0.0, 0.0, 1609.344),
        (30.5, 50.45, 900),
        (-70.0, -60.0, 2500),
        (100.0, 75.0, 1200),
    ],
)
def test_every_ring_vertex_is_at_the_radius(lon: float, lat: float, radius_km: float) -> None:
    lons, lats = ring_vertices(lon, lat, radius_km, 360)
    _, _, metres = GEOD.inv(np.full(360, lon), np.full(360, lat), lons, lats)
    np.testing.assert_allclose(np.asarray(metres) / 1000, radius_km, rtol=1e-9)


@pytest.mark.parametrize(("lon", "lat"), [(34.42, 45.70), (0.0, 0.0), (-70.0, -60.0), (100.0, 75.0)])
def test_ring_contains_just_inside_and_excludes_just_outside(lon: float, lat: float) -> None:
    radius = 2000.0
    ring = geodesic_ring(lon, lat, radius)
    for azimuth in range(0, 360, 15):
        assert ring.contains(_point_at(lon, lat, azimuth, radius * 0.99))
        assert not ring.contains(_point_at(lon, lat, azimuth, radius * 1.01))


def test_ring_is_not_a_mercator_circle() -> None:
    """At 45.7°N a 2,000 km ring spans far more degrees east-west than north-south."""
    minx, miny, maxx, maxy = geodesic_ring(34.42, 45.70, 2000).bounds
    assert (maxx - minx) > 1.4 * (maxy - miny)


def test_ring_across_the_antimeridian_is_split_and_correct() -> None:
    lon, lat, radius = 179.0, -17.0, 800.0  # Fiji
    ring = geodesic_ring(lon, lat, radius)
    assert isinstance(ring, MultiPolygon)
    minx, _, maxx, _ = ring.bounds
    assert minx == pytest.approx(-180) and maxx == pytest.approx(180)
    # Not a band around the world: the far side of the globe stays outside.
    assert not ring.contains(Point(0, -17))
    for azimuth in range(0, 360, 10):
        inside = _point_at(lon, lat, azimuth, radius * 0.99)
        outside = _point_at(lon, lat, azimuth, radius * 1.01)
        assert ring.contains(inside), azimuth
        assert not ring.contains(outside), azimuth


def test_ring_around_the_north_pole_encloses_the_pole_not_the_rest() -> None:
    lon, lat, radius = 20.0, 80.0, 1500.0  # Svalbard: the pole is 1,110 km away
    ring = geodesic_ring(lon, lat, radius)
    assert ring.bounds[3] == pytest.approx(90)
    assert ring.contains(Point(-160, 89.5))  # just past the pole, on the other side
    assert not ring.contains(Point(20, 0))
    for azimuth in range(0, 360, 10):
        assert ring.contains(_point_at(lon, lat, azimuth, radius * 0.98)), azimuth
        assert not ring.contains(_point_at(lon, lat, azimuth, radius * 1.02)), azimuth


def test_ring_around_the_south_pole() -> None:
    ring = geodesic_ring(0.0, -75.0, 2000.0)
    assert ring.bounds[1] == pytest.approx(-90)
    assert ring.contains(Point(180 - 1e-6, -89.0))
    assert not ring.contains(Point(0, -50))


def test_ring_enclosing_both_poles_is_refused_with_a_reason() -> None:
    with pytest.raises(RingError, match="both poles"):
        geodesic_ring(30.0, 50.0, 16_000)  # poles 4,450 km and 15,560 km away


@pytest.mark.parametrize("radius", [0, -5, float("nan"), float("inf")])
def test_ring_with_a_meaningless_radius_is_refused(radius: float) -> None:
    with pytest.raises(RingError):
        geodesic_ring(30.0, 50.0, radius)


def test_ring_has_at_least_the_minimum_vertices() -> None:
    assert len(geodesic_ring(30.0, 50.0, 500).exterior.coords) - 1 >= MIN_RING_VERTICES
    with pytest.raises(RingError):
        geodesic_ring(30.0, 50.0, 500, n_vertices=MIN_RING_VERTICES - 1)


def test_crosses_antimeridian() -> None:
    assert crosses_antimeridian(np.array([179.0, -179.0, -178.0]))
    assert not crosses_antimeridian(np.array([10.0, 20.0, 30.0]))


def _haversine_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    r = 6371.0088  # mean Earth radius: an independent, spherical estimate
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ((30.5238, 50.45466), (37.61556, 55.75222)),  # Kyiv - Moscow
        ((34.4189, 45.7009), (30.5238, 50.45466)),  # Dzhankoi - Kyiv
        ((51.577, 33.8953), (30.5238, 50.45466)),  # Kashan - Kyiv
    ],
)
def test_distance_agrees_with_an_independent_spherical_estimate(a: tuple, b: tuple) -> None:
    km = float(distance_km(*a, *b))
    assert km == pytest.approx(_haversine_km(*a, *b), rel=0.005)


def test_distance_is_vectorised_over_many_points() -> None:
    km = distance_km(30.5238, 50.45466, [30.5238, 37.61556], [50.45466, 55.75222])
    assert km.shape == (2,)
    assert km[0] == pytest.approx(0)
    assert km[1] == pytest.approx(755, abs=5)  # Kyiv-Moscow, ~755 km by any atlas


def test_mile_conversion() -> None:
    assert km_from_miles(1000) == pytest.approx(1609.344)
    assert miles_from_km(KM_PER_MILE) == pytest.approx(1)
