"""What one import run adds to a data directory, and the helpers every format shares.

Strikes stream to a spool file in the staging directory and sources and strike ids go to a
RunStore there (a big file must not sit in memory); drones and sites are few and stay in
dicts until the writer merges them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

from droneatlas.importers.csvio import CsvRows, RecordWriter, open_csv
from droneatlas.importers.models import DRONES
from droneatlas.importers.report import FileReport, ImportReport
from droneatlas.importers.store import STORE_FILE, RunStore
from droneatlas.schema import (
    DRONE_COLUMNS,
    MULTI_VALUE_SEPARATOR,
    OPTIONAL_STRIKE_COLUMNS,
    SITE_COLUMNS,
    SOURCE_COLUMNS,
    STRIKE_COLUMNS,
)

PROGRESS_EVERY = 5_000  # rows between two progress reports (a terminal or the page)

# Extra strike columns the importers keep (the catalog ignores columns it does not know).
EXTRA_STRIKE_COLUMNS = (
    "launched",
    "destroyed",
    "model",
    "time_start",
    "time_end",
    "acled_fatalities",
    "import_id",
)
IMPORT_STRIKE_COLUMNS = (*STRIKE_COLUMNS, *OPTIONAL_STRIKE_COLUMNS, *EXTRA_STRIKE_COLUMNS)
SPOOL_FILE = ".strikes.import.csv"


class DuplicateId(ValueError):
    """A record id that an earlier row of this run already has."""


def stable_id(prefix: str, *fields: str) -> str:
    """An id that depends only on the row's identifying fields: re-imports give the same id."""
    digest = hashlib.sha1("\x1f".join(fields).encode("utf-8")).hexdigest()[:12]
    return f"{prefix}-{digest}"


def slug(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", text.casefold()).strip("-")


def whole_number(text: str) -> str:
    """ "93.0" -> "93"; "" stays "" (unknown is never 0); anything else is returned as is."""
    text = text.strip()
    try:
        number = float(text)
    except ValueError:
        return text
    return str(int(number)) if number.is_integer() else text


def parse_day(text: str) -> date | None:
    """The calendar day of an ISO date or date-time ("2023-05-16 3:30" included)."""
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%B %d, %Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text[:10] if pattern == "%Y-%m-%d" else text, pattern).date()
        except ValueError:
            continue
    return None


def coordinate_problem(lat: float, lon: float) -> str:
    """Why a WGS84 point is impossible ("" when it is fine); says so when lat/lon look swapped."""
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or lat != lat or lon != lon:
        if abs(lon) <= 90 and abs(lat) <= 180:
            return "coordinates out of range (latitude and longitude look swapped)"
        return "coordinates out of range"
    return ""


@dataclass
class Batch:
    """Everything one run adds; the writer merges it into the target directory."""

    staging: Path
    report: ImportReport
    today: date
    drones: dict[str, dict[str, str]] = field(default_factory=dict)
    sites: dict[str, dict[str, str]] = field(default_factory=dict)
    progress: Callable[[int], None] | None = None  # told the rows read so far, now and then
    rows_read: int = 0
    _store: RunStore | None = field(default=None, repr=False)  # sources and strike ids, on disk
    _spool: TextIO | None = field(default=None, repr=False)
    _writer: RecordWriter | None = field(default=None, repr=False)

    @property
    def spool_path(self) -> Path:
        return self.staging / SPOOL_FILE

    def open(self) -> None:
        self._store = RunStore(self.staging / STORE_FILE)
        self._spool = self.spool_path.open("w", encoding="utf-8", newline="")
        self._writer = RecordWriter(self._spool)
        self._writer.row(IMPORT_STRIKE_COLUMNS)

    def close(self) -> None:
        """Close the strike spool (the store stays open for the writer)."""
        if self._spool is not None:
            self._spool.close()
            self._spool = None

    def discard(self) -> None:
        """Close and delete the store (after the writer, or when the run fails)."""
        self.close()
        if self._store is not None:
            self._store.close()
            self._store = None

    @property
    def store(self) -> RunStore:
        assert self._store is not None, "Batch.open() first"
        return self._store

    def add_source(self, source_id: str, title: str, publisher: str, url: str, published: str = "") -> None:
        row = dict(zip(SOURCE_COLUMNS, (source_id, title, publisher, published, url), strict=True))
        self.store.add_source(row)

    def add_drone(self, drone_id: str, source_id: str) -> None:
        """A drone row for an id the data uses; rows already in the directory win in the writer."""
        if not drone_id or drone_id in self.drones:
            return
        model = DRONES[drone_id]
        row = dict.fromkeys(DRONE_COLUMNS, "")
        row.update(
            id=model.id,
            name=model.name,
            aliases=MULTI_VALUE_SEPARATOR.join(model.aliases),
            origin=model.origin,
            role=model.role,
            source_ids=source_id,
            notes="Added by an import; no range is given, so no ring is drawn for it.",
        )
        self.drones[drone_id] = row

    def add_site(self, row: dict[str, str]) -> None:
        """Add or widen a site: the span and the drone and source lists grow, the point stays."""
        old = self.sites.get(row["id"])
        if old is None:
            self.sites[row["id"]] = {c: row.get(c, "") for c in SITE_COLUMNS} | row
            return
        old["active_from"] = min(old["active_from"], row["active_from"])
        old["active_to"] = max(old["active_to"], row["active_to"])
        for column in ("drone_ids", "source_ids"):
            values = {*old[column].split(MULTI_VALUE_SEPARATOR), *row[column].split(MULTI_VALUE_SEPARATOR)}
            old[column] = MULTI_VALUE_SEPARATOR.join(sorted(v for v in values if v))
        for column, value in row.items():
            if column.startswith("_"):  # running tallies of the importer
                old[column] = value

    def add_strike(self, row: dict[str, str]) -> None:
        """Spool one strike; raises DuplicateId when an earlier row of this run has its id."""
        if not self.store.add_strike(row["id"]):
            raise DuplicateId(row["id"])
        assert self._writer is not None
        self._writer.row([row.get(c) or "" for c in IMPORT_STRIKE_COLUMNS])


@dataclass
class FileContext:
    """Per-file state handed to a format reader."""

    path: Path
    sha256: str
    batch: Batch
    report: FileReport
    column_map: dict[str, str] | None = None
    crs: str | None = None
    encoding: str = "utf-8-sig"  # a Python codec, found by check_file
    decimal_comma: bool = False  # "49,5" is 49.5 (set when the delimiter is not a comma)
    columns: dict[str, str] = field(default_factory=dict)  # field -> the file's column, for messages

    @property
    def name(self) -> str:
        return self.path.name

    def open_csv(self) -> CsvRows:
        """The file's rows in its encoding; any delimiter but a comma allows decimal commas."""
        rows = open_csv(self.path, self.encoding)
        self.decimal_comma = rows.delimiter != ","
        return rows

    def row_read(self) -> None:
        """Count one row as read (the report's figure), and tell the run's progress."""
        self.report.read += 1
        batch = self.batch
        batch.rows_read += 1
        if batch.progress is not None and batch.rows_read % PROGRESS_EVERY == 0:
            batch.progress(batch.rows_read)

    def reject(self, line: int, reason: str, raw: str, detail: str = "") -> None:
        self.batch.report.reject(self.report, line, reason, raw, detail)

    def warn(self, line: int, reason: str, raw: str, detail: str = "") -> None:
        self.batch.report.warn(self.report, line, reason, raw, detail)

    def accept(self, row: dict[str, str], line: int, raw: str) -> bool:
        """Spool a strike row; a duplicate id is a rejection, never a second record."""
        try:
            self.batch.add_strike(row)
        except DuplicateId:
            self.reject(line, "duplicate id (an earlier row has it)", raw, row["id"])
            return False
        self.report.accepted += 1
        return True
