"""Compare mode: a second window on a second map beside the first, panning and zooming with
it, each with its own stamp and counts, and the difference in words above them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import streamlit as st

from droneatlas.catalog import Catalog
from droneatlas.compare import difference_text
from droneatlas.text import markdown_literal as md
from droneatlas.timeline import View, Window, view_of
from droneatlas.view import ViewSpec
from ui import map, state

SYNC_GROUP = "compare"
YEAR = timedelta(days=365)


def compared_window(window: Window, span: tuple[date, date]) -> Window | None:
    """The second window when compare mode is on: the user's, or at first the same dates a
    year later (or earlier, when later is past the data)."""
    if not st.session_state.get(state.COMPARE):
        return None
    if state.COMPARE_WINDOW not in st.session_state:
        shift = YEAR if window.end + YEAR <= span[1] else -YEAR
        start, end = max(window.start + shift, span[0]), min(window.end + shift, span[1])
        st.session_state[state.COMPARE_WINDOW] = (start, end) if start <= end else span
    start, end = st.session_state[state.COMPARE_WINDOW]
    return Window(max(start, span[0]), min(end, span[1]))


def compare_controls(span: tuple[date, date]) -> None:
    """The sidebar's switch and the second window's slider."""
    st.sidebar.toggle(
        "Compare with a second window",
        key=state.COMPARE,
        help="Two maps side by side that pan and zoom together, each with its own counts.",
    )
    if st.session_state.get(state.COMPARE):
        st.sidebar.slider(
            "Second window",
            min_value=span[0],
            max_value=span[1],
            key=state.COMPARE_WINDOW,
            format="D MMM YYYY",
        )


def draw_maps(catalog: Catalog, data_key: str, view: View, spec: ViewSpec) -> None:
    """The difference in words, then both maps, the first window on the left."""
    second = view_of(catalog, spec.compare)
    st.markdown(md(difference_text(catalog, view, second)))
    left, right = st.columns(2, gap="small")
    with left:
        map.draw_map(
            catalog, data_key, view, spec, [], measuring=False, map_first=False, sync_group=SYNC_GROUP
        )
    with right:
        map.draw_map(
            catalog,
            data_key,
            second,
            replace(spec, window=second.window, compare=None),
            [],
            measuring=False,
            map_first=False,
            sync_group=SYNC_GROUP,
            key="map-compare",
        )
