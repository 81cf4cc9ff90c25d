"""The real app in a real browser: the map draws offline, the slider moves the strikes."""

from __future__ import annotations

import re
import time

import pytest

from bench.scale import generate
from droneatlas.assets import BORDERS_URLS, COARSE_BORDERS_URL, COARSE_MAX_ZOOM, first_map_files
from droneatlas.catalog import load_catalog
from droneatlas.regions import only_points, shade
from droneatlas.timeline import Window, view_of
from harness import MAP_FRAME, ROOT, AppServer
from tests.conftest import PROJECT_DATA, SITE, SOURCE, STRIKE

pytestmark = pytest.mark.browser


def caption_text(page) -> str:
    return page.get_by_text(re.compile(r"^\d+ strikes? · \d+ sites? · ")).first.inner_text()


def test_map_draws_three_layers_offline(app_server, offline_page) -> None:
    seconds = offline_page.open_map(app_server.url)
    print(f"\ntime to first map: {seconds:.2f} s")
    catalog = load_catalog(PROJECT_DATA)
    view = view_of(catalog, Window(*catalog.span()))
    counts = offline_page.layer_counts()
    assert counts["strikes"] == len(only_points(view.strikes))  # region records shade their oblast
    assert counts["regions"] == len(shade(view.strikes).values) > 0
    assert counts["sites"] == len(view.sites)
    assert counts["rings"] > 0 and counts["borders"] > 100
    frame = offline_page.map_frame()
    assert frame.locator(".atlas-legend").inner_text().startswith("Legend")
    assert caption_text(offline_page.page) in frame.locator(".atlas-stamp").inner_text()
    assert offline_page.foreign_requests == []
    assert offline_page.errors == []


def test_the_map_opens_with_coarse_borders_and_swaps_in_the_full_ones_when_zoomed_in(
    app_server, offline_page
) -> None:
    asked: list[str] = []
    offline_page.page.on("request", lambda request: asked.append(request.url))
    offline_page.open_map(app_server.url)
    frame = offline_page.leaflet_frame()
    paths = ".leaflet-atlas-borders-pane path"
    opened = frame.locator(paths).count()
    assert frame.evaluate("() => window.map.getZoom()") <= COARSE_MAX_ZOOM
    assert any(url.endswith(COARSE_BORDERS_URL) for url in asked)
    assert not any(url.endswith(BORDERS_URLS[0]) for url in asked)
    assert frame.evaluate("() => window.map.atlas.bordersDetailed") is False
    frame.evaluate(f"() => window.map.setZoom({COARSE_MAX_ZOOM + 2}, {{animate: false}})")
    frame.wait_for_function("() => window.map.atlas.bordersDetailed", timeout=30_000)
    assert any(url.endswith(BORDERS_URLS[0]) for url in asked)
    assert frame.locator(paths).count() == opened  # the full outlines replaced the coarse ones
    assert offline_page.errors == []


def test_the_map_frame_preloads_its_first_files_and_loads_each_once(app_server, offline_page) -> None:
    offline_page.open_map(app_server.url)
    assert offline_page.page.locator(MAP_FRAME).count() == 1
    loaded = offline_page.leaflet_frame().evaluate(
        "() => performance.getEntriesByType('resource')"
        ".map((e) => new URL(e.name).pathname + new URL(e.name).search)"
    )
    for _kind, url in first_map_files():  # preloaded and then used: a mismatch loads it twice
        assert loaded.count(url) == 1, (url, loaded)
    assert offline_page.errors == []


CONTROLS_AFTER_S = 4  # app.CONTROLS_AFTER_S: when the controls come if the map never asks


def test_a_new_page_draws_the_map_first_and_the_drawn_map_asks_for_its_controls(
    browser, offline_page
) -> None:
    server = AppServer(PROJECT_DATA, extra_env={"ATLAS_TIMING": "1"})
    sent: list[bytes] = []
    offline_page.page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(bytes(frame))))
    try:
        offline_page.open_map(server.url)
        frame = offline_page.leaflet_frame()
        frame.wait_for_function("() => !!window.map.atlas.drawnAt", timeout=30_000)
        offline_page.wait_for_controls(30_000)
        assert any(b'{"drawn":true}' in message for message in sent)  # the map's own request
        offline_page.page.wait_for_timeout(CONTROLS_AFTER_S * 1000 + 1500)
        assert server.log_text().count("run_ms=") == 2  # the fallback timer stopped with its fragment
        assert offline_page.page.locator(MAP_FRAME).count() == 1
        assert offline_page.errors == []
    finally:
        server.stop()


def test_the_controls_come_even_when_the_map_cannot_draw(app_server, offline_page) -> None:
    offline_page.page.route("**/core.bin.gz", lambda route: route.abort())  # no strikes, never "drawn"
    offline_page.page.goto(app_server.url)
    offline_page.map_frame().locator(".atlas-site").first.wait_for(timeout=60_000)
    offline_page.wait_for_controls((CONTROLS_AFTER_S + 30) * 1000)
    assert offline_page.leaflet_frame().evaluate("() => window.map.atlas.drawnAt") is None


def test_moving_the_slider_changes_the_strikes_on_the_map(app_server, offline_page) -> None:
    offline_page.open_map(app_server.url)
    before = offline_page.layer_counts()
    end_thumb = offline_page.page.locator('[data-testid="stSlider"] input[type=range]').nth(1)
    end_thumb.focus()
    end_thumb.press("Home")  # the window shrinks to its first day
    offline_page.page.get_by_text(re.compile(r"^0 strikes · ")).wait_for(timeout=30_000)
    deadline = time.monotonic() + 15
    while offline_page.layer_counts()["strikes"] != 0 and time.monotonic() < deadline:
        offline_page.pause(0.2)
    after = offline_page.layer_counts()
    assert before["strikes"] > 0 and after["strikes"] == 0
    assert after["borders"] == before["borders"]  # the base map stayed; only the layers moved
    assert offline_page.foreign_requests == []


def test_hostile_text_is_shown_literally_and_never_runs(start_server, offline_page, make_data_dir) -> None:
    hostile = "<img src=x onerror=alert(1)><script>alert(2)</script>{{7*7}}`${alert(3)}`"
    data_dir = make_data_dir(
        sources=[{**SOURCE, "title": hostile}],
        sites=[{**SITE, "name": hostile, "summary": hostile}],
        strikes=[{**STRIKE, "place": hostile, "summary": hostile}],
    )
    server = start_server(data_dir)
    offline_page.open_map(server.url)
    frame = offline_page.leaflet_frame()
    popups = offline_page.map_frame().locator(".leaflet-popup-content")
    frame.evaluate("() => window.feature_group.forEach(g => g.eachLayer(l => l.openPopup && l.openPopup()))")
    popups.first.wait_for(timeout=10_000)
    assert hostile in popups.first.inner_text()  # the site's popup
    frame.evaluate("() => window.map.atlas.strikes.openStrike(0)")  # the strike's, built in the page
    strike_popup = popups.filter(has_text="Killed")  # only a strike's popup has that row
    strike_popup.wait_for(timeout=10_000)
    assert hostile in strike_popup.inner_text()
    injected = "() => document.querySelectorAll('.leaflet-popup-content :is(img, script)').length"
    assert frame.evaluate(injected) == 0
    offline_page.page.wait_for_timeout(500)
    assert offline_page.dialogs == [] and offline_page.errors == []


GEODESIC_LINES_JS = """() => {
    let n = 0;
    window.map.eachLayer(l => {
        if (l instanceof L.Polyline && !(l instanceof L.Polygon) && l.getLatLngs().length > 100) { n += 1; }
    });
    return n;
}"""


# Two points of the map where a click reaches the map itself (not a marker, a disc or a
# control), far apart: the map's height follows the window, so what lies where does too.
EMPTY_POINTS_JS = """() => {
    const map = window.map.getContainer(), found = [];
    for (let y = 120; y < map.clientHeight - 120 && found.length < 2; y += 20) {
        for (let x = 120; x < map.clientWidth - 120; x += 20) {
            const far = found.every(p => Math.hypot(p.x - x, p.y - y) > 300);
            const hit = document.elementFromPoint(x, y);
            const free = !hit.closest(".leaflet-marker-icon, .leaflet-control, .leaflet-interactive");
            if (far && free) { found.push({x, y}); break; }
        }
    }
    return found;
}"""


def test_measure_two_points_draws_a_geodesic_and_gives_the_distance(app_server, offline_page) -> None:
    offline_page.open_map(app_server.url)
    page = offline_page.page
    page.get_by_text("Measure: click two points on the map").click()
    page.get_by_text("Click a first point on the map.").wait_for(timeout=30_000)
    offline_page.wait_for_single_map()  # measuring remounts the map (clicks now rerun the app)
    container = offline_page.map_frame().locator(".leaflet-container")
    first, second = offline_page.leaflet_frame().evaluate(EMPTY_POINTS_JS)  # not on a marker
    container.click(position=first)
    page.get_by_text("Click a second point.").wait_for(timeout=30_000)
    container.click(position=second)
    result = page.get_by_text(re.compile(r"^Great-circle distance: [\d,]+ km \([\d,]+ mi\)$"))
    result.wait_for(timeout=30_000)
    km, miles = (int(n.replace(",", "")) for n in re.findall(r"([\d,]+) (?:km|mi)", result.inner_text()))
    assert km > 0 and miles == pytest.approx(km / 1.609344, abs=1)
    # The geodesic, drawn with many vertices, not a straight two-point line (the map gets
    # its update a moment after the page shows the figure).
    offline_page.leaflet_frame().wait_for_function(f"() => ({GEODESIC_LINES_JS})() === 1", timeout=15_000)


def test_popups_of_a_large_pack_load_the_right_piece(start_server, offline_page, make_data_dir) -> None:
    # More strikes than one details file holds; three share the last place, on three days.
    strikes = [
        {**STRIKE, "id": f"s{i}", "place": f"Town {i}", "lon": f"{30 + i / 10_000:.4f}"} for i in range(5_003)
    ]
    for i, day in zip((5_000, 5_001, 5_002), ("2022-10-29", "2022-10-30", "2022-10-31"), strict=True):
        strikes[i] |= {"place": "Last town", "lat": "49.0", "lon": "35.0", "date": day}
    offline_page.open_map(start_server(make_data_dir(strikes=strikes)).url)
    frame = offline_page.leaflet_frame()
    frame.wait_for_function("() => window.map.atlas.strikes.selectedCount() === 5003", timeout=30_000)
    popups = offline_page.map_frame().locator(".leaflet-popup-content")
    frame.evaluate("() => window.map.atlas.strikes.openStrike(5002)")  # in the second details file
    popups.filter(has_text="Killed").wait_for(timeout=10_000)
    assert "Last town" in popups.first.inner_text() and "31 Oct 2022" in popups.first.inner_text()
    frame.evaluate("() => window.map.setView([49.0, 35.0], 12)")
    disc = offline_page.map_frame().locator(".atlas-cluster", has_text="3")
    disc.first.click()
    listing = popups.filter(has_text="3 strikes at Last town")
    listing.wait_for(timeout=10_000)
    dates = [li.inner_text().split(" · ")[0] for li in listing.locator("li").all()]
    assert dates == ["29 Oct 2022", "30 Oct 2022", "31 Oct 2022"]
    assert offline_page.errors == [] and offline_page.foreign_requests == []


def test_the_hostile_corpus_in_strike_popups_is_shown_literally(
    start_server, offline_page, make_data_dir
) -> None:
    """Strike popups are built in the page: every string of tests/hostile.py as a place and a
    summary is shown as text (whitespace aside), adds no element and runs nothing."""
    from droneatlas.text import spreadsheet_value
    from tests.hostile import HOSTILE

    strikes = [{**STRIKE, "id": f"h{n}", "place": text, "summary": text} for n, text in enumerate(HOSTILE)]
    server = start_server(make_data_dir(strikes=strikes))
    offline_page.open_map(server.url + "?start=2022-10-01&end=2022-10-31")
    frame = offline_page.leaflet_frame()
    shown = frame.evaluate(
        """async (n) => {
            const texts = [], content = () => {
                const shown = document.querySelectorAll('.leaflet-popup-content');  // the last is the newest
                return shown.length ? shown[shown.length - 1].textContent : '';
            };
            for (let i = 0; i < n; i++) {
                const before = content();
                window.map.atlas.strikes.openStrike(i);  // its details may come in a later chunk
                for (let t = 0; t < 200 && content() === before; t++) {
                    await new Promise(r => setTimeout(r, 50));
                }
                texts.push(content());
            }
            return texts.join('\\n');
        }""",
        len(HOSTILE),
    )
    injected = (
        "() => document.querySelectorAll('.leaflet-popup-pane :is(img, script, svg, iframe, b, i)').length"
    )
    assert frame.evaluate(injected) == 0

    def bare(text: str) -> str:  # the popup's whitespace is the page's, not the file's
        return re.sub(r"\s+", "", text)

    missing = [text for text in HOSTILE if bare(spreadsheet_value(text.strip())) not in bare(shown)]
    assert missing == []
    offline_page.page.wait_for_timeout(500)
    assert offline_page.dialogs == [] and offline_page.errors == []


def test_the_first_check_of_a_large_data_set_leaves_the_map_where_it_is(offline_page, tmp_path) -> None:
    """A page whose first run checks a large data set says so above the map. The map must not
    be mounted anew when the note goes: here the new map's frame missed Streamlit's ready
    message every time, so the map never came."""
    # A plain `streamlit run`: serve.py would check the data as it starts, and a page that
    # came after that check would see no note.
    server = AppServer(generate(tmp_path / "data", 100_000), script=ROOT / "app.py")
    detached, received = [], []
    offline_page.page.on("framedetached", lambda frame: detached.append(frame.url))
    offline_page.page.on("websocket", lambda ws: ws.on("framereceived", lambda data: received.append(data)))
    try:
        offline_page.open_map(server.url)
        offline_page.wait_for_controls()
        offline_page.wait_for_run()
    finally:
        server.stop()
    shown = any(b"Data checked" in data for data in received if isinstance(data, bytes))
    assert shown, "the page's first run did not check the data: the case under test did not happen"
    assert detached == []  # any frame: one replaced before it loaded has no address yet
