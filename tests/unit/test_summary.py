"""The view in words: counts by confidence, precision and site kind, and no data text in them."""

from __future__ import annotations

from datetime import date

from droneatlas.catalog import load_catalog
from droneatlas.summary import summary_lines
from droneatlas.timeline import OCTOBER_2022, Window, view_of
from tests.conftest import SITE, STRIKE

TODAY = date(2026, 11, 24)


def test_counts_by_confidence_precision_and_kind(make_data_dir) -> None:
    strikes = [
        {**STRIKE, "id": "a", "confidence": "verified", "precision": "exact"},
        {**STRIKE, "id": "b", "confidence": "claimed", "precision": "city", "place": "**Bold** town"},
        {**STRIKE, "id": "c", "confidence": "claimed", "precision": "city"},
    ]
    sites = [SITE, {**SITE, "id": "site-b", "kind": "launch_site"}, {**SITE, "id": "site-c", "kind": "base"}]
    catalog = load_catalog(make_data_dir(strikes=strikes, sites=sites), today=TODAY)
    lines = summary_lines(view_of(catalog, Window(*OCTOBER_2022)))
    assert lines[0] == "**3 strikes** dated in 1 Oct – 31 Oct 2022."
    assert lines[1] == "How sure: 1 verified — geolocated or confirmed; 2 claimed — one party only."
    assert lines[2] == "Where: 1 at an exact point; 2 at a town or city centre (not the impact point)."
    assert lines[3] == "**3 sites** active at some time in the window: 2 bases, 1 launch site."
    assert "Bold" not in " ".join(lines)


def test_an_empty_window_says_so(make_data_dir) -> None:
    catalog = load_catalog(make_data_dir(), today=TODAY)
    lines = summary_lines(view_of(catalog, Window(date(2020, 1, 1), date(2020, 1, 2))))
    assert lines == [
        "**0 strikes** dated in 1 Jan – 2 Jan 2020.",
        "**0 sites** active at some time in the window.",
    ]
