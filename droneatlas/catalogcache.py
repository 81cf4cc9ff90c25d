"""A disk cache of validated catalogs: a data set is read and checked once, not at every start.

Reading and validating 100,000 strikes takes seconds (a million: half a minute); loading
the checked tables back takes a fraction of that. An entry is keyed by the data files
(name, size, modification time), the day (dates in the future are refused), the code of
the whole package and the library versions (droneatlas.fingerprint), so any change reads
the files again.

Entries are Parquet tables plus a JSON manifest: formats that run no code when read (a
pickle would run whatever whoever can write ``.cache/`` put in it). The manifest holds the
key and a SHA-256 of every table; an entry that is truncated, foreign or altered fails that
check, is logged once, removed and rebuilt. The cache lives in the project's ``.cache/``
(or ATLAS_CACHE_DIR), never in the data directory nor under ``static/``; when that cannot
be written (a read-only checkout, a folder of another user), in the user's own cache
folder (settings.user_cache_dir). An entry is written in a locked temporary folder
(droneatlas.atomicfile): one that a killed server left is removed by the next write.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import logging
import os
import shutil
import threading
from collections import Counter, OrderedDict
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd

from droneatlas import settings
from droneatlas.atomicfile import partial_folder, remove_stale_partials
from droneatlas.catalog import ARROW_SOURCE_COLUMNS, WGS84, Catalog, load_catalog
from droneatlas.checks import split_column
from droneatlas.compact import share_text_in_place
from droneatlas.fingerprint import code_fingerprint, library_fingerprint
from droneatlas.schema import Table
from droneatlas.strikestable import CITING, cite_own_ids
from droneatlas.validation import RowIssue, ValidationReport

FORMAT = "droneatlas-catalog-parquet-2"
MANIFEST = "manifest.json"
TABLES = ("sources", "drones", "sites", "strikes", "launches")
MULTI_COLUMNS = {
    "drones": ("source_ids",),
    "sites": ("drone_ids", "source_ids"),
    "strikes": ("source_ids",),
    "launches": ("source_ids",),
}
POINT_TABLES = ("sites",)
KEEP_ENTRIES = 8
KEEP_IN_MEMORY = 2  # the data directory and a session's uploads

log = logging.getLogger(__name__)

# One load per key at a time: the server's start-up check (serve.py) and a first visitor
# asking for the same data wait for one another instead of both reading a million rows.
_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()
_recent: OrderedDict[str, Catalog] = OrderedDict()


class CacheEntryError(ValueError):
    """A cache entry that is not ours, not whole, or not for this key."""


_said: set[str] = set()  # messages logged already: a fallback is said once, not at every run


def _warn_once(message: str) -> None:
    if message not in _said:
        _said.add(message)
        log.warning(message)


def _writable(directory: Path) -> bool:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(directory, os.W_OK | os.X_OK)


def cache_dir() -> Path:
    """The configured cache folder, or the user's own when the configured one cannot be
    written; the configured one when neither can (the data is then read each time)."""
    configured = settings.cache_dir()
    if _writable(configured):
        return configured
    fallback = settings.user_cache_dir()
    if fallback != configured and _writable(fallback):
        _warn_once(f"catalog cache: {configured} cannot be written; using {fallback}")
        return fallback
    return configured


def cache_key(data_dir: Path, today: date) -> str:
    """Changes whenever a data file, the day, the package's code or a library does."""
    digest = hashlib.sha256()
    digest.update(str(Path(data_dir).resolve()).encode())
    digest.update(today.isoformat().encode())
    for table in Table:
        path = Path(data_dir) / table.filename
        stat = path.stat() if path.is_file() else None
        digest.update(f"{table.filename}:{stat and stat.st_size}:{stat and stat.st_mtime_ns};".encode())
    digest.update(code_fingerprint().encode())
    digest.update(library_fingerprint().encode())
    return digest.hexdigest()[:24]


def is_cached(data_dir: Path, *, today: date | None = None) -> bool:
    """True when ``data_dir`` was checked before (in memory or on disk): loading it is quick."""
    key = cache_key(data_dir, today or date.today())
    with _locks_guard:
        if key in _recent:
            return True
    return (cache_dir() / key / MANIFEST).is_file()


def load_catalog_cached(data_dir: Path, *, today: date | None = None) -> Catalog:
    """``load_catalog``, from memory or the disk cache when the same files were checked before.

    The catalog returned is shared: callers must not change it (the app never does).
    """
    today = today or date.today()
    key = cache_key(data_dir, today)
    with _locks_guard:
        lock = _locks.setdefault(key, threading.Lock())
    with lock:
        with _locks_guard:  # the memo is shared by every key's loader
            if key in _recent:
                _recent.move_to_end(key)
                return _recent[key]
        entry = cache_dir() / key
        catalog = _read_or_discard(entry, key)
        if catalog is None:
            catalog = load_catalog(data_dir, today=today)
            _store(entry, key, catalog)
        with _locks_guard:
            _recent[key] = catalog
            while len(_recent) > KEEP_IN_MEMORY:
                _recent.popitem(last=False)
            _locks.pop(key, None)  # later callers find the memo; a new lock if it is gone
        exempt_from_gc()
        return catalog


def exempt_from_gc() -> None:
    """Keep what is in memory now out of Python's full collections.

    A catalog holds Python objects per record (a site's shapely point, a strike's text and
    source tuple), which every full collection walks: ~0.1 s at 100,000 strikes and about a
    second at 1,000,000 when strikes had points, landing in whichever run of the app
    happens to trigger it. Frozen objects are still freed by
    reference counting when the catalog is dropped; unfreezing first hands whatever was
    frozen before back to the collector.
    """
    gc.unfreeze()
    gc.freeze()


# ---------------------------------------------------------------- reading


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_or_discard(entry: Path, key: str) -> Catalog | None:
    """The entry's catalog; None when there is none. A bad entry is logged and removed."""
    if not entry.exists():
        return None
    try:
        return read_entry(entry, key)
    except (OSError, ValueError, KeyError, TypeError) as exc:  # pyarrow's errors are ValueErrors
        log.warning("catalog cache entry %s discarded: %s", entry.name, exc)
        shutil.rmtree(entry, ignore_errors=True)
        return None


def read_entry(entry: Path, key: str) -> Catalog:
    """Read an entry after checking its manifest: format, key and every table's hash."""
    manifest = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or manifest.get("key") != key:
        raise CacheEntryError("not an entry of this format and key")
    hashes = manifest["tables"]
    frames = {}
    for name in TABLES:
        path = entry / f"{name}.parquet"
        if _sha256(path) != hashes[name]:
            raise CacheEntryError(f"{name} table does not match its manifest")
        frames[name] = _restore(name, pd.read_parquet(path))
    cite_own_ids(frames["strikes"], frames["sources"].index)
    return Catalog(**frames, report=_report_from(manifest["report"]))


def _restore(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Text compact (droneatlas.compact), multi-valued cells as tuples, points as geometry: the tables
    exactly as load_catalog makes them (Parquet reads text back as a string dtype)."""
    # Repeated text shared (the strikes' as categoricals), source URLs left as Arrow text; the
    # ids strikes cite are the sources' own strings (cite_own_ids, once every table is read).
    citing = CITING if name == "strikes" else ()
    keep = ARROW_SOURCE_COLUMNS if name == "sources" else citing
    share_text_in_place(frame, keep, categories=name == "strikes")
    if isinstance(frame.index.dtype, pd.StringDtype):
        frame.index = frame.index.astype(object)
    for column in MULTI_COLUMNS.get(name, ()):
        if column not in citing:
            frame[column] = split_column(frame[column])
    if name in POINT_TABLES:
        frame = gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs=WGS84)
    return frame


def _report_from(data: dict) -> ValidationReport:
    return ValidationReport(
        read=Counter(data["read"]),
        accepted=Counter(data["accepted"]),
        rejected_rows=[RowIssue(**row) for row in data["rejected_rows"]],
        file_errors=list(data["file_errors"]),
    )


# ---------------------------------------------------------------- writing


def _report_data(report: ValidationReport) -> dict:
    return {
        "read": dict(report.read),
        "accepted": dict(report.accepted),
        "rejected_rows": [vars(issue) for issue in report.rejected_rows],
        "file_errors": list(report.file_errors),
    }


def _storable(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Tuples as '|'-joined text (they were split from it) and no geometry (rebuilt from lat/lon)."""
    frame = pd.DataFrame(frame.drop(columns="geometry", errors="ignore"))
    for column in MULTI_COLUMNS.get(name, ()):
        frame[column] = frame[column].map("|".join)
    return frame


def _store(entry: Path, key: str, catalog: Catalog) -> None:
    """Write into a temporary folder, then rename it into place (a reader never sees half an
    entry); keep the newest few. A project that cannot be written to still works: it reads
    the files each time."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        with partial_folder(entry.parent, key) as staging:
            hashes = {}
            for name in TABLES:
                path = staging / f"{name}.parquet"
                _storable(name, getattr(catalog, name)).to_parquet(path)
                hashes[name] = _sha256(path)
            report = _report_data(catalog.report)
            manifest = {"format": FORMAT, "key": key, "tables": hashes, "report": report}
            (staging / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
            os.replace(staging, entry)
    except (OSError, ValueError, TypeError) as exc:  # pyarrow's errors are ValueError/TypeError
        _warn_once(f"catalog cache not written ({exc}): the data is read from its files next time")
        return
    _prune(entry.parent)


def _prune(directory: Path) -> None:
    entries = []
    for path in directory.iterdir():
        with contextlib.suppress(OSError):  # removed meanwhile by another writer
            if path.is_dir() and not path.name.startswith("."):
                entries.append((path.stat().st_mtime, path))
            elif path.suffix == ".pickle":  # entries of the format before this one
                path.unlink()
    for _, old in sorted(entries, reverse=True)[KEEP_ENTRIES:]:
        shutil.rmtree(old, ignore_errors=True)
    remove_stale_partials(directory)  # entries a killed server was writing
