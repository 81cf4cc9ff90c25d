"""Two windows side by side on one slide: the same frame, each map with its own stamp, the
difference in words under the title, one legend and one sources line for both."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from droneatlas.catalog import Catalog
from droneatlas.compare import combined, difference_text
from droneatlas.export.png import draw_frame
from droneatlas.export.png.content import borders_mercator, map_content
from droneatlas.export.png.draw import draw_map
from droneatlas.export.png.layout import GAP, LEGEND_PT, Layout, png_size
from droneatlas.export.png.projection import frame_extent
from droneatlas.export.png.scalebar import draw_scale_bar
from droneatlas.style import INK, drone_colours
from droneatlas.timeline import View
from droneatlas.view import MapOptions, view_rings


def build_compare_figure(
    catalog: Catalog, first: View, second: View, options: MapOptions, *, title: str, size: str
) -> Figure:
    """``first`` on the left, ``second`` on the right, framed alike so that places line up."""
    layout = Layout.for_size(png_size(size))
    x0, y0, x1, y1 = layout.map_box
    half = (x1 - x0 - GAP) / 2
    boxes = ((x0, y0, x0 + half, y1), (x1 - half, y0, x1, y1))
    rings = [view_rings(catalog, view, options)[0] for view in (first, second)]
    contents = [map_content(catalog, v, options, r) for v, r in zip((first, second), rings, strict=True)]
    bounds = np.array([c.ring_bounds for c in contents if c.ring_bounds is not None]).reshape(-1, 4)
    ring_bounds = (*bounds[:, :2].min(axis=0), *bounds[:, 2:].max(axis=0)) if len(bounds) else None
    extent = frame_extent(np.concatenate([c.anchors for c in contents]), ring_bounds, half / (y1 - y0))
    borders, colours = borders_mercator(), drone_colours(list(catalog.drones.index))
    clustered = False
    for box, content, view in zip(boxes, contents, (first, second), strict=True):
        ax = layout.axes(box)
        clustered |= draw_map(ax, content, extent, borders, colours, half)
        draw_scale_bar(ax, extent, half, options.unit, layout.width)
        _panel_stamp(layout, ax, view, catalog, half)
    both_rings = pd.concat(rings, ignore_index=True)
    draw_frame(
        layout,
        catalog,
        combined(first, second),
        options,
        both_rings,
        clustered=clustered,
        title=title,
        caption=difference_text(catalog, first, second),
    )
    return layout.fig


def _panel_stamp(layout: Layout, ax: Axes, view: View, catalog: Catalog, width_u: float) -> None:
    """The panel's window (bold) and counts, in a box in its top-left corner."""
    from droneatlas.view import stamp_caption

    counts = stamp_caption(catalog, view).replace(f" · {view.window.label()}", "")
    lines = [view.window.label(), layout.ellipsize(counts, LEGEND_PT, width_u - 60)]
    ax.text(
        0.02,
        0.98,
        "\n".join(lines),
        transform=ax.transAxes,
        fontsize=LEGEND_PT + 2,
        color=INK,
        va="top",
        ha="left",
        parse_math=False,
        linespacing=1.4,
        bbox={"boxstyle": "round,pad=0.4", "facecolor": "white", "edgecolor": "#9a9a9a", "alpha": 0.92},
        zorder=20,
    )
