"""Files the app generates for the page to fetch, published under static/ by content."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path


def publish_json(data: dict, directory: Path, url_prefix: str) -> str:
    """Write ``data`` as ``directory/<hash>.json`` unless it is there already; its address.

    Named by content: the same overlay always has the same address (the page fetches it
    once), and a file is never rewritten while a page may be reading it.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    name = hashlib.sha256(text.encode()).hexdigest()[:20] + ".json"
    target = directory / name
    if not target.is_file():
        directory.mkdir(parents=True, exist_ok=True)
        # A temporary name of its own: two sessions may publish the same content at once.
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, target)
    return f"{url_prefix}/{name}"


def prune_published(directory: Path, keep: int, *, spare: set[str]) -> None:
    """Remove all but the ``keep`` newest files of ``directory``, never those named in ``spare``."""
    files = []
    for path in directory.glob("*.json"):
        with contextlib.suppress(OSError):  # removed meanwhile
            files.append((path.stat().st_mtime, path))
    for _, old in sorted(files, reverse=True)[keep:]:
        if old.name not in spare:
            old.unlink(missing_ok=True)
