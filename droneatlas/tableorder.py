"""Tables in date order: a time window is then a slice. by_date is a plain sort; the
others build their result a column at a time (taken, popped: the merge's row drop in
catalog too), so that a million-row table is never held twice (sorted, joined) at a peak.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np
import pandas as pd

from droneatlas import memory
from droneatlas.compact import compact_text


def moved_into_date_order(strikes: pd.DataFrame) -> pd.DataFrame:
    """by_date(strikes), built a column at a time from the columns taken out of ``strikes``
    (left without them): each column's old array is freed once its sorted copy exists,
    where a sort of the whole table held two copies of it at a check's peak."""
    if strikes["date"].is_monotonic_increasing:
        return strikes
    order = date_order(strikes["date"].to_numpy())
    return taken(popped(strikes), strikes.index.take(order), order)


def popped(frame: pd.DataFrame) -> Iterator[tuple[str, pd.Series]]:
    """(name, column) of each column of ``frame``, taken out of it one at a time."""
    return ((name, frame.pop(name)) for name in list(frame.columns))


def date_order(dates: np.ndarray) -> np.ndarray:
    return np.argsort(dates, kind="stable")  # file order within a day, NaT last: as sort_values


def taken(columns: Iterable[tuple[str, pd.Series]], index: pd.Index, order: np.ndarray) -> pd.DataFrame:
    """A frame of ``columns`` each reordered by ``order`` (positions), a column at a time,
    with ``index``; the columns stay as they are, not joined into blocks (a copy)."""
    taken = {}
    for name, column in columns:
        taken[name] = column.take(order).set_axis(index)
        del column
        memory.trim()  # the old column's heap goes back before the next copy is made
    return pd.DataFrame(taken, copy=False)


def by_date(strikes: pd.DataFrame) -> pd.DataFrame:
    """Strikes in date order (file order within a day): a time window is then a slice."""
    return (
        strikes.sort_values("date", kind="stable") if not strikes["date"].is_monotonic_increasing else strikes
    )


def merged_by_date(a: pd.DataFrame, b: pd.DataFrame, *, use_up_b: bool = False) -> pd.DataFrame:
    """The rows of ``a`` and ``b`` in date order, ``a``'s first within a day: what
    by_date(pd.concat([a, b])) gives, built a column at a time (that concatenation and its
    sorted copy held two copies of a million-row upload's columns at once).

    ``use_up_b``: each column of ``b`` leaves it once joined, so a large ``b`` (an upload
    nobody keeps) is not held beside its merged copy (~0.17 GB per million rows)."""
    if not len(a) or not len(b):
        return by_date(b if len(b) else a)
    order = date_order(np.concatenate([a["date"].to_numpy(), b["date"].to_numpy()]))
    index = object_index(a, b).take(order)

    def joined(name: str) -> pd.Series:
        ends = [
            frame[name] if name in frame else _missing(frame, other[name])
            for frame, other in ((a, b), (b, a))
        ]
        if use_up_b and name in b:
            del b[name]
        if any(isinstance(end.dtype, pd.CategoricalDtype) for end in ends):
            # Categories differ between the ends: joined as text, then made compact again
            # (pandas would join them as a million-cell object column).
            return compact_text(pd.concat([end.astype(object) for end in ends], ignore_index=True))
        return pd.concat(ends, ignore_index=True)

    names = dict.fromkeys([*a.columns, *b.columns])
    return taken(((name, joined(name)) for name in names), index, order)


def object_index(*frames: pd.DataFrame) -> pd.Index:
    """The frames' indexes end to end, as object text. Joined by pandas, two object indexes
    become an Arrow ``str`` index, whose every lookup and ``to_numpy`` makes a million new
    Python strings (~66 MB, several times per run of an upload's merged catalog)."""
    joined = np.concatenate([frame.index.to_numpy(dtype=object) for frame in frames])
    return pd.Index(joined, dtype=object, name=frames[0].index.name)


def _missing(frame: pd.DataFrame, like: pd.Series) -> pd.Series:
    """A column of ``frame``'s rows with nothing in it, of ``like``'s type (as concat fills)."""
    return pd.Series(index=frame.index, dtype=like.dtype)
