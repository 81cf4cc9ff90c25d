"""The reported scale behind the mapped strikes: drones launched per night or month.

Figures come from launches.csv (Ukrainian Air Force figures as the press reported them).
Month rows are totals; night rows are single attack nights, which a month total already
contains. So a window counts each month once: the month's total when the whole month lies
in the window and a total is reported, else the nights reported inside the window. The
result is a floor ("at least"), said in words with what it is made of.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from droneatlas.memo import remembered
from droneatlas.schema import Period
from droneatlas.timeline import Window


@dataclass(frozen=True)
class LaunchTally:
    """What the reports say about a window: a floor of drones launched, and its parts."""

    launched: int
    downed: int | None  # None when no counted row gives a downed figure
    months: int  # months counted by their reported total
    nights: int  # single nights counted (in months without a whole-month total)
    row_ids: tuple[str, ...]  # the rows counted, for sources and exports

    @property
    def empty(self) -> bool:
        return not self.row_ids

    def sentence(self, strikes_mapped: int) -> str:
        """'The Air Force reported at least 12,345 drones launched (…); 17 strikes are mapped here.'"""
        mapped = f"{strikes_mapped:,} {'strike is' if strikes_mapped == 1 else 'strikes are'} mapped here"
        if self.empty:
            return f"No reported launch figures cover this window; {mapped}."
        parts = []
        if self.months:
            parts.append(f"monthly totals for {self.months} {'month' if self.months == 1 else 'months'}")
        if self.nights:
            parts.append(f"{self.nights} single {'night' if self.nights == 1 else 'nights'} reported")
        return (
            f"The Air Force reported at least {self.launched:,} drones launched in this window "
            f"({' and '.join(parts)}); {mapped}."
        )


def counted_rows(launches: pd.DataFrame, window: Window) -> pd.DataFrame:
    """The rows that count for ``window``, each month once (see the module's docstring), in
    month order (a month's rows in file order).

    Row-wise, not month by month: it runs on every timeline change (the stamp, the About tab
    and the sources each ask), and a loop over a window's months took ~0.1 s a call. Then
    remembered per frame and window (droneatlas.memo): a run asked three times, ~1.7 ms each,
    and sessions moving the timeline together ask for the same windows. The frame returned
    is shared: callers must not change it.
    """
    if launches.empty:
        return launches
    return remembered(launches, ("counted rows", window), lambda: _counted_rows(launches, window))


def _counted_rows(launches: pd.DataFrame, window: Window) -> pd.DataFrame:
    first, last = pd.Timestamp(window.start), pd.Timestamp(window.end)
    month = launches["date"].dt.to_period("M")
    month_start = month.dt.start_time
    whole_month_inside = (month_start >= first) & (month_start + pd.offsets.MonthEnd(0) <= last)
    is_month = launches["period"] == Period.MONTH
    month_total_counts = month.isin(set(month[is_month])) & whole_month_inside
    in_window = (launches["date"] >= first) & (launches["date"] <= last)
    counted = (is_month & whole_month_inside) | (
        (launches["period"] == Period.NIGHT) & in_window & ~month_total_counts
    )
    rows = launches[counted]
    rows = rows.iloc[month[counted].argsort(kind="stable")]
    return rows.set_index("id", drop=False)


def tally(launches: pd.DataFrame, window: Window) -> LaunchTally:
    """The reported floor of drones launched in ``window``."""
    rows = counted_rows(launches, window)
    downed = rows["drones_downed"].dropna()
    return LaunchTally(
        launched=int(rows["drones_launched"].sum()) if len(rows) else 0,
        downed=int(downed.sum()) if len(downed) else None,
        months=int((rows["period"] == Period.MONTH).sum()) if len(rows) else 0,
        nights=int((rows["period"] == Period.NIGHT).sum()) if len(rows) else 0,
        row_ids=tuple(rows.index),
    )


def launch_sources(launches: pd.DataFrame, window: Window) -> list[str]:
    """The sources of the rows a window's total is made of, in first-cited order: a stamp
    that gives the total cites them."""
    rows = counted_rows(launches, window)
    return list(dict.fromkeys(source for ids in rows["source_ids"] for source in ids)) if len(rows) else []


def weekly_launched(launches: pd.DataFrame, span: tuple[date, date]) -> pd.DataFrame:
    """Reported drones launched per week (weeks start on Monday) across ``span``.

    A month's total is spread evenly over its days (the reports give no finer split); in a
    month without a total, the nights reported count on their own day. Columns: week,
    launched (float: a spread total is an average).
    """
    days = pd.date_range(pd.Timestamp(span[0]), pd.Timestamp(span[1]), freq="D")
    per_day = pd.Series(0.0, index=days)
    if not launches.empty and len(days):
        months = launches[launches["period"] == Period.MONTH]
        covered = set(months["date"].dt.to_period("M"))
        for row in months.itertuples(index=False):
            month_days = pd.date_range(row.date, row.date + pd.offsets.MonthEnd(0), freq="D")
            inside = month_days[(month_days >= days[0]) & (month_days <= days[-1])]
            per_day.loc[inside] += float(row.drones_launched) / len(month_days)
        nights = launches[launches["period"] == Period.NIGHT]
        for row in nights.itertuples(index=False):
            if row.date.to_period("M") not in covered and days[0] <= row.date <= days[-1]:
                per_day.loc[row.date] += float(row.drones_launched)
    weeks = per_day.groupby(per_day.index.to_period("W-SUN").start_time).sum()
    return pd.DataFrame({"week": weeks.index, "launched": weeks.to_numpy()})
