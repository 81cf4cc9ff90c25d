"""The reported scale: launches.csv validated like the other tables, each month counted once,
the weekly backdrop, the CSV of a window's series and `droneatlas check-data`."""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta

import pandas as pd
import pytest

from cli import main
from droneatlas.catalog import load_catalog
from droneatlas.export.data import launches_csv
from droneatlas.launches import counted_rows, tally, weekly_launched
from droneatlas.timeline import Window
from tests.conftest import NIGHT, PROJECT_DATA, STRIKE

MONTH = {**NIGHT, "id": "month-2022-10", "period": "month", "date": "2022-10-01", "drones_launched": "300"}
LATER = {
    **NIGHT,
    "id": "night-2022-11-02",
    "date": "2022-11-02",
    "drones_launched": "13",
    "drones_downed": "",
}


def test_a_data_directory_without_launches_loads_without_a_file_problem(make_data_dir) -> None:
    catalog = load_catalog(make_data_dir())
    assert catalog.report.ok and catalog.launches.empty


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"period": "week"}, "period"),
        ({"period": "month", "date": "2022-10-17"}, "first day"),
        ({"drones_downed": "50"}, "larger than drones_launched"),
        ({"drones_launched": "4.5"}, "whole number"),
        ({"drones_launched": ""}, "drones_launched"),
        ({"source_ids": "nowhere"}, "unknown source"),
        ({"date": "2099-01-01"}, "date"),
    ],
)
def test_bad_launch_rows_are_reported_and_skipped(make_data_dir, change, reason) -> None:
    catalog = load_catalog(make_data_dir(launches=[{**NIGHT, **change}, LATER]))
    [issue] = catalog.report.rejected_rows
    assert issue.file == "launches.csv" and issue.line == 2 and reason in issue.reason
    assert list(catalog.launches.index) == ["night-2022-11-02"]  # the valid row still loads
    assert catalog.report.read["launches.csv"] == 2 and catalog.report.accepted["launches.csv"] == 1


def test_a_second_figure_for_the_same_night_is_refused(make_data_dir) -> None:
    """It would count twice in a window's total."""
    catalog = load_catalog(make_data_dir(launches=[NIGHT, {**NIGHT, "id": "night-2022-10-17-again"}]))
    [issue] = catalog.report.rejected_rows
    assert issue.record_id == "night-2022-10-17-again" and "same period and date" in issue.reason
    assert list(catalog.launches.index) == ["night-2022-10-17"]


def test_a_month_is_counted_once_by_its_total_or_by_its_nights(make_data_dir) -> None:
    launches = load_catalog(make_data_dir(launches=[MONTH, NIGHT, LATER])).launches
    whole = tally(launches, Window(date(2022, 10, 1), date(2022, 11, 30)))
    assert (whole.launched, whole.months, whole.nights) == (300 + 13, 1, 1)  # not 300 + 43 + 13
    assert set(whole.row_ids) == {"month-2022-10", "night-2022-11-02"}
    part = tally(launches, Window(date(2022, 10, 10), date(2022, 10, 20)))  # half a month: its nights
    assert (part.launched, part.downed, part.months, part.nights) == (43, 37, 0, 1)
    assert "at least 43 drones launched" in part.sentence(1) and "1 strike is mapped here" in part.sentence(1)
    none = tally(launches, Window(date(2023, 1, 1), date(2023, 1, 31)))
    assert none.empty and none.sentence(0).startswith("No reported launch figures")


def _counted_month_by_month(launches, window: Window) -> list[str]:
    """The rule read literally: for each month the window touches, the month's total when the
    whole month lies inside and a total exists, else the nights inside the window."""
    first, last = pd.Timestamp(window.start), pd.Timestamp(window.end)
    ids = []
    for start in pd.date_range(first.to_period("M").start_time, last, freq="MS"):
        of_month = launches[launches["date"].dt.to_period("M") == start.to_period("M")]
        totals = of_month[of_month["period"] == "month"]
        if not totals.empty and start >= first and start + pd.offsets.MonthEnd(0) <= last:
            ids += list(totals["id"])
        else:
            nights = of_month[of_month["period"] == "night"]
            ids += list(nights[(nights["date"] >= first) & (nights["date"] <= last)]["id"])
    return ids


def test_counted_rows_follow_the_month_rule_for_any_window() -> None:
    launches = load_catalog(PROJECT_DATA).launches
    lo, hi = launches["date"].min().date(), launches["date"].max().date()
    rng = random.Random(15)
    windows = [Window(lo, hi)]
    for _ in range(300):
        start = lo + timedelta(days=rng.randint(-40, (hi - lo).days + 40))
        windows.append(Window(start, start + timedelta(days=rng.choice([0, 1, 27, 28, 30, 31, 61, 400]))))
    for window in windows:
        assert list(counted_rows(launches, window).index) == _counted_month_by_month(launches, window), window


def test_counted_rows_are_computed_once_per_frame_and_window() -> None:
    launches = load_catalog(PROJECT_DATA).launches
    lo, hi = launches["date"].min().date(), launches["date"].max().date()
    whole = counted_rows(launches, Window(lo, hi))
    assert counted_rows(launches, Window(lo, hi)) is whole  # the same answer, not computed again
    shorter = counted_rows(launches, Window(lo, hi - timedelta(days=40)))
    assert shorter is not whole and len(shorter) < len(whole)
    assert counted_rows(launches.copy(), Window(lo, hi)) is not whole  # another frame, its own answer


def test_weekly_backdrop_spreads_a_month_total_and_adds_nights_of_months_without_one(make_data_dir) -> None:
    launches = load_catalog(make_data_dir(launches=[MONTH, NIGHT, LATER])).launches
    weeks = weekly_launched(launches, (date(2022, 9, 26), date(2022, 11, 30)))
    assert weeks["launched"].sum() == pytest.approx(300 + 13)
    october_week = weeks.set_index("week").loc["2022-10-10", "launched"]
    assert october_week == pytest.approx(300 / 31 * 7)  # a seventh-of-a-month share, not the night's 43


def test_the_series_csv_marks_the_rows_of_the_window_total_and_is_spreadsheet_safe(make_data_dir) -> None:
    hostile = {**LATER, "summary": '=HYPERLINK("http://x","y")', "reported_by": "  +1+1"}
    catalog = load_catalog(make_data_dir(launches=[MONTH, NIGHT, hostile]))
    rows = list(
        csv.DictReader(io.StringIO(launches_csv(catalog, Window(date(2022, 10, 1), date(2022, 11, 30)))))
    )
    counted = {row["id"]: row["counted_in_window_total"] for row in rows}
    assert counted == {"month-2022-10": "yes", "night-2022-10-17": "no", "night-2022-11-02": "yes"}
    for row in rows:
        assert not any(value.lstrip().startswith(("=", "+", "-", "@")) for value in row.values())
    assert rows[-1]["summary"].endswith('"y")')  # still readable


def test_check_data_on_the_project_data(capsys) -> None:
    assert main(["check-data", str(PROJECT_DATA)]) == 0
    out = capsys.readouterr().out
    assert "validation: all rows valid" in out
    assert "months without a strike: none" in out
    assert "rows without a source: 0" in out
    catalog = load_catalog(PROJECT_DATA)
    assert len(catalog.strikes) >= 150 and len(catalog.sites) >= 25 and len(catalog.launches) > 0


def test_check_data_exits_1_and_names_an_invalid_row(make_data_dir, capsys) -> None:
    data = make_data_dir(strikes=[STRIKE, {**STRIKE, "id": "bad", "lat": "north"}])
    assert main(["check-data", str(data)]) == 1
    out = capsys.readouterr().out
    assert "invalid row: strikes.csv line 3 id bad" in out and "read 2 = accepted 1 + rejected 1" in out


def test_check_data_counts_gaps_between_months(make_data_dir, capsys) -> None:
    data = make_data_dir(strikes=[STRIKE, {**STRIKE, "id": "later", "date": "2023-01-05"}], launches=[LATER])
    main(["check-data", str(data)])
    out = capsys.readouterr().out
    assert "months without a strike: 2022-11, 2022-12" in out
    assert "strike months without any launch figure: 2022-10, 2022-12, 2023-01" in out
