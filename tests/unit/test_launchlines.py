"""Launch lines: geodesics from the named launch site to the strike, in the map, popups,
legend, PNG and exports, and off unless asked for."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from matplotlib.collections import LineCollection
from shapely.geometry import MultiLineString

from droneatlas.catalog import load_catalog
from droneatlas.export.data import view_records
from droneatlas.export.png import build_figure
from droneatlas.export.png.launchlines import LINE_Z
from droneatlas.geodesy import WGS84, distance_km
from droneatlas.launchlines import geodesic_linestring, launch_lines, launched_from_text, named_sites
from droneatlas.legend import legend_rows
from droneatlas.strikepack import pack_details
from droneatlas.timeline import Window, view_of
from droneatlas.view import ALL_LAYERS, DEFAULT_LAYERS, MapOptions, ViewSpec
from layers import overlay_data
from layers.controls import day_number
from tests.conftest import PROJECT_DATA, SITE, STRIKE

TODAY = date(2026, 11, 25)
WITH_LINES = MapOptions(layers=(*DEFAULT_LAYERS, "launch_lines"))


@pytest.fixture(scope="module")
def project():
    return load_catalog(PROJECT_DATA, today=TODAY)


@pytest.fixture(scope="module")
def whole(project):
    return view_of(project, Window(*project.span()))


def test_one_line_per_strike_and_named_site(project, whole) -> None:
    lines = launch_lines(whole.strikes, project.sites)
    named = whole.strikes["launched_from"].map(named_sites)
    expected = sum(len([s for s in ids if s in project.sites.index]) for ids in named)
    assert len(lines) == expected > 48  # 48 rows name a site; a night's row may name several
    assert set(lines["strike_id"]) == set(whole.strikes.index[named.str.len() > 0])
    assert (lines["shared"] == named[lines["strike_id"]].str.len().to_numpy()).all()


def test_a_line_runs_from_the_site_to_the_strike_along_the_geodesic(project, whole) -> None:
    for line in launch_lines(whole.strikes, project.sites).itertuples(index=False):
        site, strike = project.sites.loc[line.site_id], whole.strikes.loc[line.strike_id]
        coords = np.asarray(line.geometry.coords)
        assert tuple(coords[0]) == (site["lon"], site["lat"])
        assert tuple(coords[-1]) == (strike["lon"], strike["lat"])
        # Every vertex is on the geodesic: the distances through it add up to the whole.
        to_vertex = distance_km(site["lon"], site["lat"], coords[:, 0], coords[:, 1])
        from_vertex = distance_km(coords[:, 0], coords[:, 1], strike["lon"], strike["lat"])
        assert np.allclose(to_vertex + from_vertex, line.distance_km, atol=1e-3)
        assert line.distance_km == pytest.approx(
            WGS84.inv(site["lon"], site["lat"], strike["lon"], strike["lat"])[2] / 1000
        )


def test_a_line_across_the_antimeridian_is_split_there() -> None:
    line = geodesic_linestring(170.0, 60.0, -170.0, 62.0)
    assert isinstance(line, MultiLineString) and len(line.geoms) == 2
    for part in line.geoms:
        lons = np.asarray(part.coords)[:, 0]
        assert np.all(np.abs(np.diff(lons)) < 180) and np.all(np.abs(lons) <= 180)
    assert not isinstance(geodesic_linestring(33.3, 53.7, 30.5, 50.4), MultiLineString)


def test_unknown_or_empty_launch_sites_draw_nothing(make_data_dir) -> None:
    rows = [
        {**STRIKE, "id": "one", "launched_from": "site-a"},
        {**STRIKE, "id": "none", "launched_from": ""},
    ]
    catalog = load_catalog(make_data_dir(sites=[SITE], strikes=rows), today=TODAY)
    lines = launch_lines(catalog.strikes, catalog.sites)
    assert list(lines["strike_id"]) == ["one"] and list(lines["site_id"]) == ["site-a"]
    assert launch_lines(catalog.strikes.drop(columns="launched_from"), catalog.sites).empty


def test_both_popups_name_the_other_end(project, whole) -> None:
    details = pack_details(whole.strikes, project.drones, project.sources, sites=project.sites)
    ids = list(whole.strikes.index)
    seshcha = ids.index("kyiv-2023-05-08")  # 'every drone of the night came from Seshcha'
    assert details["launchedFrom"][seshcha] == project.sites.loc["seshcha-airbase", "name"]
    several = next(i for i, cell in enumerate(whole.strikes["launched_from"]) if "|" in str(cell))
    assert "(the night's named launch areas, not per drone)" in details["launchedFrom"][several]
    assert details["launchedFrom"][ids.index(whole.strikes.index[0])] == ""  # names none
    assert launched_from_text("no-such-site", project.sites) == ""
    data, _ = overlay_data(project, whole, WITH_LINES)
    popups = [m["popup"] for m in data["sites"]["markers"]]
    seshcha_popup = next(p for p in popups if 'atlas-popup-title">Seshcha' in p)
    assert "Launch site of" in seshcha_popup and "Kyiv, 8 May 2023" in seshcha_popup


def test_the_layer_is_off_unless_asked_for(project, whole) -> None:
    assert "launch_lines" in ALL_LAYERS and "launch_lines" not in DEFAULT_LAYERS
    assert MapOptions().layers == DEFAULT_LAYERS
    data, _ = overlay_data(project, whole, MapOptions())
    assert "launch_lines" not in data
    assert not any(
        label == "Launch lines" for label, _ in legend_rows(project, whole, MapOptions(), _no_rings())
    )


def test_the_layer_gives_shapes_tagged_with_their_strike_day_and_a_legend_row(project, whole) -> None:
    data, _ = overlay_data(project, whole, WITH_LINES)
    shapes = data["launch_lines"]["shapes"]
    lines = launch_lines(whole.strikes, project.sites)
    assert len(shapes) == len(lines)
    first = shapes[0]
    assert first["geometry"]["type"] == "LineString" and first["style"]["dashArray"]
    assert first["from"] == first["to"] == day_number(lines["date"].iloc[0])
    assert first["tooltip"].startswith("Launched from ")
    labels = [label for label, _ in legend_rows(project, whole, WITH_LINES, _no_rings())]
    assert "Launch lines" in labels


def test_the_png_draws_the_lines_and_their_legend_row(project, whole) -> None:
    fig = build_figure(project, whole, WITH_LINES, title="Briefing", size="1280x720")
    drawn = [
        c
        for ax in fig.axes
        for c in ax.collections
        if isinstance(c, LineCollection) and c.get_zorder() == LINE_Z
    ]
    assert len(drawn) == 1 and len(drawn[0].get_segments()) == len(launch_lines(whole.strikes, project.sites))
    assert any("Launch lines" in t.get_text() for ax in fig.axes for t in ax.texts)
    plain = build_figure(project, whole, MapOptions(), title="Briefing", size="1280x720")
    assert not [c for ax in plain.axes for c in ax.collections if c.get_zorder() == LINE_Z]


def test_exports_hold_the_lines_when_shown(project, whole) -> None:
    rows, _ = view_records(project, ViewSpec(whole.window, MapOptions(layers=("launch_lines",))))
    assert rows and {r["type"] for r in rows} == {"launch_line"}
    assert all(r["geometry"].geom_type in ("LineString", "MultiLineString") and r["sources"] for r in rows)
    rows, _ = view_records(project, ViewSpec(whole.window, MapOptions()))
    assert not any(r["type"] == "launch_line" for r in rows)


def _no_rings():
    import geopandas as gpd

    return gpd.GeoDataFrame({"kind": [], "drone_id": [], "site_id": []}, geometry=[])


def test_beyond_the_cap_the_newest_lines_are_drawn_and_the_user_is_told(project, whole, monkeypatch) -> None:
    import droneatlas.launchlines
    import layers

    monkeypatch.setattr(droneatlas.launchlines, "MAX_LINES", 10)
    monkeypatch.setattr(layers, "MAX_LINES", 10)
    data, messages = overlay_data(project, whole, WITH_LINES)
    assert len(data["launch_lines"]["shapes"]) == 10
    total = sum(
        len([s for s in named_sites(c) if s in project.sites.index]) for c in whole.strikes["launched_from"]
    )
    assert f"Launch lines: the newest 10 of {total:,} are drawn" in messages
    named = whole.strikes[whole.strikes["launched_from"].fillna("") != ""]
    assert max(shape["from"] for shape in data["launch_lines"]["shapes"]) == day_number(named["date"].max())
