"""A briefing deck: slides that each hold a view, a title, speaker notes and the sources cited.

A deck is a small human-readable file (TOML, or JSON) that the app saves and loads and the
CLI exports. A slide's view uses exactly the keys and checks of a link
(droneatlas.urlstate: start, end, layers, drones, lat, lon, zoom, unit, basemap, strikes),
so a link and a slide mean the same view::

    title = "Autumn 2022"

    [[slides]]
    title = "Kyiv, 17 October 2022"
    notes = "What the presenter says."
    sources = ["reuters-2022-10-17-kyiv-drones"]
    view = { start = "2022-10-17", end = "2022-10-17", layers = ["strikes"] }

A file that cannot be read as a deck is a ``DeckError`` (one line). A slide that names an
unknown drone or source, a bad date, or no window is refused with a message naming it; the
other slides still export.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
import tomli_w

from droneatlas.catalog import Catalog
from droneatlas.filters import target_types
from droneatlas.links import spec_of, state_of
from droneatlas.timeline import Window
from droneatlas.urlstate import Vocabulary, encode, parse
from droneatlas.view import ALL_LAYERS, DEFAULT_BASEMAP, ViewSpec, ranged_drones

VIEW_KEYS = (
    *("start", "end", "layers", "drones", "lat", "lon", "zoom", "unit", "basemap", "strikes"),
    *("compare_start", "compare_end", "strike_drones", "confidence", "precision", "targets", "casualties"),
)
SLIDE_KEYS = ("title", "notes", "sources", "view")
DECK_KEYS = ("title", "slides")
MAX_DECK_BYTES = 1_000_000  # a deck is a few kB; anything near this is not a deck
UNTITLED = "Untitled slide"


class DeckError(ValueError):
    """The file is not a deck (syntax, shape or size): the whole file is refused."""


@dataclass(frozen=True)
class Slide:
    """One slide as written in the file: the view as link keys, not yet checked."""

    title: str
    notes: str = ""
    sources: tuple[str, ...] = ()
    view: dict[str, str] = field(default_factory=dict)
    number: int | None = None  # its place in the file, for messages (None: made in the app)


@dataclass(frozen=True)
class Deck:
    title: str
    slides: tuple[Slide, ...]


@dataclass(frozen=True)
class ReadySlide:
    """A slide checked against the data: its number in the deck (1-based) and its view spec."""

    number: int
    slide: Slide
    spec: ViewSpec


def _text(value: object) -> str:
    """A view value as a link would carry it (a TOML list becomes a comma list)."""
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _slide(number: int, raw: object) -> Slide | str:
    """A slide from the file's table, or what is wrong with it (naming the slide)."""
    if not isinstance(raw, Mapping):
        return f"slide {number}: not a table of title, notes, sources and view"
    title = raw.get("title")
    label = f"slide {number} ({str(title)[:60]!r})" if title else f"slide {number}"
    unknown = [str(k) for k in raw if k not in SLIDE_KEYS]
    if unknown:
        return f"{label}: unknown key(s) {', '.join(unknown)}; a slide has {', '.join(SLIDE_KEYS)}"
    notes, sources, view = raw.get("notes", ""), raw.get("sources", []), raw.get("view", {})
    if not isinstance(title, str) or not title.strip():
        return f"{label}: no title"
    if not isinstance(notes, str):
        return f"{label}: notes must be text"
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        return f"{label}: sources must be a list of source ids"
    if not isinstance(view, Mapping):
        return f"{label}: view must be a table of link keys ({', '.join(VIEW_KEYS)})"
    view_text = {str(k): _text(v) for k, v in view.items()}
    return Slide(title.strip(), notes.strip(), tuple(sources), view_text, number)


def parse_deck(text: str, *, fmt: str) -> tuple[Deck, list[str]]:
    """A deck from TOML or JSON text, and the slides refused for their shape (by number).

    Raises ``DeckError`` (one line) when the text is not a deck at all.
    """
    if len(text.encode("utf-8", "replace")) > MAX_DECK_BYTES:
        raise DeckError(f"larger than {MAX_DECK_BYTES:,} bytes: not a deck")
    try:
        raw = tomllib.loads(text) if fmt == "toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, RecursionError) as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DeckError(f"not valid {fmt.upper()}: {first_line}") from None
    if not isinstance(raw, Mapping):
        raise DeckError("a deck is a table with a title and a list of slides")
    unknown = [str(k) for k in raw if k not in DECK_KEYS]
    if unknown:
        raise DeckError(f"unknown key(s) {', '.join(unknown)}; a deck has {', '.join(DECK_KEYS)}")
    slides = raw.get("slides")
    if not isinstance(slides, list) or not slides:
        raise DeckError("no slides: a deck needs a list 'slides' (TOML: [[slides]] tables)")
    title = raw.get("title", "")
    if not isinstance(title, str):
        raise DeckError("the deck's title must be text")
    read, problems = [], []
    for number, item in enumerate(slides, start=1):
        slide = _slide(number, item)
        if isinstance(slide, str):
            problems.append(slide)
        else:
            read.append(slide)
    return Deck(title.strip(), tuple(read)), problems


def deck_format(name: str) -> str:
    """'toml' or 'json' from a file name; a DeckError for anything else."""
    suffix = Path(name).suffix.lower()
    if suffix in (".toml", ".json"):
        return suffix[1:]
    raise DeckError(f"{name}: a deck file ends in .toml or .json")


def read_deck(path: Path) -> tuple[Deck, list[str]]:
    """The deck in ``path`` (TOML or JSON by its suffix) and the slides refused for their shape."""
    fmt = deck_format(path.name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DeckError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DeckError(f"{path.name} is not UTF-8 text") from None
    return parse_deck(text, fmt=fmt)


def deck_toml(deck: Deck) -> str:
    """The deck as TOML, notes as multi-line strings: easy to read and edit by hand."""
    slides = []
    for slide in deck.slides:
        entry: dict[str, object] = {"title": slide.title}
        if slide.notes:
            entry["notes"] = slide.notes
        if slide.sources:
            entry["sources"] = list(slide.sources)
        entry["view"] = dict(slide.view)
        slides.append(entry)
    return tomli_w.dumps({"title": deck.title, "slides": slides}, multiline_strings=True)


def slide_view(spec: ViewSpec) -> dict[str, str]:
    """The link keys of ``spec`` (what a slide saved from the app holds): its title is the
    slide's, and a slide is always shown in presenter view."""
    basemap = spec.basemap if spec.basemap != DEFAULT_BASEMAP else None
    return encode(replace(state_of(spec), title=None, presenter=False, basemap=basemap))


def vocabulary(catalog: Catalog, basemaps: tuple[str, ...]) -> Vocabulary | None:
    """What a slide's view may name for this data (None: the data has no dated record)."""
    span = catalog.span()
    if span is None:
        return None
    return Vocabulary(
        layers=ALL_LAYERS,
        drones=ranged_drones(catalog),
        basemaps=basemaps,
        span=span,
        strike_drones=tuple(catalog.drones.index),
        targets=target_types(catalog.strikes),
    )


def check_slide(number: int, slide: Slide, catalog: Catalog, vocab: Vocabulary) -> ReadySlide | str:
    """The slide's view spec, or one line naming the slide and what is wrong with it."""
    label = f"slide {number} ({slide.title[:60]!r})"
    unknown = [k for k in slide.view if k not in VIEW_KEYS]
    if unknown:
        return f"{label}: unknown view key(s) {', '.join(unknown)}; known: {', '.join(VIEW_KEYS)}"
    parsed = parse(slide.view, vocab)
    if parsed.notices:  # a link drops what it cannot use; a slide must show what it says
        return f"{label}: " + "; ".join(n.removeprefix("ignored ") for n in parsed.notices)
    missing = [k for k in ("start", "end") if not slide.view.get(k)]
    if missing:
        return f"{label}: no window: give {' and '.join(missing)} (YYYY-MM-DD)"
    bad_sources = [s for s in slide.sources if s not in catalog.sources.index]
    if bad_sources:
        return f"{label}: unknown source id(s) {', '.join(bad_sources)}"
    state = parsed.state
    assert state.start is not None and state.end is not None  # checked just above
    spec = spec_of(state, Window(state.start, state.end), title=slide.title)
    return ReadySlide(number, slide, spec)


def check_deck(
    deck: Deck, catalog: Catalog, *, basemaps: tuple[str, ...] = (DEFAULT_BASEMAP,)
) -> tuple[list[ReadySlide], list[str]]:
    """The slides that can be shown with this data, and a line for each one that cannot."""
    vocab = vocabulary(catalog, basemaps)
    if vocab is None:
        return [], ["the data has no dated records: no slide can be shown"]
    ready, problems = [], []
    for index, slide in enumerate(deck.slides, start=1):
        checked = check_slide(slide.number or index, slide, catalog, vocab)
        if isinstance(checked, str):
            problems.append(checked)
        else:
            ready.append(checked)
    return ready, problems


def source_lines(catalog: Catalog, ids: tuple[str, ...]) -> list[str]:
    """'[id] Title. Publisher, 2022-10-17. https://…' for each cited source, from sources.csv."""
    lines = []
    sources = catalog.sources
    for source_id in ids:
        if source_id not in sources.index:
            continue
        row = sources.loc[source_id]
        parts = [f"[{source_id}] {row.get('title', '')}".rstrip()]
        published = row.get("published")
        day = f"{published:%Y-%m-%d}" if pd.notna(published) else ""
        byline = ", ".join(v for v in (row.get("publisher"), day) if isinstance(v, str) and v)
        if byline:
            parts.append(byline)
        url = row.get("url")
        if isinstance(url, str) and url:
            parts.append(url)
        lines.append(". ".join(parts))
    return lines


def paragraphs(notes: str) -> list[str]:
    """The notes as paragraphs: a blank line separates them; a line break within one is a
    space (the file wraps its lines for reading, not for the slide)."""
    blocks = [" ".join(line.strip() for line in block.splitlines()) for block in notes.split("\n\n")]
    return [block.strip() for block in blocks if block.strip()]
