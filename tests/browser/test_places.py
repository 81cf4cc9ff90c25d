"""Place names, oblasts and "Find a place" on the real app's map (static/atlas/places.js, finder.js)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

SIZES = [(1920, 1080), (1366, 768), (390, 844)]
TIMEOUT_MS = 120_000

# Every pair of shown place names whose boxes overlap (by more than rounding), and the names.
OVERLAPS_JS = """() => {
    const labels = [...document.querySelectorAll('.atlas-label')].filter(el => el.offsetParent !== null);
    const boxes = labels.map(el => el.getBoundingClientRect());
    const pairs = [];
    for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i], b = boxes[j];
            const apart = a.right - 0.5 <= b.left || b.right - 0.5 <= a.left
                || a.bottom - 0.5 <= b.top || b.bottom - 0.5 <= a.top;
            if (!apart) {
                pairs.push([labels[i].textContent, labels[j].textContent]);
            }
        }
    }
    return {names: labels.map(el => el.textContent), pairs};
}"""
ZOOM_JS = """(zoom) => new Promise(done => {
    window.map.once('atlas:labelsplaced', () => done(window.map.getZoom()));
    window.map.setZoom(zoom, {animate: false});
})"""


def _open(offline_page, url: str, size: tuple[int, int]):
    offline_page.page.set_viewport_size({"width": size[0], "height": size[1]})
    offline_page.page.goto(url)
    frame = offline_page.map_frame()
    frame.locator(".atlas-label").first.wait_for(timeout=TIMEOUT_MS)
    leaflet = offline_page.leaflet_frame()
    leaflet.wait_for_function(
        "() => window.map.atlas.places && window.map.atlas.places.loaded", timeout=TIMEOUT_MS
    )
    return frame, leaflet


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_no_two_place_names_overlap_at_two_zooms(app_server, offline_page, size) -> None:
    _frame, leaflet = _open(offline_page, app_server.url, size)
    for zoom in (5, 7):
        assert leaflet.evaluate(ZOOM_JS, zoom) == zoom
        shown = leaflet.evaluate(OVERLAPS_JS)
        assert len(shown["names"]) >= 5, f"too few names at zoom {zoom}: {shown['names']}"
        assert shown["pairs"] == [], f"overlapping names at zoom {zoom}, {size}: {shown['pairs']}"
    assert offline_page.foreign_requests == [] and offline_page.errors == []


def test_names_and_oblasts_sit_under_the_data(app_server, offline_page) -> None:
    _frame, leaflet = _open(offline_page, app_server.url, SIZES[0])
    panes = leaflet.evaluate(
        """() => Object.fromEntries(
            ['atlas-borders', 'atlas-oblasts', 'atlas-labels', 'overlayPane', 'markerPane', 'atlas-regions']
            .map(name => [name, window.map.getPane(name)])
            .map(([name, pane]) => [name, pane ? Number(getComputedStyle(pane).zIndex) : null]))"""
    )
    # Borders < oblast lines < names < rings and strikes (overlay pane) < sites and discs (markers).
    assert panes["atlas-borders"] < panes["atlas-oblasts"] < panes["atlas-labels"] < panes["overlayPane"]
    assert panes["overlayPane"] < panes["markerPane"]
    # Over the oblasts' shading when a window shades them (regions.js).
    assert panes["atlas-regions"] is None or panes["atlas-regions"] < panes["atlas-labels"]
    inside = leaflet.evaluate(
        """() => [...document.querySelectorAll('.atlas-label')]
            .every(el => el.closest('.leaflet-atlas-labels-pane'))"""
    )
    assert inside
    assert (
        leaflet.evaluate("() => document.querySelectorAll('.leaflet-atlas-oblasts-pane path').length") == 85
    )


def test_find_a_place_by_its_cyrillic_name(app_server, offline_page) -> None:
    frame, leaflet = _open(offline_page, app_server.url, SIZES[1])
    box = frame.locator(".atlas-finder-input")
    box.fill("Харків")
    frame.locator(".atlas-finder-results li").first.wait_for(timeout=TIMEOUT_MS)
    assert frame.locator(".atlas-finder-results li").first.inner_text().startswith("Kharkiv")
    box.press("Enter")
    leaflet.wait_for_function("() => window.map.getZoom() >= 9", timeout=TIMEOUT_MS)
    lat, lon = leaflet.evaluate("() => [window.map.getCenter().lat, window.map.getCenter().lng]")
    assert abs(lat - 49.98) < 0.05 and abs(lon - 36.25) < 0.05  # GeoNames' Kharkiv
    frame.locator(".atlas-label-found").first.wait_for(timeout=TIMEOUT_MS)
    assert frame.locator(".atlas-label-found").inner_text() == "Kharkiv"
    box.fill("Atlantis")
    assert frame.locator(".atlas-finder-none").inner_text() == "No place found"


def test_the_october_2022_presenter_view_names_kyiv_the_oblasts_and_the_crimea_base(
    app_server, offline_page
) -> None:
    url = f"{app_server.url}?start=2022-10-01&end=2022-10-31&presenter=1"
    frame, leaflet = _open(offline_page, url, SIZES[0])
    frame.locator(".atlas-label-site").first.wait_for(timeout=TIMEOUT_MS)
    names = leaflet.evaluate(OVERLAPS_JS)["names"]
    assert "Kyiv" in names
    assert len([n for n in names if n.endswith(" Oblast")]) >= 10
    assert any(n.startswith("Dzhankoi") for n in names), names
