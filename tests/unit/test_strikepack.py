"""The strikes pack: one entry per strike, in order; details literal; only http(s) links."""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

from droneatlas.binarycore import decode_core
from droneatlas.catalog import load_catalog
from droneatlas.strikepack import (
    DETAIL_CHUNK,
    day_numbers,
    detail_chunks,
    marker_radius,
    pack_core,
    pack_details,
    pack_is_intact,
    pack_is_written,
    prune_packs,
    streamed_details,
    write_pack,
)
from droneatlas.style import drone_colours
from tests.conftest import PROJECT_DATA, SOURCE, STRIKE


def read_packed(path: Path) -> object:
    """A pack file's content, as the page reads it."""
    return json.loads(gzip.decompress(path.read_bytes()))


TODAY = date(2026, 11, 24)


def test_pack_of_the_project_data_is_aligned_and_compact() -> None:
    catalog = load_catalog(PROJECT_DATA, today=TODAY)
    core = pack_core(catalog.strikes, catalog.drones, {"shahed-136": "#E69F00"})
    details = pack_details(catalog.strikes, catalog.drones, catalog.sources)
    n = len(catalog.strikes)
    assert core["n"] == n and all(len(core[k]) == n for k in ("place", "day", "drone", "conf", "radius"))
    places = core["places"]
    located = [(places["lat"][p], places["lon"][p]) for p in core["place"]]
    assert located == [
        (round(a, 5), round(b, 5))
        for a, b in zip(catalog.strikes["lat"], catalog.strikes["lon"], strict=True)
    ]
    assert len(places["lat"]) < n  # strikes on one town share its place
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
    assert not pack_is_written(tmp_path / "pack")
    write_pack(tmp_path / "pack", core, details["sourceList"], detail_chunks(details))
    assert decode_core(gzip.decompress((tmp_path / "pack" / "core.bin.gz").read_bytes()))["n"] == 1
    assert read_packed(tmp_path / "pack" / "sources.json.gz")[1]["title"] == hostile
    assert pack_is_written(tmp_path / "pack")
    assert not list((tmp_path / "pack").glob(".*"))  # no temporary file left behind
    (tmp_path / "pack" / "pack.json").write_text('{"format": "written by other code"}')
    assert not pack_is_written(tmp_path / "pack")  # rewritten, not reused


def test_details_are_written_in_pieces_a_popup_loads_one_of(tmp_path) -> None:
    details = {
        "id": [f"s{i}" for i in range(12)],
        "place": list("abcdefghijkl"),
        "sourceList": [{"title": "t"}],
    }
    chunks = detail_chunks(details, size=5)
    assert [c["id"] for c in chunks] == [details["id"][0:5], details["id"][5:10], details["id"][10:12]]
    assert all("sourceList" not in c for c in chunks)
    assert detail_chunks({"id": [], "sourceList": []}) == [{"id": []}]  # an empty pack still has its file
    write_pack(tmp_path / "pack", {"n": 12}, details["sourceList"], detail_chunks(details))
    k = 11 // DETAIL_CHUNK  # where the page looks for strike 11
    assert read_packed(tmp_path / "pack" / f"details-{k}.json.gz")["place"][11 % DETAIL_CHUNK] == "l"


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


def test_a_pack_cut_short_or_altered_is_not_reused(tmp_path) -> None:
    """A core file truncated on disk (a crash, a full disk) must be written again, never served."""
    catalog = load_catalog(PROJECT_DATA)
    colours = drone_colours(list(catalog.drones.index))
    core = pack_core(catalog.strikes, catalog.drones, colours)
    details = pack_details(catalog.strikes, catalog.drones, catalog.sources)
    write_pack(tmp_path, core, details["sourceList"], detail_chunks(details))
    assert pack_is_written(tmp_path) and pack_is_intact(tmp_path)
    packed = (tmp_path / "core.bin.gz").read_bytes()
    (tmp_path / "core.bin.gz").write_bytes(packed[: len(packed) // 2])
    assert not pack_is_written(tmp_path) and not pack_is_intact(tmp_path)
    flipped = bytes([packed[0] ^ 1]) + packed[1:]  # same size, other content
    (tmp_path / "core.bin.gz").write_bytes(flipped)
    assert pack_is_written(tmp_path) and not pack_is_intact(tmp_path)
    write_pack(tmp_path, core, details["sourceList"], detail_chunks(details))
    assert pack_is_intact(tmp_path)


def test_a_streamed_pack_holds_what_the_whole_details_give(tmp_path, monkeypatch) -> None:
    from droneatlas import strikepack

    catalog = load_catalog(PROJECT_DATA)
    monkeypatch.setattr(strikepack, "DETAIL_CHUNK", 50)  # several files from the project's strikes
    monkeypatch.setattr(strikepack, "WRITE_BATCH", 3)  # and the sources encoded in several batches
    core = pack_core(catalog.strikes, catalog.drones, {})
    whole = pack_details(catalog.strikes, catalog.drones, catalog.sources, sites=catalog.sites)
    write_pack(tmp_path / "whole", core, whole["sourceList"], detail_chunks(whole, size=50))
    source_list, chunks = streamed_details(
        catalog.strikes, catalog.drones, catalog.sources, sites=catalog.sites
    )
    write_pack(tmp_path / "streamed", core, source_list, chunks)
    names = sorted(p.name for p in (tmp_path / "whole").glob("*.gz"))
    assert len(names) == 2 + -(-len(catalog.strikes) // 50)
    assert names == sorted(p.name for p in (tmp_path / "streamed").glob("*.gz"))
    for name in names:
        streamed, whole_file = (
            gzip.decompress((tmp_path / folder / name).read_bytes()) for folder in ("streamed", "whole")
        )
        assert streamed == whole_file, name
    assert len(read_packed(tmp_path / "streamed" / "sources.json.gz")) == len(whole["sourceList"]) > 3
