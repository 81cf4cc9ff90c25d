"""Two windows side by side: their union, their difference in words, the side-by-side PNG."""

from __future__ import annotations

from datetime import date

import numpy as np

from droneatlas.catalog import load_catalog
from droneatlas.compare import combined, difference_text, signed
from droneatlas.export.png.compare import build_compare_figure
from droneatlas.launches import tally
from droneatlas.timeline import Window, view_of
from droneatlas.view import MapOptions
from tests.conftest import PROJECT_DATA

OCT_2022, OCT_2024 = (
    Window(date(2022, 10, 1), date(2022, 10, 31)),
    Window(date(2024, 10, 1), date(2024, 10, 31)),
)


def test_signed_counts_read_as_a_change() -> None:
    assert [signed(n) for n in (312, -5, 0, 12_345)] == ["+312", "−5", "±0", "+12,345"]


def test_the_difference_counts_the_second_window_against_the_first() -> None:
    catalog = load_catalog(PROJECT_DATA)
    first, second = view_of(catalog, OCT_2022), view_of(catalog, OCT_2024)
    strikes = len(second.strikes) - len(first.strikes)
    sites = len(second.sites) - len(first.sites)
    launched = tally(catalog.launches, OCT_2024).launched - tally(catalog.launches, OCT_2022).launched
    assert difference_text(catalog, first, second) == (
        f"1 Oct – 31 Oct 2024 against 1 Oct – 31 Oct 2022: {signed(strikes)} strikes, {signed(sites)} sites"
        f" · Air Force: {signed(launched)} drones launched"
    )
    both = combined(first, second)
    assert len(both.strikes) == len(first.strikes) + len(second.strikes)  # disjoint windows
    assert set(both.sites.index) == set(first.sites.index) | set(second.sites.index)
    assert both.sites.index.is_unique


def test_the_compare_slide_has_two_maps_framed_alike_and_one_legend() -> None:
    catalog = load_catalog(PROJECT_DATA)
    first, second = view_of(catalog, OCT_2022), view_of(catalog, OCT_2024)
    fig = build_compare_figure(catalog, first, second, MapOptions(), title="Octobers", size="1280x720")
    maps = [ax for ax in fig.axes if ax.get_xticks().size == 0 and ax.get_xlim()[1] - ax.get_xlim()[0] > 1e5]
    assert len(maps) == 2
    assert np.allclose(maps[0].get_xlim(), maps[1].get_xlim()) and np.allclose(
        maps[0].get_ylim(), maps[1].get_ylim()
    )
    texts = [t.get_text() for t in fig.texts] + [t.get_text() for ax in fig.axes for t in ax.texts]
    assert difference_text(catalog, first, second) in texts
    assert any(t.startswith("1 Oct – 31 Oct 2022\n") for t in texts)
    assert any(t.startswith("1 Oct – 31 Oct 2024\n") for t in texts)
