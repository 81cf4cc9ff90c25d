"""The strike filter: what it keeps, how it is said, and that every output applies it."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import date

import pytest

from droneatlas.binarycore import encode_core
from droneatlas.catalog import load_catalog
from droneatlas.export.data import to_csv, to_geojson, view_records
from droneatlas.filters import NO_FILTER, StrikeFilter, describe, filter_view, strike_mask, target_types
from droneatlas.schema import POINT_PRECISIONS
from droneatlas.strikepack import pack_core
from droneatlas.style import drone_colours
from droneatlas.timeline import Window, view_of
from droneatlas.view import MapOptions, ViewSpec, spec_view, stamp_caption, stamp_text
from layers.standalone import snapshot_html
from tests.conftest import PROJECT_DATA, ROOT, STRIKE

TODAY = date(2026, 11, 25)
SHAHED_VERIFIED_OR_REPORTED = StrikeFilter(drones=("shahed-136",), confidence=("verified", "reported"))


@pytest.fixture(scope="module")
def project():
    return load_catalog(PROJECT_DATA, today=TODAY)


@pytest.fixture(scope="module")
def whole(project):
    return Window(*project.span())


def test_an_empty_filter_keeps_every_strike(project, whole) -> None:
    view = view_of(project, whole)
    assert not NO_FILTER.is_active()
    assert filter_view(view, NO_FILTER) is view
    assert strike_mask(view.strikes, NO_FILTER).all()


def test_each_part_keeps_only_its_values(project, whole) -> None:
    strikes = view_of(project, whole).strikes
    lancet = filter_view(view_of(project, whole), StrikeFilter(drones=("lancet",))).strikes
    assert len(lancet) == (strikes["drone_id"] == "lancet").sum() > 0
    kept = strikes[strike_mask(strikes, StrikeFilter(confidence=("verified",), precision=("city",)))]
    assert len(kept) > 0 and set(kept["confidence"]) == {"verified"} and set(kept["precision"]) == {"city"}
    energy = strikes[strike_mask(strikes, StrikeFilter(targets=("energy", "port")))]
    assert set(energy["target_type"]) == {"energy", "port"}
    assert len(energy) == strikes["target_type"].isin(["energy", "port"]).sum()


def test_casualties_means_a_reported_count_above_zero(make_data_dir) -> None:
    rows = [
        {**STRIKE, "id": "killed", "killed": "2", "injured": ""},
        {**STRIKE, "id": "injured", "killed": "", "injured": "1"},
        {**STRIKE, "id": "none", "killed": "0", "injured": "0"},  # a source says no casualties
        {**STRIKE, "id": "unknown", "killed": "", "injured": ""},  # not reported: not counted
    ]
    catalog = load_catalog(make_data_dir(strikes=rows), today=TODAY)
    kept = catalog.strikes[strike_mask(catalog.strikes, StrikeFilter(casualties=True))]
    assert list(kept["id"]) == ["killed", "injured"]


def test_the_filter_in_words() -> None:
    names = {"shahed-136": "Shahed-136", "lancet": "Lancet"}
    assert describe(SHAHED_VERIFIED_OR_REPORTED, names) == "Shahed-136 only · verified and reported"
    assert describe(NO_FILTER, names) == ""
    words = describe(
        StrikeFilter(
            drones=("shahed-136", "lancet", "x-1"),
            precision=("exact",),
            targets=("energy",),
            casualties=True,
        ),
        names,
    )
    assert words == (
        "Shahed-136, Lancet and x-1 only · exact points · energy target · with reported casualties"
    )


def test_the_stamp_says_what_is_filtered(project, whole) -> None:
    spec = ViewSpec(whole, MapOptions(strike_filter=SHAHED_VERIFIED_OR_REPORTED))
    view = spec_view(project, spec)
    text = stamp_text(project, view, spec.options)
    assert text == f"{stamp_caption(project, view)} · Strikes: Shahed-136 only · verified and reported"
    assert stamp_text(project, view_of(project, whole), MapOptions()) == stamp_caption(
        project, view_of(project, whole)
    )


def test_geojson_and_csv_hold_only_the_filtered_strikes(project, whole) -> None:
    options = MapOptions(layers=("strikes",), strike_filter=SHAHED_VERIFIED_OR_REPORTED)
    rows, label = view_records(project, ViewSpec(whole, options))
    expected = spec_view(project, ViewSpec(whole, options)).strikes
    assert 0 < len(expected) < len(view_of(project, whole).strikes)
    features = json.loads(to_geojson(rows, window_label=label))["features"]
    assert sorted(f["id"] for f in features) == sorted(expected["id"])
    assert {f["properties"]["confidence"] for f in features} <= {"verified", "reported"}
    table = list(csv.DictReader(io.StringIO(to_csv(rows))))
    assert {r["drone"] for r in table} == {"Shahed-136"} and len(table) == len(expected)


def test_the_html_file_packs_only_the_filtered_strikes_and_says_so(project, whole) -> None:
    verified = StrikeFilter(confidence=("verified",))
    html = snapshot_html(project, ViewSpec(whole, MapOptions(strike_filter=verified)))
    strikes = project.strikes
    # The pack holds the points (exact and city); region records shade their oblast instead.
    points = strikes["precision"].isin(POINT_PRECISIONS)
    chosen = (points & (strikes["confidence"] == "verified")).sum()
    assert 0 < chosen < points.sum()
    assert re.search(rf'"core": \{{"n": {chosen},', html) or re.search(rf'"n":\s*{chosen},', html)
    assert "Strikes: verified" in html


def test_the_png_header_says_what_is_filtered(project, whole) -> None:
    from droneatlas.export.png import build_figure

    options = MapOptions(strike_filter=StrikeFilter(casualties=True))
    view = spec_view(project, ViewSpec(whole, options))
    fig = build_figure(project, view, options, title="Briefing")
    texts = [t.get_text() for t in fig.texts]
    assert stamp_text(project, view, options) in texts
    assert any(t.endswith("Strikes: with reported casualties") for t in texts)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is needed for the page's filter")
def test_the_page_keeps_the_same_strikes_as_python(project, tmp_path) -> None:
    """strikes.js filterMask over the real pack, as the page reads it (binary columns),
    equals strike_mask over the real strikes."""
    strikes = project.strikes
    core = pack_core(strikes, project.drones, drone_colours(list(project.drones.index)))
    filters = [
        SHAHED_VERIFIED_OR_REPORTED,
        StrikeFilter(casualties=True),
        StrikeFilter(precision=("region", "exact"), targets=target_types(strikes)[:3]),
        StrikeFilter(drones=("lancet", "mohajer-6"), casualties=True),
    ]
    script = (
        "const s = require('./static/atlas/strikes.js');"
        "const fs = require('fs'), b = fs.readFileSync(process.argv[1]);"
        "const core = s.decodeCore(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));"
        "const filters = JSON.parse(fs.readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify(filters.map((f) => Array.from(s.filterMask(core, f)))));"
    )
    (tmp_path / "core.bin").write_bytes(encode_core(core))
    done = subprocess.run(
        ["node", "-e", script, str(tmp_path / "core.bin")],
        input=json.dumps([f.for_page() for f in filters]),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    for strike_filter, page in zip(filters, json.loads(done.stdout), strict=True):
        assert page == strike_mask(strikes, strike_filter).astype(int).tolist(), strike_filter


def snapshot(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "droneatlas", "snapshot", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_cli_filters_every_format(project, tmp_path) -> None:
    out = tmp_path / "view.geojson"
    done = snapshot("--format", "geojson", "--out", str(out), "--layers", "strikes",
                    "--strike-drones", "lancet", "--confidence", "verified,reported,claimed")  # fmt: skip
    assert done.returncode == 0, done.stderr
    name = project.drones.loc["lancet", "name"]
    assert f"Strikes: {name} only · verified, reported and claimed" in done.stdout
    ids = [f["id"] for f in json.loads(out.read_text(encoding="utf-8"))["features"]]
    assert sorted(ids) == sorted(project.strikes.loc[project.strikes["drone_id"] == "lancet", "id"])
    out = tmp_path / "hurt.csv"
    done = snapshot("--format", "csv", "--out", str(out), "--layers", "strikes", "--casualties")
    assert done.returncode == 0, done.stderr
    table = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert table and all(int(r["killed"] or 0) + int(r["injured"] or 0) > 0 for r in table)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--confidence", "rumoured"], "--confidence: unknown rumoured"),
        (["--strike-drones", "shahed-999"], "--strike-drones: unknown shahed-999"),
        (["--targets", "moon"], "--targets: unknown moon"),
        (["--precision", "street"], "--precision: unknown street"),
    ],
)
def test_the_cli_refuses_an_unknown_filter_value_in_one_line(tmp_path, args, message) -> None:
    out = tmp_path / "x.csv"
    done = snapshot("--format", "csv", "--out", str(out), *args)
    assert done.returncode == 2
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_filtering_twice_changes_nothing(project, whole) -> None:
    spec = ViewSpec(whole, MapOptions(strike_filter=SHAHED_VERIFIED_OR_REPORTED))
    once = spec_view(project, spec)
    twice = filter_view(once, spec.options.strike_filter)
    assert list(twice.strikes["id"]) == list(once.strikes["id"])
    assert replace(spec.options.strike_filter) == SHAHED_VERIFIED_OR_REPORTED


def test_the_panels_indexes_count_a_filtered_view_as_it_is(project, whole) -> None:
    from droneatlas.timeline import StrikeIndex

    index = StrikeIndex.of(project.strikes)
    view = filter_view(view_of(project, whole), StrikeFilter(confidence=("verified",)))
    assert index.source_ids(view) == view.source_ids()
    assert index.tally_view(view, "confidence") == {"verified": len(view.strikes)}
    plain = view_of(project, whole)
    assert index.tally_view(plain, "precision") == index.tally(whole, "precision")
