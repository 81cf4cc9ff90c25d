"""ui.state.assign and hold_assigned on a session as Streamlit leaves it before a run: the
page's widget values applied over what callbacks wrote. The browser test
(tests/browser/test_assigned.py) holds the app's answers back to make a real page stale."""

from __future__ import annotations

from datetime import date

import pytest
import streamlit as st

from ui import state

FULL = (date(2022, 6, 8), date(2026, 3, 14))
OCTOBER = (date(2022, 10, 1), date(2022, 10, 31))


@pytest.fixture
def session(monkeypatch) -> dict:
    """A plain dict stands for st.session_state: the page's values written straight into it."""
    values: dict = {state.WINDOW: FULL, state.UNIT: "km"}
    monkeypatch.setattr(st, "session_state", values)
    return values


def page_sends(session: dict, echo: str | None, **widgets) -> None:
    """A request from the page: its widgets' values and the assignments it had drawn."""
    session.update(widgets)
    if echo is not None:
        session[state.ASSIGNED_ECHO] = echo


def test_a_value_the_stale_page_sends_back_is_put_back(session) -> None:
    page_sends(session, echo="0")
    state.assign({state.WINDOW: OCTOBER})
    page_sends(session, echo="0", **{state.WINDOW: FULL})  # sent before the preset's run arrived
    state.hold_assigned()
    assert session[state.WINDOW] == OCTOBER


def test_a_value_the_user_changed_on_the_stale_page_is_theirs(session) -> None:
    state.assign({state.WINDOW: OCTOBER, state.UNIT: "mi"})
    mine = (date(2023, 1, 1), date(2023, 2, 1))
    page_sends(session, echo="0", **{state.WINDOW: mine, state.UNIT: "km"})
    state.hold_assigned()
    assert session[state.WINDOW] == mine and session[state.UNIT] == "mi"
    page_sends(session, echo="0", **{state.WINDOW: FULL})  # the user again: not held any more
    state.hold_assigned()
    assert session[state.WINDOW] == FULL


def test_once_the_page_has_drawn_them_its_values_are_the_users(session) -> None:
    state.assign({state.WINDOW: OCTOBER})
    page_sends(session, echo="1", **{state.WINDOW: FULL})  # the user set the old window again
    state.hold_assigned()
    assert session[state.WINDOW] == FULL and state.ASSIGNED not in session
    page_sends(session, echo="1", **{state.WINDOW: FULL})
    state.hold_assigned()
    assert session[state.WINDOW] == FULL


def test_written_twice_before_the_page_caught_up_either_earlier_value_is_stale(session) -> None:
    state.assign({state.WINDOW: OCTOBER})
    later = (date(2024, 1, 1), date(2024, 1, 31))
    state.assign({state.WINDOW: later})
    page_sends(session, echo=None, **{state.WINDOW: FULL})  # the page never drew either
    state.hold_assigned()
    assert session[state.WINDOW] == later
    page_sends(session, echo=None, **{state.WINDOW: OCTOBER})  # it drew the first one only
    state.hold_assigned()
    assert session[state.WINDOW] == later
