"""Reading one data file: a CSV's records as stripped strings, each with the line it starts
on, whole (read_table) or in chunks (read_chunks). Records of the wrong width and missing
files or columns go to the report. A file that breaks part-way: read_chunks raises
TableUnreadable, read_table reports it; either way its table loads empty. empty_table and
merge_reports serve readers in chunks (chunkcheck).
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from droneatlas.checks import LINE
from droneatlas.schema import COLUMNS, OPTIONAL_STRIKE_COLUMNS, OPTIONAL_TABLES, Table
from droneatlas.text import SPREADSHEET_QUOTE, may_hold_spreadsheet_quotes, spreadsheet_value
from droneatlas.validation import RowIssue, ValidationReport


class TableUnreadable(ValueError):
    """A data file that stops decoding or parsing part-way: the table loads empty."""


def read_chunks(
    path: Path, table: Table, report: ValidationReport, chunk_rows: int
) -> Iterator[pd.DataFrame]:
    """The records of one CSV in frames of at most ``chunk_rows`` rows: stripped strings
    with the line each record starts on; a record of the wrong width goes to ``report``.

    A missing file or column yields nothing (said in ``report``). A file that fails to
    decode or parse part-way raises TableUnreadable with the message, after frames were
    yielded: the caller discards them, so the table loads empty as if read whole.
    """
    if not path.is_file():
        if table not in OPTIONAL_TABLES:
            report.add_file_error(f"{path.name}: file not found in {path.parent}")
        return
    optional = OPTIONAL_STRIKE_COLUMNS if table is Table.STRIKES else ()
    try:
        quoted = may_hold_spreadsheet_quotes(path)  # once per file, not per chunk
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = [name.strip() for name in next(reader, [])]
            missing = [name for name in COLUMNS[table] if name not in header]
            records: list[list[str]] = []
            lines: list[int] = []
            skipped: list[int] = []  # every record's line when the file misses a column
            line = reader.line_num + 1
            for values in reader:
                if any(value.strip() for value in values):
                    if missing:
                        skipped.append(line)
                    elif len(values) != len(header):
                        issue = RowIssue(
                            path.name,
                            line,
                            values[0].strip() if values else "",
                            f"has {len(values)} fields, the header has {len(header)}",
                        )
                        report.add_rows(path.name, 1, 0, [issue])
                    else:
                        records.append(values)
                        lines.append(line)
                        if len(records) >= chunk_rows:
                            yield _frame(records, header, lines, optional, quoted)
                            records, lines = [], []
                line = reader.line_num + 1
            if records:
                yield _frame(records, header, lines, optional, quoted)
    except UnicodeDecodeError as exc:
        raise TableUnreadable(f"{path.name}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    except (OSError, csv.Error) as exc:
        raise TableUnreadable(f"{path.name}: cannot be read ({exc})") from None
    if missing:
        report.add_file_error(f"{path.name}: missing column(s) {', '.join(missing)}; file skipped")
        issues = [RowIssue(path.name, ln, "", "file has missing columns") for ln in skipped]
        report.add_rows(path.name, len(skipped), 0, issues)


def _frame(
    records: list[list[str]], header: list[str], lines: list[int], optional: tuple[str, ...], quoted: bool
) -> pd.DataFrame:
    """One chunk's records as stripped strings; ``quoted``: the file may hold cells a
    spreadsheet-safe writer quoted (may_hold_spreadsheet_quotes), to be read back."""
    frame = pd.DataFrame(records, columns=header, dtype=object)
    frame = frame.loc[:, ~frame.columns.duplicated()]
    for name in optional:
        if name not in frame.columns:
            frame[name] = ""
    if quoted:
        frame = _spreadsheet_values(frame)
    frame = frame.apply(lambda column: column.str.strip())
    frame[LINE] = lines
    return frame


def _spreadsheet_values(frame: pd.DataFrame) -> pd.DataFrame:
    """The cells as a spreadsheet-safe writer was given them: "'=1+1" -> "=1+1" (the importer
    writes tables that way, droneatlas.text); "'Massive' strikes" stays as it is."""
    changed = {}
    for name in frame.columns:
        column = frame[name]
        quoted = column.str.startswith(SPREADSHEET_QUOTE)
        if quoted.any():
            changed[name] = column.mask(quoted, column[quoted].map(spreadsheet_value))
    return frame.assign(**changed)


def empty_table(table: Table) -> pd.DataFrame:
    """A table of ``table``'s columns (and the line column) with no rows."""
    optional = OPTIONAL_STRIKE_COLUMNS if table is Table.STRIKES else ()
    return pd.DataFrame({name: pd.Series(dtype=object) for name in (*COLUMNS[table], *optional, LINE)})


def merge_reports(report: ValidationReport, *parts: ValidationReport) -> None:
    """Add ``parts`` to ``report`` in order (counts, rejected rows, file problems)."""
    for part in parts:
        report.file_errors += part.file_errors
        for name in part.read:
            report.add_rows(name, part.read[name], part.accepted[name], [])
        report.rejected_rows += part.rejected_rows


def read_table(path: Path, table: Table, report: ValidationReport) -> pd.DataFrame:
    """Read one CSV whole, as strings with the line each record starts on; problems go to
    ``report``. A missing, unreadable or malformed file yields an empty table and a file error.
    """
    local = ValidationReport()
    try:
        frames = list(read_chunks(path, table, local, chunk_rows=sys.maxsize))
    except TableUnreadable as exc:
        report.add_file_error(str(exc))
        return empty_table(table)
    merge_reports(report, local)
    return pd.concat(frames, ignore_index=True) if frames else empty_table(table)
