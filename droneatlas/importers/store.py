"""What one import run has seen, kept on disk: source rows and strike ids, in SQLite.

A generic CSV cites one URL per row (one source each), and every row has a strike id; held
in a dict and a set, a 150 MB file's 1.1 million of each took about 780 MB of the run's
960 MB peak. SQLite (standard library) keeps them in the staging directory behind a page
cache of at most 32 MB (2 MB, its default, made the run ~10% slower), so memory no longer
grows with the file. The file is scratch: never synced, deleted before the swap, and gone
with the staging directory if the run dies.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from droneatlas.schema import SOURCE_COLUMNS

STORE_FILE = ".import-run.sqlite"
_SOURCE_FIELDS = ", ".join(SOURCE_COLUMNS)
_SCHEMA = f"""
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA locking_mode = EXCLUSIVE;
PRAGMA cache_size = -32768;
CREATE TABLE sources (seq INTEGER PRIMARY KEY, {_SOURCE_FIELDS}, used INTEGER DEFAULT 0);
CREATE UNIQUE INDEX sources_id ON sources (id);
CREATE TABLE strikes (id TEXT PRIMARY KEY) WITHOUT ROWID;
"""
_INSERT_SOURCE = (
    f"INSERT OR IGNORE INTO sources ({_SOURCE_FIELDS}) VALUES ({', '.join('?' * len(SOURCE_COLUMNS))})"
)


class RunStore:
    """Sources (first row per id wins) and strike ids of one run."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = sqlite3.connect(path)
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        """Close and delete the file (it must not reach the data directory)."""
        self._db.close()
        self.path.unlink(missing_ok=True)

    def add_source(self, row: dict[str, str]) -> None:
        """Keep ``row`` unless a source with its id is already kept."""
        values = [row.get(c, "") for c in SOURCE_COLUMNS]
        self._db.execute(
            f"INSERT OR IGNORE INTO sources ({_SOURCE_FIELDS}) VALUES ({', '.join('?' * len(values))})",
            values,
        )

    def take_source(self, source_id: str) -> dict[str, str] | None:
        """The run's row for ``source_id`` the first time it is asked for, then None."""
        found = self._db.execute(
            f"SELECT {_SOURCE_FIELDS}, used FROM sources WHERE id = ?", (source_id,)
        ).fetchone()
        if found is None or found[-1]:
            return None
        self._db.execute("UPDATE sources SET used = 1 WHERE id = ?", (source_id,))
        return dict(zip(SOURCE_COLUMNS, found[:-1], strict=True))

    def untaken_sources(self) -> Iterator[dict[str, str]]:
        """The run's sources not yet placed, in the order they were first added."""
        cursor = self._db.execute(f"SELECT {_SOURCE_FIELDS} FROM sources WHERE used = 0 ORDER BY seq")
        for values in cursor:
            yield dict(zip(SOURCE_COLUMNS, values, strict=True))

    def add_strike(self, strike_id: str) -> bool:
        """Record ``strike_id``; False when the run already has it."""
        try:
            self._db.execute("INSERT INTO strikes (id) VALUES (?)", (strike_id,))
        except sqlite3.IntegrityError:
            return False
        return True

    def has_strike(self, strike_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM strikes WHERE id = ?", (strike_id,)).fetchone() is not None
