"""The timeline: preset windows, the weekly strip of strikes and the date-range slider."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from droneatlas.catalog import Catalog
from droneatlas.histogram import backdrop_html, bars_html, weekly_strip
from droneatlas.launches import weekly_launched
from droneatlas.timeline import OCTOBER_2022, Window, weekly_counts
from ui import state

# Presets, weekly strip and slider, measured at 1920, 1366 and 390 px wide (183-197 px):
# the height kept for the timeline while a new page shows the map first.
TIMELINE_HEIGHT_PX = 188


def set_window(start: date, end: date) -> None:
    state.assign({state.WINDOW: (start, end)})


def slider_span(catalog: Catalog) -> tuple[date, date]:
    """The slider's ends: the span of the data (a slider needs two distinct days)."""
    first, last = catalog.span() or (date.today(), date.today())
    return first, max(last, first + timedelta(days=1))


def current_window(span: tuple[date, date]) -> Window:
    """The remembered window, kept inside the span of the (possibly reloaded) data."""
    start, end = st.session_state.get(state.WINDOW, span)
    start, end = max(start, span[0]), min(end, span[1])
    st.session_state[state.WINDOW] = (start, end) if start <= end else span
    return Window(*st.session_state[state.WINDOW])


def timeline(catalog: Catalog, data_key: str, span: tuple[date, date]) -> Window:
    """Preset buttons, the weekly histogram and the date-range slider; returns the window."""
    current_window(span)
    october = (max(OCTOBER_2022[0], span[0]), min(OCTOBER_2022[1], span[1]))
    presets = st.container(horizontal=True, gap="small")  # one row, on a phone too
    full = presets.button("Full span", on_click=set_window, args=span, width="content")
    autumn = presets.button(
        "October 2022",
        on_click=set_window,
        args=october,
        disabled=october[0] > october[1],
        help="The founding story: Shahed-136 strikes on Kyiv and the energy grid",
        width="content",
    )
    # A page reconnected to a restarted server clicks before its new session knows the
    # buttons: their callbacks do not run then, but the click is seen here (before the slider).
    for pressed, window in ((full, span), (autumn, october)):
        if pressed:
            set_window(*window)
    histogram = st.empty()
    start, end = st.slider(
        "Time window",
        min_value=span[0],
        max_value=span[1],
        format="D MMM YYYY",
        key=state.WINDOW,
        label_visibility="collapsed",
    )
    bars, top, backdrop = weekly_bars(data_key, span, catalog)
    histogram.html(weekly_strip(bars, top, span, (start, end), backdrop))
    return Window(start, end)


def placeholder() -> None:
    """The timeline's place, kept while it has not come: the map does not move when it does.
    An empty container, no HTML: nothing for the page to load before the map."""
    st.container(height=TIMELINE_HEIGHT_PX, border=False)


@st.cache_data(show_spinner=False, max_entries=8)
def weekly_bars(
    data_key: str, span: tuple[date, date], _catalog: Catalog
) -> tuple[str, int, tuple[str, int]]:
    """The histogram's bars and its backdrop of reported launches, once per data set; a run
    only moves the shade."""
    counts = weekly_counts(_catalog.strikes)
    top = int(counts["strikes"].max()) if not counts.empty else 0
    return bars_html(counts, span), top, backdrop_html(weekly_launched(_catalog.launches, span), span)
