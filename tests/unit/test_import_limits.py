"""Deep, odd and shapeless JSON: one line each, never a traceback, nothing half written."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from droneatlas.importers import geojson, import_files

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 24)
DEPTH = 100_000


def point(properties: str = '{"date": "2022-10-17", "url": "https://example.org/a"}') -> str:
    geometry = '{"type": "Point", "coordinates": [30.5, 50.4]}'
    return f'{{"type": "Feature", "geometry": {geometry}, "properties": {properties}}}'


def collection(*features: str) -> str:
    return '{"type": "FeatureCollection", "features": [' + ", ".join(features) + "]}"


DEEP_FILE = "[" * DEPTH + "]" * DEPTH
DEEP_PROPERTIES = collection(
    point(
        '{"date": "2022-10-17", "url": "https://example.org/a", "x": '
        + '{"a": ' * DEPTH
        + "1"
        + "}" * DEPTH
        + "}"
    )
)


@pytest.mark.parametrize(("name", "text"), [("deep.json", DEEP_FILE), ("deep.geojson", DEEP_PROPERTIES)])
def test_json_nested_100000_deep_is_one_line_from_the_cli(tmp_path: Path, name: str, text: str) -> None:
    src = tmp_path / name
    src.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "droneatlas", "import", str(src), "--into", str(tmp_path / "out")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = done.stdout + done.stderr
    assert "Traceback" not in output and "RecursionError" not in output
    errors = [line for line in output.splitlines() if "error:" in line]
    assert errors == ["  error: JSON nested too deeply to read (arrays or objects inside each other)"]
    assert done.returncode == 1  # a file failed (2 is kept for bad arguments)
    assert not (tmp_path / "out").exists()


def test_a_feature_that_cannot_be_written_out_is_rejected_not_raised() -> None:
    deep: list = []
    inner = deep
    for _ in range(DEPTH):  # built without recursion, as json.load could not
        inner.append([])
        inner = inner[0]
    assert geojson._raw(deep) is None
    assert geojson._raw({"summary": "\ud800"}) is None
    assert geojson._raw({"summary": "Київ"}) == '{"summary": "Київ"}'


def test_lone_surrogates_and_odd_properties_are_rejected_not_crashed(tmp_path: Path) -> None:
    src = tmp_path / "odd.geojson"
    src.write_text(
        collection(
            point('{"date": "2022-10-17", "url": "https://e.org/a", "summary": "\\ud800"}'),
            point("[1, 2]"),
            point(),
        ),
        encoding="utf-8",
    )
    report = import_files([src], tmp_path / "out", today=TODAY)
    fr = report.files[0]
    assert fr.accepted == 1 and fr.rejected_total == 2, fr.lines()
    assert report.ok


def test_a_geojson_of_polygons_only_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    square = {"type": "Polygon", "coordinates": [[[30, 50], [31, 50], [31, 51], [30, 50]]]}
    features = [{"type": "Feature", "geometry": square, "properties": {"date": "2022-10-17"}}] * 3
    features.append(
        {"type": "Feature", "geometry": {"type": "MultiPolygon", "coordinates": []}, "properties": {}}
    )
    src = tmp_path / "areas.geojson"
    src.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    report = import_files([src], tmp_path / "out", today=TODAY)
    assert report.files[0].error == (
        "no Point features (found 3 Polygon, 1 MultiPolygon): the atlas imports points only; "
        "convert areas or lines to points (e.g. centroids) first"
    )
    assert not report.written and not (tmp_path / "out").exists()


def test_an_unexpected_error_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    code = (
        "import sys; import cli.import_data as c;"
        "c.import_files = lambda *a, **k: (_ for _ in ()).throw(RuntimeError('boom\\nsecond line'));"
        "from cli import main; sys.exit(main(sys.argv[1:]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "import", "x.csv", "--into", str(tmp_path / "out")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr == "droneatlas import: error: unexpected RuntimeError: boom second line\n"


# A child that imports 60,000 rows citing 60,000 URLs and prints how much its peak resident
# memory grew during the import (MB); chunks of 1,000 rows keep the reader's share small.
GROWTH = """
import csv, resource, sys
from pathlib import Path
from droneatlas.importers import csvio, import_files

csvio.CHUNK_ROWS = 1_000
tmp, rows = Path(sys.argv[1]), int(sys.argv[2])
src, warm = tmp / "many.csv", tmp / "warm.csv"
for path, count in ((warm, 1), (src, rows)):
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "date", "lat", "lon", "source_url"])
        out.writerows([f"g{n}", "2023-01-02", "50.45", "30.52", f"https://e.org/r/{n}"] for n in range(count))
import_files([warm], tmp / "warm")  # the code paths and caches, before measuring
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
report = import_files([src], tmp / "out")
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(report.accepted, (after - before) / 1024)
"""


def _import_growth(script: str, tmp_path: Path, rows: int) -> tuple[str, str]:
    """Accepted records and the peak's growth in MB of ``script``'s import, in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path), str(rows)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    accepted, growth_mb = done.stdout.split()
    return accepted, growth_mb


def test_memory_does_not_grow_with_sources_and_strike_ids(tmp_path: Path) -> None:
    """Sources and strike ids live on disk: 60,000 of each grew the peak by ~20 MB in dicts."""
    accepted, growth_mb = _import_growth(GROWTH, tmp_path, 60_000)
    assert int(accepted) == 60_000
    assert float(growth_mb) < 8, f"peak grew by {growth_mb} MB"
    sources = (tmp_path / "out" / "sources.csv").read_text(encoding="utf-8").splitlines()
    assert len(sources) == 1 + 60_000 and sources[1].startswith("import-url-")
    assert not (tmp_path / "out" / ".import-run.sqlite").exists()


# The same for GeoJSON, read as a stream (json.load held every feature: ~3 GB for 500,000).
GEOJSON_GROWTH = """
import json, resource, sys
from pathlib import Path
from droneatlas.importers import import_files

tmp, count = Path(sys.argv[1]), int(sys.argv[2])
def write(path, n):
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"type": "FeatureCollection", "features": [')
        for i in range(n):
            feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [30.52, 50.45]},
                       "properties": {"id": f"g{i}", "date": "2023-01-02", "url": "https://e.org/r",
                                      "summary": "x" * 200}}
            handle.write(("," if i else "") + json.dumps(feature))
        handle.write("]}")
write(tmp / "warm.geojson", 1)
write(tmp / "many.geojson", count)
import_files([tmp / "warm.geojson"], tmp / "warm")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
report = import_files([tmp / "many.geojson"], tmp / "out")
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(report.accepted, (after - before) / 1024)
"""


def test_a_geojson_is_read_as_a_stream_not_held_whole(tmp_path: Path) -> None:
    """60,000 features (20 MB): parsed whole, the peak grew by ~100 MB; streamed, by a few."""
    accepted, growth_mb = _import_growth(GEOJSON_GROWTH, tmp_path, 60_000)
    assert int(accepted) == 60_000
    assert float(growth_mb) < 25, f"peak grew by {growth_mb} MB"


def test_streamed_geojson_keeps_what_a_whole_read_saw(tmp_path: Path) -> None:
    """A crs member after the features, UTF-16 text, and escaped emoji (surrogate pairs)."""
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [3397487.0, 6522130.0]},
        "properties": {"date": "2022-10-17", "url": "https://e.org/a", "summary": "Kyiv \U0001f4a5 hit"},
    }
    document = {
        "type": "FeatureCollection",
        "features": [feature],
        "crs": {"type": "name", "properties": {"name": "EPSG:3857"}},
    }
    src = tmp_path / "late-crs.geojson"
    src.write_text(json.dumps(document, ensure_ascii=True), encoding="utf-16")
    report = import_files([src], tmp_path / "out", today=TODAY)
    assert report.ok and report.accepted == 1, report.lines()
    strikes = (tmp_path / "out" / "strikes.csv").read_text(encoding="utf-8")
    assert "Kyiv \U0001f4a5 hit" in strikes
    row = strikes.splitlines()[1]
    assert ",50.4" in row and ",30.5" in row  # reprojected from Web Mercator
