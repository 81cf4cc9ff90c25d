"""The view spec: everything that says *what is shown*, for every output alike.

The app, the standalone HTML, the PNG, the GeoJSON/CSV export, the CLI and the link all
take a ``ViewSpec``; ``droneatlas.urlstate`` turns it into query parameters and back.
The records a spec shows are ``view_of(catalog, spec.window)`` (droneatlas.timeline).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd

from droneatlas.catalog import Catalog
from droneatlas.filters import NO_FILTER, StrikeFilter, describe, filter_view
from droneatlas.geodesy import RingError
from droneatlas.launches import tally
from droneatlas.memo import remembered
from droneatlas.regions import not_placed_text, shade
from droneatlas.rings import FreeRing, drone_rings, free_ring
from droneatlas.timeline import View, Window, view_of

DEFAULT_TITLE = "Reported drone sites, strikes and ranges"
LAYER_LABELS = {
    "sites": "Sites",
    "strikes": "Strikes",
    "rings": "Range rings",
    "launch_lines": "Launch lines",
}
ALL_LAYERS = tuple(LAYER_LABELS)
# Launch lines are off unless asked for: a link or script that names no layers keeps showing
# what it showed before them, and the default briefing map is not crossed by ~120 lines.
DEFAULT_LAYERS = ("sites", "strikes", "rings")
DEFAULT_BASEMAP = "borders"
# How the strikes layer draws: one symbol per strike (grouped where they overlap), or their
# density in hexagons (for imported data sets of tens of thousands of strikes).
STRIKE_STYLES = ("points", "density")


@dataclass(frozen=True)
class MapOptions:
    """What the user chose to see on the map, besides the time window."""

    layers: tuple[str, ...] = DEFAULT_LAYERS
    ring_drones: tuple[str, ...] | None = None  # None = every drone with a range
    unit: str = "km"
    free_rings: tuple[FreeRing, ...] = field(default_factory=tuple)
    strike_style: str = "points"  # one of STRIKE_STYLES
    strike_filter: StrikeFilter = NO_FILTER


@dataclass(frozen=True)
class ViewSpec:
    """One view: the window, what is drawn, how it is titled and framed.

    ``center``/``zoom`` None let each output frame the view itself (the app keeps the
    user's position; a file fits the records shown).
    """

    window: Window
    options: MapOptions = field(default_factory=MapOptions)
    title: str = DEFAULT_TITLE
    basemap: str = DEFAULT_BASEMAP
    center: tuple[float, float] | None = None
    zoom: int | None = None
    presenter: bool = False
    compare: Window | None = None  # a second window, side by side with the first


def as_of_text(catalog: Catalog) -> str:
    """'Data as of 21 Oct 2025': the newest dated fact, for every stamp."""
    as_of = catalog.as_of()
    return f"Data as of {as_of:%-d %b %Y}" if as_of else "No dated data"


def stamp_caption(catalog: Catalog, view: View) -> str:
    """The view's counts for a stamp, with the reported scale when the data has it:
    '12 strikes · 5 sites · 1 Jan – 31 Dec 2025 · Air Force: ≥54,590 drones launched'."""
    reported = tally(catalog.launches, view.window)
    caption = view.caption() + unplaced_note(view)
    if reported.empty:
        return caption
    return f"{caption} · Air Force: ≥{reported.launched:,} drones launched"


def unplaced_note(view: View) -> str:
    """' · 25 records not placed on the map' (country-level records, and region records
    whose oblast is not found: counted, never drawn), or nothing."""
    text = not_placed_text(shade(view.strikes, with_records=False).not_placed)
    return f" · {text}" if text else ""


def ranged_drones(catalog: Catalog) -> tuple[str, ...]:
    """Drones that have a reported range (the ones a ring can be drawn for)."""
    drones = catalog.drones
    return tuple(d for d in drones.index if pd.notna(drones.loc[d, "range_km"]))


def view_rings(catalog: Catalog, view: View, options: MapOptions) -> tuple[gpd.GeoDataFrame, list[str]]:
    """The rings a view shows (drone rings of its sites, claims bands, free rings), none when
    the rings layer is off, and in words the rings that were refused.

    Remembered per catalog and set of sites: a timeline change mostly keeps the same sites,
    and the map, its legend and its overlays all ask. The frame is shared: do not change it.
    """
    shown = "rings" in options.layers
    key = ("rings", tuple(view.sites.index), shown, options.ring_drones, options.unit, options.free_rings)
    rings, messages = remembered(catalog, key, lambda: _view_rings(catalog, view, options))
    return rings, list(messages)


def _view_rings(catalog: Catalog, view: View, options: MapOptions) -> tuple[gpd.GeoDataFrame, list[str]]:
    if "rings" not in options.layers:
        return drone_rings(view.sites.iloc[:0], catalog.drones)[0], []
    drones = None if options.ring_drones is None else list(options.ring_drones)
    rings, messages = drone_rings(view.sites, catalog.drones, drones, options.unit)
    for request in options.free_rings:
        try:
            rings = pd.concat([rings, free_ring(catalog.sites, request, options.unit)], ignore_index=True)
        except RingError as exc:
            messages.append(f"{request.title} not drawn: {exc}")
    return rings, messages


def spec_view(catalog: Catalog, spec: ViewSpec) -> View:
    """The records ``spec`` shows: its window's, with its strike filter applied."""
    return filter_view(view_of(catalog, spec.window), spec.options.strike_filter)


def stamp_text(catalog: Catalog, view: View, options: MapOptions) -> str:
    """``stamp_caption``, and what the strikes are filtered by when they are:
    '3 strikes · ... · Strikes: Shahed-136 only · verified and reported'."""
    caption = stamp_caption(catalog, view)
    words = describe(options.strike_filter, catalog.drones["name"].astype(str).to_dict())
    return f"{caption} · Strikes: {words}" if words else caption
