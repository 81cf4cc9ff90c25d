"""Strikes and launch sites: per strike, the nearest base or launch site active on its date."""

from __future__ import annotations

import streamlit as st

from droneatlas import settings
from droneatlas.catalog import Catalog
from droneatlas.timeline import View, rows_in
from ui import data
from ui.panels import drone_names, in_unit, readable


def launch_panel(catalog: Catalog, data_key: str, view: View, unit: str) -> None:
    """The nearest active site of every strike in the window, with a range check."""
    if view.strikes.empty:
        st.info("No strikes in this window.")
        return
    every = data.nearest_for_every_strike(data_key, catalog, unit)
    table = rows_in(every, view.window)  # in date order like the catalog: a slice
    flagged = int((table["flag"] != "").sum())
    st.markdown(
        f"**{flagged:,} of {len(table):,} strikes** lie beyond their drone's reported range from every "
        "base or launch site active that day: a hint that a launch site is missing from the data, "
        "or that a claim is wrong."
    )
    first = table.head(settings.MAX_TABLE_ROWS)  # only what is shown is formatted
    shown = first.assign(
        date=first["date"].dt.date,
        distance=in_unit(first["distance_km"], unit),
        range=in_unit(first["range_km"], unit),
        drone=drone_names(first["drone_id"], catalog.drones),
    )[["date", "place", "drone", "nearest_site", "distance", "range", "flag"]]
    shown = shown.rename(columns={"distance": f"distance ({unit})", "range": f"reported range ({unit})"})
    st.dataframe(readable(shown), hide_index=True, width="stretch", height=320)
    if len(table) > settings.MAX_TABLE_ROWS:
        shown_n = settings.MAX_TABLE_ROWS
        st.caption(f"The first {shown_n} of {len(table):,} strikes: narrow the time window for the rest.")
