"""Launch lines layer: a geodesic line per strike and named launch site (droneatlas.launchlines),
as overlay shapes, each with its words as tooltip and tagged with its strike's day for playback."""

from __future__ import annotations

import geopandas as gpd

from droneatlas.launchlines import line_label
from droneatlas.style import launch_line_style
from layers.controls import day_number
from layers.popups import tooltip_html
from layers.rings import rounded_geometry

NAME = "launch_lines"


def launch_line_shapes(lines: gpd.GeoDataFrame, *, unit: str = "km") -> list[dict]:
    """One shape per line, as overlay data (layers.overlay)."""
    style = launch_line_style()
    shapes = []
    for line in lines.itertuples(index=False):
        day = day_number(line.date)
        shapes.append(
            {
                "geometry": rounded_geometry(line.geometry),
                "style": style,
                "tooltip": tooltip_html(line_label(line, unit)),
                "from": day,
                "to": day,
            }
        )
    return shapes
