"""The floor for `make bench`: a bare Streamlit page showing one date-range slider."""

from datetime import date

import streamlit as st

st.slider(
    "Time window",
    min_value=date(2022, 9, 13),
    max_value=date(2025, 12, 31),
    value=(date(2022, 9, 13), date(2025, 12, 31)),
    format="D MMM YYYY",
)
