"""About this view: how many strikes and sites, how sure, how precise."""

from __future__ import annotations

import streamlit as st

from droneatlas.catalog import Catalog
from droneatlas.launches import tally
from droneatlas.regions import placement_sentences, shade
from droneatlas.summary import summary_lines
from droneatlas.timeline import StrikeIndex, View
from ui import data


def about_panel(catalog: Catalog, data_key: str, view: View) -> None:
    """The view in words (counts and our own labels only)."""
    index = data.strike_index(data_key, catalog)
    tallies = {column: index.tally_view(view, column) for column in StrikeIndex.TALLIED}
    shading = shade(view.strikes, with_records=False)
    mapped = len(view.strikes) - shading.not_placed  # points, and records counted in an oblast
    lines = [*summary_lines(view, tallies), tally(catalog.launches, view.window).sentence(mapped)]
    lines += placement_sentences(shading)
    st.markdown("\n".join(f"- {line}" for line in lines))
    st.caption(
        "Verified: geolocated, or confirmed by officials with evidence. Reported: credible media. "
        "Claimed: one party's statement only. Strikes at a town centre sit on the town, not on the "
        "building hit. A record known only by its oblast shades the oblast; one that names only a "
        "country or a direction is counted here, never drawn. Open the other tabs for distances and ranges."
    )
