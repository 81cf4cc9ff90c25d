"""The legend's rows for one view: what the view shows, and nothing else.

One list feeds every legend: the map's (layers.legend renders it as HTML) and the PNG's
(droneatlas.export.png draws it). Labels are our own words or data made literal by the
renderer; a row's ``key`` says how its symbol looks.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd

from droneatlas.catalog import Catalog
from droneatlas.launchlines import lines_total
from droneatlas.regions import SHADE_OPACITY, only_points, shade
from droneatlas.rings import format_distance
from droneatlas.style import (
    CONFIDENCE_STYLES,
    DENSITY_COLOURS,
    DENSITY_LOWER_BOUNDS,
    FREE_RING_COLOUR,
    INK,
    LAUNCH_LINE_COLOUR,
    SITE_SYMBOLS,
    UNKNOWN_DRONE_COLOUR,
    density_class_labels,
    drone_colours,
)
from droneatlas.timeline import View
from droneatlas.view import MapOptions

BAND_COLOUR = "#777777"
NEUTRAL = "#444444"


@dataclass(frozen=True)
class Key:
    """How a legend row's symbol looks; ``kind`` 'header' marks a section title.

    kinds: header, site, strike, cluster, single, region, confidence, ring, band, free,
    hexagon (a density class), launch, shade (an oblast's fill, droneatlas.regions).
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
    density = show_strikes and options.strike_style == "density"
    if show_sites:
        present = set(view.sites["kind"])
        rows.append(("Sites · shape = kind", HEADER))
        rows += [
            (symbol.label, Key("site", symbol.colour, symbol.shape))
            for kind, symbol in SITE_SYMBOLS.items()
            if kind in present
        ]
    if density:
        rows += density_rows(len(points))
    elif show_strikes:
        rows.append(("Strikes · colour = drone", HEADER))
        struck = list(points["drone_id"].unique())  # unique(), not a set: 100,000 cells in C
        order = [d for d in catalog.drones.index if d in struck] + [d for d in struck if d not in colours]
        rows += [(drone_name(catalog, d), Key("strike", colours.get(d, UNKNOWN_DRONE_COLOUR))) for d in order]
        if interactive:
            rows.append(("strikes grouped at this zoom: click", Key("cluster")))
            rows.append(("a single strike (zoom in): click", Key("single", NEUTRAL, fill_opacity=0.35)))
        elif clustered:
            rows.append(("strikes at one place", Key("cluster")))
    if show_sites or (show_strikes and not density):
        shown = {
            *(view.sites["confidence"] if show_sites else ()),
            *(points["confidence"].unique() if show_strikes and not density else ()),
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
    rows += launch_line_rows(catalog, view, options)
    return rows


def density_rows(strike_count: int) -> list[LegendRow]:
    """The density classes a window of ``strike_count`` strikes can fill, as legend rows."""
    classes = zip(DENSITY_LOWER_BOUNDS, DENSITY_COLOURS, density_class_labels(), strict=True)
    return [
        ("Strikes · count per hexagon", HEADER),
        *[
            (label, Key("hexagon", colour, "hexagon"))
            for low, colour, label in classes
            if low <= strike_count
        ],
    ]


def launch_line_rows(catalog: Catalog, view: View, options: MapOptions) -> list[LegendRow]:
    """The launch lines' rows, when the layer is on and the view has any line."""
    if "launch_lines" not in options.layers or not lines_total(view.strikes, catalog.sites):
        return []
    return [
        ("Launch lines", HEADER),
        ("named launch site → strike (geodesic)", Key("launch", LAUNCH_LINE_COLOUR, dashed=True)),
    ]


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
