"""A preset (a callback writing the slider's value) survives a request the page sends before
it has drawn the preset's run: that request carries the slider's old value back, which
Streamlit applies over the session's (ui.state.assign and hold_assigned)."""

from __future__ import annotations

import re
import time

OCTOBER = "1 Oct – 31 Oct 2022"


def test_a_preset_survives_a_click_sent_before_its_run_arrived(app_server, offline_page) -> None:
    queued: list = []
    sent: list = []  # what the page sent the app
    relay = {"hold": False}
    sockets: dict = {}

    def route(page_socket) -> None:
        server = page_socket.connect_to_server()
        sockets["page"] = page_socket

        def to_server(message) -> None:
            sent.append(message)
            server.send(message)

        page_socket.on_message(to_server)

        def to_page(message) -> None:
            if relay["hold"]:
                queued.append(message)
            else:
                page_socket.send(message)

        server.on_message(to_page)

    page = offline_page.page
    page.route_web_socket(re.compile(r".*/_stcore/stream"), route)
    offline_page.open_map(app_server.url)
    offline_page.wait_for_controls()
    slider_end = page.locator(".st-key-window input[type=range]").nth(1)
    before = slider_end.get_attribute("aria-valuetext")

    relay["hold"] = True  # the page hears nothing from the app from now on
    page.get_by_role("button", name="October 2022", exact=True).click()
    deadline = time.monotonic() + 60
    while not queued and time.monotonic() < deadline:  # the preset's run has begun
        page.wait_for_timeout(50)
    assert queued, "the app did not start the preset's run"
    # The page still shows the old window, and sends it with the next click.
    requests = len(sent)
    page.locator("[data-testid=stSidebar]").get_by_text("miles", exact=True).click()
    while len(sent) == requests and time.monotonic() < deadline:  # the click's request has left
        page.wait_for_timeout(50)
    assert len(sent) > requests, "the page sent nothing for the click"
    relay["hold"] = False
    for message in queued:
        sockets["page"].send(message)
    queued.clear()

    # The click's run writes the address last: then the page shows where the app ended.
    page.wait_for_function("() => location.search.includes('unit=mi')", timeout=60_000)
    offline_page.wait_for_run()
    assert "end=2022-10-31" in page.url
    assert slider_end.get_attribute("aria-valuetext") != before
    assert page.locator("[data-testid=stSidebar]").get_by_role("radio", name="miles").is_checked()
    offline_page.map_frame().locator(".atlas-stamp", has_text=OCTOBER).wait_for(timeout=60_000)
    assert offline_page.errors == []
