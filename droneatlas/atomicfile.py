"""Files and folders written whole: built under a temporary name beside their place, then
renamed into it, and what a killed writer left behind removed by the next one.

A temporary is named ``.<name>.partial-<random>`` and locked (``flock``) by its writer for as
long as the writer lives: the kernel drops the lock when the process dies, however it dies.
A leftover that can be locked is therefore a dead writer's and is removed; one that cannot
belongs to a live writer (another process writing the same file) and is left alone. Used by
the command line's exports and by the app's caches (catalogs, strike packs, overlays).
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PARTIAL = "partial"
FILE_MODE = 0o644  # an ordinary file, not mkstemp's private 0600

log = logging.getLogger(__name__)


def partial_prefix(name: str) -> str:
    """The start of a temporary's name for the file or folder ``name``."""
    return f".{name}.{PARTIAL}-"


def _hold(path: Path) -> int:
    """Open ``path`` (a file or a folder) and lock it; the descriptor keeps the lock."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(descriptor)
        raise
    return descriptor


@contextmanager
def replaced_at_the_end(path: Path, *, suffix: str = "") -> Iterator[Path]:
    """A locked temporary file beside ``path``, renamed onto it when the block succeeds,
    else removed; a dead writer's leftovers for ``path`` are removed first.

    ``suffix``: the temporary's extension, for writers that choose a format by it (ffmpeg).
    """
    path = Path(path).expanduser()
    remove_stale_partials(path.parent, path.name)
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=partial_prefix(path.name), suffix=suffix)
    partial = Path(name)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)  # a fresh file: nobody else holds it
        yield partial
        partial.chmod(FILE_MODE)
        os.replace(partial, path)
    finally:
        os.close(descriptor)
        partial.unlink(missing_ok=True)


def write_atomically(path: Path, content: bytes, *, sync: bool = True) -> None:
    """Write ``content`` to ``path`` whole: a reader sees the old file or the new one, never
    half of it. ``sync``: flush it to disk first (an export; a cache can be rebuilt)."""
    with replaced_at_the_end(path) as partial, partial.open("wb") as handle:
        handle.write(content)
        if sync:
            handle.flush()
            os.fsync(handle.fileno())


@contextmanager
def partial_folder(parent: Path, name: str) -> Iterator[Path]:
    """A locked temporary folder in ``parent`` for the folder ``name``; the caller renames it
    into place (the lock goes with it). Removed when the block fails."""
    folder = Path(tempfile.mkdtemp(dir=parent, prefix=partial_prefix(name)))
    descriptor = _hold(folder)
    try:
        yield folder
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        os.close(descriptor)


def remove_stale_partials(directory: Path, name: str = "*") -> list[Path]:
    """Remove the temporaries in ``directory`` (those for ``name``, or all) whose writer is
    gone; return what was removed. Never fails: a folder that cannot be listed has none."""
    pattern = partial_prefix(glob.escape(name) if name != "*" else "*") + "*"
    removed = []
    with contextlib.suppress(OSError):
        for leftover in Path(directory).glob(pattern):
            try:
                descriptor = _hold(leftover)
            except OSError:  # a live writer's (or gone meanwhile)
                continue
            try:
                if leftover.is_dir() and not leftover.is_symlink():
                    shutil.rmtree(leftover, ignore_errors=True)
                else:
                    leftover.unlink(missing_ok=True)
                removed.append(leftover)
            finally:
                os.close(descriptor)
    if removed:
        log.info("removed %d unfinished file(s) of an interrupted writer in %s", len(removed), directory)
    return removed
