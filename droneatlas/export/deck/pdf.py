"""The deck as one PDF: per slide, the briefing figure (vector, as the PNG draws it) with the
speaker notes and the cited sources below it on the same page."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable

from matplotlib import rc_context
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from droneatlas.catalog import Catalog
from droneatlas.deck import ReadySlide, paragraphs, source_lines
from droneatlas.export.png import build_figure
from droneatlas.export.png.layout import FONT, literal_text
from droneatlas.timeline import view_of

SLIDE_SIZE = "1920x1080"
NOTES_PT, SOURCES_PT = 15.0, 11.0
LINE_SPACING = 1.45
MARGIN_IN = 0.36
# Characters per line at each size on a 19.2-inch page (DejaVu Sans averages ~0.55 em).
NOTES_CHARS, SOURCES_CHARS = 165, 215
INK, GREY = "#1a1a1a", "#555555"


def _line_in(size_pt: float) -> float:
    return size_pt * LINE_SPACING / 72.0


def notes_lines(notes: str, sources: list[str]) -> list[tuple[str, float, str]]:
    """The notes area as (text, size in pt, colour) lines, wrapped to the page's width."""
    lines: list[tuple[str, float, str]] = [("Speaker notes", NOTES_PT, INK)]
    for paragraph in paragraphs(notes) or ["(no notes)"]:
        lines += [(text, NOTES_PT, INK) for text in textwrap.wrap(paragraph, NOTES_CHARS)]
        lines.append(("", NOTES_PT / 2, INK))
    if sources:
        lines.append(("Sources", SOURCES_PT, INK))
        for source in sources:
            wrapped = textwrap.wrap(source, SOURCES_CHARS, break_long_words=True, break_on_hyphens=False)
            lines += [(text, SOURCES_PT, GREY) for text in wrapped]
    return lines


def extend_below(fig: Figure, extra_in: float) -> None:
    """Make the figure ``extra_in`` inches taller, its content unchanged at the top.

    The briefing figure places its axes and texts in figure fractions (png.layout), so both
    are moved up and shrunk by the same ratio: nothing is stretched.
    """
    width_in, height_in = fig.get_size_inches()
    new_height = height_in + extra_in
    scale, offset = height_in / new_height, extra_in / new_height
    for ax in fig.axes:
        x0, y0, w, h = ax.get_position().bounds
        ax.set_position((x0, y0 * scale + offset, w, h * scale))
    for text in fig.texts:
        x, y = text.get_position()
        text.set_position((x, y * scale + offset))
    fig.set_size_inches(width_in, new_height)


def notes_height_in(lines: list[tuple[str, float, str]]) -> float:
    """Inches the notes area needs for ``lines``, margins included."""
    return 2 * MARGIN_IN + sum(_line_in(size) for _text, size, _c in lines)


def add_notes_below(fig: Figure, notes: str, sources: list[str], *, height_in: float | None = None) -> None:
    """Speaker notes and sources under the slide, on the same page, in ``height_in`` inches
    (default: what they need; a deck gives every page the tallest slide's, so pages match)."""
    lines = notes_lines(notes, sources)
    needed_in = max(height_in or 0.0, notes_height_in(lines))
    extend_below(fig, needed_in)
    _width_in, height_in = fig.get_size_inches()
    fig.add_artist(_rule(fig, needed_in / height_in))
    y_in = needed_in - MARGIN_IN
    for number, (text, size, colour) in enumerate(lines):
        y_in -= _line_in(size)
        if text:
            weight = "bold" if number == 0 or text == "Sources" else "normal"
            literal_text(
                fig, MARGIN_IN / fig.get_size_inches()[0], y_in / height_in, text,
                fontsize=size, color=colour, fontweight=weight, va="baseline", ha="left",
            )  # fmt: skip


def _rule(fig: Figure, y: float):
    from matplotlib.lines import Line2D

    return Line2D([0.02, 0.98], [y, y], transform=fig.transFigure, color="#bbbbbb", linewidth=1.0)


def deck_pdf(
    catalog: Catalog,
    slides: list[ReadySlide],
    *,
    title: str,
    on_slide: Callable[[ReadySlide], None] | None = None,
) -> bytes:
    """One page per slide, all of one size: the map figure with its notes and sources below it."""
    buffer = io.BytesIO()
    metadata = {"Title": title or "Drone Atlas briefing", "Creator": "Drone Atlas"}
    notes = [(ready.slide.notes, source_lines(catalog, ready.slide.sources)) for ready in slides]
    height_in = max((notes_height_in(notes_lines(*n)) for n in notes), default=0.0)
    with (
        rc_context({"text.usetex": False, "text.parse_math": False, "font.family": FONT}),
        PdfPages(buffer, metadata=metadata) as pdf,
    ):
        for ready, (text, sources) in zip(slides, notes, strict=True):
            spec = ready.spec
            view = view_of(catalog, spec.window)
            fig = build_figure(catalog, view, spec.options, title=spec.title, size=SLIDE_SIZE)
            add_notes_below(fig, text, sources, height_in=height_in)
            pdf.savefig(fig, facecolor="white")
            fig.clear()
            if on_slide is not None:
                on_slide(ready)
    return buffer.getvalue()
