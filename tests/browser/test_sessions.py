"""Many users of one server: what one session uploads or saves stays in it, and its upload
directory exists only once it imports something and goes once the session has ended."""

from __future__ import annotations

import json
import re
import time

import pytest
from playwright.sync_api import expect

from harness import AppServer, OfflinePage
from tests.conftest import PROJECT_DATA

pytestmark = pytest.mark.browser

STRIKES_CAPTION = re.compile(r"^\d+ strikes? · ")


def _strikes(page: OfflinePage) -> int:
    return int(page.page.get_by_text(STRIKES_CAPTION).first.inner_text().split()[0])


def test_uploads_and_decks_stay_in_their_session_and_upload_directories_go_with_it(browser, tmp_path) -> None:
    from tests.app.test_upload import GEOJSON

    temp = tmp_path / "tmp"  # the server's temp folder: its upload directories are counted there
    temp.mkdir()
    server = AppServer(PROJECT_DATA, extra_env={"TMPDIR": str(temp), "ATLAS_UPLOAD_GRACE_S": "1"})
    first, second = OfflinePage(browser), OfflinePage(browser)
    try:
        for page in (first, second):
            page.open_map(server.url)
            page.wait_for_controls()
        before = _strikes(first)
        assert not list(temp.glob("droneatlas-upload-*"))  # no import, no directory

        page = first.page
        dropzone = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
        first.open_lazy("Add data: CSV or GeoJSON", shows=dropzone)
        upload = tmp_path / "events.geojson"
        upload.write_text(json.dumps(GEOJSON), encoding="utf-8")
        dropzone.set_input_files(str(upload))
        page.get_by_role("button", name="Import").click()
        page.get_by_text(re.compile(r"read 2, accepted 1, rejected 1")).first.wait_for(timeout=120_000)
        page.get_by_text(re.compile(rf"^{before + 1} strikes · ")).first.wait_for(timeout=120_000)
        # Imported, the file left the server's memory: the uploader is drawn anew, empty.
        expect(page.locator('[data-testid="stFileChip"]')).to_have_count(0, timeout=30_000)
        first.open_lazy("Briefing deck", shows=page.get_by_label("Slide title"))
        page.get_by_label("Slide title").fill("Only in the first session")
        page.get_by_role("button", name="Add this view as a slide").click()
        page.get_by_text("Only in the first session").first.wait_for(timeout=120_000)
        assert len(list(temp.glob("droneatlas-upload-*"))) == 1

        # The other page, open all along: its own reruns show neither the upload nor the slide.
        other = second.page
        second.open_lazy("Add data: CSV or GeoJSON", shows=other.get_by_role("button", name="Import"))
        second.open_lazy("Briefing deck", shows=other.get_by_text("No slides yet"))
        second.wait_for_run()
        assert _strikes(second) == before
        assert other.get_by_text(re.compile(r"read 2, accepted 1")).count() == 0
        assert other.get_by_text("Only in the first session").count() == 0

        first.close()  # the session ends: its directory goes after the grace period
        deadline = time.monotonic() + 60
        while list(temp.glob("droneatlas-upload-*")) and time.monotonic() < deadline:
            second.pause(0.2)
        assert not list(temp.glob("droneatlas-upload-*"))
        assert first.errors == [] and second.errors == []
    finally:
        first.close()  # closing twice is harmless
        second.close()
        server.stop()


def test_an_import_that_adds_nothing_keeps_the_file_for_another_try(
    app_server, offline_page, tmp_path
) -> None:
    """The importer's message names what to fix (here: the columns); the file stays in the
    uploader, so the user fixes the column names and imports again without uploading again."""
    page = offline_page.page
    offline_page.open_map(app_server.url)
    offline_page.wait_for_controls()
    dropzone = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    offline_page.open_lazy("Add data: CSV or GeoJSON", shows=dropzone)
    upload = tmp_path / "events.csv"
    upload.write_text("name,note\nKyiv test,no coordinates\n", encoding="utf-8")
    dropzone.set_input_files(str(upload))
    page.get_by_role("button", name="Import").click()
    missing = re.compile(r"missing required column\(s\) lat, lon, date")
    page.get_by_text(missing).first.wait_for(timeout=120_000)
    offline_page.wait_for_run()
    expect(page.locator('[data-testid="stFileChip"]')).to_have_count(1)
    expect(page.get_by_role("button", name="Import")).to_be_enabled()
    assert offline_page.errors == []
