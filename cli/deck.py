"""`droneatlas deck`: a briefing deck file (TOML or JSON) as one PDF, PowerPoint or offline
HTML slideshow. A slide that cannot be shown is named on stderr; the others still export."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli import progress
from cli.snapshot import write_atomically
from droneatlas.catalog import Catalog, default_data_dir, load_catalog
from droneatlas.deck import DeckError, ReadySlide, check_deck, read_deck

FORMATS = ("pdf", "pptx", "html")


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "deck", help="export a briefing deck as PDF, PPTX or an offline HTML slideshow"
    )
    parser.add_argument(
        "deck", type=Path, help="the deck file (.toml or .json), e.g. data/decks/autumn-2022.toml"
    )
    parser.add_argument("--format", choices=FORMATS, required=True)
    parser.add_argument("--out", type=Path, required=True, help="file to write")
    parser.add_argument(
        "--data", type=Path, default=None, help="data directory (default: ATLAS_DATA_DIR or data/)"
    )
    parser.set_defaults(func=run)


def fail(message: str, status: int = 2) -> int:
    """One line on stderr; the exit status (2: bad arguments or deck file, 1: the data or the output)."""
    print(f"droneatlas deck: error: {message}", file=sys.stderr)
    return status


def run(args: argparse.Namespace) -> int:
    try:
        deck, problems = read_deck(args.deck)
    except DeckError as exc:
        return fail(f"{args.deck}: {exc}" if str(args.deck) not in str(exc) else str(exc))
    data_dir = args.data or default_data_dir()
    catalog = load_catalog(data_dir)
    for message in catalog.report.file_errors:
        print(f"warning: {message}", file=sys.stderr)
    ready, refused = check_deck(deck, catalog, basemaps=_basemaps())
    for message in sorted([*problems, *refused], key=_slide_number):
        print(f"warning: {message}; left out", file=sys.stderr)
    if not ready:
        return fail(f"{args.deck}: no slide can be shown (see the warnings above)")
    with progress.steps(len(ready) + 1, f"deck {args.format}") as bar:
        content = render(args.format, catalog, ready, title=deck.title, bar=bar)
        bar.set_description("writing")
        try:
            write_atomically(args.out, content)
        except OSError as exc:
            return fail(f"cannot write {args.out}: {exc.strerror or exc}", 1)
        bar.update()
    left_out = len(problems) + len(refused)
    note = f"; {left_out} slide(s) left out" if left_out else ""
    print(f"wrote {args.out} ({len(content):,} bytes): {len(ready)} slide(s){note}")
    return 0


def _slide_number(message: str) -> int:
    """The slide a message names ('slide 3 ...'), to report them in the file's order."""
    number = message.removeprefix("slide ").split(" ", 1)[0].rstrip(":")
    return int(number) if number.isdigit() else 0


def _basemaps() -> tuple[str, ...]:
    from layers.basemap import BASEMAPS

    return tuple(BASEMAPS)


def render(fmt: str, catalog: Catalog, slides: list[ReadySlide], *, title: str, bar=None) -> bytes:
    """The bytes of the deck in ``fmt``, the same the app's buttons give."""

    def done(ready: ReadySlide) -> None:
        if bar is not None:
            bar.set_description(f"slide {ready.number}")
            bar.update()

    if fmt == "pdf":
        from droneatlas.export.deck.pdf import deck_pdf  # matplotlib: imported on use

        return deck_pdf(catalog, slides, title=title, on_slide=done)
    if fmt == "pptx":
        from droneatlas.export.deck.pptx import deck_pptx

        return deck_pptx(catalog, slides, title=title, on_slide=done)
    from layers.slideshow import slideshow_html

    content = slideshow_html(catalog, slides, title=title).encode()
    if bar is not None:
        bar.update(len(slides))
    return content
