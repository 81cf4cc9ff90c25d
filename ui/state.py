"""Every session key by name, and the one place that turns session state and the link into
the view spec and back.

Widgets take their key from here (``key=state.WINDOW``) and read no ``value=``: the map is
drawn before the sidebar, so values are read from the session first (``seed``) and the
widgets drawn later show the same state.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

import streamlit as st

from droneatlas.catalog import Catalog
from droneatlas.filters import target_types
from droneatlas.links import state_of
from droneatlas.timeline import Window
from droneatlas.urlstate import ViewState, Vocabulary, encode, parse
from droneatlas.view import (
    ALL_LAYERS,
    DEFAULT_BASEMAP,
    DEFAULT_LAYERS,
    DEFAULT_TITLE,
    MapOptions,
    ViewSpec,
    ranged_drones,
)
from layers.basemap import BASEMAPS

# The view (written by widgets, presets and links)
WINDOW = "window"
LAYERS = "layers"
RING_DRONES = "ring_drones"
UNIT = "unit"
STRIKE_STYLE = "strike_style"
BASEMAP = "basemap"
PRESENTER = "presenter"
TITLE = "title"
MAP_CENTER = "map_center"
MAP_ZOOM = "map_zoom"
COMPARE = "compare"  # compare mode on
COMPARE_WINDOW = "compare_window"  # its second window
# Free ring and within-reach questions
FREE_SITE = "free_site"
REACH_SITE = "reach_site"
REACH_RANGE = "reach_range"
REACH_POPULATION = "reach_population"
REACH_HIGHLIGHT = "reach_highlight"
# Measuring
MEASURING = "measuring"
MEASURE_POINTS = "measure_points"
MEASURE_LAST_CLICK = "measure_last_click"
# Lazy panels (tabs and expanders that compute only when open)
PANEL = "panel"
SHARE_OPEN = "share"
SOURCES_OPEN = "sources"
ADD_DATA_OPEN = "add_data"
PNG_SIZE = "png_size"
PROPOSE_DENSITY = "propose_density"  # the button that offers the density view
# The animated timeline (Share panel)
ANIMATION_STEP = "animation_step"
ANIMATION_MODE = "animation_mode"
ANIMATION_FORMAT = "animation_format"
ANIMATION_SIZE = "animation_size"
ANIMATION_SECONDS = "animation_seconds"
ANIMATION_RENDER = "animation_render"
ANIMATION_RESULT = "animation_result"  # (the choices, the rendered file's bytes)
# Uploads
UPLOAD_DIR = "upload_dir"
UPLOAD_DATA_KEY = "upload_data_key"  # the data key of the data merged with this session's uploads
UPLOAD_FILES = "upload_files"  # the uploader's key, with its round (ui/uploads.py)
UPLOAD_ROUND = "upload_round"  # how many imports this session made: a new one, an empty uploader
UPLOAD_FORMAT = "upload_format"
UPLOAD_MAP = "upload_map"
IMPORT_LINES = "import_lines"
# Page life
LINK_APPLIED = "link_applied"
LINK_NOTICES = "link_notices"
CONTROLS_SHOWN = "controls_shown"
# The briefing deck (ui/deck.py)
DECK = "deck"  # droneatlas.deck.Deck being built
DECK_SLIDE = "deck_slide"  # index of the slide presented; None when not presenting the deck
DECK_OPEN = "deck_open"
DECK_SLIDE_TITLE = "deck_slide_title"
DECK_SLIDE_NOTES = "deck_slide_notes"
DECK_SLIDE_SOURCES = "deck_slide_sources"
DECK_UPLOAD = "deck_upload"
DECK_MESSAGES = "deck_messages"
# The strike filter (ui.filters; droneatlas.filters)
FILTER_DRONES = "filter_drones"
FILTER_CONFIDENCE = "filter_confidence"
FILTER_PRECISION = "filter_precision"
FILTER_TARGETS = "filter_targets"
FILTER_CASUALTIES = "filter_casualties"
# What callbacks wrote into widget keys, held until the page has drawn it (see assign)
ASSIGNED = "assigned"
ASSIGNED_COUNT = "assigned_count"
ASSIGNED_ECHO = "assigned_echo"


_UNSET = object()  # a key not in the session (no value of a widget equals it)


def free_radius_key(unit: str) -> str:
    """The free ring's radius, one per unit (switching units keeps each number)."""
    return f"free_radius_{unit}"


def reach_radius_key(unit: str) -> str:
    return f"reach_radius_{unit}"


# Widgets whose value must survive runs in which they are not drawn (presenter view
# draws neither the slider, the sidebar toggles nor the title box).
PERSISTENT_KEYS = (WINDOW, PRESENTER, TITLE, PNG_SIZE, COMPARE, COMPARE_WINDOW)


def keep_hidden_widget_state() -> None:
    """Streamlit forgets the value of a widget not drawn in a run, unless it is set anew."""
    for key in PERSISTENT_KEYS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def assign(values: Mapping[str, object]) -> None:
    """Write widget values from a callback (a preset, a slide, a button) so that they stay.

    The page's widgets show the old values until a run draws the new ones, and a request the
    page sends meanwhile (a text box left, a second click) carries those old values back:
    Streamlit applies the page's widget values over the session's
    (``SessionState.on_script_will_rerun``), and the preset or slide was lost, as it was under
    load. So the written values are held (``hold_assigned``) until the page has been sent
    them all (``echo_assigned``).
    """
    hold_assigned()  # what the page sent with this request, sorted out first
    session = st.session_state
    held = dict(session.get(ASSIGNED, {}))
    for key, value in values.items():
        # Written again before the page caught up: it may show any of the earlier values.
        earlier = [*held[key][1], held[key][0]] if key in held else [session.get(key, _UNSET)]
        held[key] = (value, earlier)
        session[key] = value
    session[ASSIGNED] = held
    session[ASSIGNED_COUNT] = session.get(ASSIGNED_COUNT, 0) + 1


def hold_assigned() -> None:
    """Before anything reads the view: if the page sent this request before it had drawn what
    callbacks assigned, the values it sent back unchanged are stale and the assigned ones
    are put back; a value the user changed since is theirs."""
    session = st.session_state
    held = session.get(ASSIGNED)
    if not held:
        return
    if session.get(ASSIGNED_ECHO) == str(session.get(ASSIGNED_COUNT)):
        del session[ASSIGNED]  # the page had every assigned value: what it sent is the user's
        return
    for key, (value, earlier) in list(held.items()):
        now = session.get(key, _UNSET)
        if now != value and now in earlier:
            session[key] = value
        elif now != value:
            del held[key]


def echo_assigned() -> None:
    """Last in a run: a hidden text box holds the number of assignments made so far. Drawn
    after every widget, it reaches the page after them, so when a request brings the number
    back the page had drawn every assigned value."""
    session = st.session_state
    if ASSIGNED_COUNT not in session:
        return
    session[ASSIGNED_ECHO] = str(session[ASSIGNED_COUNT])
    with st.container(key="assigned-echo"):
        st.markdown("<style>.st-key-assigned-echo{display:none}</style>", unsafe_allow_html=True)
        st.text_input("Assignments drawn", key=ASSIGNED_ECHO, label_visibility="collapsed")


def keep_valid(key: str, options: list) -> None:
    """Forget a remembered choice that the current data or window no longer offers."""
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]


def seed(key: str, value: object) -> object:
    """The widget's value: what the user chose, or its default (then remembered)."""
    return st.session_state.setdefault(key, value)


def vocabulary(catalog: Catalog, span: tuple[date, date]) -> Vocabulary:
    """What a link may name for this data."""
    return Vocabulary(
        layers=ALL_LAYERS,
        drones=ranged_drones(catalog),
        basemaps=tuple(BASEMAPS),
        span=span,
        strike_drones=tuple(catalog.drones.index),
        targets=target_types(catalog.strikes),
    )


def apply_link_once(catalog: Catalog, span: tuple[date, date]) -> None:
    """Once per session: the widgets' starting values, from the link where it gives them."""
    if LINK_APPLIED in st.session_state:
        return
    st.session_state[LINK_APPLIED] = True
    parsed = parse(st.query_params.to_dict(), vocabulary(catalog, span))
    apply_link(parsed.state, catalog, span)
    assign({PRESENTER: parsed.state.presenter, TITLE: parsed.state.title or DEFAULT_TITLE})
    if parsed.notices:
        st.session_state[LINK_NOTICES] = parsed.notices


def apply_link(link: ViewState, catalog: Catalog, span: tuple[date, date]) -> None:
    """The view's widgets set to what a link (or a deck slide) says, defaults where it is
    silent; the map's position only when it gives one."""
    values: dict[str, object] = {
        WINDOW: (link.start or span[0], link.end or span[1]),
        LAYERS: list(link.layers if link.layers is not None else DEFAULT_LAYERS),
        RING_DRONES: list(link.drones if link.drones is not None else ranged_drones(catalog)),
        UNIT: link.unit or "km",
        STRIKE_STYLE: "density" if link.density else "points",
        BASEMAP: link.basemap or DEFAULT_BASEMAP,
        COMPARE: link.compare_start is not None,
        FILTER_DRONES: list(link.strike_drones or ()),
        FILTER_CONFIDENCE: list(link.confidence or ()),
        FILTER_PRECISION: list(link.precision or ()),
        FILTER_TARGETS: list(link.targets or ()),
        FILTER_CASUALTIES: bool(link.casualties),
    }
    if link.lat is not None and link.lon is not None:
        values[MAP_CENTER] = (link.lat, link.lon)
    if link.zoom is not None:
        values[MAP_ZOOM] = link.zoom
    if link.compare_start is not None:
        values[COMPARE_WINDOW] = (link.compare_start, link.compare_end)
    assign(values)


def session_link(catalog: Catalog, span: tuple[date, date]) -> ViewState:
    """The view the widgets hold now, as a link's state, with the position the map last
    wrote into the address (what a deck slide saved from the app keeps)."""
    hold_assigned()  # a callback (adding a slide) may read the view before the run starts
    session = st.session_state
    moved = parse(st.query_params.to_dict(), vocabulary(catalog, span)).state
    start, end = session.get(WINDOW, span)
    compare = session.get(COMPARE_WINDOW) if session.get(COMPARE) else None
    return ViewState(
        start=start,
        end=end,
        layers=tuple(session.get(LAYERS, DEFAULT_LAYERS)),
        drones=tuple(session.get(RING_DRONES, ranged_drones(catalog))),
        lat=moved.lat,
        lon=moved.lon,
        zoom=moved.zoom,
        unit=session.get(UNIT, "km"),
        basemap=session.get(BASEMAP, DEFAULT_BASEMAP),
        density=session.get(STRIKE_STYLE) == "density",
        compare_start=compare[0] if compare else None,
        compare_end=compare[1] if compare else None,
        strike_drones=tuple(session.get(FILTER_DRONES, ())),
        confidence=tuple(session.get(FILTER_CONFIDENCE, ())),
        precision=tuple(session.get(FILTER_PRECISION, ())),
        targets=tuple(session.get(FILTER_TARGETS, ())),
        casualties=bool(session.get(FILTER_CASUALTIES, False)),
    )


def link_notices() -> list[str]:
    """What the opening link named that was ignored (once)."""
    return st.session_state.pop(LINK_NOTICES, [])


def presenting() -> bool:
    return bool(st.session_state.get(PRESENTER, False))


def title() -> str:
    return st.session_state.get(TITLE) or DEFAULT_TITLE


def link_of(spec: ViewSpec, catalog: Catalog, span: tuple[date, date]) -> dict[str, str]:
    """The query parameters for ``spec``.

    The map writes lat/lon/zoom into the page address itself as it moves (no rerun); they
    are read back from the address here, and kept only when valid.
    """
    moved = parse(st.query_params.to_dict(), vocabulary(catalog, span)).state
    return encode(replace(state_of(spec), lat=moved.lat, lon=moved.lon, zoom=moved.zoom))


def write_link(params: dict[str, str]) -> None:
    """Keep the address bar a link to the view (only when it changed)."""
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)


def view_spec(window: Window, options: MapOptions, compare: Window | None = None) -> ViewSpec:
    """The view the session shows: its window and options, title, base map and position, and
    the second window in compare mode."""
    return ViewSpec(
        window,
        options,
        title=title(),
        basemap=st.session_state.get(BASEMAP, DEFAULT_BASEMAP),
        center=st.session_state.get(MAP_CENTER),
        zoom=st.session_state.get(MAP_ZOOM),
        presenter=presenting(),
        compare=compare,
    )
