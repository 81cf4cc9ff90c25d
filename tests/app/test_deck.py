"""The deck panel's wiring, headless (AppTest): a slide takes the view and its words, slides
move and go, the shipped deck opens, presenting moves the view slide by slide."""

from __future__ import annotations

from datetime import date

import pytest

from droneatlas.catalog import load_catalog
from droneatlas.deck import read_deck
from tests.app.test_app import open_panel, run_app
from tests.conftest import PROJECT_DATA
from ui import state

SHIPPED = PROJECT_DATA / "decks" / "autumn-2022.toml"


def button(app, key: str):
    return next(b for b in app.button if b.key == key)


def labelled(app, label: str):
    return next(b for b in app.button if b.label == label)


def slide_titles(app) -> list[str]:
    return [s.title for s in app.session_state[state.DECK].slides]


def test_add_move_delete_slides(monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_app(monkeypatch)
    open_panel(app, state.DECK_OPEN, True)
    for title, window in (("First", (date(2022, 10, 1), date(2022, 10, 31))), ("Second", None)):
        if window:
            app.session_state[state.WINDOW] = window
        app.text_input(key=state.DECK_SLIDE_TITLE).input(title)
        app.text_area(key=state.DECK_SLIDE_NOTES).input(f"Notes of {title}")
        labelled(app, "Add this view as a slide").click().run()
        assert not app.exception, app.exception
    deck = app.session_state[state.DECK]
    assert slide_titles(app) == ["First", "Second"]
    assert deck.slides[0].view["start"] == "2022-10-01" and deck.slides[0].view["end"] == "2022-10-31"
    assert deck.slides[0].notes == "Notes of First"
    assert app.text_input(key=state.DECK_SLIDE_TITLE).value == ""  # ready for the next slide
    button(app, "deck-down-0").click().run()
    assert slide_titles(app) == ["Second", "First"]
    button(app, "deck-delete-0").click().run()
    assert slide_titles(app) == ["First"]
    labels = [b.proto.label for b in app.get("download_button")]
    assert [label.split(" (")[0] for label in labels] == [
        "Download PDF", "Download PowerPoint", "Download slideshow HTML", "Save the deck"
    ]  # fmt: skip


def test_shipped_deck_opens_and_presents_slide_by_slide(monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_app(monkeypatch)
    open_panel(app, state.DECK_OPEN, True)
    labelled(app, "Open the deck 'Autumn 2022' (the founding story)").click().run()
    deck, _ = read_deck(SHIPPED)
    assert slide_titles(app) == [s.title for s in deck.slides]
    assert not [w for w in app.warning if "slide" in w.value]
    labelled(app, "Present the deck").click().run()
    assert not app.exception, app.exception
    assert app.session_state[state.PRESENTER] and app.session_state[state.DECK_SLIDE] == 0
    assert app.session_state[state.WINDOW] == (date(2022, 6, 8), date(2022, 8, 31))
    assert app.session_state[state.LAYERS] == ["sites"]
    labelled(app, "Next ▶").click().run()
    labelled(app, "Next ▶").click().run()
    third = deck.slides[2]
    assert app.session_state[state.DECK_SLIDE] == 2
    assert app.session_state[state.TITLE] == third.title
    assert app.session_state[state.RING_DRONES] == ["shahed-136"]
    assert app.session_state[state.MAP_CENTER] == (48.0, 34.0) and app.session_state[state.MAP_ZOOM] == 4
    labelled(app, "◀ Previous").click().run()
    assert app.session_state[state.DECK_SLIDE] == 1
    catalog = load_catalog(PROJECT_DATA)
    assert catalog.span() is not None  # the windows above are inside the data


def test_a_file_that_is_not_a_deck_is_one_warning_and_keeps_the_deck(monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import deck as deck_ui

    app = run_app(monkeypatch)
    open_panel(app, state.DECK_OPEN, True)
    monkeypatch.setattr(deck_ui, "SHIPPED_DECK", PROJECT_DATA / "README.md")
    labelled(app, "Open the deck 'Autumn 2022' (the founding story)").click().run()
    assert not app.exception
    [warning] = [w.value for w in app.warning if "README" in w.value]
    assert "ends in" in warning and "\n" not in warning
    assert state.DECK not in app.session_state  # nothing was loaded
