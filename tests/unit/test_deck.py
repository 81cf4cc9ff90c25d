"""The deck file: TOML and JSON read alike, a slide's view checked as a link is, a bad slide
named and left out while the others stay, a file that is not a deck refused in one line."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from droneatlas.catalog import load_catalog
from droneatlas.deck import (
    Deck,
    DeckError,
    Slide,
    check_deck,
    deck_toml,
    paragraphs,
    parse_deck,
    read_deck,
    slide_view,
    source_lines,
)
from droneatlas.timeline import Window
from tests.conftest import PROJECT_DATA

SHIPPED = PROJECT_DATA / "decks" / "autumn-2022.toml"

GOOD = """
title = "Test deck"

[[slides]]
title = "October 2022"
notes = \"\"\"
First line
of a paragraph.

Second paragraph.
\"\"\"
sources = ["reuters-2022-10-17-kyiv-drones"]
[slides.view]
start = "2022-10-01"
end = "2022-10-31"
layers = ["strikes", "sites"]
lat = 50.4
lon = 30.5
zoom = 6
"""


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(PROJECT_DATA)


def test_a_slide_view_means_what_a_link_means(catalog) -> None:
    deck, problems = parse_deck(GOOD, fmt="toml")
    ready, refused = check_deck(deck, catalog)
    assert problems == [] and refused == []
    spec = ready[0].spec
    assert (spec.window.start, spec.window.end) == (date(2022, 10, 1), date(2022, 10, 31))
    assert spec.options.layers == ("strikes", "sites") and spec.options.ring_drones is None
    assert spec.center == (50.4, 30.5) and spec.zoom == 6 and spec.title == "October 2022"
    # and back: the view keys of the spec are the ones the file gave
    assert slide_view(spec) == {
        "start": "2022-10-01", "end": "2022-10-31", "layers": "strikes,sites",
        "lat": "50.4000", "lon": "30.5000", "zoom": "6", "unit": "km",
    }  # fmt: skip


def test_json_reads_as_toml_does(catalog) -> None:
    toml_deck, _ = parse_deck(GOOD, fmt="toml")
    as_json = json.dumps(
        {"title": toml_deck.title, "slides": [vars(s) | {"number": None} for s in toml_deck.slides]}
    )
    json_deck, problems = parse_deck(as_json.replace(', "number": null', ""), fmt="json")
    assert problems == []
    assert check_deck(json_deck, catalog)[0][0].spec == check_deck(toml_deck, catalog)[0][0].spec


def test_saved_toml_reads_back_the_same_deck(catalog) -> None:
    deck, _ = parse_deck(GOOD, fmt="toml")
    again, problems = parse_deck(deck_toml(deck), fmt="toml")
    assert problems == []
    assert [(s.title, s.notes, s.sources, s.view) for s in again.slides] == [
        (s.title, s.notes, s.sources, s.view) for s in deck.slides
    ]
    assert '"""' in deck_toml(deck)  # notes stay readable: multi-line strings


def test_notes_are_paragraphs_with_the_files_line_breaks_joined() -> None:
    deck, _ = parse_deck(GOOD, fmt="toml")
    assert paragraphs(deck.slides[0].notes) == ["First line of a paragraph.", "Second paragraph."]


@pytest.mark.parametrize(
    ("view", "sources", "message"),
    [
        (
            '{ start = "2022-10-01", end = "2022-10-31", drones = ["shahed-999"] }',
            "[]",
            "drones='shahed-999': unknown",
        ),
        ('{ start = "2022-10-32", end = "2022-10-31" }', "[]", "start='2022-10-32': not a date YYYY-MM-DD"),
        ('{ start = "2022-10-31", end = "2022-10-01" }', "[]", "end='2022-10-01': before start"),
        ('{ layers = ["sites"] }', "[]", "no window: give start and end"),
        ('{ start = "2022-10-01" }', "[]", "no window: give end"),
        ('{ start = "2022-10-01", end = "2022-10-31", zom = 5 }', "[]", "unknown view key(s) zom"),
        (
            '{ start = "2022-10-01", end = "2022-10-31" }',
            '["no-such-source"]',
            "unknown source id(s) no-such-source",
        ),
    ],
)
def test_a_bad_slide_is_named_and_the_others_stay(catalog, view: str, sources: str, message: str) -> None:
    text = (
        GOOD
        + f'\n[[slides]]\ntitle = "Broken"\nsources = {sources}\nview = {view}\n'
        + GOOD.split("\n", 2)[2]
    )
    deck, problems = parse_deck(text, fmt="toml")
    ready, refused = check_deck(deck, catalog)
    assert problems == []
    assert [r.number for r in ready] == [1, 3]
    assert len(refused) == 1 and refused[0].startswith("slide 2 ('Broken'): ") and message in refused[0]


def test_a_slide_of_the_wrong_shape_keeps_the_numbering(catalog) -> None:
    text = GOOD + '\n[[slides]]\nnotes = "no title"\n' + GOOD.split("\n", 2)[2]
    deck, problems = parse_deck(text, fmt="toml")
    assert problems == ["slide 2: no title"]
    ready, refused = check_deck(deck, catalog)
    assert [r.number for r in ready] == [1, 3] and refused == []


@pytest.mark.parametrize(
    ("text", "fmt", "message"),
    [
        ('title = "x"\n[[slides]\n', "toml", "not valid TOML"),
        ("{not json", "json", "not valid JSON"),
        ("[1, 2]", "json", "a deck is a table"),
        ('title = "x"\n', "toml", "no slides"),
        ('title = "x"\nslides = []\n', "toml", "no slides"),
        ('title = "x"\npages = 3\n[[slides]]\ntitle = "a"\n', "toml", r"unknown key\(s\) pages"),
        ("title = 3\n[[slides]]\ntitle = 'a'\n", "toml", "title must be text"),
    ],
)
def test_a_file_that_is_not_a_deck_is_one_line(text: str, fmt: str, message: str) -> None:
    with pytest.raises(DeckError, match=message) as caught:
        parse_deck(text, fmt=fmt)
    assert "\n" not in str(caught.value)


def test_read_deck_names_the_format_by_suffix(tmp_path) -> None:
    path = tmp_path / "deck.yaml"
    path.write_text("title: x", encoding="utf-8")
    with pytest.raises(DeckError, match=r"ends in \.toml or \.json"):
        read_deck(path)
    binary = tmp_path / "deck.toml"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(DeckError, match="not UTF-8"):
        read_deck(binary)


def test_the_shipped_deck_checks_and_every_slide_cites_sources(catalog) -> None:
    deck, problems = read_deck(SHIPPED)
    ready, refused = check_deck(deck, catalog)
    assert problems == [] and refused == []
    assert len(ready) >= 4
    for slide in ready:
        assert slide.slide.notes and slide.slide.sources, slide.slide.title
        assert len(source_lines(catalog, slide.slide.sources)) == len(slide.slide.sources)
        assert all(s in catalog.sources.index for s in slide.slide.sources)


def test_slides_made_in_the_app_have_no_file_number(catalog) -> None:
    deck = Deck("d", (Slide("A", view={"start": "2022-10-01", "end": "2022-10-02", "zoom": "99"}),))
    ready, refused = check_deck(deck, catalog)
    assert ready == [] and refused[0].startswith("slide 1 ('A'): zoom='99'")


COMPARE = """
title = "Two Octobers"

[[slides]]
title = "October 2022 and October 2024"
[slides.view]
start = "2022-10-01"
end = "2022-10-31"
compare_start = "2024-10-01"
compare_end = "2024-10-31"
confidence = ["verified", "reported"]
"""


def test_a_compare_slide_keeps_both_windows_and_its_filter(catalog) -> None:
    deck, problems = parse_deck(COMPARE, fmt="toml")
    ready, refused = check_deck(deck, catalog)
    assert problems == [] and refused == []
    spec = ready[0].spec
    assert spec.compare == Window(date(2024, 10, 1), date(2024, 10, 31))
    assert spec.options.strike_filter.confidence == ("verified", "reported")
    assert slide_view(spec) == {
        "start": "2022-10-01", "end": "2022-10-31", "layers": "sites,strikes,rings", "unit": "km",
        "compare_start": "2024-10-01", "compare_end": "2024-10-31", "confidence": "verified,reported",
    }  # fmt: skip


def test_a_compare_slide_is_side_by_side_in_the_pdf_and_in_words_in_the_slideshow(catalog) -> None:
    from droneatlas.compare import difference_text
    from droneatlas.export.png import render_png
    from droneatlas.view import spec_view
    from layers.slideshow import slideshow_html

    deck, _ = parse_deck(COMPARE, fmt="toml")
    [ready], _ = check_deck(deck, catalog)
    first = spec_view(catalog, ready.spec)
    second = spec_view(catalog, replace(ready.spec, window=ready.spec.compare))
    html = slideshow_html(catalog, [ready], title=deck.title)
    said = f"compared: {difference_text(catalog, first, second)}"
    assert json.dumps(said)[1:-1] in html  # the page's options are JSON (non-ASCII escaped)
    assert render_png(catalog, ready.spec, size="1280x720")[:8] == b"\x89PNG\r\n\x1a\n"
