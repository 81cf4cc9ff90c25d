"""Small inline SVG symbols: the site shapes on the map and their twins in the legend."""

from __future__ import annotations

from droneatlas.style import CONFIDENCE_STYLES, SITE_SYMBOLS, SYMBOL_PX

__all__ = ["SYMBOL_PX", "shape_svg", "site_svg"]

# Polygons in a 20x20 box; circles are drawn as <circle>.
_SHAPES = {
    "square": "3,3 17,3 17,17 3,17",
    "triangle": "10,2 18,17 2,17",
    "diamond": "10,1 19,10 10,19 1,10",
    "pentagon": "10,2 18,8 15,18 5,18 2,8",
    "hexagon": "5,2 15,2 19,10 15,18 5,18 1,10",
}


def shape_svg(shape: str, colour: str, fill_opacity: float, dashed: bool, size: int = SYMBOL_PX) -> str:
    """An SVG of ``shape``; a white halo keeps it legible on any background."""
    dash = ' stroke-dasharray="3 2"' if dashed else ""
    body = '<circle cx="10" cy="10" r="7"' if shape == "circle" else f'<polygon points="{_SHAPES[shape]}"'
    halo = body + ' fill="none" stroke="#ffffff" stroke-width="4"/>'
    mark = body + f' fill="{colour}" fill-opacity="{fill_opacity}" stroke="{colour}" stroke-width="2"{dash}/>'
    return f'<svg width="{size}" height="{size}" viewBox="0 0 20 20">{halo}{mark}</svg>'


def site_svg(kind: str, confidence: str, size: int = SYMBOL_PX) -> str:
    symbol, style = SITE_SYMBOLS[kind], CONFIDENCE_STYLES[confidence]
    # Hollow sites would vanish behind rings: keep a faint fill even for claims.
    return shape_svg(
        symbol.shape, symbol.colour, max(style.fill_opacity, 0.15), style.dash_array is not None, size
    )
