"""The strikes pack: one entry per strike, in order; details literal; only http(s) links."""

from __future__ import annotations

import json
from datetime import date

from droneatlas.catalog import load_catalog
from droneatlas.strikepack import day_numbers, marker_radius, pack_core, pack_details, prune_packs, write_pack
from tests.conftest import PROJECT_DATA, SOURCE, STRIKE

TODAY = date(2026, 11, 24)


def test_pack_of_the_project_data_is_aligned_and_compact() -> None:
    catalog = load_catalog(PROJECT_DATA, today=TODAY)
    core = pack_core(catalog.strikes, catalog.drones, {"shahed-136": "#E69F00"})
    details = pack_details(catalog.strikes, catalog.drones, catalog.sources)
    n = len(catalog.strikes)
    assert core["n"] == n and all(len(core[k]) == n for k in ("lat", "lon", "day", "drone", "conf", "radius"))
    assert all(len(details[k]) == n for k in ("id", "date", "place", "summary", "sources"))
    k = details["id"].index("kyiv-2022-10-17")
    assert core["day"][k] == (date(2022, 10, 17) - date(1970, 1, 1)).days
    assert details["killed"][k] == 5 and details["injured"][k] is None  # unknown stays unknown
    assert core["drones"][core["drone"][k]]["colour"] == "#E69F00"
    assert len(json.dumps(core)) < 200 * n  # a few dozen bytes per strike


def test_details_keep_text_literal_and_drop_unsafe_links(make_data_dir, tmp_path) -> None:
    hostile = "<img src=x onerror=alert(1)>{{7*7}}"
    sources = [SOURCE, {**SOURCE, "id": "b", "title": hostile}]
    strikes = [{**STRIKE, "place": hostile, "summary": "x" * 500, "source_ids": "src-a|b"}]
    catalog = load_catalog(make_data_dir(sources=sources, strikes=strikes), today=TODAY)
    core = pack_core(catalog.strikes, catalog.drones, {})
    details = pack_details(catalog.strikes, catalog.drones, catalog.sources)
    assert details["place"][0].startswith(hostile)  # data stays data: the page sets it as text
    assert len(details["summary"][0]) == 401 and details["summary"][0].endswith("…")
    assert [s["title"] for s in details["sourceList"]] == ["A report", hostile]
    assert core["radius"][0] == 7  # a city-level marker
    write_pack(tmp_path / "pack", core, details)
    assert json.loads((tmp_path / "pack" / "core.json").read_text())["n"] == 1
    assert not list((tmp_path / "pack").glob(".*"))  # no temporary file left behind


def test_region_discs_grow_with_drones_launched_and_ignore_bad_counts() -> None:
    import pandas as pd

    precision = pd.Series(["region", "region", "region", "city", "region"])
    launched = pd.Series([float("nan"), 100.0, 1e9, 100.0, -4.0])
    assert marker_radius(precision, launched).tolist() == [11, 26, 28, 7, 11]


def test_day_numbers() -> None:
    import pandas as pd

    assert day_numbers(pd.Series(pd.to_datetime(["1970-01-02", "2022-10-17"]))).tolist() == [1, 19282]


def test_prune_keeps_the_newest_packs(tmp_path) -> None:
    import os

    for age, name in enumerate(["new", "mid", "old"]):
        (tmp_path / name).mkdir()
        os.utime(tmp_path / name, (1_000_000 - age, 1_000_000 - age))
    removed = prune_packs(tmp_path, keep=2)
    assert [p.name for p in removed] == ["old"] and sorted(p.name for p in tmp_path.iterdir()) == [
        "mid",
        "new",
    ]
