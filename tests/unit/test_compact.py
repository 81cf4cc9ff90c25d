"""Categorical strike text (droneatlas.compact) reads as its plain text everywhere it is shown."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from droneatlas.catalog import load_catalog
from droneatlas.compact import FEW_ROWS, compact_text, text_cells
from droneatlas.filters import StrikeFilter, filter_strikes, target_types
from droneatlas.launchlines import launch_lines, launches_by_site
from droneatlas.regions import record_labels
from droneatlas.strikepack import pack_core, pack_details
from tests.conftest import PROJECT_DATA
from ui.panels import drone_names

TODAY = date(2026, 11, 24)


def test_compact_text_codes_repeated_text_and_keeps_the_rest_plain() -> None:
    repeated = pd.Series(["b", "a", None, "b", ""] * 20, dtype=object)
    coded = compact_text(repeated)
    assert isinstance(coded.dtype, pd.CategoricalDtype)
    assert list(coded.cat.categories) == ["", "a", "b"]  # sorted, missing stays missing
    assert coded.isna().sum() == 20 and list(coded.iloc[:5].astype(object).fillna("?")) == [
        "b",
        "a",
        "?",
        "b",
        "",
    ]
    distinct = pd.Series([f"id-{k}" for k in range(100)], dtype=object)
    assert compact_text(distinct).dtype == object
    short = pd.Series(["x"] * FEW_ROWS, dtype=object)
    assert compact_text(short).dtype == object  # too short for codes to pay
    assert list(text_cells(coded).iloc[:3]) == ["b", "a", ""]


@pytest.fixture(scope="module")
def twins() -> tuple:
    """The project's strikes (categorical text) with missing cells and words no list knows,
    as a merge with an upload's own columns leaves them, and their plain-text twin."""
    catalog = load_catalog(PROJECT_DATA, today=TODAY)
    strikes = catalog.strikes.copy()
    coded_columns = [name for name in strikes.columns if isinstance(strikes[name].dtype, pd.CategoricalDtype)]
    plain = {
        name: strikes[name].astype(object) if name in coded_columns else strikes[name]
        for name in strikes.columns
    }
    plain["target_type"].iloc[:3] = [None, "", "a word the upload brought"]
    plain["place"].iloc[3] = None
    plain["launched_from"].iloc[4] = None
    plain["drone_id"].iloc[5] = None
    plain_frame = pd.DataFrame(plain, index=strikes.index)
    coded = plain_frame.copy()
    for name in ("target_type", "place", "launched_from", "drone_id", "confidence", "precision", "country"):
        coded[name] = compact_text(plain_frame[name])
        assert isinstance(coded[name].dtype, pd.CategoricalDtype), name
    return catalog, coded, plain_frame


def test_the_pack_of_categorical_text_is_the_pack_of_its_text(twins) -> None:
    catalog, coded, plain = twins
    colours = {"shahed-136": "#E69F00"}
    assert pack_core(coded, catalog.drones, colours) == pack_core(plain, catalog.drones, colours)
    assert pack_details(coded, catalog.drones, catalog.sources, sites=catalog.sites) == pack_details(
        plain, catalog.drones, catalog.sources, sites=catalog.sites
    )
    assert target_types(coded) == target_types(plain)


def test_labels_lines_filters_and_tables_read_categorical_text_as_text(twins) -> None:
    catalog, coded, plain = twins
    names = catalog.drones["name"]
    assert record_labels(coded, names) == record_labels(plain, names)
    assert launches_by_site(coded, catalog.sites) == launches_by_site(plain, catalog.sites)
    lines = [launch_lines(frame, catalog.sites) for frame in (coded, plain)]
    assert len(lines[0]) and lines[0].drop(columns="geometry").astype(object).equals(
        lines[1].drop(columns="geometry").astype(object)
    )
    chosen = StrikeFilter(confidence=("verified",), targets=("energy",))
    assert list(filter_strikes(coded, chosen).index) == list(filter_strikes(plain, chosen).index)
    assert list(drone_names(coded["drone_id"], catalog.drones)) == list(
        drone_names(plain["drone_id"], catalog.drones)
    )
    assert np.array_equal(coded["precision"] == "region", plain["precision"] == "region")


def test_tables_and_counts_show_categorical_text_as_the_data_has_it(make_data_dir) -> None:
    from droneatlas.coverage import coverage
    from tests.conftest import STRIKE
    from ui.panels import readable

    rows = [
        {**STRIKE, "id": f"s-{k}", "place": f"Place {k}", "confidence": "verified" if k % 2 else "claimed"}
        for k in range(1, 101)
    ]
    catalog = load_catalog(make_data_dir(strikes=rows), today=TODAY)
    assert isinstance(catalog.strikes["confidence"].dtype, pd.CategoricalDtype)
    # Equal counts in the data's order (verified comes first), not the categories' (claimed).
    assert list(coverage(catalog).by_confidence) == ["verified", "claimed"]
    shown = readable(catalog.strikes[["place", "confidence"]].head(3))
    # A table sent to the page carries its rows' text, not every category of the catalog.
    assert shown["confidence"].dtype == object and list(shown["confidence"]) == [
        "verified",
        "claimed",
        "verified",
    ]
