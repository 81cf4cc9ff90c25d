"""The map on the page: composed by layers.compose, sent once, then updated in place.

A new page's first run sends only the title and the map (the browser builds Streamlit's
page and the map on one thread; the controls, drawn at the same time, held the map back).
The drawn map asks for the next run (layers.report_drawn), which brings the controls;
``controls_after_the_map`` is the fallback when it never asks.
"""

from __future__ import annotations

import copy
import logging

import folium
import streamlit as st
from streamlit_folium import st_folium

from droneatlas import settings
from droneatlas.assets import localize
from droneatlas.catalog import Catalog
from droneatlas.geodesy import distance_km, geodesic_line
from droneatlas.rings import format_distance
from droneatlas.text import markdown_literal as md
from droneatlas.timeline import View
from droneatlas.view import MapOptions, ViewSpec
from layers import report_drawn
from layers.compose import ComposedMap, compose_map
from layers.controls import FillWindow, FollowTimeline
from layers.reach import build_measure_layer
from ui import data, mapframe, state

mapframe.use_preloading_frame()  # every st_folium map below: in the frame that preloads

log = logging.getLogger(__name__)

MAP_HEIGHT_PX = 720
PRESENTER_MAP_HEIGHT_PX = 860
# The map then fills the window below what comes before it (layers.controls.FillWindow):
# never shorter than this, and this far above the window's bottom edge.
MAP_MIN_HEIGHT_PX = 340
MAP_BOTTOM_GAP_PX = 12


def controls_pending() -> bool:
    """True on a new page's first run: the map goes first, the controls follow."""
    if state.presenting() or st.session_state.get(state.CONTROLS_SHOWN):
        return False
    if _page_already_drawn():
        st.session_state[state.CONTROLS_SHOWN] = True
        return False
    return True


def _page_already_drawn() -> bool:
    """True when this session's run comes from a page that already shows its widgets.

    A page open across a server restart reconnects to a new session: treated as a new page,
    its first run would hold the controls back and lose the click that brought it (the
    button pressed is not drawn in that run). Its run carries the values of the widgets it
    shows; a new page's first run carries none. (Streamlit's session state, version pinned.)
    """
    try:
        from streamlit.runtime.state.session_state_proxy import get_session_state

        return bool(get_session_state()._state._new_widget_state.states)
    except (ImportError, AttributeError):
        return False


def draw_map(
    catalog: Catalog,
    data_key: str,
    view: View,
    spec: ViewSpec,
    extra_groups: list[folium.FeatureGroup],
    *,
    measuring: bool,
    map_first: bool,
    sync_group: str | None = None,
    key: str = "map",
) -> dict | None:
    """The map: a stable base (borders, legend, stamp) and the layers sent as updates.

    ``sync_group`` and ``key``: maps side by side (ui.compare) pan and zoom together, each on
    its own key.
    """
    try:
        pack_url = data.strike_pack(data_key, catalog)
        published = data.published_overlays(catalog, data_key, view, spec.options)
        regions_url = data.published_regions(catalog, data_key, view, spec.options)
    except OSError as exc:  # the project's static/cache cannot be written: say what to fix
        map_unavailable(exc)
        return None
    key_of_view = (data_key, repr(spec), len(view.strikes), len(view.sites))
    composed = copy.deepcopy(  # st_folium and FillWindow below change it: this run's own copy
        shared_composition(
            *key_of_view, pack_url, repr(published), regions_url, sync_group, catalog, view, spec, published
        )
    )
    for message in composed.messages:
        st.warning(md(message), icon="⭕")
    composed.base.add_child(FillWindow(min_px=MAP_MIN_HEIGHT_PX, gap_px=MAP_BOTTOM_GAP_PX))
    if sync_group is None:  # maps side by side each have a window of their own
        composed.base.add_child(FollowTimeline(state.WINDOW))
    return st_folium(
        composed.base,
        feature_group_to_add=[
            *composed.updates,
            *[localize(group) for group in extra_groups],
            *([report_drawn({"drawn": True})] if map_first else []),
        ],
        # Pan and zoom cause no rerun; clicks do only while measuring. streamlit-folium reads
        # returned_objects once, when the map mounts: a key of its own remounts it.
        key=(f"{key}-measure" if measuring else key) + ("-presenter" if spec.presenter else ""),
        height=PRESENTER_MAP_HEIGHT_PX if spec.presenter else MAP_HEIGHT_PX,
        use_container_width=True,
        returned_objects=["last_clicked"] if measuring else [],
        # st_folium renders the whole figure and then the map again; the map's own render
        # alone gives the same html, header and script (compared when this was set), for
        # less Python time on every run.
        render=False,
    )


def map_unavailable(error: OSError) -> None:
    """Instead of the map: why it cannot be drawn and what to do, never a traceback.

    The page's map files must be under the project's static/ (Streamlit serves only that
    folder), so there is no other place to fall back to.
    """
    folder = settings.STATIC_DIR / "cache"
    log.warning("map not drawn: %s cannot be written (%s)", folder, error)
    reason = error.strerror or type(error).__name__
    st.error(
        f"The map cannot be drawn: the server cannot write its map files in {md(str(folder))} "
        f"({md(reason)}). Make that folder writable by the user who runs the server (or remove "
        "whatever is in its place), or run the app from a copy of the project that user can "
        "write to; then reload this page.",
        icon=":material/folder_off:",
    )


# Sessions that show the same view (a class opening the page, or following the same steps)
# share its composition: composed once, then only copied (~10 ms) for each run.
@st.cache_resource(show_spinner=False, max_entries=64)
def shared_composition(
    data_key: str,
    spec_key: str,
    strike_count: int,
    site_count: int,
    pack_url: str,
    published_key: str,
    regions_url: str,
    sync_group: str | None,
    _catalog: Catalog,
    _view: View,
    _spec: ViewSpec,
    _published: tuple[dict[str, str], list[str]],
) -> ComposedMap:
    """The map of a view, keyed by what it depends on; never handed out to be changed."""
    return compose_map(
        _catalog,
        _view,
        _spec,
        pack_url=pack_url,
        published=_published,
        sync_group=sync_group,
        regions_url=regions_url,
    )


def propose_density(strike_count: int, options: MapOptions) -> None:
    """Offer the density view when the window holds more strikes than points can show well."""
    if (
        options.strike_style == "density"
        or "strikes" not in options.layers
        or strike_count <= settings.DENSITY_PROPOSAL_STRIKES
    ):
        return
    message, button = st.columns([4, 1], vertical_alignment="center")
    message.info(
        f"{strike_count:,} strikes in this window: the density view shows where they cluster.",
        icon=":material/hexagon:",
    )
    button.button("Show as density", on_click=_show_density, key=state.PROPOSE_DENSITY)


def _show_density() -> None:
    state.assign({state.STRIKE_STYLE: "density"})


@st.fragment(run_every=settings.CONTROLS_AFTER_S)
def controls_after_the_map() -> None:
    """Called at the end of a session's first run; later, reruns the app once if nothing did.

    The controls come with the next run: the one the map asks for once drawn, or any other;
    should the map never ask, the one this fragment starts. A run without this fragment
    stops its timer.
    """
    if st.session_state.get(state.CONTROLS_SHOWN):
        st.rerun(scope="app")
    st.session_state[state.CONTROLS_SHOWN] = True


def measure_groups(unit: str) -> tuple[list[folium.FeatureGroup], str]:
    """The measured line (or the first point) and what to say about it."""
    points = st.session_state.get(state.MEASURE_POINTS, [])
    if not points:
        return [], "Click a first point on the map."
    if len(points) == 1:
        return [build_measure_layer(points, "")], "Click a second point."
    (lat1, lon1), (lat2, lon2) = points
    km = float(distance_km(lon1, lat1, lon2, lat2))
    other = "mi" if unit == "km" else "km"
    label = f"Great-circle distance: {format_distance(km, unit)} ({format_distance(km, other)})"
    return [build_measure_layer(geodesic_line(lon1, lat1, lon2, lat2), label)], label


def record_click(map_state: dict | None) -> None:
    """Keep the last two clicked points; a third click starts a new measurement."""
    clicked = (map_state or {}).get("last_clicked")
    if not clicked or clicked == st.session_state.get(state.MEASURE_LAST_CLICK):
        return
    st.session_state[state.MEASURE_LAST_CLICK] = clicked
    points = st.session_state.setdefault(state.MEASURE_POINTS, [])
    if len(points) >= 2:
        points.clear()
    points.append((float(clicked["lat"]), float(clicked["lng"])))
    st.rerun()
