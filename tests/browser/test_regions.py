"""Honest aggregation in the real app: region records shade their oblast, a country record
is counted in the stamp and drawn nowhere, and an oblast's popup shows its records as text."""

from __future__ import annotations

import re
import time

import pytest

from tests.conftest import STRIKE

pytestmark = pytest.mark.browser

HOSTILE = "<img src=x onerror=alert(1)>{{7*7}}"
ODESA = {**STRIKE, "id": "odesa", "place": HOSTILE, "region": "Odesa oblast", "precision": "region",
         "lat": "46.48", "lon": "30.72", "confidence": "claimed"}  # fmt: skip
LVIV = {**STRIKE, "id": "lviv", "place": "somewhere", "region": "", "precision": "region",
        "lat": "49.84", "lon": "24.03"}  # fmt: skip
UKRAINE = {**STRIKE, "id": "ukraine", "place": "Ukraine", "region": "", "precision": "country",
           "lat": "48.25", "lon": "31.65"}  # fmt: skip
OPEN_ODESA = (
    """() => { window.map.eachLayer(l => { if (l.options.atlasCode === "UA-51") { l.openPopup(); } }); }"""
)


def test_oblasts_are_shaded_and_a_country_record_is_counted_not_drawn(
    start_server, offline_page, make_data_dir
) -> None:
    server = start_server(make_data_dir(strikes=[STRIKE, ODESA, LVIV, UKRAINE]))
    offline_page.open_map(server.url)
    frame = offline_page.map_frame()
    frame.locator(".leaflet-atlas-regions-pane path").nth(1).wait_for(state="attached", timeout=30_000)
    counts = offline_page.layer_counts()
    assert counts["strikes"] == 1 and counts["regions"] == 2  # Kyiv's point; Odesa and Lviv oblasts
    frame.locator(".atlas-stamp", has_text="1 record not placed on the map").wait_for(timeout=30_000)
    legend = frame.locator(".atlas-legend").inner_text()
    assert "Oblasts · region-level reports" in legend and "1 record" in legend
    offline_page.leaflet_frame().evaluate(OPEN_ODESA)
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    text = popup.inner_text()
    assert text.startswith("Odesa Oblast · 1 record") and HOSTILE in text  # data text shown as text
    assert offline_page.errors == [] and offline_page.dialogs == [] and offline_page.foreign_requests == []


def test_a_timeline_change_moves_the_shading_without_remounting_the_map(
    start_server, offline_page, make_data_dir
) -> None:
    server = start_server(make_data_dir(strikes=[STRIKE, ODESA, LVIV]))
    offline_page.open_map(server.url)
    frame = offline_page.map_frame()
    frame.locator(".leaflet-atlas-regions-pane path").nth(1).wait_for(state="attached", timeout=30_000)
    offline_page.leaflet_frame().evaluate("() => { window.map.atlasMark = 'first mount'; }")
    end_thumb = offline_page.page.locator('[data-testid="stSlider"] input[type=range]').nth(1)
    end_thumb.focus()
    end_thumb.press("Home")  # the window shrinks to its first day, before every strike
    offline_page.page.get_by_text(re.compile(r"^0 strikes · ")).wait_for(timeout=30_000)
    deadline = time.monotonic() + 15
    while offline_page.layer_counts()["regions"] and time.monotonic() < deadline:
        offline_page.pause(0.2)
    assert offline_page.layer_counts()["regions"] == 0
    assert offline_page.leaflet_frame().evaluate("() => window.map.atlasMark") == "first mount"
    assert "Oblasts" not in frame.locator(".atlas-legend").inner_text()
    assert offline_page.errors == []


def test_a_standalone_file_shades_its_oblasts_and_playback_recounts_them(
    browser, make_data_dir, tmp_path
) -> None:
    from datetime import date

    from droneatlas.catalog import load_catalog
    from droneatlas.timeline import Window
    from droneatlas.view import ViewSpec
    from layers.standalone import snapshot_html

    later = {**LVIV, "date": "2022-10-30"}  # Lviv's record comes two weeks after Odesa's
    catalog = load_catalog(make_data_dir(strikes=[STRIKE, ODESA, later, UKRAINE]))
    path = tmp_path / "view.html"
    path.write_text(
        snapshot_html(catalog, ViewSpec(Window(date(2022, 10, 1), date(2022, 10, 31)))), encoding="utf-8"
    )
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(path.as_uri())
        page.locator(".leaflet-atlas-regions-pane path").nth(1).wait_for(state="attached", timeout=30_000)
        shown = """() => { const m = Object.values(window).find(v => v instanceof L.Map);
            return m.atlas.regionLayers.filter(e => e.layer.getLayers()[0].options.fillOpacity > 0)
                .map(e => e.layer.options.atlasCode).sort(); }"""
        assert page.evaluate(shown) == ["UA-46", "UA-51"]
        assert "1 record not placed on the map" in page.locator(".atlas-stamp").inner_text()
        page.evaluate("() => Object.values(window).find(v => v instanceof L.Map).fire("
                      "'atlas:playframe', {first: 19280, last: 19290})")  # fmt: skip
        assert page.evaluate(shown) == ["UA-51"]  # 17 Oct is in the frame, 30 Oct is not
        page.evaluate("() => Object.values(window).find(v => v instanceof L.Map).fire("
                      "'atlas:playframe', {first: null, last: null})")  # fmt: skip
        assert page.evaluate(shown) == ["UA-46", "UA-51"] and errors == []
    finally:
        page.close()
