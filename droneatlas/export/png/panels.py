"""The panels around the map: the legend (rows from ``droneatlas.legend``), header and footer."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from droneatlas.export.png.content import PROJECTION_NOTE
from droneatlas.export.png.layout import (
    ASOF_PT,
    CANVAS_H,
    CAPTION_PT,
    FOOTER_PT,
    HEADER_H,
    LEGEND_PT,
    MARGIN,
    SYMBOL_SCALE,
    TITLE_MIN_PT,
    TITLE_PT,
    Box,
    Layout,
    literal_text,
    pt,
)
from droneatlas.export.png.symbols import GREY, PANEL_EDGE, cluster_disc, marker, rgba
from droneatlas.legend import Key, LegendRow
from droneatlas.style import INK, SYMBOL_PX, ring_style

# Legend rows, in canvas units.
ROW_H, LINE_H, HEAD_H, HEAD_GAP, PAD = 31.0, 18.0, 30.0, 14.0, 16.0
SYMBOL_X, TEXT_X = 34.0, 64.0
HEADER_INK = "#333333"


def draw_legend(layout: Layout, box: Box, rows: list[LegendRow]) -> None:
    """The legend, top-aligned in ``box``; rows shrink together when they would not fit."""
    x0, y0, x1, y1 = box
    width = x1 - x0
    # Long labels (a free ring's title and site) wrap onto a second line before they are cut.
    lines = [
        [layout.ellipsize(label, LEGEND_PT, width - 32, "bold")]
        if key.kind == "header"
        else layout.wrap(label, LEGEND_PT, width - TEXT_X - 12)
        for label, key in rows
    ]
    heights = [
        HEAD_H + HEAD_GAP if key.kind == "header" else ROW_H + LINE_H * (len(text) - 1)
        for (_label, key), text in zip(rows, lines, strict=True)
    ]
    needed = 2 * PAD - HEAD_GAP + sum(heights)
    scale = min(1.0, (y1 - y0) / needed) if rows else 1.0
    # The panel is as tall as its rows (top-aligned with the map), never taller than the map.
    height = min(y1 - y0, needed * scale) if rows else 60.0
    ax = layout.axes((x0, y1 - height, x1, y1))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)  # rows go down
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor("white")
    for spine in ax.spines.values():
        spine.set_edgecolor(PANEL_EDGE)
        spine.set_linewidth(pt(1))
    if not rows:
        literal_text(
            ax, 16, height / 2, "Nothing shown in this window", fontsize=LEGEND_PT, color=GREY, va="center"
        )
        return
    font = LEGEND_PT * scale
    y = (PAD - HEAD_GAP) * scale
    for (_label, key), text, h in zip(rows, lines, heights, strict=True):
        top, y = y, y + h * scale
        if key.kind == "header":
            cy = top + (HEAD_GAP + HEAD_H / 2) * scale
            literal_text(ax, 16, cy, text[0], fontsize=font, fontweight="bold", color=HEADER_INK, va="center")
            continue
        cy = top + ROW_H * scale / 2
        _legend_symbol(ax, key, SYMBOL_X, cy, scale)
        for k, line in enumerate(text):
            literal_text(ax, TEXT_X, cy + k * LINE_H * scale, line, fontsize=font, color=INK, va="center")


def _legend_symbol(ax: Axes, key: Key, x: float, y: float, scale: float) -> None:
    """The row's symbol as the map draws it: a marker, a disc, a band swatch or a ring line."""
    half = 16 * scale
    if key.kind in ("site", "strike", "confidence", "hexagon"):
        size = (SYMBOL_PX if key.kind in ("site", "hexagon") else 14) * SYMBOL_SCALE * scale
        marker(
            ax,
            [x],
            [y],
            shape=key.shape,
            size=size,
            colour=key.colour,
            fill=key.fill_opacity,
            dashed=key.dashed,
            z=3,
        )
    elif key.kind == "cluster":
        cluster_disc(ax, x, y, 3, z=3, scale=0.8 * scale)
    elif key.kind == "band":
        swatch = Rectangle(
            (x - half, y - 8 * scale),
            2 * half,
            16 * scale,
            facecolor=rgba(key.colour, 0.25),
            edgecolor="none",
            zorder=3,
        )
        ax.add_patch(swatch)
    else:
        style = ring_style("free" if key.kind == "free" else "ring", key.colour)
        dashed = "dashArray" in style
        ax.plot(
            [x - half, x + half],
            [y, y],
            color=key.colour,
            linewidth=pt(2.8 * scale),
            linestyle=(0, tuple(float(v) * 0.6 for v in style["dashArray"].split())) if dashed else "-",
            solid_capstyle="butt",
            zorder=3,
        )


def draw_header(layout: Layout, title: str, caption: str, stamp: str) -> Text:
    """The title (shrunk, then cut, to fit), the window's caption and the 'as of' stamp; returns
    the caption's text (an animation rewrites it with fit_caption)."""
    max_w = layout.w - 2 * MARGIN
    title = " ".join(title.split()) or "Drone Atlas"
    size = TITLE_PT
    while size > TITLE_MIN_PT and layout.width(title, size, "bold") > max_w:
        size -= 1
    title = layout.ellipsize(title, size, max_w, "bold")
    top = CANVAS_H - MARGIN + 8
    layout.text(MARGIN, top, title, fontsize=size, fontweight="bold", color=INK, va="top", ha="left")
    caption_y = CANVAS_H - HEADER_H + 22
    caption = fit_caption(layout, caption, stamp)
    text = layout.text(MARGIN, caption_y, caption, fontsize=CAPTION_PT, color=INK, va="baseline", ha="left")
    layout.text(layout.w - MARGIN, caption_y, stamp, fontsize=ASOF_PT, color=GREY, va="baseline", ha="right")
    return text


def fit_caption(layout: Layout, caption: str, stamp: str) -> str:
    """The caption, cut to fit beside the 'as of' stamp."""
    max_w = layout.w - 2 * MARGIN
    return layout.ellipsize(caption, CAPTION_PT, max_w - layout.width(stamp, ASOF_PT) - 40)


def draw_footer(layout: Layout, sources: str, credit: str) -> None:
    """The sources line, the credits, and the projection note when it fits beside them."""
    max_w = layout.w - 2 * MARGIN
    layout.text(MARGIN, 44, sources, fontsize=FOOTER_PT, color=INK, va="baseline", ha="left")
    layout.text(MARGIN, 18, credit, fontsize=FOOTER_PT, color=GREY, va="baseline", ha="left")
    note_w = layout.width(PROJECTION_NOTE, FOOTER_PT)
    if layout.width(credit, FOOTER_PT) + note_w + 40 <= max_w:
        layout.text(
            layout.w - MARGIN, 18, PROJECTION_NOTE, fontsize=FOOTER_PT, color=GREY, va="baseline", ha="right"
        )
