"""Within reach, nearest launch site per strike, and the oval explainer, with real geodesy."""

from __future__ import annotations

import math
from datetime import date

import geopandas as gpd
import pandas as pd
import pytest
from pyproj import Geod, Transformer

from droneatlas.catalog import load_catalog
from droneatlas.explain import explainer_figure, ring_extent
from droneatlas.geodesy import geodesic_line
from droneatlas.reach import beyond_range_flag, cities_within, load_cities, nearest_sites, within
from tests.conftest import DRONE, PROJECT_DATA, SITE, STRIKE

TODAY = date(2026, 11, 24)
GEOD = Geod(ellps="WGS84")
DZHANKOI = (34.4189, 45.7009)


def _city_at(name: str, km: float, population: int, azimuth: float = 315.0) -> dict:
    lon, lat, _ = GEOD.fwd(*DZHANKOI, azimuth, km * 1000)
    return {"name": name, "country": "UA", "lat": lat, "lon": lon, "population": population}


def test_cities_just_inside_and_just_outside_the_ring() -> None:
    cities = pd.DataFrame(
        [
            _city_at("inside", 1999.5, 200_000),
            _city_at("outside", 2000.5, 200_000),
            _city_at("near", 100, 150_000, azimuth=10),
            _city_at("small", 50, 5_000),
        ]
    )
    found = cities_within(cities, *DZHANKOI, 2000, min_population=100_000)
    assert list(found["name"]) == ["near", "inside"]  # nearest first, small town filtered out
    assert found["distance_km"].iloc[1] == pytest.approx(1999.5, abs=1e-6)
    assert list(cities_within(cities, *DZHANKOI, 2000, 0)["name"]) == ["small", "near", "inside"]


def _haversine_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def test_known_distances_from_the_gazetteer() -> None:
    cities = load_cities(PROJECT_DATA / "gazetteer" / "places.csv")
    found = within(cities[cities["name"].isin(["Kyiv", "Moscow"])], *DZHANKOI, 2000)
    assert list(found["name"]) == ["Kyiv", "Moscow"]
    for city in found.itertuples():
        # An independent spherical estimate agrees with the ellipsoid to within 0.5%.
        assert city.distance_km == pytest.approx(_haversine_km(*DZHANKOI, city.lon, city.lat), rel=0.005)


@pytest.fixture
def catalog(make_data_dir):
    strikes = [
        {**STRIKE, "id": "near", "date": "2022-10-17"},  # Kyiv, ~603 km from Dzhankoi
        {**STRIKE, "id": "far", "date": "2022-10-18", "lat": "59.93863", "lon": "30.31413"},  # St Petersburg
        {**STRIKE, "id": "early", "date": "2022-09-01"},  # before any site is active
        {**STRIKE, "id": "lancet", "date": "2022-10-18", "drone_id": "lancet"},
    ]
    drones = [
        DRONE,
        {
            **DRONE,
            "id": "lancet",
            "name": "ZALA Lancet",
            "range_km": "40",
            "range_min_km": "",
            "range_max_km": "",
        },
    ]
    sites = [SITE, {**SITE, "id": "factory", "kind": "production", "lat": "59.9", "lon": "30.3"}]
    return load_catalog(make_data_dir(strikes=strikes, drones=drones, sites=sites), today=TODAY)


def test_nearest_active_launch_site_and_the_beyond_range_flag(catalog) -> None:
    table = nearest_sites(catalog.strikes, catalog.sites, catalog.drones).set_index("strike_id")
    assert table.loc["near", "nearest_site"] == "Dzhankoi airfield"
    assert table.loc["near", "distance_km"] == pytest.approx(603, abs=3)
    assert table.loc["near", "flag"] == ""
    # The factory next to St Petersburg is no launch site: the strike is 1,600+ km from Dzhankoi.
    assert table.loc["far", "flag"] == ""  # within Shahed's 2,000 km
    assert table.loc["lancet", "flag"] == "beyond reported range: 603 km > 40 km"
    assert table.loc["early", "nearest_site"] == "" and pd.isna(table.loc["early", "distance_km"])


def test_flag_wording_in_miles() -> None:
    assert beyond_range_flag(2340, 2000) == "beyond reported range: 2,340 km > 2,000 km"
    assert beyond_range_flag(1609.344, 1000, "mi") == "beyond reported range: 1,000 mi > 621 mi"
    assert beyond_range_flag(100, float("nan")) == ""


def test_ring_extent_numbers_for_the_crimea_base() -> None:
    extent = ring_extent(*DZHANKOI, 2000)
    assert extent.lat_span_deg == pytest.approx(36.0, abs=0.1)  # 4,000 km of meridian ~ 36°
    assert extent.lon_span_deg > extent.lat_span_deg  # wider in degrees: meridians converge
    assert extent.mercator_stretch_north_vs_south == pytest.approx(2.0, abs=0.05)
    first, second = extent.sentences("mi")
    assert "2,485 mi across" in first and "2.00× larger" in second


def test_explainer_draws_a_true_circle_in_the_equidistant_panel() -> None:
    borders = gpd.read_file(PROJECT_DATA / "basemap" / "countries_50m.geojson")
    figure = explainer_figure(*DZHANKOI, 2000, borders, site_name="Dzhankoi")
    equidistant, mercator = figure.axes
    ring = equidistant.lines or equidistant.collections
    assert ring  # drawn
    width = abs(equidistant.get_xlim()[1] - equidistant.get_xlim()[0])
    height = abs(equidistant.get_ylim()[1] - equidistant.get_ylim()[0])
    assert width == pytest.approx(height, rel=0.01)  # a circle fills a square frame
    # On Web Mercator the site sits well below the middle of its ring: the north is stretched.
    site_y = Transformer.from_crs(4326, 3857, always_xy=True).transform(*DZHANKOI)[1]
    bottom, top = mercator.get_ylim()
    assert (site_y - bottom) / (top - bottom) < 0.45


def test_geodesic_line_follows_the_great_circle() -> None:
    path = geodesic_line(30.5238, 50.45466, -74.006, 40.7128)  # Kyiv to New York
    assert path[0] == (50.45466, 30.5238) and path[-1] == (40.7128, -74.006)
    assert max(lat for lat, _ in path) > 55  # bows north, unlike a straight Mercator line
