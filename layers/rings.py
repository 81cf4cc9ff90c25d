"""Range rings layer: geodesic rings (droneatlas.rings) as overlay shapes (GeoJSON polygons)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from droneatlas.memo import remembered
from droneatlas.style import UNKNOWN_DRONE_COLOUR, ring_style
from layers.controls import day_number
from layers.popups import tooltip_html

NAME = "rings"
COORD_DECIMALS = 3  # ~100 m: finer than any ring of tens of km can show, and half the bytes


def rounded_geometry(geometry: BaseGeometry) -> dict:
    """GeoJSON geometry with coordinates rounded: smaller, and no false precision.

    Remembered per geometry (shared: do not change it): rings and bands come from caches
    (droneatlas.geodesy, droneatlas.rings), so each new set of sites rounds only new shapes.
    """
    return remembered(geometry, "rounded GeoJSON", lambda: _rounded(geometry))


def _rounded(geometry: BaseGeometry) -> dict:
    return shapely.geometry.mapping(shapely.transform(geometry, lambda xy: np.round(xy, COORD_DECIMALS)))


def ring_shapes(rings: gpd.GeoDataFrame, *, colours: dict[str, str]) -> list[dict]:
    """Bands first (underneath), then rings, each with its label as tooltip, as overlay data."""
    shapes = []
    ordered = rings.assign(_order=(rings["kind"] != "band").astype(int)).sort_values("_order", kind="stable")
    for ring in ordered.itertuples(index=False):
        text = ring.label
        if ring.kind == "ring":
            text += f" · from {ring.site_name}" + (f" · {ring.range_basis}" if ring.range_basis else "")
        shape = {
            "geometry": rounded_geometry(ring.geometry),
            "style": ring_style(ring.kind, colours.get(ring.drone_id, UNKNOWN_DRONE_COLOUR)),
            "tooltip": tooltip_html(text),
        }
        if ring.kind == "ring":  # a site's ring lives as long as the site; bands stay
            shape |= {"from": day_number(ring.active_from), "to": day_number(ring.active_to)}
        shapes.append(shape)
    return shapes
