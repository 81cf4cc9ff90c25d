"""Big files, bounded: peak memory and time of a 150 MB CSV import, a 500,000-feature
GeoJSON import and the check of a 1.1-million-row strikes.csv (issue #15, point 4).

Each case runs in a fresh child process (the CLI, as a user runs it) and reports the
child's own peak resident memory (its ``VmHWM`` as it exits) and its wall time.
The files are generated in a temporary folder from bench.scale's town picker (made-up
events on real towns, never committed): rows are synthetic, fine for performance only.
Target: every case under 1 GB.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from bench.scale import generate
from harness import AppServer, OfflinePage, launch_chromium

ROOT = Path(__file__).resolve().parent.parent
CSV_ROWS = 941_670  # the 150 MB file
GEOJSON_FEATURES = 500_000
CHECK_ROWS = 1_100_000
TARGET_MB = 1024
URL = "https://example.org/synthetic-benchmark-report/"  # never fetched: these rows are made up


def write_generic_csv(path: Path, rows: int = CSV_ROWS) -> Path:
    """A generic lat/lon/date CSV of ``rows`` synthetic events (about 155 bytes a row)."""
    with tempfile.TemporaryDirectory() as tmp:
        strikes = pd.read_csv(generate(Path(tmp), rows) / "strikes.csv", dtype=str, keep_default_na=False)
    strikes = strikes[["id", "date", "lat", "lon", "place", "country", "drone_id", "confidence", "summary"]]
    strikes = strikes.assign(source_url=URL + strikes["id"])
    strikes.to_csv(path, index=False)
    return path


def write_geojson(path: Path, features: int = GEOJSON_FEATURES) -> Path:
    """A FeatureCollection of ``features`` synthetic Point events, written a feature at a time."""
    with tempfile.TemporaryDirectory() as tmp:
        strikes = pd.read_csv(generate(Path(tmp), features) / "strikes.csv", dtype=str, keep_default_na=False)
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"type": "FeatureCollection", "features": [\n')
        for n, row in enumerate(strikes.itertuples(index=False)):
            feature = {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [float(row.lon), float(row.lat)]},
                "properties": {
                    "id": row.id,
                    "date": row.date,
                    "place": row.place,
                    "drone": row.drone_id,
                    "summary": "Generated benchmark event",
                    "source_url": URL + row.id,
                },
            }
            handle.write(("," if n else "") + json.dumps(feature) + "\n")
        handle.write("]}\n")
    return path


def measure(args: list[str]) -> tuple[float, float, str]:
    """Seconds, peak MB and the summary line of ``python -m droneatlas ARGS`` in a child."""
    # VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss over from the parent across
    # fork and exec, so a child of this process (~0.9 GB after generating the files) reported
    # the parent's peak as its own.
    code = (
        "import runpy, sys, atexit;"
        "atexit.register(lambda: print('peak_kb', next(line.split()[1] for line in"
        " open('/proc/self/status') if line.startswith('VmHWM:')), file=sys.stderr));"
        "sys.argv = ['droneatlas', *sys.argv[1:]]; runpy.run_module('droneatlas', run_name='__main__')"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    peak = [line for line in done.stderr.splitlines() if line.startswith("peak_kb")]
    peak_mb = int(peak[-1].split()[1]) / 1024 if peak else float("nan")
    lines = [line.strip() for line in done.stdout.splitlines() if line.strip()]
    summary = [line for line in lines if line.startswith(("total:", "validation:"))] or lines[-1:]
    return seconds, peak_mb, (summary[0] if summary else done.stderr.strip()[-200:])


def _status_mb(pid: int, field: str) -> float:
    """VmRSS (now) or VmHWM (peak) of a process, in MB."""
    status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    return int(re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE).group(1)) / 1024


UPLOAD_TIMEOUT_MS = 1_800_000  # a benchmark reports a failure, it does not hang
SESSION_TTL_S = 5  # how long the server keeps a closed page's session (Streamlit's default: 120)


def measure_upload(upload: Path) -> list[str]:
    """Upload ``upload`` in the app (Chromium, "Add data"), until the map's caption counts
    its strikes: the server's peak memory and the time; then close the page and read the
    server's memory once the session has ended."""
    from playwright.sync_api import sync_playwright

    env = {"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(SESSION_TTL_S)}
    server = AppServer(ROOT / "data", env)
    try:
        pid = server.process.pid
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            visit = OfflinePage(browser)
            visit.open_map(server.url, 300_000)
            page = visit.page
            before = _status_mb(pid, "VmRSS")
            page.get_by_text("Add data: CSV or GeoJSON").click()
            page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
            page.get_by_text(upload.name).first.wait_for(timeout=UPLOAD_TIMEOUT_MS)
            started = time.monotonic()
            page.get_by_role("button", name="Import").click()
            page.get_by_text(re.compile(r"[1-9]\d{0,2}(,\d{3})+ strikes · ")).first.wait_for(
                timeout=UPLOAD_TIMEOUT_MS
            )
            seconds = time.monotonic() - started
            # The caption comes before the map in the run: the strikes' pack is written after
            # it (a peak this benchmark missed while it read the server here).
            visit.wait_for_run(UPLOAD_TIMEOUT_MS)
            peak = _status_mb(pid, "VmHWM")
            loaded = _status_mb(pid, "VmRSS")
            visit.close()
            browser.close()
        time.sleep(SESSION_TTL_S + 25)  # the session ends, its caches are released
        after = _status_mb(pid, "VmRSS")
    finally:
        server.stop()
    size = upload.stat().st_size / 1e6
    verdict = "ok" if peak <= TARGET_MB else "OVER 1 GB"
    return [
        f"app upload {upload.name} ({size:.0f} MB) until the map counts it: {seconds:.1f} s, server peak "
        f"{peak:.0f} MB [{verdict}] (before {before:.0f} MB, with the upload shown {loaded:.0f} MB, "
        f"{SESSION_TTL_S + 25} s after the page closed {after:.0f} MB)"
    ]


def _line(what: str, seconds: float, peak_mb: float, summary: str) -> str:
    verdict = "ok" if peak_mb <= TARGET_MB else "OVER 1 GB"
    return f"{what}: {seconds:.1f} s, peak {peak_mb:.0f} MB [{verdict}] ({summary})"


def run() -> list[str]:
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        big_csv = write_generic_csv(tmp_path / "big.csv")
        size = big_csv.stat().st_size / 1e6
        result = measure(["import", str(big_csv), "--into", str(tmp_path / "out-csv")])
        lines.append(_line(f"import generic CSV {CSV_ROWS:,} rows, {size:.0f} MB", *result))
        big_json = write_geojson(tmp_path / "big.geojson")
        size = big_json.stat().st_size / 1e6
        result = measure(["import", str(big_json), "--into", str(tmp_path / "out-geojson")])
        lines.append(_line(f"import GeoJSON {GEOJSON_FEATURES:,} features, {size:.0f} MB", *result))
        checked = generate(tmp_path / "check", CHECK_ROWS)
        size = (checked / "strikes.csv").stat().st_size / 1e6
        result = measure(["check-data", str(checked)])
        lines.append(_line(f"check-data {CHECK_ROWS:,}-row strikes.csv, {size:.0f} MB", *result))
        lines += measure_upload(big_csv)
    return lines


if __name__ == "__main__":
    if sys.argv[1:2] == ["upload"]:  # python -m bench.memory upload FILE: the app upload alone
        print("\n".join(measure_upload(Path(sys.argv[2]))))
    else:
        print("\n".join(run()))
