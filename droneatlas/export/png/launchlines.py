"""Launch lines on the PNG: the live map's geodesic lines (droneatlas.launchlines), in its style."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection

from droneatlas.export.png.layout import pt
from droneatlas.export.png.projection import mercator_xy, project
from droneatlas.export.png.symbols import rgba
from droneatlas.style import launch_line_style

LINE_Z = 3.8  # over the rings, under strikes and sites (the ends the lines join)


def line_anchors(lines: gpd.GeoDataFrame, sites: gpd.GeoDataFrame) -> np.ndarray:
    """Web Mercator points the frame must show: each line's launch site (its strike is an
    anchor already)."""
    if lines.empty:
        return np.empty((0, 2))
    ends = sites.loc[lines["site_id"].unique()]
    return mercator_xy(ends["lon"], ends["lat"]).reshape(-1, 2)


def draw_launch_lines(ax: Axes, lines: gpd.GeoDataFrame) -> None:
    """Every line as one LineCollection, dotted like the live map's."""
    if lines.empty:
        return
    parts = shapely.get_parts(project(lines.geometry.to_numpy()))
    style = launch_line_style()
    collection = LineCollection(
        [np.asarray(line.coords) for line in parts],
        colors=rgba(style["color"], style["opacity"]),
        linewidths=pt(style["weight"] * 1.15),
        linestyles=(0, tuple(float(v) for v in style["dashArray"].split())),
        zorder=LINE_Z,
    )
    ax.add_collection(collection, autolim=False)
