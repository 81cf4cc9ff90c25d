"""Map layers: pure functions from records to map elements and overlay data (no I/O, no streamlit).

``build_overlays`` turns one view of the catalog and the user's options into the feature
groups to draw; layers.compose builds the whole map from them, for the app and the files.
Sites and rings travel as overlay data (layers.overlay): inlined in an export, or
published once by the app, which then sends only the address.
"""

from __future__ import annotations

from dataclasses import dataclass

import folium

from droneatlas.assets import localize
from droneatlas.catalog import Catalog
from droneatlas.launchlines import MAX_LINES, launch_lines, launches_by_site, lines_total
from droneatlas.legend import LegendRow
from droneatlas.memo import remembered
from droneatlas.style import drone_colours
from droneatlas.timeline import View
from droneatlas.view import MapOptions, view_rings
from layers.controls import ReportDrawn, SetHtml, SetText, day_number
from layers.launchlines import launch_line_shapes
from layers.legend import LEGEND_ID, STAMP_WINDOW_ID, legend_html
from layers.overlay import OverlayLayer
from layers.rings import ring_shapes
from layers.sites import site_markers
from layers.strikes import StrikesFilter, StrikesStyle, StrikesWindow


@dataclass
class Overlays:
    groups: list[folium.FeatureGroup]
    messages: list[str]  # rings that were refused, in words for the user


def overlay_data(catalog: Catalog, view: View, options: MapOptions) -> tuple[dict[str, dict], list[str]]:
    """Per chosen layer, its overlay data ({"shapes": [...]} or {"markers": [...]}), and the
    messages for rings that were refused."""
    data, messages = {}, []
    if "rings" in options.layers:
        rings, messages = view_rings(catalog, view, options)
        data["rings"] = {"shapes": ring_shapes(rings, colours=drone_colours(list(catalog.drones.index)))}
    if "sites" in options.layers:
        markers = remembered(catalog, "site markers", lambda: _every_site_marker(catalog))
        data["sites"] = {"markers": [markers[site_id] for site_id in view.sites.index]}
    if "launch_lines" in options.layers:
        lines = launch_lines(view.strikes, catalog.sites)
        data["launch_lines"] = {"shapes": launch_line_shapes(lines, unit=options.unit)}
        if len(lines) == MAX_LINES and (total := lines_total(view.strikes, catalog.sites)) > MAX_LINES:
            messages = [*messages, f"Launch lines: the newest {MAX_LINES:,} of {total:,} are drawn"]
    return data, messages


def _every_site_marker(catalog: Catalog) -> dict[str, dict]:
    """Every site's marker by id: a window shows some of them, each always the same."""
    launches = launches_by_site(catalog.strikes, catalog.sites)  # named in the sites' popups
    markers = site_markers(catalog.sites, drones=catalog.drones, sources=catalog.sources, launches=launches)
    return dict(zip(catalog.sites.index, markers, strict=True))


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
    strikes.add_child(StrikesStyle(options.strike_style))
    strikes.add_child(StrikesFilter(options.strike_filter.for_page()))
    groups.append(strikes)
    if "launch_lines" in layers:  # under the sites, whose popups they point at
        groups.append(_overlay_group("Launch lines", layers["launch_lines"]))
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


def legend_update(rows: list[LegendRow]) -> folium.FeatureGroup:
    """A feature group whose only job is to fill the legend with this view's rows."""
    group = folium.FeatureGroup(name="legend", control=False)
    group.add_child(SetHtml(LEGEND_ID, legend_html(rows)))
    return group


def report_drawn(value: dict) -> folium.FeatureGroup:
    """A feature group that sends ``value`` to Streamlit once the map is drawn (see ReportDrawn)."""
    group = folium.FeatureGroup(name="drawn", control=False)
    group.add_child(ReportDrawn(value))
    return group
