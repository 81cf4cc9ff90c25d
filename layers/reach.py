"""Highlights for the student's questions: cities within reach, and a measured distance."""

from __future__ import annotations

import folium
import pandas as pd

from droneatlas.rings import format_distance
from layers.popups import tooltip

NAME = "reach"
CITY_COLOUR = "#000000"
MEASURE_COLOUR = "#CC79A7"


def build_reach_layer(cities: pd.DataFrame, *, unit: str = "km") -> folium.FeatureGroup:
    """Small ringed dots on the cities within reach, labelled with their distance."""
    group = folium.FeatureGroup(name="Within reach")
    for city in cities.itertuples(index=False):
        marker = folium.CircleMarker(
            location=(city.lat, city.lon),
            radius=4,
            color=CITY_COLOUR,
            weight=1.5,
            fill=True,
            fill_color="#ffffff",
            fill_opacity=1.0,
        ).add_to(group)
        marker.add_child(tooltip(f"{city.name} ({city.country}) · {format_distance(city.distance_km, unit)}"))
    return group


def build_measure_layer(path: list[tuple[float, float]], label: str) -> folium.FeatureGroup:
    """The geodesic line between two clicked points (a great circle, not a straight line)."""
    group = folium.FeatureGroup(name="Measure")
    if len(path) >= 2:
        line = folium.PolyLine(path, color=MEASURE_COLOUR, weight=3, dash_array="6 4").add_to(group)
        line.add_child(tooltip(label))
    for lat, lon in path[:1] + path[-1:]:
        folium.CircleMarker((lat, lon), radius=5, color=MEASURE_COLOUR, fill=True, fill_opacity=1).add_to(
            group
        )
    return group
