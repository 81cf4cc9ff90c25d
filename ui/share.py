"""Share and export this view: the link, standalone HTML, briefing PNG, GeoJSON, CSV and the
animated timeline (ui.animate)."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

import streamlit as st

from droneatlas.catalog import Catalog
from droneatlas.export.data import export_limit, launches_csv, to_csv, to_geojson, view_records
from droneatlas.text import markdown_literal as md
from droneatlas.view import ViewSpec
from layers.standalone import snapshot_html
from ui import state


def share_panel(catalog: Catalog, spec: ViewSpec, params: dict[str, str]) -> None:
    """Built only when opened: a timeline change sends none of it."""
    sharing = st.sidebar.expander("Share and export this view", key=state.SHARE_OPEN, on_change="rerun")
    if not sharing.open:
        return
    with sharing:
        title = st.text_input("Title", key=state.TITLE, max_chars=120)
        spec = replace(spec, title=title)
        base = st.context.url.split("?")[0] if st.context.url else ""
        st.caption("Link to this view (the map's own Copy link button adds its exact position):")
        st.code(f"{base}?{urlencode(params)}", language=None, wrap_lines=True)
        stem = f"drone-atlas-{spec.window.start}-{spec.window.end}"
        st.download_button(
            "Download HTML (works offline)",
            lambda: snapshot_html(catalog, spec),
            file_name=f"{stem}.html",
            mime="text/html",
            width="stretch",
            on_click="ignore",
        )
        png = st.container()  # filled last: its library takes a second or more to import
        if too_many := export_limit(catalog, spec):
            st.caption(md(too_many))
        st.download_button(
            "Download GeoJSON",
            lambda: to_geojson(*view_records(catalog, spec)[:1], window_label=spec.window.label()),
            file_name=f"{stem}.geojson",
            mime="application/geo+json",
            width="stretch",
            disabled=bool(too_many),
            on_click="ignore",
        )
        st.download_button(
            "Download CSV",
            lambda: to_csv(view_records(catalog, spec)[0]),
            file_name=f"{stem}.csv",
            mime="text/csv",
            width="stretch",
            disabled=bool(too_many),
            on_click="ignore",
        )
        if not catalog.launches.empty:
            st.download_button(
                "Download reported launches (CSV)",
                lambda: launches_csv(catalog, spec.window),
                file_name=f"{stem}-launches.csv",
                mime="text/csv",
                width="stretch",
                on_click="ignore",
            )
        with png:
            png_controls(catalog, spec, stem)
        st.divider()
        from ui.animate import animation_controls  # matplotlib too

        animation_controls(catalog, spec)


def png_controls(catalog: Catalog, spec: ViewSpec, stem: str) -> None:
    """The PNG's size and download. matplotlib, behind it, is imported on use: it would add
    about a second to the first page, and here it comes after the panel's other buttons."""
    from droneatlas.export.png import SIZES, render_png

    size = st.selectbox("Image size", list(SIZES), key=state.PNG_SIZE)
    st.download_button(
        "Download PNG (for slides)",
        lambda: render_png(catalog, spec, size=size),
        file_name=f"{stem}-{size}.png",
        mime="image/png",
        width="stretch",
        on_click="ignore",
    )
