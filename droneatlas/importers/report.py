"""What an import did: per file rows read/accepted/rejected by reason, and the row-level report.

Counts always reconcile: ``read == accepted + rejected`` for every file. Row-level lines go
to ``import-report.csv`` as they happen (a 200 MB input must not keep millions of rows in
memory); the first few are kept in ``sample`` for a UI.

The report is meant to be opened in a spreadsheet and repeats input rows as they came, so
every cell goes through ``spreadsheet_safe``: a cell such as ``=HYPERLINK(...)`` is written
as ``'=HYPERLINK(...)``, shown as text, never run.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from droneatlas.importers.csvio import RecordWriter

REPORT_FILE = "import-report.csv"
REPORT_COLUMNS = ("file", "line", "status", "reason", "raw_row")
SAMPLE_SIZE = 200
REJECTED = "rejected"
WARNING = "warning"
NOTE = "note"  # about a whole file (line 0), e.g. the encoding it was read in


@dataclass(frozen=True)
class ReportRow:
    """One line of import-report.csv: a rejected row or a warning about a kept row."""

    file: str
    line: int
    status: str
    reason: str
    raw_row: str


@dataclass
class FileReport:
    """Counts for one input file."""

    file: str
    format: str = ""
    read: int = 0
    accepted: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    warnings: Counter[str] = field(default_factory=Counter)
    error: str = ""  # a problem with the whole file, one line
    encoding: str = ""  # as people name it, e.g. "Windows-1252 (detected)"
    stats: dict[str, str] = field(default_factory=dict)  # format-specific figures

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())

    def lines(self) -> list[str]:
        """Human summary: one line of counts, then one per reason."""
        head = f"{self.file} [{self.format or '?'}]: read {self.read}, accepted {self.accepted}, "
        out = [head + f"rejected {self.rejected_total}"]
        if self.encoding:
            out.append(f"  encoding: {self.encoding}")
        if self.error:
            out.append(f"  error: {self.error}")
        out += [f"  rejected {n}: {reason}" for reason, n in self.rejected.most_common()]
        out += [f"  warning {n}: {reason}" for reason, n in self.warnings.most_common()]
        out += [f"  {key}: {value}" for key, value in self.stats.items()]
        return out


@dataclass
class ImportReport:
    """The result of one import run (the pure function's return value)."""

    into: Path
    files: list[FileReport] = field(default_factory=list)
    sample: list[ReportRow] = field(default_factory=list)
    written: bool = False  # whether ``into`` was (re)written
    error: str = ""  # a problem with the whole run (e.g. the target directory), one line
    _sink: TextIO | None = field(default=None, repr=False)
    _writer: RecordWriter | None = field(default=None, repr=False)

    @property
    def read(self) -> int:
        return sum(f.read for f in self.files)

    @property
    def accepted(self) -> int:
        return sum(f.accepted for f in self.files)

    @property
    def rejected(self) -> int:
        return sum(f.rejected_total for f in self.files)

    @property
    def ok(self) -> bool:
        """True when the run wrote its result and no file failed as a whole."""
        return self.written and not self.error and not any(f.error for f in self.files)

    @property
    def report_path(self) -> Path:
        return self.into / REPORT_FILE

    def open_sink(self, path: Path) -> None:
        """Stream row-level lines to ``path`` (inside the staging directory)."""
        self._sink = path.open("w", encoding="utf-8", newline="")
        self._writer = RecordWriter(self._sink, spreadsheet_safe=True)
        self._writer.row(list(REPORT_COLUMNS))

    def close_sink(self) -> None:
        if self._sink is not None:
            self._sink.close()
            self._sink = None

    def add(self, row: ReportRow) -> None:
        if len(self.sample) < SAMPLE_SIZE:
            self.sample.append(row)
        if self._writer is not None:
            cells = (row.file, str(row.line), row.status, row.reason, row.raw_row)
            self._writer.row(cells)

    def reject(self, fr: FileReport, line: int, reason: str, raw: str, detail: str = "") -> None:
        """Count a rejected row under ``reason`` and log it with its detail."""
        fr.rejected[reason] += 1
        self.add(ReportRow(fr.file, line, REJECTED, f"{reason}: {detail}" if detail else reason, raw))

    def note(self, fr: FileReport, text: str) -> None:
        """Log something about a whole file (line 0), such as the encoding it was read in."""
        self.add(ReportRow(fr.file, 0, NOTE, text, ""))

    def warn(self, fr: FileReport, line: int, reason: str, raw: str, detail: str = "") -> None:
        """Note something about a row that was kept (e.g. an unmatched launch place)."""
        fr.warnings[reason] += 1
        self.add(ReportRow(fr.file, line, WARNING, f"{reason}: {detail}" if detail else reason, raw))

    def lines(self) -> list[str]:
        out = [line for f in self.files for line in f.lines()]
        total = f"total: read {self.read}, accepted {self.accepted}, rejected {self.rejected}"
        out.append(total)
        if self.error:
            out.append(f"error: {self.error}")
        elif self.written:
            out.append(f"wrote {self.into} (report: {self.report_path})")
        else:
            out.append(f"{self.into} left unchanged")
        return out
