"""GeoJSON Point features -> strikes, with the generic CSV rules for properties.

A legacy ``crs`` member (e.g. EPSG:3857) is honoured and reprojected to WGS84; without one,
RFC 7946 says WGS84 lon/lat. Non-point geometries are rejected row by row. The "line" in
the report is the feature's number (1 = first). The file is streamed with ijson, never
parsed whole (json.load of a 150 MB collection took ~3 GB): a first pass reads its type,
its crs and each feature's geometry type, and refuses it when it nests deeper than
MAX_DEPTH (as a file or inside one feature's properties) or holds no Point feature (the
atlas maps strikes as points); a second pass imports one feature at a time.
"""

from __future__ import annotations

import codecs
import dataclasses
import json
import re
from collections import Counter
from collections.abc import Iterator
from typing import BinaryIO, TextIO

import ijson

from droneatlas.importers.batch import FileContext
from droneatlas.importers.csvio import InputError, normalise_name
from droneatlas.importers.generic_csv import SYNONYMS, checked_transformer, import_point

NAME = "geojson"
MAX_DEPTH = 64  # far beyond any GeoJSON (a feature's MultiPolygon coordinates are 7 deep)
READ_BYTES = 1 << 16
TOO_DEEP = "JSON nested too deeply to read (arrays or objects inside each other)"
# ijson's fast (C) parser writes a lone surrogate escape ("\ud800") as "?", changing the
# text; a file holding one is read with ijson's Python parser, which keeps it (and the
# feature is then rejected as not writable text, as before).
LONE_SURROGATE = re.compile(
    rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])"  # a first half without its second
    rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"  # a second half alone
)


def _fields(properties: dict, column_map: dict[str, str] | None) -> dict[str, str]:
    values = {normalise_name(str(k)): "" if v is None else str(v) for k, v in properties.items()}
    fields: dict[str, str] = {}
    for field, names in SYNONYMS.items():
        if field in ("lat", "lon"):
            continue  # the geometry is the point
        value = next((values[n] for n in names if n in values), None)
        if value is not None:
            fields[field] = value
    for field, column in (column_map or {}).items():
        if field not in SYNONYMS:
            raise InputError(f"--map: unknown field {field!r}")
        fields[field] = values.get(normalise_name(column), "")
    return fields


class _Recoded:
    """A text file in any codec read as UTF-8 bytes (ijson reads bytes)."""

    def __init__(self, handle: TextIO) -> None:
        self._handle = handle

    def read(self, size: int = -1) -> bytes:
        return self._handle.read(size).encode("utf-8", "surrogatepass")

    def __enter__(self) -> _Recoded:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()


class _Watched:
    """Bytes passed through, noting whether a lone surrogate escape went by."""

    def __init__(self, handle: BinaryIO | _Recoded) -> None:
        self._handle = handle
        self._tail = b""
        self.lone_surrogate = False

    def read(self, size: int = -1) -> bytes:
        block = self._handle.read(size)
        if not self.lone_surrogate and b"\\u" in self._tail + block:
            self.lone_surrogate = LONE_SURROGATE.search(self._tail + block) is not None
        self._tail = block[-12:]
        return block


def _open(ctx: FileContext) -> BinaryIO | _Recoded:
    """The file as UTF-8 bytes after any BOM, whatever its encoding (check_file found it)."""
    if codecs.lookup(ctx.encoding).name in ("utf-8", "utf-8-sig", "ascii"):
        handle = ctx.path.open("rb")
        if handle.read(3) != codecs.BOM_UTF8:
            handle.seek(0)
        return handle
    return _Recoded(ctx.path.open(encoding=ctx.encoding))


@dataclasses.dataclass
class _Outline:
    """What the first pass found: the document's type and crs, its features' geometry types."""

    is_object: bool = True  # the document is a JSON object
    kind: object = None  # its "type" member
    crs: str | None = None
    features_listed: bool = False  # "features" is an array
    features: int = 0
    geometries: Counter[str] = dataclasses.field(default_factory=Counter)
    lone_surrogate: bool = False

    def kinds(self) -> Counter[str]:
        """Geometry types per feature, "none" for a feature without one."""
        kinds = Counter(self.geometries)
        if self.features > sum(kinds.values()):
            kinds["none"] = self.features - sum(kinds.values())
        return kinds


VALUES = frozenset(("start_map", "start_array", "string", "number", "boolean", "null"))


def _outline(ctx: FileContext) -> _Outline:
    """Stream the document once (ijson's events, no objects built): InputError (one line)
    for a file that is broken, nested too deeply or not a JSON object."""
    outline = _Outline()
    stack: list[list] = []  # per open container: [is_map, its current key]
    with _open(ctx) as raw:
        watched = _Watched(raw)
        try:
            for event, value in ijson.basic_parse(watched, buf_size=READ_BYTES, use_float=True):
                if event == "map_key":
                    stack[-1][1] = value
                elif event in ("end_map", "end_array"):
                    stack.pop()
                else:
                    if not stack and event != "start_map":
                        outline.is_object = False  # said after the scan: too deep is said first
                    if len(stack) <= 4:
                        _note(outline, [key for _, key in stack], event, value)
                    if event in ("start_map", "start_array"):
                        if len(stack) >= MAX_DEPTH:
                            raise InputError(TOO_DEEP)
                        stack.append([event == "start_map", None])
        except ijson.JSONError as exc:
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else "cut short"
            raise InputError(f"not valid JSON ({message}); truncated?") from None
        outline.lone_surrogate = watched.lone_surrogate
    return outline


def _note(outline: _Outline, path: list, event: str, value: object) -> None:
    """Record a value that starts at ``path`` (keys of maps, None inside arrays), if it matters."""
    scalar = event not in ("start_map", "start_array")
    match path:
        case ["type"] if scalar:
            outline.kind = value
        case ["features"] if event == "start_array":
            outline.features_listed = True
        case ["features", None]:
            outline.features += 1
        case ["features", None, "geometry", "type"] | ["geometry", "type"] if scalar:
            outline.geometries[str(value)] += 1
        case ["crs", "properties", "name"] if scalar and value:
            outline.crs = str(value)


def _features(ctx: FileContext, outline: _Outline) -> Iterator[object]:
    """The features one at a time (a Feature document is its own only feature)."""
    backend = ijson.get_backend("python") if outline.lone_surrogate else ijson
    prefix = "" if outline.kind == "Feature" else "features.item"
    with _open(ctx) as raw:
        yield from backend.items(raw, prefix, buf_size=READ_BYTES, use_float=True)


def _require_points(kinds: Counter[str]) -> None:
    """A file without any Point feature is refused as a whole, naming what it holds."""
    if "Point" not in kinds:
        found = ", ".join(f"{n} {kind}" for kind, n in kinds.most_common(4))
        raise InputError(
            f"no Point features (found {found}): the atlas imports points only; "
            "convert areas or lines to points (e.g. centroids) first"
        )


def _raw(feature: object) -> str | None:
    """The feature as JSON text for the report; None when it cannot be written out."""
    try:
        raw = json.dumps(feature, ensure_ascii=False)[:2000]
        raw.encode("utf-8")  # a lone surrogate escape ("\\ud800") is no text to write
    except (RecursionError, UnicodeEncodeError, ValueError):
        return None
    return raw


def import_file(ctx: FileContext) -> None:
    outline = _outline(ctx)
    if not outline.is_object:
        raise InputError("not a GeoJSON object")
    if outline.kind == "Feature":
        outline.features = 1
    elif outline.kind != "FeatureCollection" or not outline.features_listed:
        raise InputError("not a GeoJSON Feature or FeatureCollection")
    if not outline.features:
        raise InputError("the FeatureCollection has no features")
    _require_points(outline.kinds())
    transformer = checked_transformer(ctx.crs or outline.crs)
    features = _features(ctx, outline)
    for number, feature in enumerate(features, start=1):
        ctx.row_read()
        raw = _raw(feature)
        if raw is None:
            ctx.reject(number, "feature not writable as text (nested too deeply or a lone surrogate)", "")
            continue
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not isinstance(geometry, dict):
            ctx.reject(number, "no geometry", raw)
            continue
        if geometry.get("type") != "Point":
            ctx.reject(number, "geometry is not a Point", raw, str(geometry.get("type")))
            continue
        coords = geometry.get("coordinates")
        if not isinstance(coords, list) or len(coords) < 2:
            ctx.reject(number, "Point without coordinates", raw)
            continue
        properties = feature.get("properties") or {}
        if not isinstance(properties, dict):
            ctx.reject(number, "properties is not an object", raw)
            continue
        fields = _fields(properties, ctx.column_map)
        fields["lon"], fields["lat"] = str(coords[0]), str(coords[1])
        import_point(ctx, number, raw, fields, transformer)
