"""Within reach: cities and strikes inside a site's geodesic ring, nearest first."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from droneatlas import settings
from droneatlas.catalog import Catalog
from droneatlas.text import markdown_literal as md
from droneatlas.timeline import View
from ui import data
from ui.panels import distance_table, drone_names, in_unit
from ui.sidebar import ReachChoice


def cities_in_reach(catalog: Catalog, reach: ReachChoice | None) -> pd.DataFrame:
    """Cities within the chosen reach, nearest first."""
    if reach is None or data.cities() is None:
        return pd.DataFrame()
    site = catalog.sites.loc[reach.site_id]
    return data.cities_within_cached(
        float(site["lon"]), float(site["lat"]), reach.radius_km, reach.min_population
    )


def reach_panel(
    catalog: Catalog, data_key: str, view: View, reach: ReachChoice | None, found: pd.DataFrame, unit: str
) -> None:
    """Cities and strikes within reach, nearest first."""
    if reach is None:
        st.info("Choose a site in the sidebar (Within reach) to list what lies within its range.")
        return
    site = catalog.sites.loc[reach.site_id]
    st.markdown(
        f"Within **{md(reach.what)}** of **{md(site['name'])}**, geodesic distance, {view.window.label()}:"
    )
    left, right = st.columns(2)
    with left:
        if data.cities() is None:
            st.warning("The gazetteer (data/gazetteer/places.csv) is missing: no cities to list.")
        else:
            table = found.assign(distance=in_unit(found["distance_km"], unit))[
                ["name", "country", "population", "distance"]
            ]
            distance_table(
                f"**{len(found):,} cities** of at least {reach.min_population:,} inhabitants",
                table,
                unit,
                f"within-reach-{reach.site_id}.csv",
            )
            st.caption(
                "Cities: GeoNames.org (CC BY 4.0): places of 5,000+ inhabitants in Ukraine, Russia "
                "and Belarus only."
            )
    with right:
        every = data.strikes_in_reach(data_key, catalog, reach.site_id, reach.radius_km)
        dates = every["date"].to_numpy()
        start, end = pd.Timestamp(view.window.start), pd.Timestamp(view.window.end)
        # Positions, not a filtered copy: only the rows shown (and, on click, the CSV) are built.
        inside = np.flatnonzero((dates >= start.to_datetime64()) & (dates <= end.to_datetime64()))

        def table(positions: np.ndarray) -> pd.DataFrame:
            strikes = every.iloc[positions]
            return strikes.assign(
                distance=in_unit(strikes["distance_km"], unit),
                date=strikes["date"].dt.date,
                drone=drone_names(strikes["drone_id"], catalog.drones),
            )[["date", "place", "drone", "confidence", "distance"]]

        distance_table(
            f"**{len(inside):,} strikes** in the window",
            table(inside[: settings.MAX_TABLE_ROWS]),
            unit,
            f"strikes-within-reach-{reach.site_id}.csv",
            total=len(inside),
            everything=lambda: table(inside),
        )
