"""The strike filter and launch lines in the real app: a filtered link opens filtered, the
link keeps the filter, and switching a filter or a layer updates the map in place."""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest

from droneatlas.catalog import load_catalog
from droneatlas.filters import StrikeFilter, filter_view
from droneatlas.launchlines import launch_lines
from droneatlas.regions import only_points
from droneatlas.timeline import Window, view_of
from harness import MAP_FRAME, OfflinePage
from tests.conftest import PROJECT_DATA

pytestmark = pytest.mark.browser

LINK = "?strike_drones=shahed-136&confidence=verified,reported&targets=energy,moon&casualties=1"
LINE_PATHS = 'path[stroke-dasharray="2 4"]'  # launch lines (droneatlas.style.launch_line_style)


def shown(strike_filter: StrikeFilter):
    catalog = load_catalog(PROJECT_DATA)
    return catalog, filter_view(view_of(catalog, Window(*catalog.span())), strike_filter)


def drawn(view) -> int:
    """The strikes the map draws as points (region records shade their oblast instead)."""
    return len(only_points(view.strikes))


def wait_for_strikes(page: OfflinePage, expected: int, timeout_s: float = 30) -> int:
    deadline = time.monotonic() + timeout_s
    while (count := page.layer_counts()["strikes"]) != expected and time.monotonic() < deadline:
        page.pause(0.2)
    return count


def test_a_filtered_link_opens_filtered_and_the_link_keeps_the_filter(
    app_server, offline_page, browser
) -> None:
    catalog, view = shown(
        StrikeFilter(
            drones=("shahed-136",), confidence=("verified", "reported"), targets=("energy",), casualties=True
        )
    )
    assert 0 < len(view.strikes) < len(catalog.strikes)
    page = offline_page.page
    page.goto(app_server.url + LINK)
    # The notice comes with the page's first run (the next one, which brings the controls, has
    # said it already): looked for while the map draws.
    page.get_by_text(re.compile(r"Link: ignored targets='moon'")).first.wait_for(timeout=60_000)
    offline_page.map_frame().locator(".atlas-site").first.wait_for(timeout=60_000)
    assert wait_for_strikes(offline_page, drawn(view)) == drawn(view)
    stamp = offline_page.map_frame().locator(".atlas-stamp")
    words = "Strikes: Shahed-136 only · verified and reported · energy target · with reported casualties"
    assert words in stamp.inner_text()

    page.wait_for_function("() => window.location.search.includes('casualties=1')", timeout=30_000)
    shared = page.evaluate("() => window.location.href")
    query = parse_qs(urlsplit(shared).query)
    assert query["strike_drones"] == ["shahed-136"] and query["targets"] == ["energy"]
    assert query["confidence"] == ["verified,reported"]
    other = OfflinePage(browser)
    try:
        other.open_map(shared)
        assert wait_for_strikes(other, drawn(view)) == drawn(view)
        assert other.foreign_requests == [] and other.errors == []
    finally:
        other.close()
    assert offline_page.errors == [] and offline_page.foreign_requests == []


def test_a_filter_and_the_launch_lines_change_the_map_in_place(app_server, offline_page) -> None:
    catalog, everything = shown(StrikeFilter())
    _, hurt = shown(StrikeFilter(casualties=True))
    offline_page.open_map(app_server.url)
    offline_page.wait_for_controls()
    page, frame = offline_page.page, offline_page.leaflet_frame()
    assert wait_for_strikes(offline_page, drawn(everything)) == drawn(everything)
    # The user's own position, and a mark on this very map page: a remount would lose both.
    frame.evaluate(
        "() => { window.map.setView([48.5, 34.0], 6, {animate: false}); window.atlasProbe = 'same page'; }"
    )

    # The box comes with the run the panel asks for; a click while a run still draws may land
    # on an element being replaced, so `tick` clicks until the page shows the box ticked.
    casualties = page.get_by_role("checkbox", name="Only with reported casualties")
    offline_page.open_lazy("Filter strikes", casualties)
    offline_page.tick("Only with reported casualties", casualties)
    assert wait_for_strikes(offline_page, drawn(hurt)) == drawn(hurt) < drawn(everything)
    offline_page.map_frame().locator(".atlas-stamp").get_by_text(
        re.compile("with reported casualties")
    ).wait_for(timeout=30_000)

    page.locator('[data-testid="stSidebar"]').get_by_text("Launch lines", exact=True).first.click()
    expected_lines = len(launch_lines(hurt.strikes, catalog.sites))
    assert expected_lines > 0
    offline_page.map_frame().locator(LINE_PATHS).first.wait_for(state="attached", timeout=30_000)
    deadline = time.monotonic() + 30
    while (
        offline_page.map_frame().locator(LINE_PATHS).count() != expected_lines and time.monotonic() < deadline
    ):
        offline_page.pause(0.2)
    assert offline_page.map_frame().locator(LINE_PATHS).count() == expected_lines
    assert "Launch lines" in offline_page.map_frame().locator(".atlas-legend").inner_text()

    # Measured in screen pixels: when the frame is resized to fit the window, Leaflet keeps the
    # centre to the nearest whole pixel of its grid, which shifts the centre's degrees a little.
    probe, moved, zoom = frame.evaluate(
        "() => [window.atlasProbe, window.map.project(window.map.getCenter(), 6)"
        ".distanceTo(window.map.project([48.5, 34.0], 6)), window.map.getZoom()]"
    )
    assert probe == "same page"  # the map was updated, not mounted anew
    assert zoom == 6 and moved < 1, f"the map moved {moved:.2f} px from the user's own position"
    assert page.locator(MAP_FRAME).count() == 1
    assert offline_page.errors == [] and offline_page.foreign_requests == []
