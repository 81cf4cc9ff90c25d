"""Rings per site and drone, claim bands per drone, free rings in km or miles."""

from __future__ import annotations

from datetime import date

import pytest
from pyproj import Geod
from shapely.geometry import Point

from droneatlas.catalog import load_catalog
from droneatlas.geodesy import RingError
from droneatlas.rings import FreeRing, drone_rings, format_distance, free_ring, ring_label
from tests.conftest import DRONE, SITE

TODAY = date(2026, 11, 24)
GEOD = Geod(ellps="WGS84")


@pytest.fixture
def catalog(make_data_dir):
    drones = [
        DRONE,
        {
            **DRONE,
            "id": "lancet",
            "name": "ZALA Lancet",
            "range_km": "40",
            "range_min_km": "40",
            "range_max_km": "50",
        },
        {**DRONE, "id": "mystery", "name": "Mystery", "range_km": "", "range_min_km": "", "range_max_km": ""},
    ]
    sites = [
        SITE,
        {
            **SITE,
            "id": "launch-b",
            "kind": "launch_site",
            "lat": "46.06",
            "lon": "38.24",
            "drone_ids": "shahed-136|mystery",
        },
        {
            **SITE,
            "id": "factory",
            "kind": "production",
            "lat": "55.76",
            "lon": "52.04",
            "drone_ids": "shahed-136|lancet",
        },
    ]
    return load_catalog(make_data_dir(drones=drones, sites=sites), today=TODAY)


def test_one_ring_per_launching_site_and_drone_and_one_band_per_drone(catalog) -> None:
    rings, problems = drone_rings(catalog.sites, catalog.drones)
    assert problems == []
    ring_rows = rings[rings["kind"] == "ring"]
    assert sorted(zip(ring_rows["site_id"], ring_rows["drone_id"], strict=True)) == [
        ("launch-b", "shahed-136"),
        ("site-a", "shahed-136"),
    ]  # no ring from the factory, none for a drone without a published range
    [band] = rings[rings["kind"] == "band"].itertuples()
    assert band.drone_id == "shahed-136" and band.site_name == "2 sites"


def test_band_is_between_the_lowest_and_highest_claims(catalog) -> None:
    rings, _ = drone_rings(catalog.sites, catalog.drones, ["shahed-136"])
    band = rings[rings["kind"] == "band"].geometry.iloc[0]
    lon, lat = 34.4189, 45.7009
    for km, inside in [(1400, False), (2000, True), (2400, True), (2600, False)]:
        x, y, _ = GEOD.fwd(lon, lat, 300, km * 1000)  # west-north-west, away from the other site
        assert band.contains(Point(x, y)) is inside, km


def test_drone_filter_and_labels(catalog) -> None:
    rings, _ = drone_rings(catalog.sites, catalog.drones, [], "km")
    assert rings.empty
    rings, _ = drone_rings(catalog.sites, catalog.drones, None, "mi")
    assert rings.iloc[0]["label"] == "Shahed-136 · 1,243 mi (reported)"
    assert ring_label("Shahed-136", 2000) == "Shahed-136 · 2,000 km (reported)"
    assert format_distance(1609.344, "mi") == "1,000 mi"


def test_free_ring_in_miles_is_a_true_geodesic_ring(catalog) -> None:
    ring = free_ring(catalog.sites, FreeRing("factory", 1000, "mi"), "mi")
    assert ring.iloc[0]["radius_km"] == pytest.approx(1609.344)
    assert ring.iloc[0]["label"] == "Free ring · 1,000 mi from Dzhankoi airfield"
    x, y, _ = GEOD.fwd(52.04, 55.76, 90, 1600 * 1000)
    assert ring.geometry.iloc[0].contains(Point(x, y))


def test_free_ring_that_cannot_be_drawn_says_why(catalog) -> None:
    with pytest.raises(RingError, match="both poles"):
        free_ring(catalog.sites, FreeRing("site-a", 19_000, "km"))
    with pytest.raises(RingError, match="unknown site"):
        free_ring(catalog.sites, FreeRing("nowhere", 100))
