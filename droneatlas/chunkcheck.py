"""A table checked a chunk at a time (sources.csv and strikes.csv can hold a row per
imported event): only one chunk's raw strings are in memory at once, and the rows kept and
the problems reported are those of a whole read.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from droneatlas import memory, settings
from droneatlas.checks import Check, unique_ids_beyond, validate
from droneatlas.compact import MOSTLY_DISTINCT, share_text_in_place
from droneatlas.csvread import TableUnreadable, empty_table, merge_reports, read_chunks
from droneatlas.schema import Table
from droneatlas.validation import ValidationReport

log = logging.getLogger(__name__)


def checked_chunks(
    frames: Iterable[pd.DataFrame],
    table: Table,
    checks: Callable[[Check], list[Check]],
    report: ValidationReport,
    typed: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
    skip: tuple[str, ...] = (),
    *,
    categories: bool = False,
) -> pd.DataFrame:
    """The valid rows of ``frames`` (chunks of one table, read_chunks) checked one chunk at
    a time with ``checks(unique)``, typed by ``typed``: only one chunk's raw strings are in
    memory at once, text waits as codes or Arrow strings (_compact_text), and the result's
    repeated text is shared (droneatlas.compact; ``categories``: as categoricals). The rows
    kept and the problems reported are a whole read's."""
    memory.use_system_allocator()  # the chunks' Arrow strings are freed, not pooled
    seen: set[str] = set()
    kept = []
    for number, frame in enumerate(frames, start=1):
        valid = validate(frame, table.filename, checks(unique_ids_beyond(seen)), report)
        seen.update(frame["id"][frame["id"] != ""])
        kept.append(_compact_text(typed(valid) if typed else valid, skip))
        del frame, valid  # the last chunk's raw strings (~60 MB) go now, not at the return
        memory.trim()  # and their heap, before the next chunk's strings are made beside it
        if number > 1:  # a big file: say how far the check has come (the CLI logs to stderr)
            log.info("%s: %s rows checked", table.filename, f"{report.read[table.filename]:,}")
    if not kept:  # no rows: the file is still counted (read 0 = accepted 0 + rejected 0)
        empty = validate(empty_table(table), table.filename, [], report)
        kept.append(_compact_text(typed(empty) if typed else empty, skip))
    del seen  # a million ids: gone before the result is built, not beside it
    checked = pd.concat(kept) if len(kept) > 1 else kept[0].copy()
    del kept
    # Python strings made now, after every chunk's raw strings are gone, sit together in
    # memory; made chunk by chunk among those, they kept mostly empty memory pages alive.
    # The heap each step frees goes back to the system before the next (trim): the next
    # step's large arrays are mapped anew, not carved from it (a 941,670-row check peaked
    # at 1,016-1,038 MB without these trims, 997-1,004 MB with them).
    memory.trim()
    # ``skip``: left as Arrow strings; trims after each column
    share_text_in_place(checked, skip, categories=categories)
    return checked


def _compact_text(frame: pd.DataFrame, arrow: tuple[str, ...] = ()) -> pd.DataFrame:
    """Text columns in a few bytes a cell instead of a Python string each, until the whole
    table is joined: as categories (a code a cell) where the chunk repeats its values, else
    as Arrow strings, which ``arrow`` columns are whatever they hold."""
    types: dict[str, object] = {}
    for name in frame.columns:
        if frame[name].dtype == object:
            repeated = name not in arrow and frame[name].nunique() <= MOSTLY_DISTINCT * len(frame)
            types[name] = "category" if repeated else pd.StringDtype("pyarrow", na_value=float("nan"))
    return frame.astype(types)


def checked_file(
    path: Path, table: Table, report: ValidationReport, load: Callable[..., pd.DataFrame], *args: object
) -> pd.DataFrame:
    """``load(chunks, *args, report)`` over ``path`` read in chunks of settings.CATALOG_CHUNK_ROWS;
    the report lists problems in a whole read's order (records of the wrong width, then
    checks); a file that breaks part-way loads empty, as a whole read would."""
    read, checked = ValidationReport(), ValidationReport()
    try:
        frame = load(read_chunks(path, table, read, settings.CATALOG_CHUNK_ROWS), *args, checked)
    except TableUnreadable as exc:
        report.add_file_error(str(exc))
        return load([empty_table(table)], *args, report)
    merge_reports(report, read, checked)
    memory.trim()  # the chunks' memory goes back to the system, not kept for later use
    return frame
