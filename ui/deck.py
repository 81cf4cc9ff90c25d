"""The briefing deck in the app: save the view as a slide, reorder and delete slides, present
them (arrow keys or buttons, the map moving to each slide's view), export PDF, PPTX and the
offline slideshow, save and load the deck file (droneatlas.deck)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import streamlit as st

from droneatlas.catalog import Catalog
from droneatlas.deck import (
    VIEW_KEYS,
    Deck,
    DeckError,
    ReadySlide,
    Slide,
    check_deck,
    deck_format,
    deck_toml,
    paragraphs,
    parse_deck,
    source_lines,
)
from droneatlas.settings import PROJECT_ROOT
from droneatlas.text import markdown_literal as md
from droneatlas.urlstate import encode, parse
from layers.basemap import BASEMAPS
from ui import state

SHIPPED_DECK = PROJECT_ROOT / "data" / "decks" / "autumn-2022.toml"
# Our own CSS (no data in it): the presenter's slide bar floats over the bottom of the map.
NAV_CSS = (
    "<style>.st-key-deck-nav{position:fixed;bottom:1.2rem;left:0;right:0;margin:0 auto;"
    "width:fit-content !important;max-width:96vw;z-index:1000;background:rgba(255,255,255,0.96);"
    "padding:0.4rem 0.8rem;border-radius:6px;box-shadow:0 1px 6px rgba(0,0,0,0.35)}</style>"
)


SLIDE_ACTIONS = {
    "show": "Show this slide's view",
    "up": "Move up",
    "down": "Move down",
    "delete": "Delete this slide",
}


def current_deck() -> Deck:
    return st.session_state.get(state.DECK) or Deck("", ())


def _set_deck(deck: Deck) -> None:
    st.session_state[state.DECK] = deck


def _basemaps() -> tuple[str, ...]:
    return tuple(BASEMAPS)


def show_slide(catalog: Catalog, span: tuple[date, date], slide: Slide) -> None:
    """Put the slide's view into the session (a callback: before the widgets are drawn)."""
    link = parse(slide.view, state.vocabulary(catalog, span)).state
    if link.lat is None or link.lon is None:
        st.session_state.pop(state.MAP_CENTER, None)
    if link.zoom is None:
        st.session_state.pop(state.MAP_ZOOM, None)
    state.apply_link(link, catalog, span)
    state.assign({state.TITLE: slide.title})
    # A map mounted anew (a slide's title is part of what mounts it) opens where the address
    # says: the slide's position goes there too.
    if link.lat is not None and link.lon is not None:
        st.query_params["lat"], st.query_params["lon"] = f"{link.lat:.4f}", f"{link.lon:.4f}"
    if link.zoom is not None:
        st.query_params["zoom"] = str(link.zoom)


def _go(catalog: Catalog, span: tuple[date, date], index: int) -> None:
    slides = current_deck().slides
    if not slides:
        return
    index = max(0, min(len(slides) - 1, index))
    st.session_state[state.DECK_SLIDE] = index
    show_slide(catalog, span, slides[index])


def _present(catalog: Catalog, span: tuple[date, date]) -> None:
    state.assign({state.PRESENTER: True})
    _go(catalog, span, 0)


def current_view(catalog: Catalog, span: tuple[date, date]) -> dict[str, str]:
    """The view in a link's keys, read when asked (a callback runs before the widgets that
    a preset just changed are drawn again)."""
    link = state.session_link(catalog, span)
    return {key: value for key, value in encode(link).items() if key in VIEW_KEYS}


def _add_slide(catalog: Catalog, span: tuple[date, date]) -> None:
    """The view as a link would carry it becomes a slide, with the title, notes and sources typed."""
    session = st.session_state
    title = (session.get(state.DECK_SLIDE_TITLE) or "").strip() or state.title()
    sources = tuple(s.strip() for s in (session.get(state.DECK_SLIDE_SOURCES) or "").split(",") if s.strip())
    view = current_view(catalog, span)
    slide = Slide(title, (session.get(state.DECK_SLIDE_NOTES) or "").strip(), sources, view)
    deck = current_deck()
    _set_deck(replace(deck, slides=(*deck.slides, slide)))
    state.assign({state.DECK_SLIDE_TITLE: "", state.DECK_SLIDE_NOTES: "", state.DECK_SLIDE_SOURCES: ""})


def _move(index: int, delta: int) -> None:
    slides = list(current_deck().slides)
    other = index + delta
    if 0 <= other < len(slides):
        slides[index], slides[other] = slides[other], slides[index]
        _set_deck(replace(current_deck(), slides=tuple(slides)))


def _delete(index: int) -> None:
    slides = list(current_deck().slides)
    del slides[index]
    _set_deck(replace(current_deck(), slides=tuple(slides)))


def _load(text: str, name: str) -> None:
    """Read a deck file; its problems are shown once (the slides that are fine are kept)."""
    try:
        deck, problems = parse_deck(text, fmt=deck_format(name))
    except DeckError as exc:
        st.session_state[state.DECK_MESSAGES] = [f"{name}: {exc}"]
        return
    _set_deck(deck)
    st.session_state[state.DECK_MESSAGES] = problems


def _load_upload() -> None:
    upload = st.session_state.get(state.DECK_UPLOAD)
    if upload is None:
        return
    try:
        text = upload.getvalue().decode("utf-8-sig")
    except UnicodeDecodeError:
        st.session_state[state.DECK_MESSAGES] = [f"{upload.name} is not UTF-8 text"]
        return
    _load(text, upload.name)


def _load_shipped() -> None:
    _load(SHIPPED_DECK.read_text(encoding="utf-8"), SHIPPED_DECK.name)


def deck_panel(catalog: Catalog, span: tuple[date, date], *, presenting: bool, map_first: bool) -> None:
    """The presenter's slide bar while a deck is presented; otherwise the sidebar panel (not
    on a new page's first run, which sends only the map)."""
    if map_first:
        return
    if presenting:
        if st.session_state.get(state.DECK_SLIDE) is not None and current_deck().slides:
            _slide_bar(catalog, span)
        return
    st.session_state[state.DECK_SLIDE] = None
    panel = st.sidebar.expander("Briefing deck", key=state.DECK_OPEN, on_change="rerun")
    if not panel.open:
        return
    with panel:
        _builder(catalog, span)


def _builder(catalog: Catalog, span: tuple[date, date]) -> None:
    for message in st.session_state.pop(state.DECK_MESSAGES, []):
        st.warning(md(message), icon="⚠️")
    st.text_input("Slide title", key=state.DECK_SLIDE_TITLE, placeholder=state.title(), max_chars=120)
    st.text_area("Speaker notes", key=state.DECK_SLIDE_NOTES, height=90)
    st.text_input("Sources (ids from sources.csv, comma-separated)", key=state.DECK_SLIDE_SOURCES)
    st.button(
        "Add this view as a slide", on_click=_add_slide, args=(catalog, span), type="primary", width="stretch"
    )
    deck = current_deck()
    ready, refused = check_deck(deck, catalog, basemaps=_basemaps())
    for message in refused:
        st.warning(md(message), icon="⚠️")
    for index, slide in enumerate(deck.slides):
        st.markdown(f"**{index + 1}.** {md(slide.title)}")
        last = index == len(deck.slides) - 1
        with st.container(horizontal=True, gap="small", key=f"deck-row-{index}"):
            for name, icon, callback, args, disabled in (
                ("show", ":material/map:", show_slide, (catalog, span, slide), False),
                ("up", ":material/arrow_upward:", _move, (index, -1), index == 0),
                ("down", ":material/arrow_downward:", _move, (index, 1), last),
                ("delete", ":material/delete:", _delete, (index,), False),
            ):
                st.button("", key=f"deck-{name}-{index}", on_click=callback, args=args, icon=icon,
                          disabled=disabled, help=SLIDE_ACTIONS[name], type="tertiary")  # fmt: skip
    if not deck.slides:
        st.caption("No slides yet: set up a view, then add it. Or open a deck:")
    st.button(
        "Present the deck",
        on_click=_present,
        args=(catalog, span),
        disabled=not ready,
        width="stretch",
        help="Presenter view; ← and → step through the slides",
    )
    if ready:
        _downloads(catalog, deck, ready)
    st.button(
        "Open the deck 'Autumn 2022' (the founding story)",
        on_click=_load_shipped,
        width="stretch",
        disabled=not SHIPPED_DECK.is_file(),
    )
    st.file_uploader("Load a deck file", type=["toml", "json"], key=state.DECK_UPLOAD, on_change=_load_upload)


def _downloads(catalog: Catalog, deck: Deck, ready: list[ReadySlide]) -> None:
    # matplotlib and python-pptx are imported on use: they would slow the first page.
    from droneatlas.export.deck.pdf import deck_pdf
    from droneatlas.export.deck.pptx import deck_pptx
    from layers.slideshow import slideshow_html

    stem = "briefing"
    title = deck.title or "Drone Atlas briefing"
    st.download_button(
        "Download PDF (a page per slide, notes below)",
        lambda: deck_pdf(catalog, ready, title=title),
        file_name=f"{stem}.pdf",
        mime="application/pdf",
        width="stretch",
        on_click="ignore",
    )
    st.download_button(
        "Download PowerPoint (notes as speaker notes)",
        lambda: deck_pptx(catalog, ready, title=title),
        file_name=f"{stem}.pptx",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        width="stretch",
        on_click="ignore",
    )
    st.download_button(
        "Download slideshow HTML (works offline)",
        lambda: slideshow_html(catalog, ready, title=title),
        file_name=f"{stem}.html",
        mime="text/html",
        width="stretch",
        on_click="ignore",
    )
    st.download_button(
        "Save the deck (TOML)",
        lambda: deck_toml(deck),
        file_name=f"{stem}.toml",
        mime="application/toml",
        width="stretch",
        on_click="ignore",
    )


def _slide_bar(catalog: Catalog, span: tuple[date, date]) -> None:
    """Previous / slide n of N and its title / Next, the notes, and the way out."""
    slides = current_deck().slides
    index = min(st.session_state.get(state.DECK_SLIDE) or 0, len(slides) - 1)
    slide = slides[index]
    st.markdown(NAV_CSS, unsafe_allow_html=True)
    with st.container(key="deck-nav", horizontal=True, vertical_alignment="center", gap="small"):
        st.button(
            "◀ Previous", on_click=_go, args=(catalog, span, index - 1), disabled=index == 0, shortcut="Left"
        )
        st.markdown(f"**{index + 1} / {len(slides)}** · {md(slide.title)}")
        st.button(
            "Next ▶",
            on_click=_go,
            args=(catalog, span, index + 1),
            disabled=index == len(slides) - 1,
            shortcut="Right",
        )
        with st.popover("Notes"):
            for paragraph in paragraphs(slide.notes) or ["(no notes)"]:
                st.markdown(md(paragraph))
            for line in source_lines(catalog, slide.sources):
                st.caption(md(line))
