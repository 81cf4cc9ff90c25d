"""A view travels: a permalink reopens it, the downloaded HTML shows it offline from disk."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from harness import COUNT_LAYERS_JS, OfflinePage

pytestmark = pytest.mark.browser

LINK = "?start=2022-10-01&end=2022-10-31&layers=sites,strikes&lat=47.5000&lon=33.0000&zoom=6"


def test_permalink_reopens_the_same_view(app_server, offline_page, browser) -> None:
    offline_page.open_map(app_server.url + LINK)
    page = offline_page.page
    # .first: while the controls come, Streamlit shows the old caption beside the new one for a moment.
    caption = page.get_by_text(
        re.compile(r"^\d+ strikes? · \d+ sites? · 1 Oct – 31 Oct 2022$")
    ).first.inner_text()
    counts = offline_page.layer_counts()
    assert counts["rings"] == 0 and counts["strikes"] > 0  # rings were left out of the link
    centre, zoom = offline_page.leaflet_frame().evaluate(
        "() => [window.map.getCenter(), window.map.getZoom()]"
    )
    assert zoom == 6 and abs(centre["lat"] - 47.5) < 0.05 and abs(centre["lng"] - 33.0) < 0.05

    # The app writes the whole view back into the address bar; a fresh page opening it agrees.
    page.wait_for_function("() => window.location.search.includes('unit=')", timeout=20_000)
    shared = page.evaluate("() => window.location.href")
    query = parse_qs(urlsplit(shared).query)
    assert query["start"] == ["2022-10-01"] and query["layers"] == ["sites,strikes"]
    other = OfflinePage(browser)
    try:
        other.open_map(shared)
        # Wait for the caption rather than count it at once: it is redrawn when the controls come.
        other.page.get_by_text(caption).first.wait_for(timeout=30_000)
        assert other.layer_counts() == counts
        assert other.foreign_requests == []
    finally:
        other.close()


def test_invalid_link_values_are_ignored_with_a_notice(app_server, offline_page) -> None:
    offline_page.open_map(app_server.url + "?start=2022-13-45&lat=999&lon=30&layers=sites,heat")
    page = offline_page.page
    page.get_by_text(re.compile(r"Link: ignored start=")).first.wait_for(timeout=20_000)
    assert offline_page.layer_counts()["sites"] > 0
    assert offline_page.errors == []


def test_downloaded_html_opens_from_disk_with_no_network(app_server, offline_page, browser, tmp_path) -> None:
    offline_page.open_map(app_server.url + "?start=2022-10-01&end=2022-10-31")
    page = offline_page.page
    in_app = offline_page.layer_counts()
    html_button = page.get_by_role("button", name="Download HTML (works offline)")
    offline_page.open_lazy("Share and export this view", shows=html_button)
    with page.expect_download(timeout=60_000) as download:
        html_button.click()
    path = tmp_path / "view.html"
    download.value.save_as(path)

    context = browser.new_context()
    blocked: list[str] = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
                  else (blocked.append(route.request.url), route.abort()))  # fmt: skip
    try:
        standalone = context.new_page()
        errors: list[str] = []
        standalone.on("pageerror", lambda error: errors.append(str(error)))
        standalone.goto(path.as_uri())
        standalone.locator(".leaflet-atlas-borders-pane path").first.wait_for(
            state="attached", timeout=30_000
        )
        counts = standalone.evaluate(COUNT_LAYERS_JS)
        assert counts["strikes"] == in_app["strikes"] and counts["sites"] == in_app["sites"]
        assert counts["regions"] == in_app["regions"]  # the oblasts the window's region records shade
        assert counts["borders"] == in_app["borders"]
        assert "1 Oct – 31 Oct 2022" in standalone.locator(".atlas-stamp").inner_text()
        standalone.click('.atlas-playback [data-act="play"]')
        standalone.wait_for_function("() => document.querySelector('.atlas-playback-day').textContent !== ''")
        assert blocked == [] and errors == []
    finally:
        context.close()


def test_add_data_upload_imports_and_reports(app_server, offline_page, tmp_path) -> None:
    from tests.app.test_upload import GEOJSON

    offline_page.open_map(app_server.url)
    page = offline_page.page
    before = int(page.get_by_text(re.compile(r"^\d+ strikes? · ")).first.inner_text().split()[0])
    dropzone = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    offline_page.open_lazy("Add data: CSV or GeoJSON", shows=dropzone)
    upload = tmp_path / "events.geojson"
    upload.write_text(json.dumps(GEOJSON), encoding="utf-8")
    dropzone.set_input_files(str(upload))
    page.get_by_role("button", name="Import").click()
    page.get_by_text(re.compile(r"read 2, accepted 1, rejected 1")).first.wait_for(timeout=120_000)
    page.get_by_text(re.compile(rf"^{before + 1} strikes · ")).first.wait_for(timeout=120_000)
    assert offline_page.errors == [] and offline_page.foreign_requests == []
