"""The sidebar's map controls: layers, rings, units, base map, free ring, within reach, measure.

``read_controls`` runs before the map is drawn and reads every value from the session
(seeding defaults); ``draw`` runs after the map and draws the widgets on the same keys.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from droneatlas.catalog import Catalog
from droneatlas.geodesy import km_from_miles
from droneatlas.rings import FreeRing, format_distance
from droneatlas.text import markdown_literal as md
from droneatlas.timeline import View
from droneatlas.view import ALL_LAYERS, LAYER_LABELS, STRIKE_STYLES, MapOptions, ranged_drones
from layers.basemap import BASEMAPS
from ui import state
from ui.filters import draw_filter, read_filter

CUSTOM_RADIUS = "custom"
FREE_RADIUS_DEFAULT = 0.0
REACH_RADIUS_DEFAULT = 500.0
REACH_POPULATION_DEFAULT = 100_000


@dataclass(frozen=True)
class ReachChoice:
    """The student's question: what lies within ``radius_km`` of this site?"""

    site_id: str
    radius_km: float
    what: str  # e.g. "Shahed-136 (2,000 km, reported)" or "a 500 km radius"
    min_population: int
    highlight: bool


@dataclass(frozen=True)
class Controls:
    """What the sidebar's widgets hold for this run."""

    options: MapOptions
    reach: ReachChoice | None
    measuring: bool


def reach_ranges(catalog: Catalog, site_id: str, unit: str) -> dict[str, str]:
    """The ranges a site's reach can be measured with: its drones' reported ranges, or custom."""
    drones = catalog.drones
    hosted = [
        d
        for d in catalog.sites.loc[site_id, "drone_ids"]
        if d in drones.index and pd.notna(drones.loc[d, "range_km"])
    ]
    names = {
        d: f"{drones.loc[d, 'name']} ({format_distance(drones.loc[d, 'range_km'], unit)}, reported)"
        for d in hosted
    }
    return {**names, CUSTOM_RADIUS: "Custom radius"}


def read_controls(catalog: Catalog, view: View) -> Controls:
    """The sidebar's values, from the session state, kept valid for the data and window."""
    ranged = ranged_drones(catalog)
    rings = [d for d in st.session_state.get(state.RING_DRONES, []) if d in ranged]
    st.session_state[state.RING_DRONES] = rings
    layers, unit = tuple(st.session_state[state.LAYERS]), st.session_state[state.UNIT]
    free_rings: tuple[FreeRing, ...] = ()
    if not catalog.sites.empty:
        state.keep_valid(state.FREE_SITE, list(catalog.sites.index))
        site_id = state.seed(state.FREE_SITE, catalog.sites.index[0])
        radius = state.seed(state.free_radius_key(unit), FREE_RADIUS_DEFAULT)
        if radius > 0:
            free_rings = (FreeRing(site_id, radius, unit),)
    reach = read_reach(catalog, view, unit)
    if reach is not None and reach.highlight:
        free_rings += (FreeRing(reach.site_id, reach.radius_km, "km", title="Within reach"),)
    measuring = bool(state.seed(state.MEASURING, False))
    if not measuring:
        st.session_state.pop(state.MEASURE_POINTS, None)
    options = MapOptions(
        layers=layers,
        ring_drones=tuple(rings),
        unit=unit,
        free_rings=free_rings,
        strike_style=state.seed(state.STRIKE_STYLE, "points"),
        strike_filter=read_filter(catalog),
    )
    return Controls(options, reach, measuring)


def read_reach(catalog: Catalog, view: View, unit: str) -> ReachChoice | None:
    if view.sites.empty:
        return None
    state.keep_valid(state.REACH_SITE, list(view.sites.index))
    site_id = state.seed(state.REACH_SITE, view.sites.index[0])
    ranges = reach_ranges(catalog, site_id, unit)
    state.keep_valid(state.REACH_RANGE, list(ranges))
    choice = state.seed(state.REACH_RANGE, next(iter(ranges)))
    if choice == CUSTOM_RADIUS:
        radius = state.seed(state.reach_radius_key(unit), REACH_RADIUS_DEFAULT)
        radius_km = km_from_miles(radius) if unit == "mi" else radius
        what = f"a {format_distance(radius_km, unit)} radius"
    else:
        radius_km, what = float(catalog.drones.loc[choice, "range_km"]), ranges[choice]
    population = state.seed(state.REACH_POPULATION, REACH_POPULATION_DEFAULT)
    return ReachChoice(
        site_id, radius_km, what, int(population), bool(state.seed(state.REACH_HIGHLIGHT, False))
    )


def draw(catalog: Catalog, view: View, controls: Controls) -> None:
    """The widgets behind ``controls`` (read_controls seeded every value they show)."""
    sidebar = st.sidebar
    sidebar.header("Map")
    sidebar.pills(
        "Layers", ALL_LAYERS, selection_mode="multi", format_func=LAYER_LABELS.get, key=state.LAYERS
    )
    drones, unit = catalog.drones, controls.options.unit
    sidebar.multiselect(
        "Range rings for",
        ranged_drones(catalog),
        format_func=drones["name"].astype(str).to_dict().__getitem__,
        key=state.RING_DRONES,
        disabled="rings" not in controls.options.layers,
    )
    sidebar.radio(
        "Strikes drawn as",
        STRIKE_STYLES,
        horizontal=True,
        key=state.STRIKE_STYLE,
        disabled="strikes" not in controls.options.layers,
        help="Density counts the window's strikes in hexagons of a fixed size on screen "
        "(finer as you zoom in): it reads better than points for tens of thousands of strikes.",
    )
    sidebar.radio(
        "Units", ["km", "mi"], horizontal=True, key=state.UNIT, format_func={"km": "km", "mi": "miles"}.get
    )
    sidebar.selectbox("Base map", list(BASEMAPS), format_func=lambda k: BASEMAPS[k][0], key=state.BASEMAP)
    draw_filter(catalog, controls.options.strike_filter)
    with sidebar.expander("Free ring: any site, any radius"):
        if catalog.sites.empty:
            st.caption("No sites in the data.")
        else:
            _site_picker("Centre", catalog.sites, state.FREE_SITE)
            st.number_input(f"Radius ({unit})", min_value=0.0, step=100.0, key=state.free_radius_key(unit))
    _reach_controls(catalog, view, unit)
    sidebar.toggle(
        "Measure: click two points on the map",
        key=state.MEASURING,
        help="Great-circle distance, drawn as a geodesic",
    )


def _site_picker(label: str, sites: pd.DataFrame, key: str) -> None:
    """A select box of sites by name, on the session key ``key``."""
    names = sites["name"].astype(str).to_dict()  # one lookup per option, not a .loc each
    st.selectbox(label, list(names), format_func=names.__getitem__, key=key)


def _reach_controls(catalog: Catalog, view: View, unit: str) -> None:
    with st.sidebar.expander("Within reach: cities and strikes around a site"):
        if view.sites.empty:
            st.caption("No site is active in this time window.")
            return
        _site_picker("Site (active in the window)", view.sites, state.REACH_SITE)
        ranges = reach_ranges(catalog, st.session_state[state.REACH_SITE], unit)
        st.radio("Range", list(ranges), format_func=lambda c: md(ranges[c]), key=state.REACH_RANGE)
        if st.session_state[state.REACH_RANGE] == CUSTOM_RADIUS:
            st.number_input(f"Radius ({unit})", min_value=1.0, step=50.0, key=state.reach_radius_key(unit))
        st.number_input(
            "Cities of at least (inhabitants)", min_value=0, step=50_000, key=state.REACH_POPULATION
        )
        st.toggle("Show on the map", key=state.REACH_HIGHLIGHT)
