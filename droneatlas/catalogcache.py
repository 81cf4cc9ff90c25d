"""A disk cache of validated catalogs: a data set is read and checked once, not at every start.

Reading and validating 100,000 strikes takes seconds (a million: half a minute); loading
the checked tables back takes a fraction of that. An entry is keyed by the data files
(name, size, modification time), the day (dates in the future are refused) and the code
that validates them, so any change to either reads the files again.

The cache lives in the project's own ``.cache/`` (or ATLAS_CACHE_DIR), never in the data
directory and never under ``static/`` (which the server publishes). Entries are pickles we
wrote ourselves; an unreadable entry is ignored and rewritten.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import tempfile
import threading
from collections import OrderedDict
from datetime import date
from importlib.metadata import version
from pathlib import Path

from droneatlas.catalog import Catalog, load_catalog
from droneatlas.schema import Table

PACKAGE_DIR = Path(__file__).resolve().parent
CODE_FILES = ("catalog.py", "schema.py", "validation.py", "text.py")
LIBRARIES = ("pandas", "geopandas", "shapely", "numpy", "pyproj")
KEEP_ENTRIES = 8
KEEP_IN_MEMORY = 2  # the data directory and a session's uploads

# One load per key at a time: the server's start-up check (serve.py) and a first visitor
# asking for the same data wait for one another instead of both reading a million rows.
_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()
_recent: OrderedDict[str, Catalog] = OrderedDict()


def cache_dir() -> Path:
    return Path(os.environ.get("ATLAS_CACHE_DIR") or PACKAGE_DIR.parent / ".cache" / "catalog")


def cache_key(data_dir: Path, today: date) -> str:
    """Changes whenever a data file, the day or the validating code does."""
    digest = hashlib.sha256()
    digest.update(str(Path(data_dir).resolve()).encode())
    digest.update(today.isoformat().encode())
    for table in Table:
        path = Path(data_dir) / table.filename
        stat = path.stat() if path.is_file() else None
        digest.update(f"{table.filename}:{stat and stat.st_size}:{stat and stat.st_mtime_ns};".encode())
    for name in CODE_FILES:
        digest.update((PACKAGE_DIR / name).read_bytes())
    for library in LIBRARIES:  # a pickle is only as good as the library versions that wrote it
        digest.update(f"{library}={version(library)};".encode())
    return digest.hexdigest()[:24]


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
        entry = cache_dir() / f"{key}.pickle"
        catalog = _read(entry)
        if catalog is None:
            catalog = load_catalog(data_dir, today=today)
            _store(entry, catalog)
        with _locks_guard:
            _recent[key] = catalog
            while len(_recent) > KEEP_IN_MEMORY:
                _recent.popitem(last=False)
            _locks.pop(key, None)  # later callers find the memo; a new lock if it is gone
        exempt_from_gc()
        return catalog


def exempt_from_gc() -> None:
    """Keep what is in memory now out of Python's full collections.

    A catalog holds a Python object per strike (its shapely point), which every full
    collection walks: ~0.1 s at 100,000 strikes and about a second at 1,000,000, landing
    in whichever run of the app happens to trigger it. Frozen objects are still freed by
    reference counting when the catalog is dropped; unfreezing first hands whatever was
    frozen before back to the collector.
    """
    gc.unfreeze()
    gc.freeze()


def _read(entry: Path) -> Catalog | None:
    try:
        with entry.open("rb") as handle:
            catalog = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None  # no entry yet, or one from another version: read the files
    return catalog if isinstance(catalog, Catalog) else None


def _store(entry: Path, catalog: Catalog) -> None:
    """Write atomically (a reader never sees half an entry); keep the newest few entries.

    A project that cannot be written to still works: it reads the files each time.
    """
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(catalog, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, entry)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        return
    entries = []
    for path in entry.parent.glob("*.pickle"):
        with contextlib.suppress(OSError):  # removed meanwhile by another writer
            entries.append((path.stat().st_mtime, path))
    for _, old in sorted(entries, reverse=True)[KEEP_ENTRIES:]:
        old.unlink(missing_ok=True)
