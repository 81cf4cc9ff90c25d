"""The map panel: borders, claim bands, rings, strikes and sites, in the live map's styles."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath

from droneatlas.export.png.content import MapContent
from droneatlas.export.png.grouping import fan_out_sites, strike_groups
from droneatlas.export.png.layout import SYMBOL_SCALE, pt
from droneatlas.export.png.projection import Extent
from droneatlas.export.png.symbols import GREY, cluster_disc, marker, rgba
from droneatlas.strikepack import RADIUS_PX
from droneatlas.style import BORDER, CONFIDENCE_STYLES, LAND, SEA, SITE_SYMBOLS, UNKNOWN_DRONE_COLOUR
from layers.rings import ring_style
from layers.symbols import SYMBOL_PX

FRAME_EDGE = "#9a9a9a"
BORDER_OVERHANG = 0.02  # of the frame: borders are cut a little outside it, so cut edges never show


def draw_map(
    ax: Axes,
    content: MapContent,
    extent: Extent,
    borders: np.ndarray,
    colours: dict[str, str],
    width_u: float,
) -> bool:
    """Everything on the map but the scale bar; returns whether strikes were gathered into discs.

    ``borders`` are Web Mercator polygons; ``width_u`` is the map's width in canvas units.
    """
    x0, x1, _y0, _y1 = extent
    m_per_unit = (x1 - x0) / width_u
    _set_frame(ax, extent)
    _draw_borders(ax, borders, extent)
    _draw_rings(ax, content, colours)
    clustered = False
    if len(content.strikes):
        clustered = _draw_strikes(ax, content.strikes, content.strikes_xy, colours, m_per_unit)
    if len(content.sites):
        _draw_sites(ax, content.sites, content.sites_xy, m_per_unit)
    return clustered


def _set_frame(ax: Axes, extent: Extent) -> None:
    x0, x1, y0, y1 = extent
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_facecolor(SEA)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor(FRAME_EDGE)
        spine.set_linewidth(pt(1.2))


def _draw_borders(ax: Axes, borders: np.ndarray, extent: Extent) -> None:
    x0, x1, y0, y1 = extent
    mx, my = (x1 - x0) * BORDER_OVERHANG, (y1 - y0) * BORDER_OVERHANG
    clipped = shapely.clip_by_rect(borders, x0 - mx, y0 - my, x1 + mx, y1 + my)
    paths = [p for p in map(polygon_path, clipped) if p is not None]
    ax.add_collection(
        PathCollection(paths, facecolors=LAND, edgecolors=BORDER, linewidths=pt(0.9), zorder=1),
        autolim=False,
    )


def _draw_rings(ax: Axes, content: MapContent, colours: dict[str, str]) -> None:
    """Bands underneath, then rings, then free rings (as the map orders them)."""
    for ring, geometry in zip(content.rings.itertuples(index=False), content.ring_geoms, strict=True):
        style = ring_style(ring.kind, colours.get(ring.drone_id, UNKNOWN_DRONE_COLOUR))
        if ring.kind == "band":
            path = polygon_path(geometry)
            if path is not None:
                fill = rgba(style["fillColor"], style["fillOpacity"])
                ax.add_patch(PathPatch(path, facecolor=fill, edgecolor="none", zorder=2))
            continue
        dashed = "dashArray" in style
        lines = LineCollection(
            _outlines(geometry),
            colors=[rgba(style["color"], style.get("opacity", 1.0))],
            linewidths=pt(style["weight"] * 1.15),
            linestyles=(0, tuple(float(v) for v in style["dashArray"].split())) if dashed else "solid",
            zorder=3.5 if ring.kind == "free" else 3,
        )
        ax.add_collection(lines, autolim=False)


def polygon_path(geometry: shapely.Geometry) -> MplPath | None:
    """A compound path (holes included) of the polygon parts of ``geometry``.

    Rings are oriented first (exterior counter-clockwise, holes clockwise): Agg fills by
    the non-zero rule, so a hole drawn the same way round as its exterior would be filled.
    """
    parts = [p for p in shapely.get_parts(geometry) if p.geom_type == "Polygon" and not p.is_empty]
    if not parts:
        return None
    vertices, codes = [], []
    for polygon in shapely.orient_polygons(np.array(parts, dtype=object)):
        for ring in (polygon.exterior, *polygon.interiors):
            coords = np.asarray(ring.coords)
            if len(coords) < 4:
                continue
            ring_codes = np.full(len(coords), MplPath.LINETO, dtype=np.uint8)
            ring_codes[0], ring_codes[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
            vertices.append(coords)
            codes.append(ring_codes)
    if not vertices:
        return None
    return MplPath(np.concatenate(vertices), np.concatenate(codes))


def _outlines(geometry: shapely.Geometry) -> list[np.ndarray]:
    return [np.asarray(line.coords) for line in shapely.get_parts(shapely.boundary(geometry))]


def _draw_strikes(
    ax: Axes, strikes: pd.DataFrame, xy: np.ndarray, colours: dict[str, str], m_per_unit: float
) -> bool:
    """Single strikes by look (one scatter per precision, confidence and drone), then discs."""
    groups = strike_groups(xy, list(strikes["precision"]), m_per_unit)
    singles = [g[0] for g in groups if len(g) == 1]
    keys = list(zip(strikes["precision"], strikes["confidence"], strikes["drone_id"], strict=True))
    for precision, confidence, drone_id in dict.fromkeys(keys[i] for i in singles):
        idx = [i for i in singles if keys[i] == (precision, confidence, drone_id)]
        style = CONFIDENCE_STYLES[confidence]
        marker(
            ax,
            xy[idx, 0],
            xy[idx, 1],
            shape="circle",
            size=2 * RADIUS_PX[precision] * SYMBOL_SCALE,
            colour=colours.get(drone_id, UNKNOWN_DRONE_COLOUR),
            fill=style.fill_opacity,
            dashed=style.dash_array is not None,
            z=4,
        )
    clusters = [g for g in groups if len(g) > 1]
    for group in clusters:
        cluster_disc(ax, xy[group, 0].mean(), xy[group, 1].mean(), len(group), z=6)
    return bool(clusters)


def _draw_sites(ax: Axes, sites: pd.DataFrame, xy: np.ndarray, m_per_unit: float) -> None:
    """Site symbols; sites at one place are fanned out around it so none hides another."""
    positions, fans = fan_out_sites(xy, m_per_unit)
    for fan in fans:
        cx, cy = fan.centre
        for i in fan.members:
            ax.plot([cx, positions[i, 0]], [cy, positions[i, 1]], color=GREY, linewidth=pt(1.2), zorder=6.9)
        ax.scatter([cx], [cy], s=pt(5) ** 2, color=GREY, zorder=6.9)
    for i, site in enumerate(sites.itertuples(index=False)):
        symbol, style = SITE_SYMBOLS[site.kind], CONFIDENCE_STYLES[site.confidence]
        # Hollow sites would vanish behind rings: a faint fill even for claims (as on the map).
        marker(
            ax,
            positions[i, 0],
            positions[i, 1],
            shape=symbol.shape,
            size=SYMBOL_PX * SYMBOL_SCALE,
            colour=symbol.colour,
            fill=max(style.fill_opacity, 0.15),
            dashed=style.dash_array is not None,
            z=7,
        )
