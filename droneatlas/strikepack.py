"""Strikes packed for the page: sent once, filtered and aggregated in the browser.

A timeline change then moves two numbers, not the records. The pack has two parts:
``core`` (position, day, drone, confidence, marker size: what drawing and filtering
need, a few bytes a strike) and ``details`` (what a popup shows), loaded by the page
only when a popup is first opened. Text stays data: the page writes it with
textContent, and makes links only of http(s) addresses.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from droneatlas.atomicfile import remove_stale_partials, write_atomically
from droneatlas.binarycore import encode_core
from droneatlas.compact import text_cells
from droneatlas.filters import has_casualties, target_types
from droneatlas.fingerprint import code_fingerprint
from droneatlas.launchlines import launched_from_text
from droneatlas.schema import Confidence, Precision
from droneatlas.style import CONFIDENCE_STYLES, UNKNOWN_DRONE_COLOUR
from droneatlas.text import is_safe_url

COORD_DECIMALS = 5
SUMMARY_CHARS = 400
CONFIDENCE_ORDER = [c.value for c in Confidence]
PRECISION_ORDER = [p.value for p in Precision]
RADIUS_PX = {Precision.EXACT: 5, Precision.CITY: 7, Precision.REGION: 11}
MAX_REGION_RADIUS_PX = 28
PRECISION_NOTES = {
    Precision.EXACT: "exact (geolocated point)",
    Precision.CITY: "town or city centre, not the impact point",
    Precision.REGION: "region only: a regional centre, not an impact point",
    Precision.COUNTRY: "a country or a direction only: not placed on the map",
}
EPOCH = pd.Timestamp("1970-01-01")
DETAIL_CHUNK = 5000  # strikes per details file: a popup loads one (~1 MB at most)
DONE_FILE = "pack.json"
GZIP_LEVEL = 6
WRITE_BATCH = 2000  # items encoded before they go to the compressor together


def _pack_format() -> str:
    """Changes with the package's code (droneatlas.fingerprint) and the piece size: a
    restarted server rewrites a pack of another format instead of reusing it."""
    return f"{DETAIL_CHUNK}-{code_fingerprint()[:16]}"


PACK_FORMAT = _pack_format()


def day_numbers(dates: pd.Series) -> np.ndarray:
    """Days since 1970-01-01: compact, and compared as plain numbers in the page."""
    return ((dates - EPOCH) // pd.Timedelta(days=1)).to_numpy(dtype=np.int64)


def optional_counts(strikes: pd.DataFrame, column: str) -> pd.Series:
    """A count column that imported data may have (launched, destroyed); NaN elsewhere."""
    if column not in strikes.columns:
        return pd.Series(np.nan, index=strikes.index)
    return pd.to_numeric(strikes[column], errors="coerce")


def marker_radius(precision: pd.Series, launched: pd.Series) -> np.ndarray:
    """Pixels: finer locations smaller; region discs grow with drones launched (area ~ count)."""
    radius = np.array(
        text_cells(precision).map(RADIUS_PX), dtype=float
    )  # a copy: pandas gives read-only views
    region = (precision == Precision.REGION).to_numpy()
    grown = RADIUS_PX[Precision.REGION] + 1.5 * np.sqrt(launched.fillna(0).clip(lower=0).to_numpy())
    radius[region] = np.minimum(MAX_REGION_RADIUS_PX, grown[region])
    return np.round(radius).astype(int)


def pack_core(strikes: pd.DataFrame, drones: pd.DataFrame, colours: dict[str, str]) -> dict:
    """What the page needs to filter and draw every strike."""
    drone_ids = list(drones.index)
    drone_index = {d: i for i, d in enumerate(drone_ids)}
    # Most strikes share a place (a town centre): each place is sent once, a strike names it.
    points = np.column_stack([strikes["lat"].round(COORD_DECIMALS), strikes["lon"].round(COORD_DECIMALS)])
    places, place_of = np.unique(points.reshape(-1, 2), axis=0, return_inverse=True)
    return {
        "n": len(strikes),
        "places": {"lat": places[:, 0].tolist(), "lon": places[:, 1].tolist()},
        "place": place_of.reshape(-1).tolist(),
        "day": day_numbers(strikes["date"]).tolist(),
        "drone": text_cells(strikes["drone_id"]).map(drone_index).fillna(-1).astype(int).tolist(),
        "conf": strikes["confidence"].map(CONFIDENCE_ORDER.index).astype(int).tolist(),
        "radius": marker_radius(strikes["precision"], optional_counts(strikes, "launched")).tolist(),
        "region": (strikes["precision"] == Precision.REGION).astype(int).tolist(),
        "drones": [
            {"name": str(drones.loc[d, "name"]), "colour": colours.get(d, UNKNOWN_DRONE_COLOUR)}
            for d in drone_ids
        ],
        "unknownColour": UNKNOWN_DRONE_COLOUR,
        "confidences": CONFIDENCE_ORDER,
        "styles": [
            {"fill": CONFIDENCE_STYLES[c].fill_opacity, "dash": CONFIDENCE_STYLES[c].dash_array}
            for c in CONFIDENCE_ORDER
        ],
        **filter_fields(strikes, drone_ids),
    }


def filter_fields(strikes: pd.DataFrame, drone_ids: list[str]) -> dict:
    """What the page's strike filter (strikes.js setFilter) needs besides drone and
    confidence: precision and target type as indexes into their lists, and a casualties flag."""
    targets = target_types(strikes)
    target_index = {t: i for i, t in enumerate(targets)}
    return {
        "droneIds": drone_ids,
        "prec": strikes["precision"].map(PRECISION_ORDER.index).astype(int).tolist(),
        "precisions": PRECISION_ORDER,
        "target": text_cells(strikes["target_type"]).map(target_index).fillna(-1).astype(int).tolist(),
        "targets": list(targets),
        "hurt": has_casualties(strikes).astype(int).tolist(),
    }


def pack_details(
    strikes: pd.DataFrame,
    drones: pd.DataFrame,
    sources: pd.DataFrame,
    *,
    sites: pd.DataFrame | None = None,
) -> dict:
    """What a popup shows, per strike, in the order of ``pack_core``; sources once, by index.
    With ``sites``, the launch site(s) a strike names, in words (droneatlas.launchlines)."""
    cited = cited_sources(strikes, sources)
    return {
        **strike_details(strikes, drones, positions(cited), sites=sites),
        "sourceList": list(source_list(cited, sources)),
    }


def cited_sources(strikes: pd.DataFrame, sources: pd.DataFrame) -> list[str]:
    """The known sources ``strikes`` cite, in first-cited order: a popup names them by position."""
    return list(dict.fromkeys(s for ids in strikes["source_ids"] for s in ids if s in sources.index))


def positions(source_ids: list[str]) -> dict[str, int]:
    return {s: i for i, s in enumerate(source_ids)}


def strike_details(
    strikes: pd.DataFrame, drones: pd.DataFrame, source_index: dict[str, int], *, sites: pd.DataFrame | None
) -> dict:
    """pack_details without the source list: per strike, its popup's fields, its sources as
    positions in ``source_index``."""

    def text(column: str) -> list[str]:
        if column not in strikes.columns:
            return [""] * len(strikes)
        return text_cells(strikes[column]).astype(str).tolist()

    def counts(column: str) -> list[int | None]:
        values = optional_counts(strikes, column)
        return [None if pd.isna(v) else int(v) for v in values]

    return {
        "id": text("id"),
        "date": [f"{d:%-d %b %Y}" for d in strikes["date"]],
        "place": [
            ", ".join(p for p in parts if p)
            for parts in zip(text("place"), text("region"), text("country"), strict=True)
        ],
        "drone": text_cells(strikes["drone_id"]).map(drones["name"]).fillna("").astype(str).tolist(),
        "target": text("target_type"),
        "killed": counts("killed"),
        "injured": counts("injured"),
        "launched": counts("launched"),
        "destroyed": counts("destroyed"),
        "confidence": text("confidence"),
        "location": text_cells(strikes["precision"]).map(PRECISION_NOTES).fillna("").tolist(),
        "summary": [s[:SUMMARY_CHARS] + ("…" if len(s) > SUMMARY_CHARS else "") for s in text("summary")],
        "sources": [[source_index[s] for s in ids if s in source_index] for ids in strikes["source_ids"]],
        "launchedFrom": launched_from_texts(strikes, sites),
    }


def source_list(source_ids: list[str], sources: pd.DataFrame) -> Iterator[dict]:
    """What a popup shows of each source, one at a time (an import citing a source per row
    has a million of them)."""
    rows = sources.reindex(source_ids)
    columns = (rows["title"], rows["publisher"], rows["published"], rows["url"])
    for title, publisher, published, url in zip(*columns, strict=True):
        yield {
            "title": str(title),
            "publisher": str(publisher or ""),
            "date": "" if pd.isna(published) else f"{published:%-d %b %Y}",
            # Only http(s) addresses become links; the page checks again.
            "url": str(url) if is_safe_url(url) else "",
        }


def streamed_details(
    strikes: pd.DataFrame, drones: pd.DataFrame, sources: pd.DataFrame, *, sites: pd.DataFrame | None
) -> tuple[Iterator[dict], Iterator[dict]]:
    """pack_details as write_pack takes it: the sources one at a time and the strikes' details
    a file's worth at a time (DETAIL_CHUNK), each made when it is written. A million strikes'
    details built whole held ~0.8 GB more at the peak of an upload."""
    cited = cited_sources(strikes, sources)
    index = positions(cited)
    chunks = (
        strike_details(strikes.iloc[start : start + DETAIL_CHUNK], drones, index, sites=sites)
        for start in range(0, len(strikes) or 1, DETAIL_CHUNK)
    )
    return source_list(cited, sources), chunks


def launched_from_texts(strikes: pd.DataFrame, sites: pd.DataFrame | None) -> list[str]:
    """Per strike, the site(s) it names as launched from ('' for none), for its popup."""
    if sites is None or "launched_from" not in strikes.columns:
        return [""] * len(strikes)
    named = text_cells(strikes["launched_from"]).astype(str)
    words = {cell: launched_from_text(cell, sites) for cell in named.unique()}  # a few distinct cells
    return named.map(words).tolist()


def detail_chunks(details: dict, size: int = DETAIL_CHUNK) -> list[dict]:
    """The per-strike lists of ``details`` cut into pieces of ``size`` strikes (sources apart)."""
    n = len(details["id"])
    per_strike = [key for key in details if key != "sourceList"]
    return [
        {key: details[key][start : start + size] for key in per_strike} for start in range(0, n or 1, size)
    ]


def write_pack(directory: Path, core: dict, source_list: Iterable[dict], chunks: Iterable[dict]) -> None:
    """Write core.bin.gz (``core`` as binary columns, droneatlas.binarycore), sources.json.gz
    (``source_list``, an array) and details-K.json.gz (``chunks``: the details of strikes
    K*DETAIL_CHUNK onwards, see detail_chunks and streamed_details) into ``directory``,
    each replaced whole (never half-written).

    A popup then loads one small piece, not the details of every strike: a million strikes'
    details would be a few hundred megabytes in the page. Compressed once here: Streamlit
    would gzip them again for every page (~0.1 s of its event loop per 2 MB), and serves
    application/gzip as it is; the page decompresses (DecompressionStream).
    """
    directory.mkdir(parents=True, exist_ok=True)
    (directory / DONE_FILE).unlink(missing_ok=True)  # not whole until rewritten
    core_file = gzip.compress(encode_core(core), GZIP_LEVEL, mtime=0)
    files = [("core.bin", core_file), ("sources.json", _packed(source_list, array=True))]
    files += ((f"details-{k}.json", _packed([chunk])) for k, chunk in enumerate(chunks))
    hashes = {}
    for name, packed in files:
        write_whole(directory / f"{name}.gz", packed)
        hashes[f"{name}.gz"] = [len(packed), hashlib.sha256(packed).hexdigest()]
    # Last: the pack is whole once this is there, and each file is checked against it.
    write_whole(directory / DONE_FILE, json.dumps({"format": PACK_FORMAT, "files": hashes}).encode())


def _packed(items: Iterable[object], *, array: bool = False) -> bytes:
    """Gzipped JSON of the one item in ``items``, or with ``array``, of the array of them,
    encoded an item at a time (the text of a million sources is never whole in memory)."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=GZIP_LEVEL, mtime=0) as packed:
        batch = ["["] if array else []
        for n, item in enumerate(items):
            batch.append(("," if n else "") + json.dumps(item, ensure_ascii=False, separators=(",", ":")))
            if len(batch) >= WRITE_BATCH:
                packed.write("".join(batch).encode("utf-8"))
                batch = []
        packed.write(("".join(batch) + ("]" if array else "")).encode("utf-8"))
    return buffer.getvalue()


def write_whole(path: Path, content: bytes) -> None:
    """Replace ``path`` whole; a cache, rebuilt if lost: not synced to disk."""
    write_atomically(path, content, sync=False)


def _manifest(directory: Path) -> dict[str, list] | None:
    """The pack's files with their sizes and hashes, when it is a whole pack of this format."""
    try:
        done = json.loads((directory / DONE_FILE).read_text(encoding="utf-8"))
        return done["files"] if done.get("format") == PACK_FORMAT else None
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        return None


def pack_is_written(directory: Path) -> bool:
    """True when ``directory`` holds a whole pack of this format, every file of its size.

    Cheap enough for every run (a stat per file); ``pack_is_intact`` also checks contents.
    """
    files = _manifest(directory)
    try:
        return files is not None and all(
            (directory / n).stat().st_size == size for n, (size, _) in files.items()
        )
    except (OSError, ValueError, TypeError):
        return False


def pack_is_intact(directory: Path) -> bool:
    """``pack_is_written``, and every file matches its hash: what a restarted server checks
    before it reuses a pack it did not write in this process (a file cut short or altered
    means writing the pack again)."""
    files = _manifest(directory)
    try:
        return files is not None and all(
            hashlib.sha256((directory / name).read_bytes()).hexdigest() == digest
            for name, (_size, digest) in files.items()
        )
    except (OSError, ValueError, TypeError):
        return False


def mark_used(directory: Path) -> None:
    """Make a reused pack the newest, so that pruning keeps it."""
    os.utime(directory)


def prune_packs(root: Path, keep: int) -> list[Path]:
    """Remove all but the ``keep`` newest pack folders under ``root`` (every data change,
    and every session's upload, writes a new one); return what was removed."""
    packs = sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    removed = packs[keep:]
    for pack in removed:
        shutil.rmtree(pack, ignore_errors=True)
    for pack in packs[:keep]:  # what a server killed while writing left in the packs it keeps
        remove_stale_partials(pack)
    return removed
