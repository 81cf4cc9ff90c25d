"""Window filtering: strikes dated in the window, sites active at any time in it."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from droneatlas.catalog import load_catalog
from droneatlas.timeline import (
    OCTOBER_2022,
    StrikeIndex,
    Window,
    rows_in,
    sites_active_in,
    strikes_in,
    view_of,
    weekly_counts,
)
from tests.conftest import SITE, SOURCE, STRIKE

TODAY = date(2026, 11, 24)


@pytest.fixture
def catalog(make_data_dir):
    strikes = [
        {**STRIKE, "id": "s1", "date": "2022-09-30"},
        {**STRIKE, "id": "s2", "date": "2022-10-01"},
        {**STRIKE, "id": "s3", "date": "2022-10-31"},
        {**STRIKE, "id": "s4", "date": "2022-11-01"},
    ]
    sites = [
        {**SITE, "id": "open-ended", "active_from": "2022-10-12", "active_to": ""},
        {**SITE, "id": "ended-before", "active_from": "2022-06-08", "active_to": "2022-07-05"},
        {**SITE, "id": "ends-on-first-day", "active_from": "2022-06-08", "active_to": "2022-10-01"},
        {**SITE, "id": "starts-on-last-day", "active_from": "2022-10-31", "active_to": ""},
        {**SITE, "id": "starts-after", "active_from": "2022-11-01", "active_to": ""},
    ]
    return load_catalog(make_data_dir(strikes=strikes, sites=sites), today=TODAY)


def test_strikes_in_window_include_both_ends(catalog) -> None:
    assert list(strikes_in(catalog.strikes, Window(*OCTOBER_2022)).index) == ["s2", "s3"]


def test_sites_active_at_any_time_in_the_window(catalog) -> None:
    active = sites_active_in(catalog.sites, Window(*OCTOBER_2022))
    assert sorted(active.index) == ["ends-on-first-day", "open-ended", "starts-on-last-day"]


def test_window_in_which_nothing_is_active(catalog) -> None:
    view = view_of(catalog, Window(date(2021, 1, 1), date(2021, 12, 31)))
    assert view.strikes.empty and view.sites.empty
    assert view.caption() == "0 strikes · 0 sites · 1 Jan – 31 Dec 2021"


def test_caption_counts_and_dates(catalog) -> None:
    view = view_of(catalog, Window(date(2022, 9, 17), date(2022, 10, 31)))
    assert view.caption() == "3 strikes · 3 sites · 17 Sep – 31 Oct 2022"
    assert Window(date(2022, 12, 1), date(2023, 1, 5)).label() == "1 Dec 2022 – 5 Jan 2023"
    assert Window(date(2025, 9, 7), date(2025, 9, 7)).label() == "7 Sep 2025"  # one day, named once
    assert view_of(catalog, Window(date(2022, 10, 1), date(2022, 10, 1))).caption().startswith("1 strike · ")


def test_window_must_not_end_before_it_starts() -> None:
    with pytest.raises(ValueError):
        Window(date(2022, 10, 2), date(2022, 10, 1))


def test_source_ids_of_a_view_are_unique_and_ordered(catalog) -> None:
    assert view_of(catalog, Window(*OCTOBER_2022)).source_ids() == ["src-a"]


def test_weekly_counts_fill_empty_weeks(catalog) -> None:
    weeks = weekly_counts(catalog.strikes)
    assert weeks["strikes"].sum() == 4
    assert list(weeks["week"].dt.day_of_week.unique()) == [0]  # Mondays
    assert (weeks["strikes"] == 0).any()  # the quiet weeks of October are there, as zeros
    assert weekly_counts(catalog.strikes.iloc[0:0]).empty


def test_strikes_out_of_date_order_are_loaded_in_date_order(make_data_dir) -> None:
    strikes = [
        {**STRIKE, "id": "late", "date": "2022-10-20"},
        {**STRIKE, "id": "early", "date": "2022-10-02"},
        {**STRIKE, "id": "same-day-first", "date": "2022-10-10"},
        {**STRIKE, "id": "same-day-second", "date": "2022-10-10"},
    ]
    catalog = load_catalog(make_data_dir(strikes=strikes), today=TODAY)
    assert list(catalog.strikes.index) == ["early", "same-day-first", "same-day-second", "late"]
    window = Window(date(2022, 10, 2), date(2022, 10, 10))
    # The slice of date-ordered rows and the filter of unordered rows agree.
    shuffled = catalog.strikes.iloc[[3, 1, 0, 2]]
    assert list(rows_in(catalog.strikes, window).index) == ["early", "same-day-first", "same-day-second"]
    assert sorted(rows_in(shuffled, window).index) == ["early", "same-day-first", "same-day-second"]


def test_strike_index_lists_the_same_sources_as_the_view(make_data_dir) -> None:
    sources = [{**SOURCE, "id": f"src-{k}", "url": f"https://example.org/{k}"} for k in "abcd"]
    strikes = [
        {**STRIKE, "id": "s1", "date": "2022-09-30", "source_ids": "src-d"},
        {**STRIKE, "id": "s2", "date": "2022-10-01", "source_ids": "src-b|src-a"},
        {**STRIKE, "id": "s3", "date": "2022-10-31", "source_ids": "src-a"},
        {**STRIKE, "id": "s4", "date": "2022-11-01", "source_ids": "src-c"},
    ]
    sites = [{**SITE, "source_ids": "src-c"}]
    catalog = load_catalog(make_data_dir(sources=sources, sites=sites, strikes=strikes), today=TODAY)
    index = StrikeIndex.of(catalog.strikes)
    autumn = Window(date(2022, 9, 1), date(2022, 12, 1))
    single = Window(date(2022, 9, 1), date(2022, 9, 30))  # one source a strike: the short path
    none = Window(date(2021, 1, 1), date(2021, 1, 2))
    for window in (Window(*OCTOBER_2022), autumn, Window(*catalog.span()), single, none):
        view = view_of(catalog, window)
        assert index.source_ids(view) == view.source_ids()
    assert index.source_ids(view_of(catalog, Window(*OCTOBER_2022))) == ["src-c", "src-b", "src-a"]
    assert index.source_ids(view_of(catalog, single)) == ["src-d"]


def test_strike_index_tallies_a_window_like_value_counts(make_data_dir) -> None:
    strikes = [
        {**STRIKE, "id": "s1", "date": "2022-09-30", "confidence": "claimed"},
        {**STRIKE, "id": "s2", "date": "2022-10-01", "confidence": "claimed", "precision": "exact"},
        {**STRIKE, "id": "s3", "date": "2022-10-31", "confidence": "verified"},
        {**STRIKE, "id": "s4", "date": "2022-11-01", "confidence": "reported"},
    ]
    catalog = load_catalog(make_data_dir(strikes=strikes), today=TODAY)
    index = StrikeIndex.of(catalog.strikes)
    october = Window(*OCTOBER_2022)
    assert index.tally(october, "confidence") == {"claimed": 1, "verified": 1}
    assert index.tally(october, "precision") == {"exact": 1, "city": 1}
    for column in StrikeIndex.TALLIED:
        expected = view_of(catalog, october).strikes[column].value_counts().to_dict()
        assert index.tally(october, column) == expected


def test_strike_index_keeps_narrow_codes_without_wrapping_round(make_data_dir) -> None:
    # 128 source lists: codes 0..127 fit int8, and the last list's end (127 + 1) must not wrap.
    sources = [SOURCE, *({**SOURCE, "id": f"src-{k}", "url": f"https://example.org/{k}"} for k in range(128))]
    strikes = [{**STRIKE, "id": f"s{k}", "date": "2022-10-01", "source_ids": f"src-{k}"} for k in range(128)]
    catalog = load_catalog(make_data_dir(sources=sources, strikes=strikes), today=TODAY)
    index = StrikeIndex.of(catalog.strikes)
    assert index.source_codes.dtype == np.int8
    view = view_of(catalog, Window(*OCTOBER_2022))
    assert index.source_ids(view) == view.source_ids()
    assert index.source_ids(view)[-1] == "src-127"
