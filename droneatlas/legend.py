"""The legend's rows for one view: what the view shows, and nothing else.

One list feeds every legend: the map's (layers.legend renders it as HTML) and the PNG's
(droneatlas.export.png draws it). Labels are our own words or data made literal by the
renderer; a row's ``key`` says how its symbol looks.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd

from droneatlas.catalog import Catalog
from droneatlas.regions import SHADE_OPACITY, only_points, shade
from droneatlas.rings import format_distance
from droneatlas.style import (
    CONFIDENCE_STYLES,
    FREE_RING_COLOUR,
    INK,
    SITE_SYMBOLS,
    UNKNOWN_DRONE_COLOUR,
    drone_colours,
)
from droneatlas.timeline import View
from droneatlas.view import MapOptions

BAND_COLOUR = "#777777"
NEUTRAL = "#444444"


@dataclass(frozen=True)
class Key:
    """How a legend row's symbol looks; ``kind`` 'header' marks a section title.

    kinds: header, site, strike, cluster, single, region, confidence, ring, band, free, shade
    (an oblast's fill, droneatlas.regions).
    """

    kind: str
    colour: str = INK
    shape: str = "circle"
    fill_opacity: float = 0.9
    dashed: bool = False


HEADER = Key("header")
LegendRow = tuple[str, Key]


def drone_name(catalog: Catalog, drone_id: str) -> str:
    """The drone's name, its id when the catalog does not know it, or 'drone not named'."""
    if drone_id in catalog.drones.index:
        return str(catalog.drones.loc[drone_id, "name"])
    return drone_id or "drone not named"


def legend_rows(
    catalog: Catalog,
    view: View,
    options: MapOptions,
    rings: gpd.GeoDataFrame,
    *,
    clustered: bool = False,
    interactive: bool = False,
) -> list[LegendRow]:
    """The legend's rows, as (label, Key), headers included; only what the view shows.

    Site kinds present, strike colours of the drones struck with, the confidence levels
    present, one ring per drone drawn, the claims band and free rings when drawn.
    ``clustered`` adds the numbered disc for strikes drawn at one place (a still image);
    ``interactive`` the map's rows instead: discs that open on click and a single strike.
    Region-level records are not points: the shaded oblasts' classes follow (shading_rows).
    """
    colours = drone_colours(list(catalog.drones.index))
    rows: list[LegendRow] = []
    show_sites = "sites" in options.layers and not view.sites.empty
    # Only exact and city records are drawn as points; region records shade their oblast.
    points = only_points(view.strikes)
    show_strikes = "strikes" in options.layers and not points.empty
    if show_sites:
        present = set(view.sites["kind"])
        rows.append(("Sites · shape = kind", HEADER))
        rows += [
            (symbol.label, Key("site", symbol.colour, symbol.shape))
            for kind, symbol in SITE_SYMBOLS.items()
            if kind in present
        ]
    if show_strikes:
        rows.append(("Strikes · colour = drone", HEADER))
        struck = list(dict.fromkeys(points["drone_id"]))
        order = [d for d in catalog.drones.index if d in struck] + [d for d in struck if d not in colours]
        rows += [(drone_name(catalog, d), Key("strike", colours.get(d, UNKNOWN_DRONE_COLOUR))) for d in order]
        if interactive:
            rows.append(("strikes grouped at this zoom: click", Key("cluster")))
            rows.append(("a single strike (zoom in): click", Key("single", NEUTRAL, fill_opacity=0.35)))
        elif clustered:
            rows.append(("strikes at one place", Key("cluster")))
    if show_sites or show_strikes:
        shown = {
            *(view.sites["confidence"] if show_sites else ()),
            *(points["confidence"] if show_strikes else ()),
        }
        rows.append(("Fill = confidence", HEADER))
        rows += [
            (
                style.label,
                Key("confidence", NEUTRAL, "circle", style.fill_opacity, style.dash_array is not None),
            )
            for confidence, style in CONFIDENCE_STYLES.items()
            if confidence in shown
        ]
    rows += shading_rows(view, options)
    if "rings" in options.layers and not rings.empty:
        rows.append(("Geodesic range rings", HEADER))
        drawn = rings[rings["kind"] == "ring"].drop_duplicates("drone_id")
        rows += [
            (
                f"{ring.drone_name} · {format_distance(ring.radius_km, options.unit)}",
                Key("ring", colours.get(ring.drone_id, UNKNOWN_DRONE_COLOUR)),
            )
            for ring in drawn.itertuples(index=False)
        ]
        if (rings["kind"] == "band").any():
            rows.append(("spread of range claims", Key("band", BAND_COLOUR)))
        rows += [
            (ring.label, Key("free", FREE_RING_COLOUR, dashed=True))
            for ring in rings[rings["kind"] == "free"].itertuples(index=False)
        ]
    return rows


def shading_rows(view: View, options: MapOptions) -> list[LegendRow]:
    """The oblast shading's classes (droneatlas.regions), under its own header; none when
    the Strikes layer is off or no region-level record of the window found its oblast."""
    if "strikes" not in options.layers:
        return []
    shading = shade(view.strikes, with_records=False)
    if shading.empty:
        return []
    return [
        ("Oblasts · region-level reports", HEADER),
        *(
            (f"{label} {shading.measure_words(label)}", Key("shade", colour, "square", SHADE_OPACITY))
            for label, colour in shading.class_labels()
        ),
    ]
