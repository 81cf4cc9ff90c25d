"""Drone Atlas: the Streamlit page, composed from ui/ (widgets) over droneatlas/ (domain)
and layers/ (the map). Data flows one way: session and link -> view spec -> records ->
map and panels.

Run with `make run`; `ATLAS_DATA_DIR=/path/to/dir make run` maps another data directory.
"""

from __future__ import annotations

import logging
import time

import streamlit as st

from droneatlas import settings
from droneatlas.filters import filter_view
from droneatlas.timeline import view_of
from layers.reach import build_reach_layer
from ui import chrome, compare, data, map, sidebar, state, timeline
from ui.add_data import add_data_panel
from ui.deck import deck_panel
from ui.panels.about import about_panel
from ui.panels.launches import launch_panel
from ui.panels.ovals import ovals_panel
from ui.panels.reach import cities_in_reach, reach_panel
from ui.panels.sources import sources_table
from ui.share import share_panel

log = logging.getLogger("droneatlas.app")


def main() -> None:
    started, cpu_started = time.perf_counter(), time.thread_time()
    st.set_page_config(page_title="Drone Atlas", page_icon="🛰️", layout="wide")
    catalog, data_key = data.load()
    span = timeline.slider_span(catalog)
    state.apply_link_once(catalog, span)
    state.keep_hidden_widget_state()
    state.hold_assigned()
    # A new page gets the map first; its controls come with the run the drawn map asks for.
    map_first = map.controls_pending()
    presenting = chrome.presenter_mode(toggle=not map_first)
    if not presenting:
        chrome.header()
    chrome.show_link_notices()
    chrome.report_problems(catalog)
    if presenting or map_first:
        window = timeline.current_window(span)
        if map_first:
            timeline.placeholder()
    else:
        window = timeline.timeline(catalog, data_key, span)
    view = view_of(catalog, window)
    controls = sidebar.read_controls(catalog, view)
    spec = state.view_spec(window, controls.options, compare.compared_window(window, span))
    view = filter_view(view, spec.options.strike_filter)  # every panel and the map show the filtered strikes
    unit, reach = spec.options.unit, controls.reach
    measuring = controls.measuring and not presenting and spec.compare is None
    if not presenting:
        st.markdown(f"**{view.caption()}**")
    reach_cities = cities_in_reach(catalog, reach)
    extra = []
    if reach is not None and reach.highlight and not reach_cities.empty:
        extra.append(build_reach_layer(reach_cities, unit=unit))
    if measuring:
        groups, message = map.measure_groups(unit)
        extra += groups
        st.info(message, icon="📏")
    if not presenting and not map_first:
        map.propose_density(len(view.strikes), spec.options)
    if spec.compare is not None and not map_first:
        compare.draw_maps(catalog, data_key, view, spec)
        map_state = None
    else:
        map_state = map.draw_map(
            catalog, data_key, view, spec, extra, measuring=measuring, map_first=map_first
        )
    if map_first:
        st.sidebar.header("Map")
        st.sidebar.caption("The controls follow the map in a moment.")
        map.controls_after_the_map()
    else:
        sidebar.draw(catalog, view, controls)  # after the map (see sidebar.read_controls)
        compare.compare_controls(span)
    if not presenting and not map_first:  # after the map; only the open tab is computed and sent
        panels = {
            "About this view": lambda: about_panel(catalog, data_key, view),
            "Within reach": lambda: reach_panel(catalog, data_key, view, reach, reach_cities, unit),
            "Strikes and launch sites": lambda: launch_panel(catalog, data_key, view, unit),
            "Why are the rings ovals?": lambda: ovals_panel(catalog, reach, unit),
        }
        tabs = st.tabs(list(panels), key=state.PANEL, on_change="rerun")
        for tab, panel in zip(tabs, panels.values(), strict=True):
            if tab.open:
                with tab:
                    panel()
    if measuring:
        map.record_click(map_state)
    params = state.link_of(spec, catalog, span)
    deck_panel(catalog, span, presenting=presenting, map_first=map_first)
    if not presenting and not map_first:
        add_data_panel()
        share_panel(catalog, spec, params)
        sources_table(catalog, data_key, view)
    state.write_link(params)
    if not map_first:  # a first run draws no widget; one there would hold the map back
        state.echo_assigned()  # last: after every widget
    if settings.TIMING:  # for make bench: the Python cost of one run
        # cpu_ms: this run's thread alone; the rest of run_ms is waiting (for the GIL, mostly)
        run_ms, cpu_ms = (time.perf_counter() - started) * 1000, (time.thread_time() - cpu_started) * 1000
        log.info("ATLAS_TIMING run_ms=%.0f cpu_ms=%.0f", run_ms, cpu_ms)


main()
