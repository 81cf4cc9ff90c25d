"""The row checks of a data directory's tables, and the conversions after them.

A check looks at a whole table (every value a stripped string) and returns, per row, the
reason it is invalid or "" when it is fine; ``validate`` gathers every reason of every row
before reporting, so a file's problems are told at once (droneatlas.catalog runs them).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date

import numpy as np
import pandas as pd

from droneatlas.schema import (
    DATE_FORMAT,
    MULTI_VALUE_SEPARATOR,
    Confidence,
    Period,
    Precision,
    RangeBasis,
    SiteKind,
)
from droneatlas.text import is_safe_url
from droneatlas.validation import RowIssue, ValidationReport

LINE = "_line"  # the CSV line a record starts on, for reports
MAX_COUNT = 10**7  # casualties or drones in one record; beyond it a figure is a typo

Check = Callable[[pd.DataFrame], pd.Series]


def _where(mask: pd.Series, reason: str | pd.Series) -> pd.Series:
    reasons = reason if isinstance(reason, pd.Series) else pd.Series(reason, index=mask.index)
    return reasons.where(mask, "")


def required(columns: tuple[str, ...]) -> Check:
    def check(frame: pd.DataFrame) -> pd.Series:
        out = pd.Series("", index=frame.index)
        for name in columns:
            out = _join(out, _where(frame[name] == "", f"{name} is empty"))
        return out

    return check


def unique_ids(frame: pd.DataFrame) -> pd.Series:
    dup = frame["id"].duplicated(keep="first") & (frame["id"] != "")
    return _where(dup, "duplicate id (an earlier row has it)")


def unique_ids_beyond(seen: set[str]) -> Check:
    """``unique_ids`` for a table checked in chunks: an id of an earlier chunk (``seen``)
    is a duplicate too, so the answer does not depend on where the chunks were cut."""

    def check(frame: pd.DataFrame) -> pd.Series:
        ids = frame["id"]
        dup = (ids.duplicated(keep="first") | ids.isin(seen)) & (ids != "")
        return _where(dup, "duplicate id (an earlier row has it)")

    return check


def one_of(column: str, allowed: type[SiteKind | Confidence | Precision | RangeBasis]) -> Check:
    values = {member.value for member in allowed}

    def check(frame: pd.DataFrame) -> pd.Series:
        bad = (frame[column] != "") & ~frame[column].isin(values)
        return _where(bad, f"{column} must be one of {', '.join(sorted(values))}, not " + frame[column])

    return check


def number_in(column: str, low: float, high: float) -> Check:
    def check(frame: pd.DataFrame) -> pd.Series:
        numbers = pd.to_numeric(frame[column], errors="coerce")
        present = frame[column] != ""
        not_number = present & (numbers.isna() | ~np.isfinite(numbers.astype(float)))
        out_of_range = present & ~not_number & ((numbers < low) | (numbers > high))
        return _join(
            _where(not_number, f"{column} is not a number: " + frame[column]),
            _where(out_of_range, f"{column} " + frame[column] + f" is outside {low:g}..{high:g}"),
        )

    return check


def count(column: str) -> Check:
    """Whole non-negative numbers; empty means unknown (never read as 0)."""

    def check(frame: pd.DataFrame) -> pd.Series:
        numbers = pd.to_numeric(frame[column], errors="coerce")
        present = frame[column] != ""
        bad = present & (numbers.isna() | (numbers < 0) | (numbers > MAX_COUNT) | (numbers % 1 != 0))
        return _where(bad, f"{column} must be a whole number 0..{MAX_COUNT:,} or empty, not " + frame[column])

    return check


def iso_date(column: str, *, not_after: date | None = None) -> Check:
    def check(frame: pd.DataFrame) -> pd.Series:
        parsed = parse_dates(frame[column])
        present = frame[column] != ""
        bad = present & parsed.isna()
        out = _where(bad, f"{column} is not a date YYYY-MM-DD: " + frame[column])
        if not_after is not None:
            future = present & (parsed > pd.Timestamp(not_after))
            out = _join(out, _where(future, f"{column} " + frame[column] + " is in the future"))
        return out

    return check


def ordered_dates(first: str, last: str) -> Check:
    def check(frame: pd.DataFrame) -> pd.Series:
        bad = parse_dates(frame[last]) < parse_dates(frame[first])
        return _where(bad, f"{last} is before {first}")

    return check


def not_above(column: str, ceiling: str) -> Check:
    def check(frame: pd.DataFrame) -> pd.Series:
        bad = pd.to_numeric(frame[column], errors="coerce") > pd.to_numeric(frame[ceiling], errors="coerce")
        return _where(bad, f"{column} is larger than {ceiling}")

    return check


def known_ids(column: str, known: Collection[str], what: str) -> Check:
    def check(frame: pd.DataFrame) -> pd.Series:
        # Per distinct cell, not per row: a million strikes cite a few hundred source lists.
        unknown = map_distinct(frame[column], lambda cell: [v for v in split_multi(cell) if v not in known])
        bad = unknown.map(bool)
        listed = unknown.map(lambda ids: ", ".join(ids))
        return _where(bad, f"unknown {what} id(s) in {column}: " + listed)

    return check


def one_row_per(columns: tuple[str, ...]) -> Check:
    """No two rows for the same values of ``columns`` (e.g. two totals for one month)."""

    def check(frame: pd.DataFrame) -> pd.Series:
        repeated = frame.duplicated(list(columns), keep="first")
        return _where(repeated, f"another row has the same {' and '.join(columns)}")

    return check


def safe_url(frame: pd.DataFrame) -> pd.Series:
    bad = (frame["url"] != "") & ~frame["url"].map(is_safe_url)
    return _where(bad, "url must be an http(s) address")


def _join(left: pd.Series, right: pd.Series) -> pd.Series:
    both = (left != "") & (right != "")
    return (left + np.where(both, "; ", "") + right).astype(object)


def first_of_month(column: str) -> Check:
    """A month row is dated by the first day of its month."""

    def check(frame: pd.DataFrame) -> pd.Series:
        months = frame["period"] == Period.MONTH
        not_first = months & ~frame[column].str.endswith("-01")
        return _where(not_first, f"{column} of a month row must be its first day (YYYY-MM-01)")

    return check


# ---------------------------------------------------------------- conversions


def split_multi(cell: object) -> tuple[str, ...]:
    """Split a ``|``-separated cell into its non-empty, stripped values."""
    if not isinstance(cell, str):
        return ()
    return tuple(part.strip() for part in cell.split(MULTI_VALUE_SEPARATOR) if part.strip())


def map_distinct(values: pd.Series, function: Callable[[object], object]) -> pd.Series:
    """``values.map(function)``, calling ``function`` once per distinct value."""
    distinct = pd.unique(values)
    results = dict(zip(distinct, (function(value) for value in distinct), strict=True))
    return pd.Series([results[value] for value in values], index=values.index, dtype=object)


def split_column(values: pd.Series) -> pd.Series:
    """``split_multi`` of every cell (computed once per distinct cell)."""
    return map_distinct(values, split_multi)


def parse_dates(values: pd.Series) -> pd.Series:
    """ISO dates to Timestamps; anything else (including empty) to NaT."""
    return pd.to_datetime(values, format=DATE_FORMAT, errors="coerce")


def validate(frame: pd.DataFrame, file: str, checks: list[Check], report: ValidationReport) -> pd.DataFrame:
    """Run every check over every row; report and drop the rows with any reason."""
    reasons = pd.Series("", index=frame.index, dtype=object)
    for check in checks:
        reasons = _join(reasons, check(frame))
    bad = reasons != ""
    issues = [
        RowIssue(file, int(line), record_id, reason)
        for line, record_id, reason in zip(
            frame.loc[bad, LINE], frame.loc[bad, "id"], reasons[bad], strict=True
        )
    ]
    report.add_rows(file, len(frame), int((~bad).sum()), issues)
    return frame.loc[~bad].copy()
