"""Merge an import into a data directory atomically, surviving a kill at any moment.

The new directory is built in ``.DIR.import-*`` next to the target (same file system),
flushed to disk, renamed ``.DIR.new-<time>`` (it is complete), and swapped in with two
renames: DIR -> ``.DIR.old-*``, ``.DIR.new-*`` -> DIR. An exception between the renames
puts the old directory back; a kill there leaves no DIR, so every run starts with
``recover``: a missing DIR is completed from ``.DIR.new-*`` (or restored from
``.DIR.old-*``) and every leftover temporary directory is removed. Runs beside one DIR
take turns (a lock on the parent directory), so recovery never touches a live run's files.
Merge rules, chosen so that importing the same file twice changes nothing:
- sources, sites: a row with a known id replaces the old row in place; new ids are appended;
- drones: rows already in the directory win (curated ranges are never overwritten);
- strikes: existing rows with an id of this run are dropped and this run's rows appended in
  file order (the strike spool is streamed, never held in memory);
- other files of the directory are copied over unchanged; import-report.csv is this run's.

The tables are opened in spreadsheets too, so every cell is written spreadsheet-safe
(``droneatlas.text.spreadsheet_safe``: "=1+1" as "'=1+1"; plain numbers such as -1.5 stay
numbers), and read back with its inverse ``spreadsheet_value``, here and in the catalog:
the map shows "=1+1", exactly what the imported file said.
"""

from __future__ import annotations

import csv
import fcntl
import glob
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from droneatlas.importers.batch import IMPORT_STRIKE_COLUMNS, SPOOL_FILE, Batch
from droneatlas.importers.csvio import InputError, RecordWriter
from droneatlas.importers.report import REPORT_FILE
from droneatlas.schema import COLUMNS, OPTIONAL_STRIKE_COLUMNS, Table
from droneatlas.text import may_hold_spreadsheet_quotes, spreadsheet_value

COLUMNS_OF = {
    Table.SOURCES: COLUMNS[Table.SOURCES],
    Table.DRONES: COLUMNS[Table.DRONES],
    Table.SITES: COLUMNS[Table.SITES],
    Table.STRIKES: IMPORT_STRIKE_COLUMNS,
}


def _parent(into: Path) -> Path:
    return into.resolve().parent


def _leftovers(into: Path, kind: str) -> list[Path]:
    """Temporary directories of earlier runs beside ``into`` ("import", "new" or "old")."""
    pattern = f".{glob.escape(into.name)}.{kind}-*"
    return sorted(_parent(into).glob(pattern), key=lambda p: p.name)


@contextmanager
def locked(into: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``into``'s parent directory (released by the kernel on a kill)."""
    if into.name in ("", ".", ".."):
        raise InputError(f"--into must name a directory, not {str(into)!r}")
    try:
        fd = os.open(_parent(into), os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        raise InputError(f"the parent directory of {into} does not exist") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def recover(into: Path) -> None:
    """Finish or undo a swap that a killed run left half done; remove leftover temporaries.

    Call with the lock held. A ``.DIR.new-*`` is complete by construction, so a missing DIR
    is taken from the newest one (the run was killed between or just before the renames);
    without one, the old directory goes back.
    """
    new, old = _leftovers(into, "new"), _leftovers(into, "old")
    if not into.exists() and not into.is_symlink():
        if new:
            os.rename(new.pop(), into)
        elif old:
            os.rename(old.pop(), into)
        _sync_dir(_parent(into))
    for path in [*_leftovers(into, "import"), *new, *old]:
        shutil.rmtree(path, ignore_errors=True)


def make_staging(into: Path) -> Path:
    """A fresh temporary directory beside ``into`` (so the final rename cannot cross devices)."""
    parent = _parent(into)
    if not parent.is_dir():
        raise InputError(f"the parent directory of {into} does not exist")
    if into.exists() and not into.is_dir():
        raise InputError(f"{into} exists and is not a directory")
    staging = Path(tempfile.mkdtemp(prefix=f".{into.name}.import-", dir=parent))
    # mkdtemp makes 0700; the result should look like any directory the user makes.
    mode = into.stat().st_mode & 0o777 if into.is_dir() else 0o777 & ~_umask()
    staging.chmod(mode)
    return staging


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _read(path: Path, *, table: bool = True) -> tuple[list[str], Iterator[dict[str, str]]]:
    """Header and rows of an existing table (streamed); a broken table stops the import.

    A data ``table``'s cells were written spreadsheet-safe and are read back as they were
    given; the run's own spool (``table=False``) holds them as they came.
    """
    quoted = table and may_hold_spreadsheet_quotes(path)
    handle = path.open(encoding="utf-8-sig", newline="")
    reader = csv.DictReader(handle)
    try:
        header = list(reader.fieldnames or [])
    except (UnicodeDecodeError, csv.Error) as exc:
        handle.close()
        raise InputError(f"cannot merge: {path} is not readable CSV ({exc})") from None
    if quoted:
        header = reader.fieldnames = [spreadsheet_value(name) for name in header]

    def rows() -> Iterator[dict[str, str]]:
        try:
            for row in reader:
                kept = {k: v for k, v in row.items() if k is not None}
                yield {k: spreadsheet_value(v or "") for k, v in kept.items()} if quoted else kept
        except (UnicodeDecodeError, csv.Error) as exc:
            raise InputError(f"cannot merge: {path} is not readable CSV ({exc})") from None
        finally:
            handle.close()

    return header, rows()


def _write(path: Path, header: list[str], rows: Iterable[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = RecordWriter(handle, spreadsheet_safe=True)
        writer.row(header)
        writer.dicts(header, rows)


def _header(existing: list[str], table: Table) -> list[str]:
    base = existing or list(COLUMNS_OF[table])
    if table is Table.STRIKES and not existing:
        base = [*COLUMNS[table], *OPTIONAL_STRIKE_COLUMNS]
    return [*base, *(c for c in COLUMNS_OF[table] if c not in base)]


def _merge_small(
    into: Path, staging: Path, table: Table, new: dict[str, dict[str, str]], *, keep_existing: bool
) -> None:
    path = into / table.filename
    existing_header, existing = _read(path) if path.is_file() else ([], iter(()))
    header = _header(existing_header, table)
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for row in existing:
        row_id = row.get("id", "")
        if row_id in new and not keep_existing and row_id not in seen:
            out.append(new[row_id])
        else:
            out.append(row)
        seen.add(row_id)
    out += [row for row_id, row in new.items() if row_id not in seen]
    _write(staging / table.filename, header, out)


def _merge_sources(into: Path, staging: Path, batch: Batch) -> None:
    """Like _merge_small without keeping existing rows, streamed: the run's rows are on disk."""
    path = into / Table.SOURCES.filename
    existing_header, existing = _read(path) if path.is_file() else ([], iter(()))
    header = _header(existing_header, Table.SOURCES)
    store = batch.store
    replaced = (store.take_source(row.get("id", "")) or row for row in existing)
    _write(staging / Table.SOURCES.filename, header, _chain(replaced, store.untaken_sources()))


def _merge_strikes(into: Path, staging: Path, batch: Batch) -> None:
    path = into / Table.STRIKES.filename
    existing_header, existing = _read(path) if path.is_file() else ([], iter(()))
    header = _header(existing_header, Table.STRIKES)
    _, spooled = _read(staging / SPOOL_FILE, table=False)
    kept = (row for row in existing if not batch.store.has_strike(row.get("id", "")))
    _write(staging / Table.STRIKES.filename, header, _chain(kept, spooled))
    (staging / SPOOL_FILE).unlink()


def _chain(*parts: Iterable[dict[str, str]]) -> Iterator[dict[str, str]]:
    for part in parts:
        yield from part


def _copy_others(into: Path, staging: Path) -> None:
    """Files of the directory that the import does not write travel over unchanged."""
    ours = {t.filename for t in Table} | {REPORT_FILE}
    for entry in into.iterdir():
        if entry.name in ours:
            continue
        target = staging / entry.name
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, target, symlinks=True)
        else:
            shutil.copy2(entry, target, follow_symlinks=False)


def write_tables(into: Path, staging: Path, batch: Batch) -> None:
    """Build the merged directory in ``staging`` (the report is already there)."""
    _merge_sources(into, staging, batch)
    _merge_small(into, staging, Table.DRONES, batch.drones, keep_existing=True)
    _merge_small(into, staging, Table.SITES, batch.sites, keep_existing=False)
    _merge_strikes(into, staging, batch)
    batch.discard()  # the run's store must not travel into the data directory
    if into.is_dir():
        _copy_others(into, staging)


def _sync_dir(path: Path) -> None:
    """Flush a directory's entries (renames) to disk."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_tree(root: Path) -> None:
    """Flush every file and directory under ``root``: renamed in, they must hold their data."""
    for directory, _, files in os.walk(root):
        for name in files:
            path = os.path.join(directory, name)
            if not os.path.islink(path):
                fd = os.open(path, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
        _sync_dir(Path(directory))


def swap(staging: Path, into: Path) -> None:
    """Put ``staging`` in the place of ``into``; the old directory comes back on failure.

    A kill at any point leaves either ``into`` as it was, or the new directory in place, or
    no ``into`` and a complete ``.DIR.new-*`` that the next run's ``recover`` renames in.
    """
    _sync_tree(staging)
    ready = _parent(into) / f".{into.name}.new-{time.time_ns():020d}"
    os.rename(staging, ready)
    if not into.exists():
        os.rename(ready, into)
        _sync_dir(_parent(into))
        return
    backup = Path(tempfile.mkdtemp(prefix=f".{into.name}.old-", dir=_parent(into)))
    backup.rmdir()  # only the unique name is wanted
    os.rename(into, backup)
    try:
        os.rename(ready, into)
    except BaseException:
        os.rename(backup, into)
        raise
    _sync_dir(_parent(into))
    shutil.rmtree(backup, ignore_errors=True)
