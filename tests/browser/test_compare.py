"""Compare mode in a real browser: two maps side by side that pan and zoom together, in the
app and in the offline compare file."""

from __future__ import annotations

from datetime import date

import pytest

from droneatlas.catalog import load_catalog
from droneatlas.compare import difference_text
from droneatlas.timeline import Window, view_of
from droneatlas.view import ViewSpec
from harness import MAP_FRAME
from layers.standalone import snapshot_html
from tests.conftest import PROJECT_DATA

pytestmark = pytest.mark.browser

OCT_2022, OCT_2024 = (
    Window(date(2022, 10, 1), date(2022, 10, 31)),
    Window(date(2024, 10, 1), date(2024, 10, 31)),
)
LINK = "?start=2022-10-01&end=2022-10-31&compare_start=2024-10-01&compare_end=2024-10-31"
# Both maps of the page, read through their frames (same origin as the page).
BOTH_DRAWN = f"""() => {{
    const maps = [...document.querySelectorAll('{MAP_FRAME}')].map(f => f.contentWindow.map);
    return maps.length === 2 && maps.every(m => m && m.atlas && m.atlas.drawnAt);
}}"""
VIEWS = f"""() => [...document.querySelectorAll('{MAP_FRAME}')].map(f => {{
    const m = f.contentWindow.map, c = m.getCenter();
    return [m.getZoom(), Math.round(c.lat * 100) / 100, Math.round(c.lng * 100) / 100];
}})"""


def assert_together(views: list[list[float]], asked: list[float]) -> None:
    """Both maps at the same view, the one asked for (Leaflet snaps a centre to whole pixels)."""
    assert views[0] == views[1]
    zoom, lat, lon = views[0]
    assert zoom == asked[0] and abs(lat - asked[1]) < 0.05 and abs(lon - asked[2]) < 0.05


def test_a_compare_link_shows_both_windows_on_maps_that_move_together(app_server, offline_page) -> None:
    page = offline_page.page
    page.goto(app_server.url + LINK)
    page.wait_for_function(BOTH_DRAWN, timeout=90_000)
    catalog = load_catalog(PROJECT_DATA)
    first, second = view_of(catalog, OCT_2022), view_of(catalog, OCT_2024)
    page.get_by_text(difference_text(catalog, first, second)).wait_for(timeout=30_000)
    stamps = page.frame_locator(MAP_FRAME)
    assert first.caption() in stamps.first.locator(".atlas-stamp").inner_text()
    assert second.caption() in stamps.last.locator(".atlas-stamp").inner_text()
    page.evaluate(
        f"() => document.querySelectorAll('{MAP_FRAME}')[0].contentWindow.map.setView([50.45, 30.52], 7)"
    )
    assert_together(page.evaluate(VIEWS), [7, 50.45, 30.52])
    page.evaluate(
        f"() => document.querySelectorAll('{MAP_FRAME}')[1].contentWindow.map.setView([46.48, 30.73], 6)"
    )
    assert_together(page.evaluate(VIEWS), [6, 46.48, 30.73])
    assert offline_page.errors == [] and offline_page.foreign_requests == []


def test_the_compare_file_works_offline_and_its_maps_move_together(browser, tmp_path) -> None:
    catalog = load_catalog(PROJECT_DATA)
    path = tmp_path / "compare.html"
    path.write_text(
        snapshot_html(catalog, ViewSpec(OCT_2022, compare=OCT_2024, title="<b>2022</b>")), "utf-8"
    )
    context = browser.new_context(viewport={"width": 1600, "height": 900})
    blocked: list[str] = []
    local = ("file:", "data:", "about:")
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(local)
                  else (blocked.append(route.request.url), route.abort()))  # fmt: skip
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(path.as_uri())
        assert page.locator("h1").inner_text() == "<b>2022</b>"  # a title is text, never markup
        maps = "[...document.querySelectorAll('iframe')].map(f => f.contentWindow.DroneAtlas.sync.map)"
        # Both maps drawn (their strikes loaded, framed alike) before one of them is moved.
        settled = f"() => {maps}.every(m => m && m.atlas.strikes && m.atlas.strikes.core)"
        page.wait_for_function(settled, timeout=60_000)
        # Each map frames itself once drawn (fitBounds, animated): let that end first, as a
        # reader would, or its last frames would be synced over the move below.
        page.wait_for_timeout(1500)
        zooms = page.evaluate(f"() => {maps}.map(m => m.getZoom())")
        assert zooms[0] == zooms[1]
        page.evaluate(f"() => {maps}[1].setView([50.45, 30.52], 8)")
        moved = f"() => {maps}.every(m => m.getZoom() === 8 && m.getCenter().lat.toFixed(2) === '50.45')"
        page.wait_for_function(moved, timeout=10_000)
        stamps = [page.frame_locator("iframe").nth(k).locator(".atlas-stamp").inner_text() for k in (0, 1)]
        assert "1 Oct – 31 Oct 2022" in stamps[0] and "1 Oct – 31 Oct 2024" in stamps[1]
        assert blocked == [] and errors == []
    finally:
        context.close()
