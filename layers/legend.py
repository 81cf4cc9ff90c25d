"""The legend and the title stamp shown on the map."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from droneatlas.catalog import Catalog
from droneatlas.rings import format_distance
from droneatlas.style import CONFIDENCE_STYLES, FREE_RING_COLOUR, SITE_SYMBOLS, drone_colours
from droneatlas.text import literal
from layers.controls import HtmlControl
from layers.symbols import shape_svg, site_svg

STAMP_WINDOW_ID = "atlas-window"

if TYPE_CHECKING:  # layers/__init__ imports this module: avoid the cycle at run time
    from layers import MapOptions


def _row(symbol: str, text: str) -> str:
    return f'<div class="atlas-legend-row"><span class="atlas-key">{symbol}</span>{text}</div>'


def _line(colour: str, *, dashed: bool = False, band: bool = False) -> str:
    if band:
        shape = f'<rect x="0" y="1" width="26" height="10" fill="{colour}" fill-opacity="0.25"/>'
        return f'<svg width="26" height="12">{shape}</svg>'
    dash = ' stroke-dasharray="5 3"' if dashed else ""
    shape = f'<line x1="0" y1="6" x2="26" y2="6" stroke="{colour}" stroke-width="2.5"{dash}/>'
    return f'<svg width="26" height="12">{shape}</svg>'


def legend_html(
    *,
    layers: list[str],
    site_kinds: list[str],
    drones: pd.DataFrame,
    colours: dict[str, str],
    unit: str = "km",
) -> str:
    """Legend sections for the visible layers; only categories present in the data."""
    sections = []
    if "sites" in layers and site_kinds:
        rows = [_row(site_svg(kind, "verified", 14), SITE_SYMBOLS[kind].label) for kind in site_kinds]
        sections.append(("Sites · shape = kind", rows))
    if "strikes" in layers:
        rows = [
            _row(
                shape_svg("circle", colours[drone_id], 0.9, False, 14), literal(drones.loc[drone_id, "name"])
            )
            for drone_id in drones.index
        ]
        rows.append(_row('<span class="atlas-cluster-key">3</span>', "strikes grouped at this zoom: click"))
        rows.append(_row(shape_svg("circle", "#444444", 0.35, False, 14), "a single strike (zoom in): click"))
        rows.append(_row(shape_svg("circle", "#777777", 0.2, False, 20), "region only, not an impact point"))
        sections.append(("Strikes · colour = drone", rows))
    if "sites" in layers or "strikes" in layers:
        rows = [
            _row(
                shape_svg("circle", "#444444", style.fill_opacity, style.dash_array is not None, 14),
                style.label,
            )
            for style in CONFIDENCE_STYLES.values()
        ]
        sections.append(("Fill = confidence", rows))
    if "rings" in layers:
        rows = [
            _row(_line(colours[drone.id]), f"{literal(drone.name)} · {format_distance(drone.range_km, unit)}")
            for drone in drones.itertuples(index=False)
            if pd.notna(drone.range_km)
        ]
        rows.append(_row(_line("#777777", band=True), "spread of range claims"))
        rows.append(_row(_line(FREE_RING_COLOUR, dashed=True), "free ring"))
        sections.append(("Geodesic range rings", rows))
    parts = ['<div class="atlas-legend-title">Legend</div>']
    parts += [
        f'<div class="atlas-legend-section"><div class="atlas-legend-head">{head}</div>{"".join(rows)}</div>'
        for head, rows in sections
    ]
    return "".join(parts)


def build_legend(**kwargs) -> HtmlControl:
    return HtmlControl(legend_html(**kwargs), position="bottomright", css_class="atlas-legend")


def catalog_legend(catalog: Catalog, options: MapOptions) -> HtmlControl:
    """The legend for a catalog and the user's options: the app's map and the HTML export."""
    return build_legend(
        layers=list(options.layers),
        site_kinds=sorted(catalog.sites["kind"].unique()),
        drones=catalog.drones,
        colours=drone_colours(list(catalog.drones.index)),
        unit=options.unit,
    )


def stamp_html(title: str, window_text: str, as_of_text: str) -> str:
    return (
        f'<div class="atlas-stamp-title">{literal(title)}</div>'
        f'<div id="{STAMP_WINDOW_ID}" class="atlas-stamp-window">{literal(window_text)}</div>'
        f'<div class="atlas-stamp-asof">{literal(as_of_text)}</div>'
    )


def build_stamp(title: str, window_text: str, as_of_text: str) -> HtmlControl:
    """Title, window and 'data as of' in the top-right corner: a slide needs all three."""
    return HtmlControl(
        stamp_html(title, window_text, as_of_text), position="topright", css_class="atlas-stamp"
    )
