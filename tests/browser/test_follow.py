"""The live map follows the timeline slider as it moves, before the app's run for it."""

from __future__ import annotations

import json
import re

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


def test_a_key_moves_the_strikes_before_the_app_answers(app_server, offline_page) -> None:
    """With the app's answers held back, a key on the slider still moves the map's strikes."""
    held = []

    def relay(page_socket) -> None:
        server = page_socket.connect_to_server()  # the page's messages still reach the app
        server.on_message(lambda message: None if held else page_socket.send(message))

    offline_page.page.route_web_socket(re.compile(r".*/_stcore/stream"), relay)
    offline_page.open_map(app_server.url)
    offline_page.wait_for_controls()
    frame = offline_page.leaflet_frame()
    before = frame.evaluate("() => window.map.atlas.strikes.window")
    held.append(True)
    thumb = offline_page.page.locator(".st-key-window input[type=range]").nth(1)
    thumb.focus()
    thumb.press("PageDown")
    frame.wait_for_function(
        f"() => JSON.stringify(window.map.atlas.strikes.window) !== {json.dumps(json.dumps(before))}",
        timeout=20_000,
    )
    after = frame.evaluate("() => window.map.atlas.strikes.window")
    assert after[0] == before[0] and after[1] < before[1]
