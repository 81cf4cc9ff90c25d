"""Reading untrusted input files: one pass for the encoding and the file hash, then rows in
chunks; and writing CSV that reads back exactly as it was written.

Why csv.reader and not pandas.read_csv(chunksize=...): the report needs the line each
record starts on and a reason for every short, long or truncated record; pandas loses line
numbers on quoted newlines and stops on the first malformed record. Rows still come in
bounded chunks, so memory does not grow with the file.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from droneatlas.importers.encoding import EncodingError, FileInfo, inspect
from droneatlas.text import spreadsheet_safe_cells

CHUNK_ROWS = 20_000
DELIMITERS = (",", ";", "\t", "|")

# ACLED and UCDP notes can be long; the default 128 KiB limit is kept far from real rows.
csv.field_size_limit(min(sys.maxsize, 1 << 24))


class InputError(ValueError):
    """A problem with a whole input file, said in one line."""


def check_file(path: Path) -> FileInfo:
    """Hash the file and find its text encoding; InputError for an empty or unreadable file."""
    if not path.is_file():
        raise InputError("file not found" if not path.exists() else "not a regular file")
    try:
        info = inspect(path)
    except EncodingError as exc:
        raise InputError(str(exc)) from None
    if info.size == 0:
        raise InputError("file is empty")
    return info


def sniff_delimiter(first_line: str) -> str:
    """The delimiter that splits the header into the most fields (comma on a tie)."""
    counts = {d: len(next(csv.reader([first_line], delimiter=d))) for d in DELIMITERS}
    return max(DELIMITERS, key=lambda d: (counts[d], d == ","))


def normalise_name(name: str) -> str:
    """Header names compared case- and punctuation-insensitively ("Event Date" = event_date)."""
    return re.sub(r"[^0-9a-z]+", "_", name.strip().lower()).strip("_")


@dataclass
class CsvRows:
    """A CSV file opened for chunked reading."""

    header: list[str]
    delimiter: str
    path: Path
    encoding: str = "utf-8-sig"

    def chunks(self, size: int | None = None) -> Iterator[list[tuple[int, list[str] | None, str]]]:
        """Yield lists of (line, values, raw) per record; values is None for a malformed tail.

        A record with the wrong number of fields keeps its values (the caller rejects it).
        """
        size = size or CHUNK_ROWS
        with self.path.open(encoding=self.encoding, newline="") as handle:
            reader = csv.reader(handle, delimiter=self.delimiter, strict=True)
            next(reader, None)
            chunk: list[tuple[int, list[str] | None, str]] = []
            line = reader.line_num + 1
            while True:
                try:
                    values = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    # A truncated file often ends inside a quoted field: report it as one bad record.
                    chunk.append((line, None, f"malformed or truncated record ({exc})"))
                    break
                if any(v.strip() for v in values):
                    chunk.append((line, self._trim(values), self.delimiter.join(values)))
                    if len(chunk) >= size:
                        yield chunk
                        chunk = []
                line = reader.line_num + 1
            if chunk:
                yield chunk

    def _trim(self, values: list[str]) -> list[str]:
        """Drop empty cells past the header: spreadsheets pad rows with trailing empty columns."""
        width = len(self.header)
        if len(values) > width and not any(v.strip() for v in values[width:]):
            return values[:width]
        return values


def open_csv(path: Path, encoding: str = "utf-8-sig") -> CsvRows:
    """Read the header (after a BOM) and pick the delimiter; a file without rows is an error."""
    try:
        with path.open(encoding=encoding, newline="") as handle:
            first = handle.readline().lstrip("\ufeff")
            second = handle.readline()
    except UnicodeDecodeError as exc:
        raise InputError(f"does not decode as {encoding} ({exc.reason})") from None
    if not first.strip():
        raise InputError("file is empty (no header line)")
    delimiter = sniff_delimiter(first)
    try:
        header = [h.strip() for h in next(csv.reader([first], delimiter=delimiter))]
    except csv.Error as exc:
        raise InputError(f"header line is not CSV ({exc})") from None
    while header and not header[-1]:
        header.pop()  # trailing empty columns (Excel keeps formatted but empty ones)
    if not second.strip():
        raise InputError("header only: the file has no data rows")
    return CsvRows(header=header, delimiter=delimiter, path=path, encoding=encoding)


def header_names(
    rows: CsvRows, required: tuple[str, ...], label: str, *, also_missing: list[str] = ()
) -> dict[str, str]:
    """Normalised column name -> the file's own header; InputError if a required one is missing."""
    names = {normalise_name(h): h for h in rows.header}
    missing = [c for c in required if c not in names] + list(also_missing)
    if missing:
        raise InputError(f"missing required {label} column(s): {', '.join(missing)}")
    return names


class RecordWriter:
    """CSV rows that read back exactly as written, one per record, lines ending in LF.

    Python's writer quotes a field for the characters of its line terminator only, so
    with LF endings a bare CR ("Ky\\riv") went out unquoted and split the record when read.
    Rows holding a CR are written fully quoted; all others look as they always did.
    With ``spreadsheet_safe``, no cell is one a spreadsheet would run as a formula
    (droneatlas.text: "=1+1" is written "'=1+1", read back by ``spreadsheet_value``).
    """

    def __init__(self, handle: TextIO, *, spreadsheet_safe: bool = False) -> None:
        self._minimal = csv.writer(handle, lineterminator="\n")
        self._quoted = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_ALL)
        self._safe = spreadsheet_safe

    def row(self, values: Sequence[str]) -> None:
        """Write one record of strings."""
        if self._safe:
            values = spreadsheet_safe_cells(values)
        risky = "\r" in "".join(values)  # one C-level scan: this runs for every row
        (self._quoted if risky else self._minimal).writerow(values)

    def dicts(self, header: Sequence[str], rows: Iterable[dict[str, str]]) -> None:
        """Write ``rows`` in ``header``'s column order; missing columns are empty, extras dropped."""
        for row in rows:
            self.row([row.get(column) or "" for column in header])
