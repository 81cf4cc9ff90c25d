"""The one function that builds the map, for the app and for the standalone HTML alike.

A composed map has a stable base (borders, stamp and legend frames, the strikes layer,
playback) and the updates a view brings (sites and rings, the strikes' window, the stamp's
text, the legend's rows). The app sends the base once and the updates on every change
(st_folium's ``feature_group_to_add``: no remount); a standalone file gets both in one map.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

import folium

from droneatlas.assets import BASEMAP_FILE, localize
from droneatlas.catalog import Catalog
from droneatlas.legend import legend_rows
from droneatlas.regions import only_points
from droneatlas.strikepack import pack_core, pack_details
from droneatlas.style import drone_colours
from droneatlas.timeline import View
from droneatlas.view import DEFAULT_BASEMAP, ViewSpec, as_of_text, stamp_text, view_rings
from layers import build_overlays, legend_update, stamp_update
from layers.basemap import DEFAULT_CENTER, DEFAULT_ZOOM, build_base_map, fit_view
from layers.controls import AnnounceDrawn, LargeLabels, Playback, SyncSiblings, ViewLink, day_number
from layers.legend import build_legend, build_stamp
from layers.places import PlaceNames
from layers.regions import regions_group, shading_data, view_shading
from layers.strikes import StrikesLayer


@dataclass
class ComposedMap:
    """The map's stable base, the view's updates, and rings refused (in words)."""

    base: folium.Map
    updates: list[folium.FeatureGroup]
    messages: list[str]


@lru_cache(maxsize=1)
def _borders() -> dict:
    return json.loads(BASEMAP_FILE.read_text(encoding="utf-8"))


def compose_map(
    catalog: Catalog,
    view: View,
    spec: ViewSpec,
    *,
    pack_url: str | None = None,
    published: tuple[dict[str, str], list[str]] | None = None,
    sync_group: str | None = None,
    framed_on: View | None = None,
    regions_url: str | None = None,
) -> ComposedMap:
    """The map of ``view`` as ``spec`` asks for it.

    ``pack_url``: the app's published strike pack (the live map: borders fetched, position
    kept in the link, drawn moment announced); without it the map is standalone: borders,
    strikes and overlays inlined, framed on what is shown. ``published``: the addresses
    the app published the overlays at (layers.overlay); ``regions_url``: the address it
    published the view's oblast shading at ("" when nothing is shaded; None: inline it).
    ``sync_group``: maps side by side (compare mode) that pan and zoom together;
    ``framed_on``: the records a standalone map is framed on (default: its own; maps side by
    side share one frame).
    """
    live = pack_url is not None
    fmap = build_base_map(
        # A file must work offline: its base map is always the inlined borders, never tiles.
        basemap=spec.basemap if live else DEFAULT_BASEMAP,
        center=spec.center or DEFAULT_CENTER,
        zoom=spec.zoom or DEFAULT_ZOOM,
        borders_data=None if live else _borders(),
    )
    stamp = "" if live else stamp_text(catalog, view, spec.options)
    fmap.add_child(build_stamp(spec.title, stamp, as_of_text(catalog)))
    show_strikes = "strikes" in spec.options.layers
    if live:
        fmap.add_child(StrikesLayer(pack_url=pack_url))
    else:
        colours = drone_colours(list(catalog.drones.index))
        window = (day_number(view.window.start), day_number(view.window.end))
        points = only_points(view.strikes)  # region and country records are counted, not drawn
        fmap.add_child(
            StrikesLayer(
                core=pack_core(points, catalog.drones, colours),
                details=pack_details(points, catalog.drones, catalog.sources, sites=catalog.sites),
                window=window if show_strikes else None,
                style=spec.options.strike_style,
            )
        )
    fmap.add_child(Playback())
    # Online tiles carry their own place names: then only the oblasts and the search box.
    offline_base = (spec.basemap if live else DEFAULT_BASEMAP) == DEFAULT_BASEMAP
    fmap.add_child(PlaceNames(inline=not live, labels=offline_base))
    if sync_group:
        fmap.add_child(SyncSiblings(sync_group))
    if spec.presenter:
        fmap.add_child(LargeLabels())
    rings, _ = view_rings(catalog, view, spec.options)
    rows = legend_rows(catalog, view, spec.options, rings, interactive=True)
    # The live map's base must not change with the view (st_folium would remount it): its
    # legend frame starts empty and each update fills it.
    fmap.add_child(build_legend([] if live else rows))
    overlays = build_overlays(catalog, view, spec.options, published=published)
    shading = (
        regions_url if regions_url is not None else shading_data(view_shading(catalog, view, spec.options))
    )
    if not live:
        fmap.add_child(regions_group(shading, inline_geometry=True))
        for group in overlays.groups:
            fmap.add_child(group)
        fit_view(fmap, framed_on or view)
        return ComposedMap(fmap, [], overlays.messages)
    fmap.add_child(ViewLink())
    fmap.add_child(AnnounceDrawn())
    updates = [*overlays.groups, stamp_update(stamp_text(catalog, view, spec.options)), legend_update(rows)]
    updates.append(localize(regions_group(shading)))
    return ComposedMap(fmap, updates, overlays.messages)
