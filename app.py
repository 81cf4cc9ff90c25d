"""Drone Atlas: the Streamlit shell. Widgets in, pure functions (droneatlas/, layers/) out.

Run with `make run`; `ATLAS_DATA_DIR=/path/to/dir make run` maps another data directory.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from droneatlas.catalog import Catalog, load_catalog
from droneatlas.rings import FreeRing
from droneatlas.style import drone_colours
from droneatlas.timeline import OCTOBER_2022, View, Window, view_of, weekly_counts
from layers import ALL_LAYERS, LAYER_LABELS, MapOptions, build_overlays, stamp_update
from layers.basemap import BASEMAPS, build_base_map
from layers.legend import build_legend, build_stamp

DEFAULT_DATA_DIR = Path(__file__).resolve().parent / "data"
MAP_HEIGHT_PX = 720
TITLE = "Reported drone sites, strikes and ranges"


def data_dir() -> Path:
    return Path(os.environ.get("ATLAS_DATA_DIR") or DEFAULT_DATA_DIR).expanduser()


def _fingerprint(directory: Path) -> tuple:
    """Paths and modification times of the data files: the cache key for the catalog."""
    if not directory.is_dir():
        return ()
    return tuple(sorted((p.name, p.stat().st_mtime_ns) for p in directory.glob("*.csv")))


def load() -> Catalog:
    directory = data_dir()
    return cached_catalog(str(directory), _fingerprint(directory), date.today())


@st.cache_data(show_spinner="Loading data…")
def cached_catalog(directory: str, fingerprint: tuple, today: date) -> Catalog:
    """The catalog, re-read when a data file changes (``fingerprint``) or the day does."""
    return load_catalog(Path(directory), today=today)


def report_problems(catalog: Catalog) -> None:
    report = catalog.report
    for message in report.file_errors:
        st.error(message, icon="⚠️")
    if report.rejected_rows:
        st.warning(f"Some rows were skipped: {report.summary()}. The valid rows are shown.", icon="⚠️")
        with st.expander("Skipped rows (file, line, id, reason)"):
            st.dataframe(
                pd.DataFrame([vars(issue) for issue in report.rejected_rows]),
                hide_index=True,
                width="stretch",
            )


def set_window(start: date, end: date) -> None:
    st.session_state["window"] = (start, end)


def timeline(catalog: Catalog) -> Window:
    """Preset buttons, the weekly histogram and the date-range slider; returns the window."""
    first, last = catalog.span() or (date.today(), date.today())
    # A slider needs two distinct ends: data from a single day gets a one-day span.
    span = (first, max(last, first + timedelta(days=1)))
    october = (max(OCTOBER_2022[0], span[0]), min(OCTOBER_2022[1], span[1]))
    presets = st.columns([1, 1, 6])
    presets[0].button("Full span", on_click=set_window, args=span, width="stretch")
    presets[1].button(
        "October 2022",
        on_click=set_window,
        args=october,
        disabled=october[0] > october[1],
        help="The founding story: Shahed-136 strikes on Kyiv and the energy grid",
        width="stretch",
    )
    # The slider's state lives in st.session_state["window"] (presets write it too); keep
    # a remembered window inside the span of the (possibly reloaded) data.
    start, end = st.session_state.get("window", span)
    start, end = max(start, span[0]), min(end, span[1])
    st.session_state["window"] = (start, end) if start <= end else span
    histogram = st.empty()
    start, end = st.slider(
        "Time window",
        min_value=span[0],
        max_value=span[1],
        format="D MMM YYYY",
        key="window",
        label_visibility="collapsed",
    )
    window = Window(start, end)
    histogram.altair_chart(weekly_chart(catalog, window), width="stretch")
    return window


def weekly_chart(catalog: Catalog, window: Window) -> alt.LayerChart:
    counts = weekly_counts(catalog.strikes)
    selected = pd.DataFrame({"start": [pd.Timestamp(window.start)], "end": [pd.Timestamp(window.end)]})
    shade = alt.Chart(selected).mark_rect(color="#0072B2", opacity=0.12).encode(x="start:T", x2="end:T")
    bars = (
        alt.Chart(counts)
        .mark_bar(color="#444444")
        .encode(
            x=alt.X("week:T", title=None),
            y=alt.Y("strikes:Q", title="strikes / week", axis=alt.Axis(tickMinStep=1)),
            tooltip=[alt.Tooltip("week:T", title="week of", format="%d %b %Y"), "strikes:Q"],
        )
    )
    return (shade + bars).properties(height=90)


def sidebar(catalog: Catalog) -> tuple[MapOptions, str]:
    st.sidebar.header("Map")
    layers = st.sidebar.pills(
        "Layers",
        ALL_LAYERS,
        selection_mode="multi",
        default=ALL_LAYERS,
        format_func=LAYER_LABELS.get,
        key="layers",
    )
    drones = catalog.drones
    with_range = [d for d in drones.index if pd.notna(drones.loc[d, "range_km"])]
    ring_drones = st.sidebar.multiselect(
        "Range rings for",
        with_range,
        default=with_range,
        format_func=lambda d: str(drones.loc[d, "name"]),
        key="ring_drones",
        disabled="rings" not in layers,
    )
    unit = st.sidebar.radio(
        "Units", ["km", "mi"], horizontal=True, key="unit", format_func={"km": "km", "mi": "miles"}.get
    )
    basemap = st.sidebar.selectbox(
        "Base map", list(BASEMAPS), format_func=lambda k: BASEMAPS[k][0], key="basemap"
    )
    free_rings: tuple[FreeRing, ...] = ()
    with st.sidebar.expander("Free ring: any site, any radius"):
        if catalog.sites.empty:
            st.caption("No sites in the data.")
        else:
            site_id = st.selectbox(
                "Centre",
                list(catalog.sites.index),
                format_func=lambda s: str(catalog.sites.loc[s, "name"]),
                key="free_site",
            )
            radius = st.number_input(
                f"Radius ({unit})", min_value=0.0, value=0.0, step=100.0, key="free_radius"
            )
            if radius > 0:
                free_rings = (FreeRing(site_id, radius, unit),)
    options = MapOptions(
        layers=tuple(layers), ring_drones=tuple(ring_drones), unit=unit, free_rings=free_rings
    )
    return options, basemap


def draw_map(catalog: Catalog, view: View, options: MapOptions, basemap: str) -> None:
    overlays = build_overlays(catalog, view, options)
    for message in overlays.messages:
        st.warning(message, icon="⭕")
    as_of = catalog.as_of()
    fmap = build_base_map(basemap=basemap)
    fmap.add_child(build_stamp(TITLE, "", f"Data as of {as_of:%-d %b %Y}" if as_of else "No dated data"))
    fmap.add_child(
        build_legend(
            layers=list(options.layers),
            site_kinds=sorted(catalog.sites["kind"].unique()),
            drones=catalog.drones,
            colours=drone_colours(list(catalog.drones.index)),
            unit=options.unit,
        )
    )
    st_folium(
        fmap,
        feature_group_to_add=[*overlays.groups, stamp_update(view.caption())],
        key="map",
        height=MAP_HEIGHT_PX,
        use_container_width=True,
        returned_objects=[],
    )


def sources_table(catalog: Catalog, view: View) -> None:
    ids = view.source_ids()
    with st.expander(f"Sources of what is shown ({len(ids)})"):
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


def main() -> None:
    st.set_page_config(page_title="Drone Atlas", page_icon="🛰️", layout="wide")
    catalog = load()
    st.title("Drone Atlas")
    st.caption(
        "Reported drone bases, launch sites and strikes, with geodesic range rings. "
        "Every record cites its sources; confidence says how sure they are."
    )
    report_problems(catalog)
    options, basemap = sidebar(catalog)
    window = timeline(catalog)
    view = view_of(catalog, window)
    st.markdown(f"**{view.caption()}**")
    draw_map(catalog, view, options, basemap)
    sources_table(catalog, view)
    st.sidebar.caption(f"Data: `{data_dir()}`")


main()
