"""The map panel: borders, claim bands, rings, strikes and sites, in the live map's styles."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection

from droneatlas.export.png.content import MapContent
from droneatlas.export.png.grouping import fan_out_sites, strike_groups
from droneatlas.export.png.layout import SYMBOL_SCALE, pt
from droneatlas.export.png.projection import Extent
from droneatlas.export.png.symbols import GREY, cluster_disc, marker, rgba
from droneatlas.regions import SHADE_OPACITY
from droneatlas.strikepack import RADIUS_PX
from droneatlas.style import (
    BORDER,
    CONFIDENCE_STYLES,
    DENSITY_COLOURS,
    DENSITY_HEX_RADIUS_PX,
    DENSITY_LOWER_BOUNDS,
    LAND,
    SEA,
    SITE_SYMBOLS,
    SYMBOL_PX,
    UNKNOWN_DRONE_COLOUR,
    ring_style,
)

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
    _draw_shades(ax, content)
    _draw_rings(ax, content, colours)
    clustered = False
    if len(content.strikes) and content.strike_style == "density":
        _draw_density(ax, content.strikes_xy, extent, DENSITY_HEX_RADIUS_PX * SYMBOL_SCALE * m_per_unit)
    elif len(content.strikes):
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
    """The countries, cut to the frame (with a margin so cut edges fall outside the axes)."""
    x0, x1, y0, y1 = extent
    mx, my = (x1 - x0) * BORDER_OVERHANG, (y1 - y0) * BORDER_OVERHANG
    clipped = shapely.clip_by_rect(borders, x0 - mx, y0 - my, x1 + mx, y1 + my)
    _fill(ax, clipped, facecolor=LAND, edgecolor=BORDER, linewidth=pt(0.9), zorder=1)


def _draw_shades(ax: Axes, content: MapContent) -> None:
    """Oblasts shaded by their region-level records, over the land, under everything else."""
    if len(content.shades):
        fills = [rgba(colour, SHADE_OPACITY) for colour in content.shade_colours]
        _fill(ax, content.shades, facecolor=fills, edgecolor=(1, 1, 1, 0.8), linewidth=pt(0.6), zorder=1.5)


def _draw_rings(ax: Axes, content: MapContent, colours: dict[str, str]) -> None:
    """Bands underneath, then rings, then free rings (as the map orders them)."""
    geometries = gpd.GeoSeries(content.ring_geoms)
    for kind, zorder in (("band", 2), ("ring", 3), ("free", 3.5)):
        rows = np.asarray(content.rings["kind"] == kind)
        if not rows.any():
            continue
        styles = [
            ring_style(kind, colours.get(d, UNKNOWN_DRONE_COLOUR)) for d in content.rings["drone_id"][rows]
        ]
        if kind == "band":
            fills = [rgba(style["fillColor"], style["fillOpacity"]) for style in styles]
            _fill(ax, geometries[rows], facecolor=fills, edgecolor="none", zorder=zorder)
        else:
            _ring_lines(ax, geometries[rows], styles, zorder)


def _ring_lines(ax: Axes, rings: gpd.GeoSeries, styles: list[dict], zorder: float) -> None:
    """Ring outlines as one LineCollection, each line starting at its ring's first vertex.

    Not GeoSeries.plot: it normalizes geometries first, which moves every line's start to
    its lowest-left vertex, so a free ring's dashes would no longer fall where the live
    map (Leaflet, from the first vertex, due north) draws them.
    """
    parts, owner = shapely.get_parts(shapely.boundary(rings.to_numpy()), return_index=True)
    style = styles[0]  # one kind: one weight and dash; only the colour is the drone's
    dashed = "dashArray" in style
    lines = LineCollection(
        [np.asarray(line.coords) for line in parts],
        colors=[rgba(styles[i]["color"], styles[i].get("opacity", 1.0)) for i in owner],
        linewidths=pt(style["weight"] * 1.15),
        linestyles=(0, tuple(float(v) for v in style["dashArray"].split())) if dashed else "solid",
        zorder=zorder,
    )
    ax.add_collection(lines, autolim=False)


def _fill(ax: Axes, geometries: np.ndarray | gpd.GeoSeries, **style) -> None:
    """The polygon parts of ``geometries`` filled and stroked by geopandas, on our axes as set."""
    shapes = polygons(geometries)
    if len(shapes):  # GeoSeries.plot warns when given nothing (a frame out at sea)
        shapes.plot(ax=ax, aspect=None, autolim=False, add_labels=False, **style)


def polygons(geometries: np.ndarray | gpd.GeoSeries) -> gpd.GeoSeries:
    """The polygon parts of each geometry, one (multi)polygon per non-empty one.

    One per input, so that a country's outline is stroked once (parts drawn apart would
    blend twice where they touch). Holes need no care: GeoSeries.plot normalizes rings so
    that Agg's non-zero fill leaves them open.
    """
    kept = []
    for geometry in np.asarray(geometries, dtype=object):
        parts = [p for p in shapely.get_parts(geometry) if p.geom_type == "Polygon" and not p.is_empty]
        if parts:
            kept.append(parts[0] if geometry.geom_type == "Polygon" else shapely.MultiPolygon(parts))
    return gpd.GeoSeries(kept)


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


def _draw_density(ax: Axes, xy: np.ndarray, extent: Extent, radius_m: float) -> None:
    """Strikes counted in hexagons of about the map's size on screen, in the map's classes."""
    x0, x1, y0, y1 = extent
    # matplotlib's gridsize is the number of hexagons across; a hexagon is sqrt(3) radii wide.
    across = max(1, round((x1 - x0) / (np.sqrt(3) * radius_m)))
    cells = ax.hexbin(
        xy[:, 0], xy[:, 1], gridsize=across, extent=(x0, x1, y0, y1), mincnt=1, linewidths=pt(0.6), zorder=4
    )
    counts = cells.get_array()
    classes = np.searchsorted(DENSITY_LOWER_BOUNDS, counts, side="right") - 1
    cells.set_array(None)  # colours by class, not by a continuous colour map
    cells.set_facecolor([rgba(DENSITY_COLOURS[c], 0.8) for c in classes])
    cells.set_edgecolor("white")


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
