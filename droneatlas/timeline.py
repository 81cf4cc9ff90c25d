"""What the map shows for a time window: strikes dated in it, sites active during it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd

from droneatlas.catalog import Catalog

# The founding story: Iranian drones over Ukraine, trainers reported in Crimea.
OCTOBER_2022 = (date(2022, 10, 1), date(2022, 10, 31))


@dataclass(frozen=True)
class Window:
    """An inclusive date range."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"window ends ({self.end}) before it starts ({self.start})")

    def label(self) -> str:
        """'17 Sep – 31 Oct 2022', with both years when they differ, or '7 Sep 2025' for one day."""
        if self.start == self.end:
            return f"{self.start:%-d %b %Y}"
        if self.start.year == self.end.year:
            return f"{self.start:%-d %b} – {self.end:%-d %b %Y}"
        return f"{self.start:%-d %b %Y} – {self.end:%-d %b %Y}"


def rows_in(frame: pd.DataFrame, window: Window, column: str = "date") -> pd.DataFrame:
    """Rows whose ``column`` falls inside the window (both ends included).

    Date-ordered rows (the catalog keeps strikes so) are cut as a slice, in microseconds
    even for a million; other frames are filtered.
    """
    dates = frame[column]
    first, last = pd.Timestamp(window.start), pd.Timestamp(window.end)
    if dates.is_monotonic_increasing:
        values = dates.to_numpy()
        lo = values.searchsorted(first.to_datetime64(), side="left")
        hi = values.searchsorted(last.to_datetime64(), side="right")
        return frame.iloc[lo:hi]
    return frame[(dates >= first) & (dates <= last)]


def strikes_in(strikes: pd.DataFrame, window: Window) -> pd.DataFrame:
    """Strikes dated inside the window (both ends included)."""
    return rows_in(strikes, window)


def sites_active_in(sites: gpd.GeoDataFrame, window: Window) -> gpd.GeoDataFrame:
    """Sites active at any time in the window; an empty active_to means still active."""
    started = sites["active_from"] <= pd.Timestamp(window.end)
    not_ended = sites["active_to"].isna() | (sites["active_to"] >= pd.Timestamp(window.start))
    return sites[started & not_ended]


@dataclass(frozen=True)
class View:
    """The records one window shows."""

    window: Window
    strikes: pd.DataFrame
    sites: gpd.GeoDataFrame

    def caption(self) -> str:
        """e.g. '12 strikes · 5 sites · 17 Sep – 31 Oct 2022'."""
        return (
            f"{_count(len(self.strikes), 'strike')} · {_count(len(self.sites), 'site')} · "
            f"{self.window.label()}"
        )

    def source_ids(self) -> list[str]:
        """The sources cited by what is shown, in first-cited order (the plain way; the app
        uses StrikeIndex.source_ids, which must give the same list)."""
        # The distinct source lists first (a million strikes cite a few hundred of them),
        # then explode those: first-cited order is kept, and it stays fast.
        lists = pd.concat([self.sites["source_ids"], self.strikes["source_ids"]])
        cited = pd.Series(pd.unique(lists), dtype=object).explode().dropna()
        return list(pd.unique(cited))


def _narrow(numbers: np.ndarray) -> np.ndarray:
    """``numbers`` (codes from -1 up) in the smallest signed integer type that holds them."""
    return numbers.astype(np.min_scalar_type(-int(numbers.max(initial=0)) - 1))


@dataclass(frozen=True)
class StrikeIndex:
    """The strikes' dates, cited source lists and categories, built once per data set, so a
    window's sources and tallies are a slice and a count instead of a pass over every strike."""

    dates: np.ndarray  # in date order
    source_codes: np.ndarray  # per strike, the number of its source list (-1: none)
    list_starts: np.ndarray  # list n's source numbers are list_members[list_starts[n]:list_starts[n + 1]]
    list_members: np.ndarray  # the lists' source numbers, one list after the other
    source_names: np.ndarray  # source number -> source id (object)
    categories: dict[str, tuple[np.ndarray, tuple[str, ...]]]  # column -> (codes, labels)

    TALLIED = ("confidence", "precision")

    @classmethod
    def of(cls, strikes: pd.DataFrame) -> StrikeIndex:
        ordered = (
            strikes if strikes["date"].is_monotonic_increasing else strikes.sort_values("date", kind="stable")
        )
        # The narrowest integers that hold them: kept for the data set's life, a million
        # strikes' codes as int64 were ~50 MB.
        codes, lists = pd.factorize(ordered["source_ids"])
        lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
        members, names = pd.factorize(pd.Series([s for ids in lists for s in ids], dtype=object))
        starts = np.concatenate([[0], np.cumsum(lengths)])
        codes, members, starts = (_narrow(a) for a in (codes, members, starts))
        categories = {}
        for column in cls.TALLIED:
            values, labels = pd.factorize(ordered[column])
            categories[column] = (_narrow(values), tuple(labels))
        names = np.asarray(names, dtype=object)
        return cls(ordered["date"].to_numpy(), codes, starts, members, names, categories)

    def _bounds(self, window: Window) -> tuple[int, int]:
        first, last = pd.Timestamp(window.start), pd.Timestamp(window.end)
        lo = self.dates.searchsorted(first.to_datetime64(), side="left")
        hi = self.dates.searchsorted(last.to_datetime64(), side="right")
        return int(lo), int(hi)

    def source_ids(self, view: View) -> list[str]:
        """``view.source_ids()``, the same list in the same order, in a few milliseconds."""
        lo, hi = self._bounds(view.window)
        if hi - lo != len(view.strikes):  # a filtered view (droneatlas.filters): not a slice
            return view.source_ids()
        # By source number, not by name: a million strikes citing a source each cost a
        # few arrays of integers here, not a million-entry dict of their ids.
        lists = pd.unique(self.source_codes[lo:hi])
        numbers = pd.unique(self._members(lists[lists >= 0]))
        site_ids = list(dict.fromkeys(s for ids in view.sites["source_ids"] for s in ids))
        first = set(site_ids)
        return site_ids + [s for s in self.source_names[numbers] if s not in first]

    def _members(self, lists: np.ndarray) -> np.ndarray:
        """The source numbers of ``lists`` (list numbers), list after list."""
        lists = lists.astype(np.intp)  # narrow codes: lists + 1 must not wrap round
        starts, ends = self.list_starts[lists], self.list_starts[lists + 1]
        lengths = ends - starts
        if (lengths == 1).all():  # the usual case: one source a strike
            return self.list_members[starts]
        within = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        return self.list_members[np.repeat(starts, lengths) + within]

    def tally(self, window: Window, column: str) -> dict[str, int]:
        """How many strikes of the window have each value of ``column`` (one of TALLIED)."""
        codes, labels = self.categories[column]
        lo, hi = self._bounds(window)
        counted = np.bincount(codes[lo:hi][codes[lo:hi] >= 0], minlength=len(labels))
        return {label: int(n) for label, n in zip(labels, counted, strict=True) if n}

    def tally_view(self, view: View, column: str) -> dict[str, int]:
        """``tally`` of the view's strikes: the window's slice, or a count of a filtered view's."""
        lo, hi = self._bounds(view.window)
        if hi - lo == len(view.strikes):
            return self.tally(view.window, column)
        _codes, labels = self.categories[column]
        counted = view.strikes[column].value_counts()
        return {label: int(counted[label]) for label in labels if counted.get(label, 0)}


def view_of(catalog: Catalog, window: Window) -> View:
    return View(
        window=window,
        strikes=strikes_in(catalog.strikes, window),
        sites=sites_active_in(catalog.sites, window),
    )


def weekly_counts(strikes: pd.DataFrame) -> pd.DataFrame:
    """Strikes per week (weeks start on Monday), with empty weeks as 0, for the histogram."""
    if strikes.empty:
        return pd.DataFrame({"week": pd.Series(dtype="datetime64[ns]"), "strikes": []})
    weeks = strikes["date"].dt.to_period("W-SUN").dt.start_time
    counts = weeks.value_counts().sort_index()
    full = pd.date_range(counts.index.min(), counts.index.max(), freq="W-MON")
    counts = counts.reindex(full, fill_value=0)
    return pd.DataFrame({"week": counts.index, "strikes": counts.to_numpy()})


def _count(n: int, noun: str) -> str:
    """'1 strike', '12,345 strikes': thousands separated, as everywhere a count is shown."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"
