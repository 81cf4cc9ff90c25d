"""Counts read with thousands separators; tables show names and a dash for an unknown number."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from droneatlas.export.png.content import sources_footer
from droneatlas.timeline import View, Window
from ui.panels import MISSING, drone_names, readable


def test_a_caption_separates_thousands() -> None:
    strikes = pd.DataFrame({"id": range(12_345)})
    view = View(Window(date(2025, 1, 1), date(2025, 12, 31)), strikes, pd.DataFrame({"id": ["a"]}))
    assert view.caption().startswith("12,345 strikes · 1 site · ")


def test_the_png_footer_separates_thousands() -> None:
    labels = [f"source {n}" for n in range(1_200)]
    assert sources_footer(labels, lambda line: len(line) < 40) == "Sources (1,200): … and 1,200 more"
    assert sources_footer(labels, lambda line: len(line) < 60).endswith("source 1 … and 1,198 more")


def test_a_table_as_shown_has_separators_and_dashes_but_keeps_text() -> None:
    table = pd.DataFrame(
        {"place": ["Kyiv", "Odesa"], "distance": [1234.4, np.nan], "population": [2_952_301, 5]}
    )
    shown = readable(table)
    assert list(shown["distance"]) == ["1,234", MISSING]
    assert list(shown["population"]) == ["2,952,301", "5"]
    assert list(shown["place"]) == ["Kyiv", "Odesa"]
    assert table["distance"].iloc[0] == 1234.4  # the numbers themselves (downloads) are untouched


def test_drone_names_for_ids_and_unknown_ids_kept() -> None:
    drones = pd.DataFrame({"name": ["Shahed-136"]}, index=pd.Index(["shahed-136"], name="id"))
    names = drone_names(pd.Series(["shahed-136", "other"]), drones)
    assert list(names) == ["Shahed-136", "other"]
