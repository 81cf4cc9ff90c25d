"""The live map follows the timeline slider as it moves, before the app's run for it."""

from __future__ import annotations

from harness import MAP_FRAME

# Moves the slider's end thumb a month back as a drag does (the input's own value, then its
# input event) and reads the map's strikes window in the same turn: only the page's own
# listener can have moved it by then, the app's run comes later.
MOVE_END_JS = """([frameSelector]) => {
    const inputs = document.querySelectorAll('.st-key-window input[type=range]');
    const end = inputs[1];
    const map = document.querySelector(frameSelector).contentWindow.map;
    const before = map.atlas.strikes.window.slice();
    const value = String(Number(end.value) - 30 * 86400e6);
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(end, value);
    end.dispatchEvent(new Event('input', {bubbles: true}));
    const after = map.atlas.strikes.window.slice();
    return {before: before, after: after, endDay: Math.floor(Number(value) / 86400e6)};
}"""


def test_the_strikes_move_with_the_slider_before_the_run(app_server, offline_page) -> None:
    offline_page.open_map(app_server.url)
    offline_page.wait_for_controls()
    moved = offline_page.page.evaluate(MOVE_END_JS, [MAP_FRAME])
    assert moved["after"] == [moved["before"][0], moved["endDay"]] != moved["before"]
    assert offline_page.errors == []


def test_a_hidden_strikes_layer_stays_hidden(app_server, offline_page) -> None:
    offline_page.open_map(app_server.url + "?layers=sites,rings")
    offline_page.wait_for_controls()
    shown = f"() => document.querySelector('{MAP_FRAME}').contentWindow.map.atlas.strikes.window"
    assert offline_page.page.evaluate(shown) is None
    js = MOVE_END_JS.replace("const before = map.atlas.strikes.window.slice();", "const before = null;")
    js = js.replace(
        "const after = map.atlas.strikes.window.slice();", "const after = map.atlas.strikes.window;"
    )
    assert offline_page.page.evaluate(js, [MAP_FRAME])["after"] is None
