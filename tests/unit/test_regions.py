"""Honest aggregation: region records counted in their oblast (real oblast polygons), country
records counted and never drawn, in the shading, the pack, the legend, the stamp and the PNG."""

from __future__ import annotations

import tracemalloc
from datetime import date

import numpy as np
import pandas as pd
import pytest

from droneatlas.catalog import load_catalog
from droneatlas.export.png.content import map_content
from droneatlas.legend import legend_rows
from droneatlas.regions import (
    CLASS_COLOURS,
    class_breaks,
    name_index,
    not_placed_text,
    oblast_codes,
    only_points,
    page_geometry,
    placement_sentences,
    shade,
)
from droneatlas.strikepack import pack_core
from droneatlas.style import drone_colours
from droneatlas.timeline import Window, view_of
from droneatlas.view import MapOptions, stamp_caption, view_rings
from layers.regions import shading_data
from tests.conftest import DRONE, PROJECT_DATA, STRIKE

TODAY = date(2026, 11, 24)
OCTOBER = Window(date(2022, 10, 1), date(2022, 10, 31))


def frame(*rows: dict) -> pd.DataFrame:
    strikes = pd.DataFrame([{**STRIKE, **row} for row in rows])
    strikes["lat"], strikes["lon"] = strikes["lat"].astype(float), strikes["lon"].astype(float)
    strikes["date"] = pd.to_datetime(strikes["date"])
    return strikes.set_index("id", drop=False)


@pytest.mark.parametrize(
    ("region", "code"),
    [
        ("Odesa oblast", "UA-51"),
        ("Kyiv oblast", "UA-32"),
        ("Kyiv city", "UA-30"),
        ("Kyiv", "UA-30"),
        ("Одеська область", "UA-51"),
        ("Харьковская область", "UA-63"),
        ("Crimea", "UA-43"),
        ("Ivano-Frankivsk Oblast", "UA-26"),
        ("kursk region", "RU-KRS"),
    ],
)
def test_a_region_record_finds_its_oblast_by_any_spelling(region: str, code: str) -> None:
    # The point is in the sea: only the name can have found the oblast.
    strikes = frame({"region": region, "precision": "region", "lat": "43.0", "lon": "33.0"})
    assert oblast_codes(strikes).tolist() == [code]


def test_without_a_known_name_the_point_decides_and_else_it_is_not_placed() -> None:
    strikes = frame(
        {"id": "lviv", "region": "", "precision": "region", "lat": "49.84", "lon": "24.03"},
        {"id": "atlantis", "region": "Atlantis oblast", "precision": "region", "lat": "43.0", "lon": "33.0"},
        {"id": "town", "region": "Odesa oblast", "precision": "city", "lat": "46.48", "lon": "30.72"},
    )
    assert oblast_codes(strikes).tolist() == ["UA-46", "", ""]  # a city point is not counted here
    shading = shade(strikes)
    assert shading.counts == {"UA-46": 1} and shading.not_placed == 1 and shading.country_level == 0
    assert "name a region we cannot find" in " ".join(placement_sentences(shading))


def test_country_records_are_counted_not_placed_and_never_drawn() -> None:
    strikes = frame(
        {"id": "ua", "region": "", "place": "Ukraine", "precision": "country", "lat": "48.2", "lon": "31.6"},
        {"id": "south", "region": "", "place": "south", "precision": "country", "lat": "46.6", "lon": "32.0"},
        {"id": "odesa", "region": "Odesa oblast", "precision": "region", "lat": "46.48", "lon": "30.72"},
        {"id": "kyiv", "precision": "city"},
    )
    shading = shade(strikes)
    assert shading.counts == {"UA-51": 1}  # the country's stand-in point (Kirovohrad oblast) counts nowhere
    assert (shading.not_placed, shading.country_level) == (2, 2)
    assert only_points(strikes)["id"].tolist() == ["kyiv"]
    core = pack_core(only_points(strikes), pd.DataFrame([DRONE]).set_index("id"), {})
    assert core["n"] == 1 and core["places"]["lat"] == [pytest.approx(50.45466)]
    assert not_placed_text(shading.not_placed) == "2 records not placed on the map"
    assert not_placed_text(1) == "1 record not placed on the map" and not_placed_text(0) == ""


def test_the_measure_is_drones_launched_when_every_record_carries_it() -> None:
    rows = [
        {"id": "a", "region": "Odesa oblast", "precision": "region", "launched": "40"},
        {"id": "b", "region": "Odesa oblast", "precision": "region", "launched": "2"},
        {"id": "c", "region": "Lviv oblast", "precision": "region", "launched": "0"},
    ]
    shading = shade(frame(*rows))
    assert shading.measure == "drones launched"
    assert shading.values == {"UA-51": 42, "UA-46": 0} and shading.counts == {"UA-51": 2, "UA-46": 1}
    rows[2]["launched"] = ""  # one record without the figure: count records instead
    assert shade(frame(*rows)).measure == "records"


def test_class_breaks_are_few_ascending_and_end_at_the_maximum() -> None:
    values = [1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 835]
    breaks = class_breaks(values)
    assert 1 < len(breaks) <= len(CLASS_COLOURS) and list(breaks) == sorted(set(breaks))
    assert breaks[-1] == 835 and breaks[0] >= 1
    assert class_breaks([0, 0]) == () and class_breaks([7, 7, 7]) == (7,)


def test_every_shaded_oblast_gets_the_colour_of_its_class_and_the_legend_lists_the_classes() -> None:
    catalog = load_catalog(PROJECT_DATA, today=TODAY)
    view = view_of(catalog, Window(date(2022, 1, 1), date(2026, 12, 31)))
    shading = shade(view.strikes)
    labels = shading.class_labels()
    for value in shading.values.values():
        colour = shading.colour(value)
        low, _, high = next(lab for lab, c in labels if c == colour).partition("–")
        assert int(low.replace(",", "")) <= value <= int((high or low).replace(",", ""))
    rows = legend_rows(
        catalog, view, MapOptions(), view_rings(catalog, view, MapOptions())[0], interactive=True
    )
    shades = [(label, key.colour) for label, key in rows if key.kind == "shade"]
    assert [c for _, c in shades] == [c for _, c in labels] and len(shades) == len(labels)
    assert not any(key.kind == "region" for _, key in rows)  # no region disc any more


@pytest.mark.parametrize(
    "window",
    [OCTOBER, Window(date(2022, 1, 1), date(2026, 12, 31)), Window(date(2024, 1, 1), date(2024, 12, 31))],
)
def test_the_choropleths_counts_equal_the_region_level_records_in_the_window(window: Window) -> None:
    catalog = load_catalog(PROJECT_DATA, today=TODAY)
    view = view_of(catalog, window)
    region = view.strikes[view.strikes["precision"] == "region"]
    data = shading_data(shade(view.strikes, catalog.drones["name"]))
    assert sum(o["count"] for o in data["oblasts"].values()) == len(region)
    # Per oblast, the curated data's own region names, counted by hand.
    expected = region["region"].str.replace(" oblast", " Oblast").value_counts()
    names = {f["properties"]["code"]: f["properties"]["name"] for f in page_geometry()["features"]}
    assert {names[c]: o["count"] for c, o in data["oblasts"].items()} == expected.to_dict()
    for shaded in data["oblasts"].values():
        assert len(shaded["records"]) == min(shaded["count"], 40)


def test_the_stamp_and_the_png_count_country_records_and_draw_none(make_data_dir) -> None:
    country = {**STRIKE, "id": "ua", "place": "Ukraine", "region": "", "precision": "country"}
    region = {
        **STRIKE,
        "id": "odesa",
        "place": "Odesa oblast",
        "region": "Odesa oblast",
        "precision": "region",
    }
    catalog = load_catalog(make_data_dir(strikes=[STRIKE, country, region]), today=TODAY)
    assert catalog.report.ok, catalog.report.rejected_rows
    view = view_of(catalog, OCTOBER)
    assert stamp_caption(catalog, view).startswith("3 strikes · 1 site · 1 Oct – 31 Oct 2022 · ")
    assert "1 record not placed on the map" in stamp_caption(catalog, view)
    content = map_content(catalog, view, MapOptions(), view_rings(catalog, view, MapOptions())[0])
    assert content.strikes["id"].tolist() == ["strike-a"]  # the only point
    assert len(content.shades) == 1 and content.shade_colours == (CLASS_COLOURS[-1],)
    assert np.isfinite(content.anchors).all()


def test_a_country_record_alone_draws_no_marker_and_no_strike_legend(make_data_dir) -> None:
    country = {**STRIKE, "id": "ua", "place": "Ukraine", "region": "", "precision": "country"}
    catalog = load_catalog(make_data_dir(strikes=[country]), today=TODAY)
    view = view_of(catalog, OCTOBER)
    rows = legend_rows(
        catalog, view, MapOptions(), view_rings(catalog, view, MapOptions())[0], interactive=True
    )
    assert not any(key.kind in ("strike", "single", "cluster", "shade") for _, key in rows)
    colours = drone_colours(list(catalog.drones.index))
    assert pack_core(only_points(catalog.strikes), catalog.drones, colours)["n"] == 0
    content = map_content(catalog, view, MapOptions(), view_rings(catalog, view, MapOptions())[0])
    assert content.strikes.empty and not len(content.shades)


def test_nothing_shaded_sends_no_shading_and_fetches_no_outlines() -> None:
    from layers.regions import RegionShading, regions_group

    empty = regions_group({"measure": "", "oblasts": {}}, inline_geometry=True)
    assert not [c for c in empty._children.values() if isinstance(c, RegionShading)]
    assert not regions_group("")._children
    shaded = regions_group("/app/static/cache/k/regions/abc.json.gz")
    (element,) = shaded._children.values()
    assert element.options["shadingUrl"].endswith("abc.json.gz") and element.options["geometryUrl"]


def test_the_exports_keep_every_record_with_its_precision(make_data_dir) -> None:
    from droneatlas.export.data import to_csv, view_records
    from droneatlas.view import ViewSpec

    country = {**STRIKE, "id": "ua", "place": "Ukraine", "region": "", "precision": "country"}
    region = {
        **STRIKE,
        "id": "odesa",
        "place": "Odesa oblast",
        "region": "Odesa oblast",
        "precision": "region",
    }
    catalog = load_catalog(make_data_dir(strikes=[STRIKE, country, region]), today=TODAY)
    rows, _ = view_records(catalog, ViewSpec(window=OCTOBER))
    strikes = {r["id"]: r for r in rows if r["type"] == "strike"}
    assert {k: r["precision"] for k, r in strikes.items()} == {
        "strike-a": "city",
        "ua": "country",
        "odesa": "region",
    }
    assert (strikes["ua"]["lat"], strikes["ua"]["lon"]) == (
        float(STRIKE["lat"]),
        float(STRIKE["lon"]),
    )  # as given
    assert ",country," in to_csv(rows)


def test_playback_gets_each_days_total_weight_and_the_windows_classes() -> None:
    rows = [
        {"id": "c", "date": "2022-10-18", "region": "Odesa oblast", "precision": "region", "launched": "3"},
        {"id": "a", "date": "2022-10-17", "region": "Odesa oblast", "precision": "region", "launched": "40"},
        {"id": "b", "date": "2022-10-18", "region": "Odesa oblast", "precision": "region", "launched": "2"},
    ]
    data = shading_data(shade(frame(*rows)))
    assert data["oblasts"]["UA-51"]["days"] == [[19282, 40], [19283, 5]]  # 17 and 18 Oct 2022, in day order
    assert data["breaks"] == [45] and data["colours"] == [CLASS_COLOURS[-1]]
    assert [r[0] for r in shade(frame(*rows)).records["UA-51"]] == ["c", "b", "a"]  # newest first


def test_points_find_their_oblast_a_slice_at_a_time(monkeypatch) -> None:
    from droneatlas import regions

    lon = [30.7233, 0.0, 30.5238, 30.7233, 36.2304]  # Odesa, the Gulf of Guinea, Kyiv, Odesa, Kharkiv
    lat = [46.4825, 0.0, 50.4547, 46.4825, 49.9935]
    whole = regions.point_codes(lon, lat)
    monkeypatch.setattr(regions, "POINTS_AT_A_TIME", 2)
    assert list(regions.point_codes(lon, lat)) == list(whole)
    assert whole[0] == whole[3] == "UA-51" and whole[1] == "" and len(set(whole)) == 4


def test_shading_a_wide_table_takes_columns_not_a_copy_of_its_rows() -> None:
    """A million region-level records made the shading copy every column of their rows
    (~0.4 GB of an upload's peak); it needs four columns and masks."""
    n, extra = 20_000, 60
    base = frame({"region": "Odesa oblast", "precision": "region", "launched": "3"}, {"id": "town"})
    strikes = base.iloc[np.r_[np.zeros(n, dtype=int), 1]].reset_index(drop=True).astype({"region": object})
    notes = pd.DataFrame({f"note_{i}": ["x"] * (n + 1) for i in range(extra)}, dtype=object)
    strikes = pd.concat([strikes, notes], axis=1)  # object text, as a checked catalog's
    row_copy = strikes.shape[1] * len(strikes) * 8  # the pointers alone of one copy of the rows
    name_index()  # the oblasts, read once per process: not this call's doing
    tracemalloc.start()
    shading = shade(strikes)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert shading.counts == {"UA-51": n} and shading.values == {"UA-51": 3 * n}
    assert peak < row_copy / 3, (peak, row_copy)
