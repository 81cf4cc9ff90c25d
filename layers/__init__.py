"""Map layers: pure functions from records to map elements and overlay data (no I/O, no streamlit).

``build_overlays`` is the registry the app and the exports share: it turns one view of the
catalog and the user's options into the feature groups to draw. Sites and rings travel as
overlay data (layers.overlay): inlined in an export, or published once by the app, which
then sends only the address.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import folium
import geopandas as gpd
import pandas as pd

from droneatlas.assets import localize
from droneatlas.catalog import Catalog
from droneatlas.geodesy import RingError
from droneatlas.rings import FreeRing, drone_rings, free_ring
from droneatlas.style import drone_colours
from droneatlas.timeline import View
from layers.controls import ReportDrawn, SetText, day_number
from layers.legend import STAMP_WINDOW_ID
from layers.overlay import OverlayLayer
from layers.rings import ring_shapes
from layers.sites import site_markers
from layers.strikes import StrikesWindow

LAYER_LABELS = {"sites": "Sites", "strikes": "Strikes", "rings": "Range rings"}
ALL_LAYERS = list(LAYER_LABELS)


@dataclass(frozen=True)
class MapOptions:
    """What the user chose to see, besides the time window."""

    layers: tuple[str, ...] = tuple(ALL_LAYERS)
    ring_drones: tuple[str, ...] | None = None  # None = every drone with a range
    unit: str = "km"
    free_rings: tuple[FreeRing, ...] = field(default_factory=tuple)


@dataclass
class Overlays:
    groups: list[folium.FeatureGroup]
    messages: list[str]  # rings that were refused, in words for the user


def overlay_rings(catalog: Catalog, view: View, options: MapOptions) -> tuple[gpd.GeoDataFrame, list[str]]:
    """The rings a view shows (drone rings of its sites, claim bands, free rings) and the
    messages for rings that were refused."""
    drones = None if options.ring_drones is None else list(options.ring_drones)
    rings, messages = drone_rings(view.sites, catalog.drones, drones, options.unit)
    for request in options.free_rings:
        try:
            rings = pd.concat([rings, free_ring(catalog.sites, request, options.unit)], ignore_index=True)
        except RingError as exc:
            messages.append(f"{request.title} not drawn: {exc}")
    return rings, messages


def overlay_data(catalog: Catalog, view: View, options: MapOptions) -> tuple[dict[str, dict], list[str]]:
    """Per chosen layer, its overlay data ({"shapes": [...]} or {"markers": [...]}), and the
    messages for rings that were refused."""
    data, messages = {}, []
    if "rings" in options.layers:
        rings, messages = overlay_rings(catalog, view, options)
        data["rings"] = {"shapes": ring_shapes(rings, colours=drone_colours(list(catalog.drones.index)))}
    if "sites" in options.layers:
        data["sites"] = {"markers": site_markers(view.sites, drones=catalog.drones, sources=catalog.sources)}
    return data, messages


def build_overlays(
    catalog: Catalog,
    view: View,
    options: MapOptions,
    *,
    published: tuple[dict[str, str], list[str]] | None = None,
) -> Overlays:
    """Feature groups for the chosen layers: rings, the strikes' window, sites.

    The overlay data is inlined, unless ``published`` gives, per layer, the address the app
    published ``overlay_data(catalog, view, options)`` at (and its messages).
    """
    layers, messages = published if published is not None else overlay_data(catalog, view, options)
    groups = []
    if "rings" in layers:
        groups.append(_overlay_group("Range rings", layers["rings"]))
    # The strikes themselves are on the map already (StrikesLayer); this moves their window.
    window = (day_number(view.window.start), day_number(view.window.end))
    strikes = folium.FeatureGroup(name="Strikes window", control=False)
    strikes.add_child(StrikesWindow(window if "strikes" in options.layers else None))
    groups.append(strikes)
    if "sites" in layers:
        groups.append(_overlay_group("Sites", layers["sites"]))
    # streamlit-folium collects the groups' assets too: they must be local like the map's.
    return Overlays([localize(group) for group in groups], messages)


def _overlay_group(name: str, content: dict | str) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=name)
    group.add_child(OverlayLayer(url=content) if isinstance(content, str) else OverlayLayer(data=content))
    return group


def stamp_update(text: str) -> folium.FeatureGroup:
    """A feature group whose only job is to write ``text`` into the map's title stamp."""
    group = folium.FeatureGroup(name="stamp", control=False)
    group.add_child(SetText(STAMP_WINDOW_ID, text))
    return group


def report_drawn(value: dict) -> folium.FeatureGroup:
    """A feature group that sends ``value`` to Streamlit once the map is drawn (see ReportDrawn)."""
    group = folium.FeatureGroup(name="drawn", control=False)
    group.add_child(ReportDrawn(value))
    return group
