"""Sites layer: bases, launch sites, production, training and storage sites."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from droneatlas.style import SITE_SYMBOLS
from droneatlas.text import literal
from layers.controls import day_number
from layers.popups import format_day, popup_html, source_list, tooltip_html
from layers.symbols import SYMBOL_PX, site_svg

NAME = "sites"


def active_period(active_from: object, active_to: object) -> str:
    """'since 12 Oct 2022' or '8 Jun 2022 – 5 Jul 2022' (both ends as reported)."""
    if active_to is None or pd.isna(active_to):
        return f"since {format_day(active_from)} (no end reported)"
    return f"{format_day(active_from)} – {format_day(active_to)}"


def site_markers(
    sites: gpd.GeoDataFrame,
    *,
    drones: pd.DataFrame,
    sources: pd.DataFrame,
    launches: dict[str, str] | None = None,
) -> list[dict]:
    """One marker per site (shape and colour by kind, fill by confidence), as overlay data;
    ``launches``: per site, the strikes that name it as their launch site, in words
    (droneatlas.launchlines.launches_by_site), for its popup."""
    markers = []
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
        if launches and site.id in launches:
            rows.append(("Launch site of", launches[site.id]))
        markers.append(
            {
                "lat": float(site.lat),
                "lon": float(site.lon),
                "icon": site_svg(site.kind, site.confidence),
                "className": "atlas-site",
                "size": SYMBOL_PX,
                "popup": popup_html(site.name, rows, site.summary, source_list(site.source_ids, sources)),
                "tooltip": tooltip_html(
                    f"{site.name} ({SITE_SYMBOLS[site.kind].label.lower()}, {site.confidence})"
                ),
                "from": day_number(site.active_from),
                "to": day_number(site.active_to),
                # Literal here (no brace or markup in the page), decoded and set as text there.
                "label": literal(site.name),
            }
        )
    return markers
