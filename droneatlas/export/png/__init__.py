"""A briefing-ready PNG of one view: the map with a title, window, legend, scale bar and sources.

Rendered offline with matplotlib (Agg) in Web Mercator, like the interactive map, with the
same styles: colour = drone for strikes, shape + colour = kind for sites, fill = confidence,
dashed = claimed; rings and claim bands come from ``droneatlas.rings`` exactly as on the map.

One concept a module: ``projection`` (Web Mercator, the frame, the scale bar's length),
``content`` (what is shown, sources, credits), ``grouping`` (gathering strikes, fanning out
sites), ``layout`` (sizes, the canvas grid, text measure), ``symbols``, ``draw`` (the map),
``scalebar`` and ``panels`` (legend, header, footer). This module puts them together.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace

import geopandas as gpd
import numpy as np
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.text import Text

from droneatlas.catalog import Catalog
from droneatlas.export.png.content import (
    BORDERS_CREDIT,
    GEONAMES_CREDIT,
    PROJECTION_NOTE,
    borders_mercator,
    credits,
    map_content,
    shown_source_ids,
    source_labels,
    sources_footer,
)
from droneatlas.export.png.draw import draw_map
from droneatlas.export.png.grouping import cluster_points, disc_radius, gather_markers
from droneatlas.export.png.labels import PLACE_NAMES_CREDIT, draw_place_names
from droneatlas.export.png.launchlines import draw_launch_lines, line_anchors
from droneatlas.export.png.layout import FONT, FOOTER_PT, MARGIN, SIZES, Box, Layout, PngSize, png_size
from droneatlas.export.png.panels import draw_footer, draw_header, draw_legend
from droneatlas.export.png.projection import (
    EMPTY_VIEW_LONLAT,
    Extent,
    frame_extent,
    latitude_of,
    mercator,
    mercator_length_m,
    project,
    scale_bar,
)
from droneatlas.export.png.scalebar import draw_scale_bar
from droneatlas.launchlines import launch_lines
from droneatlas.legend import legend_rows
from droneatlas.style import drone_colours
from droneatlas.timeline import View
from droneatlas.view import MapOptions, ViewSpec, as_of_text, spec_view, stamp_text, view_rings

__all__ = [
    "BORDERS_CREDIT",
    "EMPTY_VIEW_LONLAT",
    "GEONAMES_CREDIT",
    "PROJECTION_NOTE",
    "SIZES",
    "PngSize",
    "build_figure",
    "cluster_points",
    "credits",
    "disc_radius",
    "frame_extent",
    "gather_markers",
    "latitude_of",
    "mercator",
    "mercator_length_m",
    "project",
    "render_png",
    "scale_bar",
    "shown_source_ids",
    "source_labels",
    "sources_footer",
]


def render_png(
    catalog: Catalog,
    spec: ViewSpec,
    *,
    size: str = "1920x1080",
    basemap: gpd.GeoDataFrame | None = None,
) -> bytes:
    """The view as a briefing PNG of exactly ``SIZES[size]`` pixels."""
    pixels = png_size(size)
    with rc_context({"text.usetex": False, "text.parse_math": False, "font.family": FONT}):
        view = spec_view(catalog, spec)
        if spec.compare is not None:
            from droneatlas.export.png.compare import build_compare_figure

            second = spec_view(catalog, replace(spec, window=spec.compare))
            fig = build_compare_figure(catalog, view, second, spec.options, title=spec.title, size=size)
        else:
            fig = build_figure(catalog, view, spec.options, title=spec.title, size=size, basemap=basemap)
        buffer = io.BytesIO()
        print_dpi = pixels.print_dpi or fig.dpi  # build_figure sized it in pixels at this dpi
        fig.savefig(
            buffer,
            format="png",
            dpi=fig.dpi,
            bbox_inches=None,
            facecolor="white",
            pil_kwargs={"dpi": (print_dpi, print_dpi)},
        )
    fig.clear()
    return buffer.getvalue()


def build_figure(
    catalog: Catalog,
    view: View,
    options: MapOptions,
    *,
    title: str,
    size: str = "1920x1080",
    basemap: gpd.GeoDataFrame | None = None,
) -> Figure:
    """The briefing figure (not pyplot-managed: nothing to close, nothing kept globally)."""
    return lay_out(catalog, view, options, title=title, size=size, basemap=basemap).layout.fig


@dataclass(frozen=True)
class Briefing:
    """A laid-out briefing figure, with what an animation redraws on it frame by frame."""

    layout: Layout
    map_box: Box
    extent: Extent
    caption: Text  # the window and counts under the title


def lay_out(
    catalog: Catalog,
    view: View,
    options: MapOptions,
    *,
    title: str,
    size: str = "1920x1080",
    basemap: gpd.GeoDataFrame | None = None,
    records: bool = True,
) -> Briefing:
    """The briefing figure of ``view``; ``records`` False leaves the map's records out (the
    borders, legend, header and footer stay: an animation draws each frame's records)."""
    layout = Layout.for_size(png_size(size))
    rings, _messages = view_rings(catalog, view, options)
    content = map_content(catalog, view, options, rings)
    lines = shown_launch_lines(catalog, view, options)
    content = replace(content, anchors=np.concatenate([content.anchors, line_anchors(lines, catalog.sites)]))

    box = layout.map_box
    width_u, height_u = box[2] - box[0], box[3] - box[1]
    extent = frame_extent(content.anchors, content.ring_bounds, width_u / height_u)
    ax = layout.axes(box)
    colours = drone_colours(list(catalog.drones.index))
    drawn = content if records else content.without_records()
    clustered = draw_map(ax, drawn, extent, borders_mercator(basemap), colours, width_u)
    if records:
        draw_launch_lines(ax, lines)
    # The names and oblasts belong to the project's own base map, not to one passed in.
    names_shown = draw_place_names(ax, layout, drawn, extent, width_u) if basemap is None else 0
    draw_scale_bar(ax, extent, width_u, options.unit, layout.width)

    caption = draw_frame(
        layout,
        catalog,
        view,
        options,
        rings,
        clustered=clustered or not records,
        title=title,
        caption=stamp_text(catalog, view, options),
        extra_credits=(PLACE_NAMES_CREDIT,) if names_shown else (),
    )
    return Briefing(layout, box, extent, caption)


def draw_frame(
    layout: Layout,
    catalog: Catalog,
    view: View,
    options: MapOptions,
    rings: gpd.GeoDataFrame,
    *,
    clustered: bool,
    title: str,
    caption: str,
    extra_credits: tuple[str, ...] = (),
) -> Text:
    """What frames the map: the legend of ``view``, the header and the footer with the sources
    of what is shown; returns the caption's text."""
    rows = legend_rows(catalog, view, options, rings, clustered=clustered)
    draw_legend(layout, layout.legend_box, rows)
    text = draw_header(layout, title, caption, as_of_text(catalog))
    ids = shown_source_ids(catalog, view, options, rings)
    max_w = layout.w - 2 * MARGIN
    sources = sources_footer(source_labels(catalog, ids), lambda s: layout.width(s, FOOTER_PT) <= max_w)
    draw_footer(layout, sources, " · ".join([*credits(catalog, view, options, ids), *extra_credits]))
    return text


def shown_launch_lines(catalog: Catalog, view: View, options: MapOptions) -> gpd.GeoDataFrame:
    """The view's launch lines when their layer is on (none otherwise)."""
    strikes = view.strikes if "launch_lines" in options.layers else view.strikes.iloc[:0]
    return launch_lines(strikes, catalog.sites)
