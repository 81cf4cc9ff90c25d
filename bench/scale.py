"""Scale: the default data and 1k to 1M strikes in the app, beside the naive folium way.

Data directories are generated in a temporary folder (never committed): the curated
sources, drones and sites, plus N strikes placed on Ukrainian towns (GeoNames, weighted by
population) on random days from Sep 2022 to Dec 2025. Each is measured with the real app
in Debian's chromium (2 cores here):

- first map: from opening the page until borders and strikes are drawn and painted (the
  map's own stamp, harness.OfflinePage.open_until_drawn); the median of later visits (data
  loaded), and the first visit after a server restart (the checked catalog then comes from
  the disk cache, the process is new);
- three timeline changes (the slider's end a step back each): until the strikes are
  redrawn, the bytes each brings to the browser (WebSocket messages and every HTTP
  response), and the Python time of its run (the app prints it when ATLAS_TIMING is set);
- the tab's JS heap, and a zoom: from zoomIn() until the strikes are drawn again;
- aggregation: numbered discs and single markers drawn at the opening zoom.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from harness import ROOT, AppServer, OfflinePage, launch_chromium

SIZES = (1_000, 10_000, 100_000, 1_000_000)
NAIVE_SIZES = (1_000, 10_000, 100_000)  # 1M the naive way would take many minutes and GBs
WARM_VISITS = 7
CHANGES = 3  # timeline changes measured per data set (medians reported)
FIRST_DAY, LAST_DAY = date(2022, 9, 13), date(2025, 12, 31)
TIMEOUT_MS = 300_000  # per step: a benchmark reports a failure, it does not hang
ZOOM_JS = """() => new Promise(resolve => {
    const map = window.map, started = performance.now();
    map.once('moveend', () => requestAnimationFrame(() => resolve(performance.now() - started)));
    map.zoomIn(1, {animate: false});
})"""
DRAWN_KINDS_JS = """() => {
    let discs = 0, markers = 0;
    window.map.atlas.strikes.group.eachLayer(l => { if (l instanceof L.Marker) { discs += 1; } else { markers += 1; } });
    return [discs, markers];
}"""


def generate(directory: Path, n: int, seed: int = 7) -> Path:
    """A data directory with the curated tables and ``n`` generated strikes."""
    directory.mkdir(parents=True, exist_ok=True)
    for name in ("sources.csv", "drones.csv", "sites.csv"):
        shutil.copy(ROOT / "data" / name, directory / name)
    places = pd.read_csv(ROOT / "data" / "gazetteer" / "places.csv", keep_default_na=False)
    towns = places[(places["country"] == "UA") & (places["kind"] == "city")].reset_index(drop=True)
    weights = pd.to_numeric(towns["population"], errors="coerce").fillna(5000).to_numpy(float)
    rng = np.random.default_rng(seed)
    picks = towns.iloc[rng.choice(len(towns), size=n, p=weights / weights.sum())]
    days = pd.Timestamp(FIRST_DAY) + pd.to_timedelta(rng.integers(0, (LAST_DAY - FIRST_DAY).days + 1, n), "D")
    strikes = pd.DataFrame(
        {
            "id": [f"gen-{i}" for i in range(n)],
            "date": days.strftime("%Y-%m-%d"),
            "lat": picks["lat"].to_numpy(),
            "lon": picks["lon"].to_numpy(),
            "place": picks["name"].to_numpy(),
            "region": "",
            "country": "UA",
            "drone_id": rng.choice(["shahed-136", "shahed-131", "lancet"], size=n, p=[0.85, 0.1, 0.05]),
            "target_type": "unknown",
            "killed": "",
            "injured": "",
            "confidence": rng.choice(["verified", "reported", "claimed"], size=n, p=[0.1, 0.6, 0.3]),
            "precision": "city",
            "summary": "Generated benchmark event",
            "source_ids": "geonames",
        }
    )
    strikes.to_csv(directory / "strikes.csv", index=False)
    return directory


class Visit:
    """One page on the app, counting what reaches the browser."""

    def __init__(self, browser) -> None:
        self.page = OfflinePage(browser)
        self.received: list[int] = []
        self.counting = False  # asking each response its size costs a round trip: only when counting
        self.page.page.on("websocket", lambda ws: ws.on("framereceived", self._frame))
        self.page.page.on("requestfinished", self._response)

    def _frame(self, payload: bytes | str) -> None:
        if self.counting:
            self.received.append(len(payload))

    def _response(self, request) -> None:
        if self.counting:
            with contextlib.suppress(Exception):  # a request of a frame that has gone: nothing to count
                self.received.append(request.sizes()["responseBodySize"])

    def open(self, url: str) -> float:
        return self.page.open_until_drawn(url, TIMEOUT_MS)

    def frame(self):
        return self.page.leaflet_frame()

    def close(self) -> None:
        self.page.close()


def _runs(server: AppServer) -> list[int]:
    return [int(ms) for ms in re.findall(r"run_ms=(\d+)", server.log_text())]


def _change(visit: Visit, server: AppServer) -> tuple[float, int, float]:
    """Move the window's end a step back: seconds until the strikes are redrawn, bytes that
    reach the browser for it, and the Python time of the run."""
    # setWindow filters and redraws at once: a new window on the layer means the map is redrawn
    # (whether or not the step removed a strike).
    before = visit.frame().evaluate("() => JSON.stringify(window.map.atlas.strikes.window)")
    runs_before = len(_runs(server))
    visit.received.clear()
    visit.counting = True
    thumb = visit.page.page.locator('[data-testid="stSlider"] input[type=range]').nth(1)
    thumb.focus()
    changed = time.monotonic()
    thumb.press("PageDown")
    visit.frame().wait_for_function(
        f"() => JSON.stringify(window.map.atlas.strikes.window) !== {json.dumps(before)}",
        timeout=TIMEOUT_MS,
        polling=20,
    )
    redraw = time.monotonic() - changed
    deadline = time.monotonic() + 120
    while len(_runs(server)) <= runs_before and time.monotonic() < deadline:
        visit.page.page.wait_for_timeout(200)
    visit.page.page.wait_for_timeout(1500)  # and whatever the page fetches after it
    visit.counting = False
    runs = _runs(server)[runs_before:]
    return redraw, sum(visit.received), max(runs) if runs else float("nan")


def measure_app(data_dir: Path, browser) -> dict:
    server = AppServer(data_dir, extra_env={"ATLAS_TIMING": "1"})
    try:
        first = Visit(browser)
        first_ever = first.open(server.url)
        first.close()
        warm = []
        for _ in range(WARM_VISITS):
            visit = Visit(browser)
            warm.append(visit.open(server.url))
            visit.close()
        visit = Visit(browser)
        visit.open(server.url)
        # The controls follow the drawn map: changes are measured on a settled page.
        visit.page.wait_for_controls(TIMEOUT_MS)
        visit.page.pause(1.5)  # let the page finish drawing them
        discs, markers = visit.frame().evaluate(DRAWN_KINDS_JS)
        changes = [_change(visit, server) for _ in range(CHANGES)]
        zoom_ms = statistics.median(visit.frame().evaluate(ZOOM_JS) for _ in range(3))
        heap = visit.frame().evaluate("() => performance.memory ? performance.memory.usedJSHeapSize : 0")
        foreign = visit.page.foreign_requests
        visit.close()
    finally:
        server.stop()
    restarted = AppServer(data_dir)  # a new process: the checked catalog comes from the disk cache
    try:
        visit = Visit(browser)
        after_restart = visit.open(restarted.url)
        visit.close()
    finally:
        restarted.stop()
    return {
        "warm_s": statistics.median(warm),
        "first_ever_s": first_ever,
        "restart_s": after_restart,
        "change_s": statistics.median(c[0] for c in changes),
        "change_kb": statistics.median(c[1] for c in changes) / 1000,
        "python_ms": statistics.median(c[2] for c in changes),
        "python_max_ms": max(c[2] for c in changes),
        "heap_mb": heap / 1e6,
        "zoom_ms": zoom_ms,
        "discs": discs,
        "markers": markers,
        "foreign": foreign,
    }


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


HEADER = (
    "strikes | first map: later visits (median), after restart, first ever | change redrawn | sent per change"
    " | Python per run (median, max) | JS heap | zoom redraw | discs / single markers | naive folium: render + draw, HTML, heap"
)


def row(label: str, ours: dict, naive: dict | None) -> str:
    if naive:
        total = naive["python_s"] + naive["browser_s"]
        naive_text = (
            f"{naive['python_s']:.1f} + {naive['browser_s']:.1f} s (x{total / ours['warm_s']:.1f} our first map), "
            f"{naive['html_mb']:.1f} MB, {naive['heap_mb']:.0f} MB"
        )
    else:
        naive_text = "not run"
    return (
        f"{label} | {ours['warm_s']:.2f} s, {ours['restart_s']:.2f} s, {ours['first_ever_s']:.1f} s | "
        f"{ours['change_s']:.2f} s | {ours['change_kb']:.0f} KB | {ours['python_ms']:.0f} ms (max {ours['python_max_ms']:.0f}) | "
        f"{ours['heap_mb']:.0f} MB | {ours['zoom_ms']:.0f} ms | {ours['discs']} / {ours['markers']} | {naive_text}"
        + (f" | OTHER HOSTS: {ours['foreign'][:2]}" if ours["foreign"] else "")
    )


def run(sizes: tuple[int, ...] = SIZES, naive_sizes: tuple[int, ...] = NAIVE_SIZES) -> Iterator[str]:
    """The table, a line at a time (about 20 minutes with the default sizes)."""
    from playwright.sync_api import sync_playwright

    yield f"# scale ({date.today()}): generated strikes on Ukrainian towns, Sep 2022 - Dec 2025"
    yield HEADER
    with tempfile.TemporaryDirectory(prefix="droneatlas-bench-") as tmp, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield row("default data (data/)", measure_app(ROOT / "data", browser), None)
        for n in sizes:
            data_dir = generate(Path(tmp) / f"n{n}", n)
            try:
                ours = measure_app(data_dir, browser)
            except Exception as exc:  # report and go on with the next size
                yield f"{n:,} | app: failed ({type(exc).__name__}: {str(exc)[:160]})"
                continue
            try:
                naive = measure_naive(n, data_dir, browser, Path(tmp)) if n in naive_sizes else None
            except Exception as exc:
                naive = None
                yield f"naive {n}: failed ({type(exc).__name__}: {str(exc)[:120]})"
            yield row(f"{n:,}", ours, naive)
            shutil.rmtree(data_dir)
        browser.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description="Scale: the default data and N generated strikes in the app."
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="numbers of strikes")
    parser.add_argument(
        "--no-naive", action="store_true", help="skip folium's documented way (minutes at 100,000)"
    )
    args = parser.parse_args()
    for line in run(tuple(args.sizes), () if args.no_naive else NAIVE_SIZES):
        print(line, flush=True)
