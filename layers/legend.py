"""The legend and the title stamp shown on the map."""

from __future__ import annotations

from droneatlas.legend import Key, LegendRow
from droneatlas.text import literal
from layers.controls import HtmlControl
from layers.symbols import shape_svg

STAMP_WINDOW_ID = "atlas-window"
LEGEND_ID = "atlas-legend"
LEGEND_FOLDED_KEY = "droneatlas.legendFolded"  # the browser remembers the fold (localStorage)


def _row(symbol: str, text: str) -> str:
    return f'<div class="atlas-legend-row"><span class="atlas-key">{symbol}</span>{text}</div>'


def _line(colour: str, *, dashed: bool = False, band: bool = False) -> str:
    if band:
        shape = f'<rect x="0" y="1" width="26" height="10" fill="{colour}" fill-opacity="0.25"/>'
        return f'<svg width="26" height="12">{shape}</svg>'
    dash = ' stroke-dasharray="5 3"' if dashed else ""
    shape = f'<line x1="0" y1="6" x2="26" y2="6" stroke="{colour}" stroke-width="2.5"{dash}/>'
    return f'<svg width="26" height="12">{shape}</svg>'


def key_svg(key: Key) -> str:
    """The HTML symbol of a legend key (the PNG draws the same key with matplotlib)."""
    if key.kind == "site":
        return shape_svg(key.shape, key.colour, 0.9, False, 14)
    if key.kind == "hexagon":
        return shape_svg("hexagon", key.colour, 0.8, False, 16)
    if key.kind == "cluster":
        return '<span class="atlas-cluster-key">3</span>'
    if key.kind in ("strike", "single", "confidence"):
        return shape_svg("circle", key.colour, key.fill_opacity, key.dashed, 14)
    if key.kind == "region":
        return shape_svg("circle", key.colour, key.fill_opacity, False, 20)
    if key.kind == "band":
        return _line(key.colour, band=True)
    return _line(key.colour, dashed=key.dashed)


def legend_html(rows: list[LegendRow]) -> str:
    """The legend's sections from droneatlas.legend rows; labels made literal here."""
    parts, section = [], []  # its title is the fold button (build_legend)

    def close() -> None:
        if section:
            parts.append(f'<div class="atlas-legend-section">{"".join(section)}</div>')
            section.clear()

    for label, key in rows:
        if key.kind == "header":
            close()
            section.append(f'<div class="atlas-legend-head">{literal(label)}</div>')
        else:
            section.append(_row(key_svg(key), literal(label)))
    close()
    if not rows:
        parts.append('<div class="atlas-legend-row">Nothing shown in this window</div>')
    return "".join(parts)


def build_legend(rows: list[LegendRow]) -> HtmlControl:
    """The legend control (bottom right), filled with ``rows``; its title folds it."""
    return HtmlControl(
        legend_html(rows),
        position="bottomright",
        css_class="atlas-legend",
        element_id=LEGEND_ID,
        fold={"label": "Legend", "storageKey": LEGEND_FOLDED_KEY},
    )


def stamp_html(title: str, window_text: str, as_of_text: str) -> str:
    return (
        f'<div class="atlas-stamp-title">{literal(title)}</div>'
        f'<div id="{STAMP_WINDOW_ID}" class="atlas-stamp-window">{literal(window_text)}</div>'
        f'<div class="atlas-stamp-asof">{literal(as_of_text)}</div>'
    )


def build_stamp(title: str, window_text: str, as_of_text: str) -> HtmlControl:
    """Title, window and 'data as of' in the top-right corner: a slide needs all three."""
    return HtmlControl(
        stamp_html(title, window_text, as_of_text), position="topright", css_class="atlas-stamp"
    )
