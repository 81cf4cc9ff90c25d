"""The sidebar's strike filter: by drone, confidence, precision, target type, casualties.

``read_filter`` runs before the map (values from the session, kept valid for the data);
``draw_filter`` draws the widgets on the same keys after it, as ui.sidebar does.
"""

from __future__ import annotations

import streamlit as st

from droneatlas.catalog import Catalog
from droneatlas.filters import CONFIDENCES, PRECISION_WORDS, PRECISIONS, StrikeFilter, target_types
from ui import state


def _kept(key: str, known: tuple[str, ...]) -> tuple[str, ...]:
    """The session's choice for ``key``, without values this data does not have."""
    chosen = [v for v in st.session_state.get(key, []) if v in known]
    st.session_state[key] = chosen
    return tuple(chosen)


def read_filter(catalog: Catalog) -> StrikeFilter:
    """The filter the sidebar holds for this run."""
    return StrikeFilter(
        drones=_kept(state.FILTER_DRONES, tuple(catalog.drones.index)),
        confidence=_kept(state.FILTER_CONFIDENCE, CONFIDENCES),
        precision=_kept(state.FILTER_PRECISION, PRECISIONS),
        targets=_kept(state.FILTER_TARGETS, target_types(catalog.strikes)),
        casualties=bool(state.seed(state.FILTER_CASUALTIES, False)),
    )


def draw_filter(catalog: Catalog, strike_filter: StrikeFilter) -> None:
    """The filter's widgets, folded; an empty choice means any value."""
    drones = catalog.drones
    label = "Filter strikes" + (" (on)" if strike_filter.is_active() else "")
    with st.sidebar.expander(label, expanded=strike_filter.is_active()):
        st.multiselect(
            "Drone",
            list(drones.index),
            format_func=lambda d: str(drones.loc[d, "name"]),
            key=state.FILTER_DRONES,
            placeholder="Any drone",
        )
        st.multiselect("Confidence", list(CONFIDENCES), key=state.FILTER_CONFIDENCE, placeholder="Any")
        st.multiselect(
            "Location precision",
            list(PRECISIONS),
            format_func=PRECISION_WORDS.get,
            key=state.FILTER_PRECISION,
            placeholder="Any",
        )
        st.multiselect(
            "Target type", list(target_types(catalog.strikes)), key=state.FILTER_TARGETS, placeholder="Any"
        )
        st.checkbox(
            "Only with reported casualties",
            key=state.FILTER_CASUALTIES,
            help="Killed or injured above 0 in the sources; unknown counts are left out",
        )
