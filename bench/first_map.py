"""Time to first map in Chromium, and the Python cost of one timeline rerun, default data."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import date

from droneatlas.catalog import load_catalog
from droneatlas.timeline import OCTOBER_2022, Window, view_of
from droneatlas.view import MapOptions
from harness import ROOT, AppServer, OfflinePage, launch_chromium
from layers import build_overlays

WARM_RUNS = 5


def _best_of(fn: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def python_figures() -> list[str]:
    data = ROOT / "data"
    catalog = load_catalog(data)
    lines = [f"catalog load (default data): {_best_of(lambda: load_catalog(data)) * 1000:.0f} ms"]
    for label, window in (("full span", Window(*catalog.span())), ("October 2022", Window(*OCTOBER_2022))):
        view = view_of(catalog, window)
        ms = _best_of(lambda v=view: build_overlays(catalog, v, MapOptions())) * 1000
        lines.append(f"layers for one window ({label}, {len(view.strikes)} strikes): {ms:.0f} ms")
    return lines


def browser_figures() -> list[str]:
    from playwright.sync_api import sync_playwright

    server = AppServer(ROOT / "data")
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            cold, _ = _open(browser, server.url)
            warm = [_open(browser, server.url) for _ in range(WARM_RUNS)]
            browser.close()
    finally:
        server.stop()
    maps, controls = [m for m, _ in warm], [c for _, c in warm]
    return [
        f"time to first map, first visit after server start: {cold:.2f} s",
        f"time to first map, later visits (median of {WARM_RUNS}): {statistics.median(maps):.2f} s "
        f"(min {min(maps):.2f}, max {max(maps):.2f})",
        f"time to the controls (timeline, sidebar, tabs seen on the page), later visits: "
        f"{statistics.median(controls):.2f} s (min {min(controls):.2f}, max {max(controls):.2f})",
    ]


def _open(browser, url: str) -> tuple[float, float]:
    """Seconds until the map is drawn, and until its controls are on the page (they follow it)."""
    page = OfflinePage(browser)
    try:
        asked = time.monotonic()
        drawn = page.open_until_drawn(url)
        page.wait_for_controls()
        controls = time.monotonic() - asked
        if page.foreign_requests:
            raise RuntimeError(f"requests to other hosts: {page.foreign_requests[:3]}")
        page.pause(1)  # the next visit starts on an idle page and server
        return drawn, controls
    finally:
        page.close()


def run() -> list[str]:
    return [f"# first map (default data, {date.today()})", *python_figures(), *browser_figures()]
