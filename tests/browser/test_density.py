"""The density view in a real browser: hexagons counted in the page, switched in place."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# What the strikes layer draws right now: hexagons (density), and the strikes they count.
DRAWN_JS = """() => {
    const S = window.map.atlas.strikes, layers = S.group.getLayers();
    const hexagons = layers.filter(l => l instanceof L.Polygon);
    const count = h => Number(h.getTooltip().getContent().split(" ")[0].replace(/,/g, ""));
    const counted = hexagons.reduce((n, h) => n + count(h), 0);
    return {style: S.style, hexagons: hexagons.length, others: layers.length - hexagons.length, counted,
            selected: S.selectedCount()};
}"""


def drawn(offline_page) -> dict:
    return offline_page.leaflet_frame().evaluate(DRAWN_JS)


def test_a_density_link_draws_hexagons_that_count_every_strike_in_view(app_server, offline_page) -> None:
    offline_page.open_map(app_server.url + "?strikes=density&lat=49.0&lon=32.0&zoom=5")
    offline_page.leaflet_frame().wait_for_function(
        "() => window.map.atlas.strikes.group.getLayers().length > 0"
    )
    now = drawn(offline_page)
    assert now["style"] == "density" and now["hexagons"] > 0 and now["others"] == 0
    # Every strike of the window in view is in exactly one hexagon (at zoom 5 over Ukraine,
    # all the curated strikes but those far outside it).
    assert 0 < now["counted"] <= now["selected"]
    legend = offline_page.map_frame().locator(".atlas-legend").inner_text()
    assert "count per hexagon" in legend
    assert offline_page.errors == []


def test_switching_to_points_restyles_the_map_in_place(app_server, offline_page) -> None:
    offline_page.open_map(app_server.url + "?strikes=density&lat=49.0&lon=32.0&zoom=6")
    offline_page.wait_for_controls()
    frame = offline_page.leaflet_frame()
    frame.evaluate("() => { window.map.atlas.notRemounted = true; }")
    offline_page.page.locator('[data-testid="stSidebar"]').get_by_text("points", exact=True).click()
    frame.wait_for_function("() => window.map.atlas.strikes.style === 'points'", timeout=30_000)
    now = drawn(offline_page)
    assert now["hexagons"] == 0 and now["others"] > 0
    # The same map, at the same place: a restyle, not a remount.
    assert frame.evaluate("() => window.map.atlas.notRemounted === true && window.map.getZoom()") == 6
    offline_page.page.wait_for_function("() => !location.search.includes('strikes=density')", timeout=30_000)
