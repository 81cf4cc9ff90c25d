"""Upload directories of page sessions: made on a session's first import, removed once the
session has ended (after a grace period in which a reconnecting page keeps its uploads), and
swept when left behind by a server that stopped before it could remove them.

Thread-safe: sessions run in threads of one server process.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import tempfile
import threading
import time
from pathlib import Path

PREFIX = "droneatlas-upload-"
log = logging.getLogger(__name__)

_lock = threading.Lock()
_held: set[str] = set()  # directories of the sessions connected now
_released: dict[str, float] = {}  # directory -> when its session ended (time.monotonic)


def make(max_age_s: float) -> Path:
    """A new upload directory; first, those left behind longer than ``max_age_s`` go."""
    sweep_stale(max_age_s)
    return Path(tempfile.mkdtemp(prefix=PREFIX))


def hold(path: str) -> None:
    """The session owning ``path`` is connected (again): its directory stays."""
    with _lock:
        _held.add(path)
        _released.pop(path, None)


def release(path: str, grace_s: float) -> None:
    """The session owning ``path`` has ended: remove the directory in ``grace_s`` seconds,
    unless the session reconnects (``hold``) before then."""
    with _lock:
        _held.discard(path)
        _released[path] = time.monotonic()
    timer = threading.Timer(grace_s, remove_released, args=(grace_s,))
    timer.daemon = True
    timer.start()


def remove_released(grace_s: float) -> list[str]:
    """Remove the directories released at least ``grace_s`` seconds ago; return them."""
    now = time.monotonic()
    doomed = []
    with _lock:
        due = [path for path, at in _released.items() if now - at >= grace_s and path not in _held]
        for path in due:
            del _released[path]
            # Renamed while no session can hold it (fast), deleted after (may take a while).
            with contextlib.suppress(OSError):
                doomed.append(Path(path).rename(f"{path}.removing"))
    for path in doomed:
        shutil.rmtree(path, ignore_errors=True)
    if due:
        log.info("removed %d upload director%s of ended sessions", len(due), "y" if len(due) == 1 else "ies")
    return due


def sweep_stale(max_age_s: float, root: Path | None = None) -> list[Path]:
    """Remove upload directories under ``root`` (the temp folder) untouched for ``max_age_s``
    seconds and held by no session of this server (another server's, stopped or killed)."""
    root = Path(tempfile.gettempdir()) if root is None else root
    cutoff = time.time() - max_age_s
    removed = []
    for path in root.glob(f"{PREFIX}*"):
        with _lock:
            held = str(path) in _held
        try:
            stale = path.is_dir() and not held and _last_touched(path) < cutoff
        except OSError:  # gone meanwhile
            continue
        if stale:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    if removed:
        log.info("removed %d stale upload director%s", len(removed), "y" if len(removed) == 1 else "ies")
    return removed


def _last_touched(path: Path) -> float:
    """The newest modification time of the directory or anything in it."""
    return max([path.stat().st_mtime, *(p.stat().st_mtime for p in path.rglob("*"))])
