"""Files the app generates for the page to fetch, published under static/ by content."""

from __future__ import annotations

import hashlib
import json
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
        temporary = directory / f".{name}.tmp"
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(target)
    return f"{url_prefix}/{name}"
