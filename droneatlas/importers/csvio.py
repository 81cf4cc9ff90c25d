"""Reading untrusted input files: one pass for UTF-8 and the file hash, then rows in chunks.

Why csv.reader and not pandas.read_csv(chunksize=...): the report needs the line each
record starts on and a reason for every short, long or truncated record; pandas loses line
numbers on quoted newlines and stops on the first malformed record. Rows still come in
bounded chunks, so memory does not grow with the file.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CHUNK_ROWS = 20_000
READ_BYTES = 1 << 20
DELIMITERS = (",", ";", "\t", "|")

# ACLED and UCDP notes can be long; the default 128 KiB limit is kept far from real rows.
csv.field_size_limit(min(sys.maxsize, 1 << 24))


class InputError(ValueError):
    """A problem with a whole input file, said in one line."""


@dataclass(frozen=True)
class FileInfo:
    sha256: str
    size: int


def check_file(path: Path) -> FileInfo:
    """Hash the file and make sure it is non-empty UTF-8 text (a BOM is fine)."""
    if not path.is_file():
        raise InputError("file not found" if not path.exists() else "not a regular file")
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    with path.open("rb") as handle:
        while block := handle.read(READ_BYTES):
            digest.update(block)
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                raise InputError(f"not UTF-8 text (byte {offset + exc.start}); save it as UTF-8") from None
            offset += len(block)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise InputError(f"not UTF-8 text (ends inside a character at byte {offset})") from None
    if offset == 0:
        raise InputError("file is empty")
    return FileInfo(sha256=digest.hexdigest(), size=offset)


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

    def chunks(self, size: int | None = None) -> Iterator[list[tuple[int, list[str] | None, str]]]:
        """Yield lists of (line, values, raw) per record; values is None for a malformed tail.

        A record with the wrong number of fields keeps its values (the caller rejects it).
        """
        size = size or CHUNK_ROWS
        with self.path.open(encoding="utf-8-sig", newline="") as handle:
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
                    chunk.append((line, values, self.delimiter.join(values)))
                    if len(chunk) >= size:
                        yield chunk
                        chunk = []
                line = reader.line_num + 1
            if chunk:
                yield chunk


def open_csv(path: Path) -> CsvRows:
    """Read the header (after a BOM) and pick the delimiter; a file without rows is an error."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        first = handle.readline()
        second = handle.readline()
    if not first.strip():
        raise InputError("file is empty (no header line)")
    delimiter = sniff_delimiter(first)
    try:
        header = [h.strip() for h in next(csv.reader([first], delimiter=delimiter))]
    except csv.Error as exc:
        raise InputError(f"header line is not CSV ({exc})") from None
    if not second.strip():
        raise InputError("header only: the file has no data rows")
    return CsvRows(header=header, delimiter=delimiter, path=path)


def header_names(
    rows: CsvRows, required: tuple[str, ...], label: str, *, also_missing: list[str] = ()
) -> dict[str, str]:
    """Normalised column name -> the file's own header; InputError if a required one is missing."""
    names = {normalise_name(h): h for h in rows.header}
    missing = [c for c in required if c not in names] + list(also_missing)
    if missing:
        raise InputError(f"missing required {label} column(s): {', '.join(missing)}")
    return names
