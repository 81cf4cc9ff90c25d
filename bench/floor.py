"""The first map beside Streamlit's own floor, measured side by side in one run.

At 100,000 generated strikes (bench.scale.generate), the app started as `make run` does
(serve.py) and a bare Streamlit page with one date slider (bench/bare_page.py, `streamlit
run`) are opened in turn in Debian's chromium, VISITS times each. The map's time is its own
drawn stamp (harness.OfflinePage.open_until_drawn); the bare page's, the paint after its
slider is attached, stamped in the page the same way (a MutationObserver, then a frame and
a task: no polling delay on either side).
Prints both medians and their ratio (issue target: at most 1.2).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.scale import generate
from harness import ROOT, AppServer, OfflinePage, launch_chromium

VISITS = 9
STRIKES = 100_000
SLIDER = '[data-testid="stSlider"] input[type=range]'
# Stamped as the map stamps itself (controls.announceDrawn): once attached, after the next
# paint (a frame, then a task), so that both sides count the same way.
STAMP_SLIDER_JS = """(() => {
    let asked = false;
    const stamp = () => requestAnimationFrame(() => setTimeout(() => { window.__sliderAt = Date.now(); }, 0));
    const seen = () => { if (!asked && document.querySelector('SLIDER')) { asked = true; stamp(); } };
    new MutationObserver(seen).observe(document, {subtree: true, childList: true});
})()""".replace("SLIDER", SLIDER)


def _bare_visit(browser, url: str) -> float:
    page = OfflinePage(browser)
    try:
        page.page.add_init_script(STAMP_SLIDER_JS)
        asked = time.time()
        page.page.goto(url)
        page.page.wait_for_function("() => !!window.__sliderAt", timeout=120_000, polling=50)
        return page.page.evaluate("() => window.__sliderAt") / 1000 - asked
    finally:
        page.close()


def _map_visit(browser, url: str) -> float:
    page = OfflinePage(browser)
    try:
        return page.open_until_drawn(url)
    finally:
        page.close()


def run() -> list[str]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="droneatlas-floor-") as tmp:
        data = generate(Path(tmp) / "data", STRIKES)
        app, bare = AppServer(data), AppServer(data, script=ROOT / "bench" / "bare_page.py")
        try:
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                _map_visit(browser, app.url), _bare_visit(browser, bare.url)  # first visits: warm both
                maps, floors = [], []
                for _ in range(VISITS):  # in turn, so that both see the same machine
                    maps.append(_map_visit(browser, app.url))
                    time.sleep(1)
                    floors.append(_bare_visit(browser, bare.url))
                    time.sleep(1)
                browser.close()
        finally:
            app.stop()
            bare.stop()
    first_map, floor = statistics.median(maps), statistics.median(floors)
    return [
        f"# first map against Streamlit's floor ({STRIKES:,} strikes, {date.today()}, median of {VISITS})",
        f"first map (app as make run serves it): {first_map:.2f} s (min {min(maps):.2f}, max {max(maps):.2f})",
        f"bare Streamlit page, one date slider: {floor:.2f} s (min {min(floors):.2f}, max {max(floors):.2f})",
        f"ratio first map / floor: {first_map / floor:.2f} (target: at most 1.2)",
    ]
