"""Sites layer: bases, launch sites, production, training and storage sites."""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd

from droneatlas.style import SITE_SYMBOLS
from layers.controls import TimeTag
from layers.popups import format_day, popup, source_list, tooltip
from layers.symbols import SYMBOL_PX, site_svg

NAME = "sites"


def active_period(active_from: object, active_to: object) -> str:
    """'since 12 Oct 2022' or '8 Jun 2022 – 5 Jul 2022' (both ends as reported)."""
    if active_to is None or pd.isna(active_to):
        return f"since {format_day(active_from)} (no end reported)"
    return f"{format_day(active_from)} – {format_day(active_to)}"


def build_sites_layer(
    sites: gpd.GeoDataFrame, *, drones: pd.DataFrame, sources: pd.DataFrame
) -> folium.FeatureGroup:
    """One marker per site: shape and colour by kind, fill by confidence."""
    group = folium.FeatureGroup(name="Sites")
    for site in sites.itertuples(index=False):
        drone_names = [drones.loc[d, "name"] if d in drones.index else d for d in site.drone_ids]
        rows = [
            ("Kind", SITE_SYMBOLS[site.kind].label),
            ("Active", active_period(site.active_from, site.active_to)),
            ("Drones", ", ".join(drone_names)),
            ("Confidence", site.confidence),
            ("Precision", site.precision),
            ("Location", f"{site.lat:.4f}, {site.lon:.4f}"),
        ]
        icon = folium.DivIcon(
            html=site_svg(site.kind, site.confidence),
            icon_size=(SYMBOL_PX, SYMBOL_PX),
            icon_anchor=(SYMBOL_PX // 2, SYMBOL_PX // 2),
            class_name="atlas-site",
        )
        marker = folium.Marker(location=(site.lat, site.lon), icon=icon).add_to(group)
        marker.add_child(popup(site.name, rows, site.summary, source_list(site.source_ids, sources)))
        marker.add_child(tooltip(f"{site.name} ({SITE_SYMBOLS[site.kind].label.lower()}, {site.confidence})"))
        marker.add_child(TimeTag(site.active_from, site.active_to))
    return group
