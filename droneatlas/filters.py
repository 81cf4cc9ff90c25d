"""Which strikes a view shows besides its window: by drone, confidence, precision, target
type, and only those with reported casualties.

One frozen ``StrikeFilter`` travels in the view spec (``MapOptions.strike_filter``) to the
app, the link, every export and the CLI. An empty choice means "any": a filter that names
nothing filters nothing. The live map applies the same filter in the page
(static/atlas/strikes.js ``setFilter``) to the pack it already has.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from droneatlas.memo import remembered
from droneatlas.schema import Confidence, Precision
from droneatlas.timeline import View

CONFIDENCES = tuple(c.value for c in Confidence)
PRECISIONS = tuple(p.value for p in Precision)
PRECISION_WORDS = {
    "exact": "exact points",
    "city": "town centres",
    "region": "region only",
    "country": "country or direction only",
}


@dataclass(frozen=True)
class StrikeFilter:
    """The strikes to keep; each empty tuple means any value."""

    drones: tuple[str, ...] = ()  # drone ids
    confidence: tuple[str, ...] = ()
    precision: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()  # target_type values
    casualties: bool = False  # only strikes with a reported killed or injured count above 0

    def is_active(self) -> bool:
        """True when the filter removes anything at all."""
        return bool(self.drones or self.confidence or self.precision or self.targets or self.casualties)

    def for_page(self) -> dict | None:
        """The filter as the page's setFilter takes it (values by name), None when inactive."""
        if not self.is_active():
            return None
        return {
            "drones": list(self.drones),
            "conf": list(self.confidence),
            "prec": list(self.precision),
            "targets": list(self.targets),
            "casualties": self.casualties,
        }


NO_FILTER = StrikeFilter()


def has_casualties(strikes: pd.DataFrame) -> pd.Series:
    """True where a source reports at least one person killed or injured (empty counts are
    unknown, not zero, and never count as casualties)."""
    killed = pd.to_numeric(strikes["killed"], errors="coerce").fillna(0)
    injured = pd.to_numeric(strikes["injured"], errors="coerce").fillna(0)
    return (killed + injured) > 0


def strike_mask(strikes: pd.DataFrame, strike_filter: StrikeFilter) -> np.ndarray:
    """A boolean array: which of ``strikes`` the filter keeps."""
    keep = np.ones(len(strikes), dtype=bool)
    for column, values in (
        ("drone_id", strike_filter.drones),
        ("confidence", strike_filter.confidence),
        ("precision", strike_filter.precision),
        ("target_type", strike_filter.targets),
    ):
        if values:
            keep &= strikes[column].isin(values).to_numpy()
    if strike_filter.casualties:
        keep &= has_casualties(strikes).to_numpy()
    return keep


def filter_strikes(strikes: pd.DataFrame, strike_filter: StrikeFilter) -> pd.DataFrame:
    """The strikes the filter keeps, in their order (the frame itself when it is inactive)."""
    if not strike_filter.is_active():
        return strikes
    return strikes[strike_mask(strikes, strike_filter)]


def filter_view(view: View, strike_filter: StrikeFilter) -> View:
    """``view`` with only the strikes the filter keeps (sites are not filtered)."""
    if not strike_filter.is_active():
        return view
    return View(view.window, filter_strikes(view.strikes, strike_filter), view.sites)


def target_types(strikes: pd.DataFrame) -> tuple[str, ...]:
    """The target types the data uses, sorted (imported data may bring its own words)."""
    # The sidebar, the link and the pack all ask on every run: one pass per frame.
    return remembered(strikes, "target types", lambda: _target_types(strikes))


def _target_types(strikes: pd.DataFrame) -> tuple[str, ...]:
    # The plain array, not the Series: Series.dropna builds the strikes' index hash table
    # (~34 MB for a million ids), kept as long as the catalog for nobody else.
    distinct = pd.unique(strikes["target_type"].to_numpy())
    return tuple(sorted({str(v).strip() for v in distinct if not pd.isna(v)} - {""}))


def _and(words: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def describe(strike_filter: StrikeFilter, drone_names: Mapping[str, str]) -> str:
    """The filter in words for a stamp: 'Shahed-136 only · verified and reported'; '' when
    inactive. ``drone_names``: drone id -> name (an unknown id is shown as it is)."""
    parts = []
    if strike_filter.drones:
        parts.append(f"{_and([drone_names.get(d, d) for d in strike_filter.drones])} only")
    if strike_filter.confidence:
        parts.append(_and(list(strike_filter.confidence)))
    if strike_filter.precision:
        parts.append(_and([PRECISION_WORDS.get(p, p) for p in strike_filter.precision]))
    if strike_filter.targets:
        noun = "target" if len(strike_filter.targets) == 1 else "targets"
        parts.append(f"{_and(list(strike_filter.targets))} {noun}")
    if strike_filter.casualties:
        parts.append("with reported casualties")
    return " · ".join(parts)
