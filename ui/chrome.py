"""The page around the map: presenter view, the title line, data problems and link notices."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from droneatlas.catalog import Catalog
from droneatlas.text import markdown_literal as md
from ui import state

# Our own CSS (no data in it): no sidebar, no app chrome, the map full width.
PRESENTER_CSS = (
    "<style>[data-testid='stSidebar'],[data-testid='stSidebarCollapsedControl'],"
    "header[data-testid='stHeader'],[data-testid='stToolbar']{display:none !important}"
    ".block-container{padding:0.6rem 1rem 0 1rem !important;max-width:100% !important}</style>"
)


def presenter_mode(*, toggle: bool) -> bool:
    """Presenter view: hides the controls; ``toggle`` offers the switch in the sidebar."""
    if state.presenting():
        st.markdown(PRESENTER_CSS, unsafe_allow_html=True)
        st.button("Leave presenter view", on_click=state.assign, args=({state.PRESENTER: False},))
        return True
    if toggle:
        st.sidebar.toggle(
            "Presenter view", key=state.PRESENTER, help="Hide the controls; larger labels; full width"
        )
    return False


# Our own CSS (no data in it): the map first. Little space above and between the title
# line, the timeline and the map, so that on a laptop's screen both are seen whole.
PAGE_CSS = (
    "<style>"
    ".block-container{padding-top:2.6rem !important;padding-bottom:0.5rem !important}"
    "[data-testid='stMainBlockContainer'] [data-testid='stVerticalBlock']{gap:0.45rem}"
    "header[data-testid='stHeader']{background:transparent;pointer-events:none}"
    "header[data-testid='stHeader'] *{pointer-events:auto}"
    ".atlas-header{display:flex;align-items:baseline;gap:0.7rem;white-space:nowrap;overflow:hidden;"
    "line-height:1.6}"
    ".atlas-header b{font-size:1.4rem}"
    ".atlas-header span{font-size:0.9rem;opacity:0.7;overflow:hidden;text-overflow:ellipsis}"
    "@media (max-width:640px){.block-container{padding-top:3.4rem !important}}"
    # The weekly strip's dark bars (droneatlas.histogram.BAR_COLOUR), light on a dark page.
    "@media (prefers-color-scheme:dark){[data-testid='stHtml'] div[style*='background:#444444']"
    "{background:#c8c8c8 !important}}"
    "</style>"
)
DESCRIPTION = (
    "Reported drone bases, launch sites and strikes, with geodesic range rings. "
    "Every record cites its sources; confidence says how sure they are."
)


def header() -> None:
    """The title and what the atlas is, on one line (cut with an ellipsis on a phone).

    st.html, not st.markdown: on a new page's first run this and the map are all there is,
    and Markdown with HTML first loads a 190 KB parser into the page, which holds the map's
    frame back (measured: bench.floor).
    """
    st.html(
        PAGE_CSS + f'<div class="atlas-header" title="{DESCRIPTION}"><b>Drone Atlas</b>'
        f"<span>{DESCRIPTION}</span></div>"
    )


def show_link_notices() -> None:
    for notice in state.link_notices():
        st.toast(f"Link: {md(notice)}", icon="🔗")


def report_problems(catalog: Catalog) -> None:
    """Files that could not be read, and rows that were skipped (file, line, id, reason)."""
    report = catalog.report
    for message in report.file_errors:
        st.error(md(message), icon="⚠️")
    if report.rejected_rows:
        st.warning(f"Some rows were skipped: {md(report.summary())}. The valid rows are shown.", icon="⚠️")
        with st.expander("Skipped rows (file, line, id, reason)"):
            st.dataframe(
                pd.DataFrame([vars(issue) for issue in report.rejected_rows]),
                hide_index=True,
                width="stretch",
            )
