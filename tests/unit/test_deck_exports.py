"""The shipped deck as PDF, PPTX and slideshow HTML, read back with real tools: python-pptx,
Debian's pdfinfo, pdftotext and pdftoppm (poppler-utils); and `droneatlas deck` on bad files."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys

import pytest
from PIL import Image
from pptx import Presentation

from droneatlas.catalog import load_catalog
from droneatlas.deck import check_deck, paragraphs, read_deck
from droneatlas.export.deck.pdf import deck_pdf
from droneatlas.export.deck.pptx import deck_pptx
from layers.slideshow import slideshow_html
from tests.conftest import PROJECT_DATA, ROOT

SHIPPED = PROJECT_DATA / "decks" / "autumn-2022.toml"
poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")


@pytest.fixture(scope="module")
def shipped():
    catalog = load_catalog(PROJECT_DATA)
    deck, _ = read_deck(SHIPPED)
    ready, refused = check_deck(deck, catalog)
    assert refused == []
    return catalog, deck, ready


def test_pptx_has_a_slide_per_entry_with_its_title_picture_and_notes(shipped) -> None:
    catalog, deck, ready = shipped
    presentation = Presentation(io.BytesIO(deck_pptx(catalog, ready, title=deck.title)))
    assert len(presentation.slides) == len(ready)
    for slide, entry in zip(presentation.slides, ready, strict=True):
        assert slide.shapes.title.text == entry.slide.title
        pictures = [shape for shape in slide.shapes if shape.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
        assert len(pictures) == 1
        assert Image.open(io.BytesIO(pictures[0].image.blob)).size == (1920, 1080)
        notes = slide.notes_slide.notes_text_frame.text
        assert notes.startswith(paragraphs(entry.slide.notes)[0])
        assert all(f"[{source}]" in notes for source in entry.slide.sources)


@poppler
def test_pdf_has_one_page_per_slide_with_its_notes_below(shipped, tmp_path) -> None:
    catalog, deck, ready = shipped
    pdf = tmp_path / "deck.pdf"
    pdf.write_bytes(deck_pdf(catalog, ready, title=deck.title))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert f"Pages:           {len(ready)}" in info
    assert deck.title in info  # the document's title
    for number, entry in enumerate(ready, start=1):
        page = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), "-layout", str(pdf), "-"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        flat = " ".join(page.split())
        assert entry.slide.title in flat and "Speaker notes" in flat
        assert " ".join(paragraphs(entry.slide.notes)[0].split()[:8]) in flat
        assert all(f"[{source}]" in flat.replace(" ", "") or source in flat for source in entry.slide.sources)


@poppler
def test_a_pdf_page_renders_as_a_map_over_its_notes(shipped, tmp_path) -> None:
    catalog, deck, ready = shipped
    pdf = tmp_path / "deck.pdf"
    pdf.write_bytes(deck_pdf(catalog, ready[2:3], title=deck.title))  # the rings slide
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True
    )
    image = Image.open(tmp_path / "page.png").convert("RGB")
    width, height = image.size
    assert width > height  # landscape: the 16:9 slide and a band of notes
    # The map's sea and land are not white; the notes band below the slide mostly is.
    top = image.crop((0, height // 6, width, height // 2)).getcolors(1 << 20)
    bottom = image.crop((0, height - height // 8, width, height)).getcolors(1 << 20)
    white = lambda colours: sum(n for n, c in colours if min(c) > 245) / sum(n for n, _ in colours)  # noqa: E731
    assert white(top) < 0.5 < white(bottom)


def test_slideshow_is_one_map_with_every_slide(shipped) -> None:
    catalog, deck, ready = shipped
    html = slideshow_html(catalog, ready, title=deck.title)
    assert html.count("DroneAtlas.slideshow.add(") == 1
    assert html.count("DroneAtlas.strikes.add(") == 1  # one map, one strike pack
    assert "<script src=" not in html and 'rel="stylesheet" href=' not in html
    for entry in ready:
        assert entry.slide.title.replace("'", "\\u0027") in html


def deck_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "droneatlas", "deck", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize(
    ("content", "suffix", "message"),
    [
        ('title = "x"\n[[slides]\ntitle = 1\n', ".toml", "not valid TOML"),
        ('{"title": "x", "slides": 3}', ".json", "no slides"),
        ("title: x\n", ".yaml", "ends in .toml or .json"),
    ],
)
def test_a_malformed_deck_file_is_one_line_and_exit_2(
    tmp_path, content: str, suffix: str, message: str
) -> None:
    path = tmp_path / f"deck{suffix}"
    path.write_text(content, encoding="utf-8")
    out = tmp_path / "briefing.pdf"
    done = deck_cli(str(path), "--format", "pdf", "--out", str(out))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and message in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()


def test_bad_slides_are_named_and_the_others_export(tmp_path) -> None:
    path = tmp_path / "deck.toml"
    path.write_text(
        'title = "Mixed"\n'
        '[[slides]]\ntitle = "Good"\nview = { start = "2022-10-01", end = "2022-10-31" }\n'
        '[[slides]]\ntitle = "Drone"\nview = { start = "2022-10-01", end = "2022-10-31", drones = ["x-1"] }\n'
        '[[slides]]\ntitle = "Date"\nview = { start = "2022-10-01", end = "31/10/2022" }\n'
        '[[slides]]\ntitle = "Window"\nview = { layers = ["sites"] }\n',
        encoding="utf-8",
    )
    out = tmp_path / "briefing.pptx"
    done = deck_cli(str(path), "--format", "pptx", "--out", str(out))
    assert done.returncode == 0, done.stderr
    warnings = done.stderr.strip().splitlines()
    assert [line.split(":")[1].strip() for line in warnings] == [
        "slide 2 ('Drone')",
        "slide 3 ('Date')",
        "slide 4 ('Window')",
    ]
    assert "x-1" in warnings[0] and "31/10/2022" in warnings[1] and "no window" in warnings[2]
    assert "1 slide(s); 3 slide(s) left out" in done.stdout
    assert [s.shapes.title.text for s in Presentation(str(out)).slides] == ["Good"]
