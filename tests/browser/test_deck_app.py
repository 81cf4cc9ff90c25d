"""The presenter's path in the app: four views saved as slides, presented with the arrow
keys (the map moving to each slide's view), then the PDF, the PowerPoint file and the
offline slideshow downloaded and read back."""

from __future__ import annotations

import subprocess
import time

from pptx import Presentation

SLIDES = [
    ("Full span", "The whole record."),
    ("October 2022", "Kyiv and the first Shahed waves."),
    ("Full span", "Again the whole record, for contrast."),
    ("October 2022", "Back to October."),
]


def test_build_present_and_export_a_four_slide_deck(app_server, offline_page, tmp_path) -> None:
    offline_page.open_map(app_server.url)
    offline_page.wait_for_controls()
    page = offline_page.page
    page.get_by_text("Briefing deck").click()
    started = time.monotonic()
    for number, (preset, notes) in enumerate(SLIDES, start=1):
        page.get_by_role("button", name=preset, exact=True).click()
        page.get_by_label("Slide title").fill(f"Slide {number}: {preset}")
        page.get_by_label("Speaker notes").fill(notes)
        page.get_by_label("Speaker notes").press("Tab")  # the text area keeps its value on blur
        page.get_by_role("button", name="Add this view as a slide").click()
        page.get_by_text(f"Slide {number}: {preset}").first.wait_for(timeout=60_000)
    built = time.monotonic() - started
    # A download button drawn by a run that another run replaces may point at a file the app
    # no longer has: click the buttons the last run drew.
    offline_page.wait_for_run()

    files = {}
    for label, suffix in (
        ("Download PDF", "pdf"),
        ("Download PowerPoint", "pptx"),
        ("Download slideshow", "html"),
    ):
        with page.expect_download(timeout=120_000) as download:
            page.get_by_role("button", name=label).click()
        files[suffix] = tmp_path / f"briefing.{suffix}"
        download.value.save_as(files[suffix])
    exported = time.monotonic() - started
    print(f"\ndeck of 4 built in {built:.1f} s; built and exported in {exported:.1f} s")
    for path in files.values():
        print(f"{path.name}: {path.stat().st_size:,} bytes")

    deck = Presentation(str(files["pptx"]))
    assert [s.shapes.title.text for s in deck.slides] == [
        f"Slide {n}: {p}" for n, (p, _) in enumerate(SLIDES, 1)
    ]
    assert [s.notes_slide.notes_text_frame.text for s in deck.slides] == [notes for _, notes in SLIDES]
    info = subprocess.run(["pdfinfo", str(files["pdf"])], capture_output=True, text=True, check=True).stdout
    assert "Pages:           4" in info
    html = files["html"].read_text(encoding="utf-8")
    assert html.count("DroneAtlas.slideshow.add(") == 1 and "Slide 4: October 2022" in html

    page.get_by_role("button", name="Present the deck").click()
    nav = page.locator(".st-key-deck-nav")
    nav.wait_for(timeout=60_000)
    assert "1 / 4" in nav.inner_text()
    page.keyboard.press("ArrowRight")
    page.locator(".st-key-deck-nav", has_text="2 / 4").wait_for(timeout=60_000)
    offline_page.wait_for_single_map(timeout_ms=60_000)
    # The slide's run updates the stamp after the map is drawn: wait for it, never read early.
    offline_page.map_frame().locator(".atlas-stamp", has_text="1 Oct – 31 Oct 2022").wait_for(timeout=60_000)
    page.get_by_role("button", name="◀ Previous").click()
    page.locator(".st-key-deck-nav", has_text="1 / 4").wait_for(timeout=60_000)
    assert offline_page.errors == [] and offline_page.foreign_requests == []
