"""Scale: 1k to 1M strikes in the app, beside the naive folium way (one CircleMarker each).

Data directories are generated in a temporary folder (never committed): the curated
sources, drones and sites, plus N strikes placed on Ukrainian towns (GeoNames, weighted by
population) on random days from Sep 2022 to Dec 2025. Measured with the real app in
Debian's chromium: time to first map (strikes drawn), time for a timeline change to be
redrawn, bytes the server sends for that change, the Python time of that run (the app
prints it when ATLAS_TIMING is set) and the page's JS heap.
"""

from __future__ import annotations

import csv
import re
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from harness import ROOT, AppServer, OfflinePage, launch_chromium

SIZES = (1_000, 10_000, 100_000, 1_000_000)
NAIVE_SIZES = (1_000, 10_000, 100_000)  # 1M the naive way would take many minutes and GBs
FIRST_DAY, LAST_DAY = date(2022, 9, 13), date(2025, 12, 31)
TIMEOUT_MS = 180_000  # per step: a benchmark reports a failure, it does not hang
STRIKES_DRAWN_JS = "() => !!(window.map && window.map.atlasStrikes && window.map.atlasStrikes.core)"


def generate(directory: Path, n: int, seed: int = 7) -> Path:
    """A data directory with the curated tables and ``n`` generated strikes."""
    directory.mkdir(parents=True, exist_ok=True)
    for name in ("sources.csv", "drones.csv", "sites.csv"):
        shutil.copy(ROOT / "data" / name, directory / name)
    places = pd.read_csv(ROOT / "data" / "gazetteer" / "places.csv", keep_default_na=False)
    towns = places[(places["country"] == "UA") & (places["kind"] == "city")]
    weights = pd.to_numeric(towns["population"], errors="coerce").fillna(5000).to_numpy(float)
    rng = np.random.default_rng(seed)
    picks = rng.choice(len(towns), size=n, p=weights / weights.sum())
    days = rng.integers(0, (LAST_DAY - FIRST_DAY).days + 1, size=n)
    drones = rng.choice(["shahed-136", "shahed-131", "lancet"], size=n, p=[0.85, 0.1, 0.05])
    confidence = rng.choice(["verified", "reported", "claimed"], size=n, p=[0.1, 0.6, 0.3])
    with (directory / "strikes.csv").open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(["id", "date", "lat", "lon", "place", "region", "country", "drone_id", "target_type",
                      "killed", "injured", "confidence", "precision", "summary", "source_ids"])  # fmt: skip
        for i in range(n):
            town = towns.iloc[picks[i]]
            day = pd.Timestamp(FIRST_DAY) + pd.Timedelta(days=int(days[i]))
            out.writerow([f"gen-{i}", f"{day:%Y-%m-%d}", town["lat"], town["lon"], town["name"], "", "UA",
                          drones[i], "unknown", "", "", confidence[i], "city",
                          "Generated benchmark event", "geonames"])  # fmt: skip
    return directory


def measure_app(data_dir: Path, browser) -> dict:
    server = AppServer(data_dir, extra_env={"ATLAS_TIMING": "1"})
    try:
        page = OfflinePage(browser)
        sent: list[int] = []
        page.page.on("websocket", lambda ws: ws.on("framereceived", lambda f: sent.append(len(f))))
        started = time.monotonic()
        page.page.goto(server.url)
        page.map_frame().locator(".leaflet-atlas-borders-pane path").first.wait_for(
            state="attached", timeout=TIMEOUT_MS
        )
        page.leaflet_frame().wait_for_function(STRIKES_DRAWN_JS, timeout=TIMEOUT_MS)
        first_map = time.monotonic() - started
        before = page.layer_counts()["strikes"]
        time.sleep(1.5)  # let the first run finish sending
        runs_before = len(re.findall(r"run_ms=(\d+)", server.log_text()))
        sent.clear()
        thumb = page.page.locator('[data-testid="stSlider"] input[type=range]').nth(1)
        changed = time.monotonic()
        thumb.focus()
        thumb.press("PageDown")  # the window ends a step earlier
        page.leaflet_frame().wait_for_function(
            f"() => window.map.atlasStrikes.selectedCount() !== {before}", timeout=120_000
        )
        redraw = time.monotonic() - changed
        deadline = time.monotonic() + 120  # the run goes on (panels) after the map has redrawn
        runs: list[int] = []
        while not runs and time.monotonic() < deadline:
            time.sleep(0.5)
            runs = [int(ms) for ms in re.findall(r"run_ms=(\d+)", server.log_text())][runs_before:]
        heap = page.leaflet_frame().evaluate(
            "() => performance.memory ? performance.memory.usedJSHeapSize : 0"
        )
        page.close()
        return {
            "first_map_s": first_map,
            "change_s": redraw,
            "change_kb": sum(sent) / 1000,
            "python_ms": max(runs) if runs else float("nan"),
            "heap_mb": heap / 1e6,
            "foreign": page.foreign_requests,
        }
    finally:
        server.stop()


def measure_naive(n: int, data_dir: Path, browser, out_dir: Path) -> dict:
    """folium's documented way: one CircleMarker per event, in one HTML file; the time is
    from opening the file until the page has loaded and holds every marker."""
    import folium

    strikes = pd.read_csv(data_dir / "strikes.csv", usecols=["lat", "lon", "date", "place"])
    started = time.monotonic()
    fmap = folium.Map(location=(48.5, 31.0), zoom_start=6, tiles=None)
    for row in strikes.itertuples(index=False):
        # No popup or tooltip: folium's popups need jQuery from a CDN (unreachable here), and
        # its tooltips paste text into JS unescaped (a town's apostrophe breaks the script).
        folium.CircleMarker((row.lat, row.lon), radius=5).add_to(fmap)
    html = fmap.get_root().render()
    python_s = time.monotonic() - started
    # Offline, stock folium loads nothing from its CDNs: point Leaflet at our local copy.
    leaflet = (ROOT / "static" / "vendor" / "leaflet" / "leaflet.js").as_uri()
    html = re.sub(
        r'<script src="https://cdn[^"]+/leaflet\.js"></script>', f'<script src="{leaflet}"></script>', html
    )
    path = out_dir / f"naive-{n}.html"
    path.write_text(html, encoding="utf-8")
    context = browser.new_context()
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page = context.new_page()
    started = time.monotonic()
    page.goto(path.as_uri(), timeout=TIMEOUT_MS, wait_until="load")  # folium's script runs before "load"
    drawn = page.evaluate(
        """() => {
            const map = Object.values(window).find(v => v instanceof L.Map);
            let n = 0;
            map.eachLayer(l => { if (l instanceof L.CircleMarker) { n += 1; } });
            return n;
        }"""
    )
    if drawn < n:
        raise RuntimeError(f"naive map drew {drawn} of {n} markers")
    browser_s = time.monotonic() - started
    heap = page.evaluate("() => performance.memory ? performance.memory.usedJSHeapSize : 0")
    context.close()
    return {"python_s": python_s, "browser_s": browser_s, "html_mb": len(html) / 1e6, "heap_mb": heap / 1e6}


def run() -> list[str]:
    from playwright.sync_api import sync_playwright

    lines = [f"# scale ({date.today()}): generated strikes on Ukrainian towns, Sep 2022 - Dec 2025"]
    lines.append(
        "strikes    | first map | change redraw | sent/change | Python/run | JS heap | naive: Python render, browser draw, HTML, heap"
    )
    with tempfile.TemporaryDirectory(prefix="droneatlas-bench-") as tmp, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for n in SIZES:
            data_dir = generate(Path(tmp) / f"n{n}", n)
            try:
                ours = measure_app(data_dir, browser)
            except Exception as exc:  # report and go on with the next size
                lines.append(f"{n:>10,} | app: failed ({type(exc).__name__}: {str(exc)[:120]})")
                print(lines[-1], flush=True)
                continue
            try:
                naive = measure_naive(n, data_dir, browser, Path(tmp)) if n in NAIVE_SIZES else None
            except Exception as exc:
                naive = None
                print(f"naive {n}: failed ({type(exc).__name__}: {str(exc)[:120]})", flush=True)
            naive_text = (
                f"{naive['python_s']:.1f} s, {naive['browser_s']:.1f} s, {naive['html_mb']:.1f} MB, "
                f"{naive['heap_mb']:.0f} MB (x{(naive['python_s'] + naive['browser_s']) / ours['first_map_s']:.1f} slower)"
                if naive
                else "not run (would take many minutes)"
            )
            lines.append(
                f"{n:>10,} | {ours['first_map_s']:7.2f} s | {ours['change_s']:11.2f} s | "
                f"{ours['change_kb']:8.0f} KB | {ours['python_ms']:7.0f} ms | {ours['heap_mb']:5.0f} MB | {naive_text}"
                + (f" | OTHER HOSTS: {ours['foreign'][:2]}" if ours["foreign"] else "")
            )
            print(lines[-1], flush=True)
            shutil.rmtree(data_dir)
        browser.close()
    return lines
