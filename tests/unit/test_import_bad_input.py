"""Bad input: a one-line error or a partial import with its report; never a traceback."""

from __future__ import annotations

import json
import tracemalloc
from datetime import date
from pathlib import Path

import pandas as pd
from pyproj import Transformer

from droneatlas.importers import csvio, import_files
from tests.unit.test_import_helpers import ACLED_HEADER, ACLED_ROWS, write_csv

TODAY = date(2026, 11, 24)
HEADER = ("lat", "lon", "date", "source_url", "id")


def one(tmp_path: Path, path: Path, **kwargs):
    report = import_files([path], tmp_path / "out", today=TODAY, **kwargs)
    fr = report.files[0]
    assert fr.read == fr.accepted + fr.rejected_total
    assert "\n" not in fr.error
    return report, fr


def row(lat="50.45", lon="30.52", day="2022-10-17", url="https://example.org/a", rid="") -> tuple:
    return (lat, lon, day, url, rid)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    report, fr = one(tmp_path, path)
    assert fr.error == "file is empty"
    assert not report.ok and not (tmp_path / "out").exists()


def test_header_only(tmp_path: Path) -> None:
    _, fr = one(tmp_path, write_csv(tmp_path / "h.csv", HEADER, []))
    assert fr.error.startswith("header only")
    assert not (tmp_path / "out").exists()


def test_semicolon_delimiter_is_detected(tmp_path: Path) -> None:
    report, fr = one(tmp_path, write_csv(tmp_path / "semi.csv", HEADER, [row()], delimiter=";"))
    assert fr.accepted == 1 and report.ok


def test_text_whose_encoding_cannot_be_told_is_refused_naming_the_options(tmp_path: Path) -> None:
    path = tmp_path / "binary.csv"
    path.write_bytes(bytes(range(256)) * 40)
    _, fr = one(tmp_path, path)
    assert fr.error.startswith("cannot tell the text encoding")
    assert "UTF-8" in fr.error and "UTF-16" in fr.error and "Windows-1252" in fr.error
    assert not (tmp_path / "out").exists()


def test_utf8_with_a_stray_byte_is_refused_with_its_offset(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "u.csv", (*HEADER, "place"), [(*row(), "Київ")] * 50)
    path.write_bytes(path.read_bytes() + b"50.4,30.5,2022-10-17,https://example.org/a,,\xff\n")
    _, fr = one(tmp_path, path)
    assert fr.error.startswith("not UTF-8 text (byte") and "save it as CSV UTF-8" in fr.error


def test_bom_is_ignored(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bom.csv", HEADER, [row()], encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    _, fr = one(tmp_path, path)
    assert fr.accepted == 1


def test_missing_required_columns(tmp_path: Path) -> None:
    _, fr = one(tmp_path, write_csv(tmp_path / "m.csv", ("where", "when"), [("Kyiv", "2022-10-17")]))
    assert fr.error.startswith("missing required column(s) lat, lon")
    acled = write_csv(
        tmp_path / "a.csv", ("event_date", "sub_event_type", "geo_precision"), [("2022-10-17", "x", "1")]
    )
    _, fr = one(tmp_path, acled, fmt="acled")
    assert fr.error == "missing required ACLED column(s): latitude, longitude"


def test_duplicate_ids_are_rejected_not_doubled(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "d.csv", HEADER, [row(rid="e1"), row(rid="e1", day="2022-10-18"), row(rid="e2")]
    )
    _, fr = one(tmp_path, path)
    assert (fr.accepted, fr.rejected) == (2, {"duplicate id (an earlier row has it)": 1})


def test_future_dates_and_bad_dates(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "f.csv", HEADER, [row(day="2099-01-01"), row(day="yesterday"), row()])
    _, fr = one(tmp_path, path)
    assert fr.rejected == {"date in the future": 1, "date not understood": 1}


def test_coordinates_out_of_range_or_swapped(tmp_path: Path) -> None:
    rows = [row(lat="95", lon="120"), row(lat="130.5", lon="50.4"), row(lat="abc"), row()]
    _, fr = one(tmp_path, write_csv(tmp_path / "c.csv", HEADER, rows))
    assert fr.rejected == {
        "coordinates out of range": 1,
        "coordinates out of range (latitude and longitude look swapped)": 1,
        "coordinates are not numbers": 1,
    }


def test_projected_csv_is_reprojected_with_crs(tmp_path: Path) -> None:
    x, y = Transformer.from_crs(4326, 3857, always_xy=True).transform(30.52, 50.45)
    path = write_csv(
        tmp_path / "p.csv", ("x", "y", "date", "url"), [(x, y, "2022-10-17", "https://example.org/a")]
    )
    _, fr = one(tmp_path, path)
    assert fr.rejected_total == 1  # metres are not degrees
    report = import_files([path], tmp_path / "out3857", crs="EPSG:3857", today=TODAY)
    assert report.accepted == 1
    lat = float(pd.read_csv(tmp_path / "out3857" / "strikes.csv")["lat"].iloc[0])
    assert abs(lat - 50.45) < 1e-4
    bad = import_files([path], tmp_path / "outbad", crs="EPSG:999999", today=TODAY)
    assert bad.files[0].error == "unknown CRS 'EPSG:999999'"


def test_truncated_file_imports_the_rows_before_the_cut(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "t.csv", (*HEADER, "summary"), [(*row(rid="a"), "fine"), (*row(rid="b"), "fine")]
    )
    path.write_text(path.read_text() + '50.4,30.5,2022-10-19,https://example.org/x,c,"cut off in the mid')
    _, fr = one(tmp_path, path)
    assert fr.accepted == 2 and fr.rejected == {"malformed or truncated record": 1}
    short = write_csv(tmp_path / "s.csv", HEADER, [row(rid="a")])
    short.write_text(short.read_text() + "50.4,30.5\n")
    _, fr = one(tmp_path, short)
    assert fr.rejected == {"too few fields (truncated row?)": 1}


def test_truncated_and_broken_geojson(tmp_path: Path) -> None:
    path = tmp_path / "t.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [{"type": "Feat', encoding="utf-8")
    _, fr = one(tmp_path, path)
    assert fr.error.startswith("not valid JSON")
    path.write_text(json.dumps({"type": "Topology"}), encoding="utf-8")
    _, fr = one(tmp_path, path)
    assert fr.error == "not a GeoJSON Feature or FeatureCollection"


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    good = write_csv(tmp_path / "acled.csv", ACLED_HEADER, ACLED_ROWS)
    report = import_files([empty, good], tmp_path / "out", today=TODAY)
    assert report.written and not report.ok
    assert [f.error for f in report.files] == ["file is empty", ""]
    lines = (tmp_path / "out" / "import-report.csv").read_text().splitlines()
    assert lines[0] == "file,line,status,reason,raw_row"
    assert any("not a drone event" in line for line in lines)


def test_big_file_is_read_in_bounded_chunks(tmp_path: Path, monkeypatch) -> None:
    """Peak Python memory stays far below the file size (the 200 MB case, scaled down)."""
    monkeypatch.setattr(csvio, "CHUNK_ROWS", 1_000)
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("event_id_cnty,event_date,sub_event_type,latitude,longitude,geo_precision,notes\n")
        padding = "x" * 400
        for n in range(60_000):
            handle.write(f"E{n},2023-01-01,Shelling,50.1,30.2,1,{padding}\n")
    size = path.stat().st_size
    tracemalloc.start()
    report = import_files([path], tmp_path / "out", today=TODAY)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert report.files[0].rejected == {"not a drone event": 60_000}
    assert size > 24_000_000 and peak < size / 4
