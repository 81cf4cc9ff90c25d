"""Teaching panels under the map, one module each; only the open tab is computed and sent."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from droneatlas import settings
from droneatlas.geodesy import miles_from_km
from droneatlas.text import spreadsheet_safe


def in_unit(km: pd.Series, unit: str) -> pd.Series:
    """Distances in the chosen unit, to the whole km or mile."""
    return (miles_from_km(km) if unit == "mi" else km).round(0)


MISSING = "—"  # an unknown number in a table: a dash, never "None" or "nan"


def readable(table: pd.DataFrame) -> pd.DataFrame:
    """The table as shown: whole numbers with thousands separators, a dash for a missing one.

    Only for display: downloads keep the numbers themselves.
    """
    numeric = table.select_dtypes("number").columns
    # Categorical text as plain text: sent as Arrow, a categorical carries every category of
    # the whole catalog (a million-strike upload's places) with the few rows shown.
    coded = table.select_dtypes("category").columns
    return table.assign(
        **{column: table[column].map(_number_text) for column in numeric},
        **{column: table[column].astype(object) for column in coded},
    )


def _number_text(value: float) -> str:
    return MISSING if pd.isna(value) else f"{value:,.0f}"


def drone_names(drone_ids: pd.Series, drones: pd.DataFrame) -> pd.Series:
    """Drone names for their ids (an id the catalog does not know stays as it is)."""
    ids = drone_ids.astype(object)  # a categorical maps to a categorical, which fillna refuses
    return ids.map(drones["name"]).fillna(ids)


def distance_table(
    heading: str,
    table: pd.DataFrame,
    unit: str,
    file_name: str,
    *,
    total: int | None = None,
    everything: Callable[[], pd.DataFrame] | None = None,
) -> None:
    """A heading, the first rows with the distance labelled in the unit, and a CSV of all.

    ``table`` may hold only the first rows when ``everything`` builds the whole (on click).
    Every rerun re-sends what the page shows, so a short table keeps a timeline change light.
    """
    total = len(table) if total is None else total
    label = {"distance": f"distance ({unit})"}
    limit = settings.MAX_TABLE_ROWS
    st.markdown(heading)
    st.dataframe(
        readable(table.head(limit)).rename(columns=label), hide_index=True, width="stretch", height=300
    )
    if total > limit:
        st.caption(f"The nearest {limit} of {total:,}; the CSV has them all.")
    whole = everything or (lambda: table)
    st.download_button(
        f"Download ({total:,} rows, CSV)",
        # On click; CRLF line ends so that a value holding a line break is quoted (export/data.py).
        lambda: (
            whole()
            .rename(columns=label)
            .map(spreadsheet_safe)
            .to_csv(index=False, lineterminator="\r\n")
            .encode()
        ),
        file_name=file_name,
        mime="text/csv",
        on_click="ignore",
    )
