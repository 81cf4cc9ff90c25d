"""Range rings layer: geodesic rings (droneatlas.rings) drawn as GeoJSON polygons."""

from __future__ import annotations

import folium
import geopandas as gpd
from shapely import transform
from shapely.geometry import mapping

from droneatlas.style import FREE_RING_COLOUR, UNKNOWN_DRONE_COLOUR
from layers.controls import TimeTag
from layers.popups import tooltip

NAME = "rings"
BAND_OPACITY = 0.10
COORD_DECIMALS = 3  # ~100 m: finer than any ring of tens of km can show, and half the bytes


def _rounded(geometry) -> dict:
    """GeoJSON geometry with coordinates rounded: smaller, and no false precision."""
    return mapping(transform(geometry, lambda xy: xy.round(COORD_DECIMALS)))


def ring_style(kind: str, colour: str) -> dict:
    """Leaflet path options for a ring, a claims band or a free ring (the PNG export reuses them)."""
    if kind == "band":
        return {"stroke": False, "fillColor": colour, "fillOpacity": BAND_OPACITY}
    if kind == "free":
        return {"color": FREE_RING_COLOUR, "weight": 2.5, "dashArray": "8 6", "fill": False}
    return {"color": colour, "weight": 1.8, "opacity": 0.85, "fill": False}


def build_rings_layer(rings: gpd.GeoDataFrame, *, colours: dict[str, str]) -> folium.FeatureGroup:
    """Bands first (underneath), then rings, each with its label as tooltip."""
    group = folium.FeatureGroup(name="Range rings")
    ordered = rings.assign(_order=(rings["kind"] != "band").astype(int)).sort_values("_order", kind="stable")
    for ring in ordered.itertuples(index=False):
        style = ring_style(ring.kind, colours.get(ring.drone_id, UNKNOWN_DRONE_COLOUR))
        text = ring.label
        if ring.kind == "ring":
            text += f" · from {ring.site_name}" + (f" · {ring.range_basis}" if ring.range_basis else "")
        shape = folium.GeoJson(
            {"type": "Feature", "properties": {}, "geometry": _rounded(ring.geometry)},
            style_function=lambda _feature, style=style: style,
            control=False,
        ).add_to(group)
        shape.add_child(tooltip(text))
        if ring.kind == "ring":  # a site's ring lives as long as the site; bands stay
            shape.add_child(TimeTag(ring.active_from, ring.active_to))
    return group
