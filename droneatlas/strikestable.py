"""The strikes table: its checks, checked and typed a chunk at a time, its source ids
made the sources table's own strings, then put in date order.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date

import numpy as np
import pandas as pd

from droneatlas import memory
from droneatlas.checks import (
    Check,
    count,
    iso_date,
    known_ids,
    map_distinct,
    number_in,
    one_of,
    parse_dates,
    required,
    split_multi,
)
from droneatlas.chunkcheck import checked_chunks
from droneatlas.compact import shared_strings
from droneatlas.schema import REQUIRED_VALUES, Confidence, Precision, Table
from droneatlas.tableorder import moved_into_date_order
from droneatlas.validation import ValidationReport


def strike_checks(
    sources: Collection[str], drones: set[str], sites: set[str], today: date, unique: Check
) -> list[Check]:
    """The checks of strikes.csv; ``unique`` is unique_ids, or unique_ids_beyond for chunks."""
    return [
        required(REQUIRED_VALUES[Table.STRIKES]),
        unique,
        iso_date("date", not_after=today),
        number_in("lat", -90, 90),
        number_in("lon", -180, 180),
        known_ids("drone_id", drones, "drone"),
        count("killed"),
        count("injured"),
        one_of("confidence", Confidence),
        one_of("precision", Precision),
        known_ids("source_ids", sources, "source"),
        known_ids("launched_from", sites, "site"),
    ]


def strike_chunks(
    frames: Iterable[pd.DataFrame],
    sources: pd.Index,
    drones: set[str],
    sites: set[str],
    today: date,
    report: ValidationReport,
) -> pd.DataFrame:
    """Check and type strikes a chunk at a time (see checked_chunks); ``sources``: the ids
    of the sources table, whose own strings the strikes cite."""

    def checks(unique: Check) -> list[Check]:
        return strike_checks(sources, drones, sites, today, unique)

    strikes = checked_chunks(
        frames, Table.STRIKES, checks, report, typed=typed_strikes, skip=CITING, categories=True
    )
    cite_own_ids(strikes, sources)
    memory.trim()  # as in checked_chunks: before the date order's column copies
    strikes = strikes.set_index("id", drop=False)  # rebound: the frame below is the only owner
    return moved_into_date_order(strikes)


CITING = ("source_ids", "import_id")  # the strike columns that name source ids


def cite_own_ids(strikes: pd.DataFrame, sources: pd.Index) -> None:
    """In place: source_ids as tuples and import_id as text whose ids are the strings of
    ``sources`` (the sources table's unique index) themselves. An import citing a source
    per row otherwise held each id three times over, ~70 MB per copy per million rows."""
    own = sources.to_numpy(dtype=object)
    strikes["source_ids"] = _own_id_tuples(strikes["source_ids"], sources, own)
    memory.trim()  # the lookup's Python strings go back before import_id makes its own
    if "import_id" in strikes.columns:
        found = positions_in(sources, strikes["import_id"])
        text = shared_strings(strikes["import_id"].where(found < 0, "")).to_numpy(copy=True)
        text[found >= 0] = own[found[found >= 0]]
        strikes["import_id"] = pd.Series(text, index=strikes.index, dtype=object)


LOOKUP_ROWS = 100_000  # cells looked up at a time by positions_in


def positions_in(index: pd.Index, values: pd.Series) -> np.ndarray:
    """``index.get_indexer(values)`` for an object ``index`` and text ``values`` (Arrow strings
    too), a slice of plain strings at a time. Given Arrow strings whole, pandas casts the
    index to match and hashes it anew (+85 MB for a million sources); given them as one
    object array, it makes a Python string per cell at once (+190 MB)."""
    slices = (values.iloc[start : start + LOOKUP_ROWS] for start in range(0, len(values), LOOKUP_ROWS))
    parts = []
    for part in slices:
        parts.append(index.get_indexer(part.to_numpy(dtype=object)))
        memory.trim()  # the slice's strings go back before the next slice's are made
    return np.concatenate(parts) if parts else np.empty(0, dtype=np.intp)


def _own_id_tuples(cells: pd.Series, sources: pd.Index, own: np.ndarray) -> pd.Series:
    """Each cell's ids split (split_multi) into a tuple of ``own`` strings; equal cells share
    one tuple. A cell naming one known id, the usual case, is looked up without a split."""
    found = positions_in(sources, cells)
    single = found >= 0
    tuples = np.empty(len(own), dtype=object)  # by source position: no sort of the cells
    for position in np.flatnonzero(np.bincount(found[single], minlength=len(own))):
        tuples[position] = (own[position],)
    out = np.empty(len(cells), dtype=object)
    out[single] = tuples[found[single]]
    del tuples

    def split(cell: object) -> tuple[str, ...]:
        ids = split_multi(cell)
        places = sources.get_indexer(ids) if ids else np.array([], dtype=int)
        return tuple(own[p] if p >= 0 else i for i, p in zip(ids, places, strict=True))

    out[~single] = map_distinct(cells[~single], split).to_numpy()
    return pd.Series(out, index=cells.index, dtype=object)


def typed_strikes(valid: pd.DataFrame) -> pd.DataFrame:
    """Checked strike rows with numbers and dates typed."""
    valid = valid.assign(date=parse_dates(valid["date"]))
    for column in ("lat", "lon"):
        valid[column] = pd.to_numeric(valid[column]).astype(float)
    for column in ("killed", "injured"):
        valid[column] = pd.to_numeric(valid[column], errors="coerce").astype("Int64")
    return valid
