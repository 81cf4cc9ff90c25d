"""What went wrong while reading a data directory: gathered in full, reported once."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RowIssue:
    """One rejected row: where it is, which record, and why."""

    file: str
    line: int
    record_id: str
    reason: str


@dataclass
class ValidationReport:
    """Counts per file, the rows that were skipped, and problems with whole files.

    Counts always reconcile: ``read == accepted + rejected`` for every file.
    """

    read: Counter[str] = field(default_factory=Counter)
    accepted: Counter[str] = field(default_factory=Counter)
    rejected_rows: list[RowIssue] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    def add_file_error(self, message: str) -> None:
        self.file_errors.append(message)

    def add_rows(self, file: str, read: int, accepted: int, issues: list[RowIssue]) -> None:
        self.read[file] += read
        self.accepted[file] += accepted
        self.rejected_rows.extend(issues)

    def rejected(self, file: str) -> int:
        return sum(1 for issue in self.rejected_rows if issue.file == file)

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.rejected_rows

    def summary(self) -> str:
        """One line for a warning banner, e.g. '3 rows skipped (strikes.csv 2, sites.csv 1)'."""
        parts = []
        if self.file_errors:
            parts.append(f"{len(self.file_errors)} file problem(s)")
        if self.rejected_rows:
            per_file = Counter(issue.file for issue in self.rejected_rows)
            detail = ", ".join(f"{name} {count}" for name, count in sorted(per_file.items()))
            parts.append(f"{len(self.rejected_rows)} row(s) skipped ({detail})")
        return "; ".join(parts) if parts else "all rows valid"
