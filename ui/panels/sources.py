"""The sources of what is shown, as a lazy expander under the map."""

from __future__ import annotations

import streamlit as st

from droneatlas.catalog import Catalog
from droneatlas.launches import launch_sources
from droneatlas.timeline import View
from ui import data, state


def sources_table(catalog: Catalog, data_key: str, view: View) -> None:
    """Title, publisher, date and link of every source cited by the view."""
    ids = data.strike_index(data_key, catalog).source_ids(view)
    extra = list(dict.fromkeys(launch_sources(catalog.launches, view.window)))  # the stamp's total
    listed = set(extra).intersection(ids)  # one pass over ids, not one per launch source
    ids += [i for i in extra if i not in listed]
    listing = st.expander(
        f"Sources of what is shown ({len(ids):,})", key=state.SOURCES_OPEN, on_change="rerun"
    )
    if not listing.open:
        return
    with listing:
        shown = catalog.sources.loc[ids, ["title", "publisher", "published", "url"]]
        st.dataframe(
            shown,
            hide_index=True,
            width="stretch",
            column_config={
                "published": st.column_config.DateColumn("published", format="D MMM YYYY"),
                "url": st.column_config.LinkColumn("link"),
            },
        )
