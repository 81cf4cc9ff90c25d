"""Place names on the slide: oblast outlines and names, city and site names, as on the map.

The same list (droneatlas.placenames) and the same greedy placement (droneatlas.labelplacement)
as the page; the zoom that decides which names may show is the map's zoom at the slide's
scale (rounded), so a slide names what the map would at that scale. Names sit under the
strikes and sites and over the rings' bands, oblast lines just over the country fill.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.ft2font import FT2Font
from matplotlib.patheffects import withStroke

from droneatlas import placenames
from droneatlas.export.png.content import MapContent
from droneatlas.export.png.layout import FONT, PT_PER_UNIT, SYMBOL_SCALE, Layout, literal_text, pt
from droneatlas.export.png.projection import Extent, mercator, project
from droneatlas.labelplacement import Candidate, place
from droneatlas.style import LAND, OBLAST_LINE, SYMBOL_PX

PLACE_NAMES_CREDIT = "Place names: GeoNames.org; oblasts: Natural Earth"
EQUATOR_M_PER_PX_Z0 = 156_543.034  # Web Mercator at zoom 0, per 256-px tile pixel
# (size pt, weight, style, colour, upper case) per kind of name
FONTS = {
    "site": (10.5, "bold", "normal", "#1d1d1d", False),
    "capital": (13.0, "bold", "normal", "#2b2b2b", False),
    "admin": (11.0, "bold", "normal", "#2b2b2b", False),
    "oblast": (8.5, "normal", "italic", "#7a6f62", True),
    "city": (9.5, "normal", "normal", "#3a3a3a", False),
}
LINE = 1.2  # line height over font size
SITE_WRAP = 170.0  # canvas units, as the page wraps site names


def slide_zoom(m_per_unit: float) -> int:
    """The Web Mercator zoom whose scale the slide has (one canvas unit = one screen pixel)."""
    return round(math.log2(EQUATOR_M_PER_PX_Z0 / m_per_unit))


@lru_cache(maxsize=1)
def _oblast_lines() -> np.ndarray:
    """The oblasts' boundaries, in Web Mercator."""
    shapes = [shapely.geometry.shape(f["geometry"]) for f in placenames.load_oblasts()["features"]]
    return project(shapely.boundary(np.asarray(shapes, dtype=object)))


def draw_place_names(ax: Axes, layout: Layout, content: MapContent, extent: Extent, width_u: float) -> int:
    """Oblast outlines and every name that fits; returns how many names were written."""
    x0, x1, y0, y1 = extent
    m_per_unit = (x1 - x0) / width_u
    height_u = (y1 - y0) / m_per_unit
    _draw_oblast_lines(ax, extent)
    zoom = slide_zoom(m_per_unit)
    items = _candidates(content, zoom)
    if not items:
        return 0

    def screen(lon: float, lat: float) -> tuple[float, float]:
        x, y = mercator(lon, lat)
        return (float(x) - x0) / m_per_unit, (y1 - float(y)) / m_per_unit

    site_size = SYMBOL_PX * SYMBOL_SCALE
    obstacles = []
    for sx, sy in np.asarray(content.sites_xy).reshape(-1, 2):
        cx, cy = (sx - x0) / m_per_unit, (y1 - sy) / m_per_unit
        obstacles.append((cx - site_size / 2, cy - site_size / 2, cx + site_size / 2, cy + site_size / 2))
    candidates, texts = [], []
    for kind, name, lon, lat in items:
        x, y = screen(lon, lat)
        if not (0 <= x <= width_u and 0 <= y <= height_u):
            continue  # outside the frame: not measured (text measure is the slow part)
        size, weight, _style, _colour, upper = FONTS[kind]
        lines = _wrap(layout, name, size, weight) if kind == "site" else [name]
        shown = [line.upper() if upper else line for line in lines]
        w = max(_width(layout, line, size, weight) for line in shown) + 2
        h = size / PT_PER_UNIT * LINE * len(shown)
        if kind == "site":
            candidate = Candidate(x, y, w, h, gap=site_size / 2 + 2, point=site_size, own_symbol=True)
        else:
            candidate = Candidate(x, y, w, h, centred=kind == "oblast")
        candidates.append(candidate)
        texts.append((kind, "\n".join(shown)))
    placed = place(candidates, width_u, height_u, obstacles)
    dots: list[tuple[float, float, bool]] = []
    for p in placed:
        kind, text = texts[p.index]
        size, weight, style, colour, _upper = FONTS[kind]
        bx0, by0, bx1, _by1 = p.box
        literal_text(
            ax,
            x0 + ((bx0 + bx1) / 2 if kind == "oblast" else bx0 + 1) * m_per_unit,
            y1 - by0 * m_per_unit,
            text,
            fontsize=size,
            fontweight=weight,
            fontstyle=style,
            color=colour,
            ha="center" if kind == "oblast" else "left",
            va="top",
            linespacing=LINE,
            zorder=3.8,
            clip_on=True,
            path_effects=[withStroke(linewidth=pt(3), foreground=LAND)],
        )
        if kind not in ("oblast", "site"):
            c = candidates[p.index]
            dots.append((x0 + c.x * m_per_unit, y1 - c.y * m_per_unit, kind == "capital"))
    if dots:
        xs, ys, filled = zip(*dots, strict=True)
        ax.scatter(
            xs,
            ys,
            s=pt(5) ** 2,
            facecolor=["#333" if f else "white" for f in filled],
            edgecolor="#333",
            linewidths=pt(1.3),
            zorder=3.85,
        )
    return len(placed)


def _draw_oblast_lines(ax: Axes, extent: Extent) -> None:
    x0, x1, y0, y1 = extent
    lines = shapely.clip_by_rect(_oblast_lines(), x0, y0, x1, y1)
    parts = [
        np.asarray(g.coords)
        for g in shapely.get_parts(lines)
        if not g.is_empty and g.geom_type == "LineString"
    ]
    if parts:
        dash = (0, (3.0, 3.0))
        ax.add_collection(
            LineCollection(parts, colors=OBLAST_LINE, linewidths=pt(0.9), linestyles=dash, zorder=1.5),
            autolim=False,
        )


def _candidates(content: MapContent, zoom: int) -> list[tuple[str, str, float, float]]:
    """(kind, name, lon, lat) in importance order, as the page orders them."""
    cities = placenames.load_labels()
    out: list[tuple[str, str, float, float]] = []
    if zoom >= placenames.SITE_MIN_ZOOM and len(content.sites):
        out += [
            ("site", str(s.name), float(s.lon), float(s.lat)) for s in content.sites.itertuples(index=False)
        ]
    out += [("capital", c.name, c.lon, c.lat) for c in cities if c.kind == "capital" and c.min_zoom <= zoom]
    if zoom >= placenames.OBLAST_MIN_ZOOM:
        oblasts = placenames.oblast_labels(placenames.load_oblasts(), cities)
        out += [("oblast", o.name, o.lon, o.lat) for o in oblasts]
    out += [("admin", c.name, c.lon, c.lat) for c in cities if c.kind == "admin" and c.min_zoom <= zoom]
    out += [("city", c.name, c.lon, c.lat) for c in cities if c.kind == "city" and c.min_zoom <= zoom]
    return out


@lru_cache(maxsize=32)
def _font(weight: str, size_pt: float, dpi: float) -> FT2Font:
    """A FreeType face of its own per weight and size (setting a size is the slow part)."""
    font = FT2Font(findfont(FontProperties(family=FONT, weight=weight)))
    font.set_size(size_pt, dpi)
    return font


def _width(layout: Layout, text: str, size_pt: float, weight: str) -> float:
    """Width of one line in canvas units, from FreeType as Agg draws it (faster than a
    renderer's text measure, which hundreds of candidate names would feel)."""
    font = _font(weight, size_pt, layout.fig.dpi)
    font.set_text(text, 0.0)
    width_px = font.get_width_height()[0] / 64.0  # 26.6 fixed point
    return width_px / layout.px_per_unit


def _wrap(layout: Layout, text: str, size: float, weight: str) -> list[str]:
    lines: list[str] = []
    for word in text.split(" "):
        if lines and _width(layout, f"{lines[-1]} {word}", size, weight) <= SITE_WRAP:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines
