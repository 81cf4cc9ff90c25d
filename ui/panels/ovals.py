"""Why are the rings ovals? The same ring on a true-distance map and on Web Mercator."""

from __future__ import annotations

import io

import streamlit as st

from droneatlas.catalog import Catalog
from droneatlas.explain import explainer_figure, ring_extent
from droneatlas.geodesy import RingError, check_ring
from droneatlas.text import markdown_literal as md
from ui import data
from ui.sidebar import ReachChoice


def ovals_panel(catalog: Catalog, reach: ReachChoice | None, unit: str) -> None:
    """The chosen reach's ring in both projections, with this ring's numbers."""
    if reach is None:
        st.info("Choose a site in the sidebar (Within reach) to see its ring in both projections.")
        return
    site = catalog.sites.loc[reach.site_id]
    try:
        north, south = check_ring(site["lon"], site["lat"], reach.radius_km)
        image = explainer_png(site["lon"], site["lat"], reach.radius_km, str(site["name"]), unit)
    except RingError as exc:
        st.warning(f"This ring cannot be drawn: {md(exc)}")
        return
    extent = ring_extent(site["lon"], site["lat"], reach.radius_km)
    if north or south or extent.lon_span_deg > 180:
        st.markdown("This ring reaches round a pole or across ±180°: its extent in degrees says little here.")
    else:
        for sentence in extent.sentences(unit):
            st.markdown(sentence)
    st.image(image, width="stretch")


@st.cache_data(show_spinner="Drawing the projections…", max_entries=32)
def explainer_png(lon: float, lat: float, radius_km: float, name: str, unit: str) -> bytes:
    figure = explainer_figure(lon, lat, radius_km, data.borders(), site_name=name, unit=unit)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110)
    import matplotlib.pyplot as plt  # loaded by explainer_figure already

    plt.close(figure)
    return buffer.getvalue()
