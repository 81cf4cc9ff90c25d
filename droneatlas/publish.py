"""Files the app generates for the page to fetch, published under static/ by content."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import logging
import os
import zlib
from pathlib import Path

from droneatlas.atomicfile import remove_stale_partials, write_atomically

log = logging.getLogger(__name__)

PUBLISHED_SUFFIX = ".json.gz"


def publish_json(data: dict, directory: Path, url_prefix: str) -> str:
    """Write ``data`` as ``directory/<hash>.json.gz`` unless it is there already; its address.

    Named by content: the same overlay always has the same address (the page fetches it
    once), and a file is never rewritten while a page may be reading it, unless it does not
    hold that content (cut short or put there by someone else): then it is replaced.
    Gzipped once, when written: served as plain JSON, they were compressed again for every
    request by the server's one thread (~9 ms for a 120 KB rings file). The page
    decompresses them.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    name = hashlib.sha256(text.encode()).hexdigest()[:20] + PUBLISHED_SUFFIX
    target = directory / name
    content = text.encode("utf-8")
    if not _holds(target, content):
        directory.mkdir(parents=True, exist_ok=True)
        # A temporary name of its own: two sessions may publish the same content at once.
        write_atomically(target, gzip.compress(content, compresslevel=6, mtime=0), sync=False)
    return f"{url_prefix}/{name}"


def _holds(path: Path, content: bytes) -> bool:
    """True when ``path`` holds exactly ``content`` gzipped; a file that does not is logged."""
    try:
        packed = path.read_bytes()
    except OSError:
        return False
    # One gzip member and nothing after it: the page's DecompressionStream refuses the rest.
    unpacker = zlib.decompressobj(wbits=31)
    with contextlib.suppress(zlib.error):
        if unpacker.decompress(packed) == content and unpacker.eof and not unpacker.unused_data:
            with contextlib.suppress(OSError):
                os.utime(path)  # in use again: pruning keeps the newest
            return True
    log.warning("published file %s discarded: not the content its name stands for", path)
    return False


def prune_published(directory: Path, keep: int, *, spare: set[str]) -> None:
    """Remove all but the ``keep`` newest files of ``directory``, never those named in ``spare``."""
    for plain in directory.glob("*.json"):  # what earlier versions published: never named again
        plain.unlink(missing_ok=True)
    files = []
    for path in directory.glob("*" + PUBLISHED_SUFFIX):
        with contextlib.suppress(OSError):  # removed meanwhile
            files.append((path.stat().st_mtime, path))
    for _, old in sorted(files, reverse=True)[keep:]:
        if old.name not in spare:
            old.unlink(missing_ok=True)
    remove_stale_partials(directory)
