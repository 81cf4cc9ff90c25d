"""GeoJSON Point features -> strikes, with the generic CSV rules for properties.

A legacy ``crs`` member (e.g. EPSG:3857) is honoured and reprojected to WGS84; without one,
RFC 7946 says WGS84 lon/lat. Non-point geometries are rejected row by row. The "line" in
the report is the feature's number (1 = first). GeoJSON cannot be read in chunks with the
standard library, so files above MAX_BYTES are refused with a one-line message (convert
them to CSV, which is streamed). JSON nested deeper than Python's recursion limit (as a
file or inside one feature's properties) is refused in one line, never a RecursionError,
and so is a file without a single Point feature (the atlas maps strikes as points).
"""

from __future__ import annotations

import json
from collections import Counter

from droneatlas.importers.batch import FileContext
from droneatlas.importers.csvio import InputError, normalise_name
from droneatlas.importers.generic_csv import SYNONYMS, checked_transformer, import_point

NAME = "geojson"
MAX_BYTES = 100 * 1024 * 1024


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


def _crs_name(document: dict) -> str | None:
    crs = document.get("crs")
    if isinstance(crs, dict):
        name = (crs.get("properties") or {}).get("name")
        return str(name) if name else None
    return None


def _load(ctx: FileContext) -> object:
    """The parsed document; InputError (one line) for a file too big, broken or too deep."""
    if ctx.path.stat().st_size > MAX_BYTES:
        raise InputError(
            f"GeoJSON larger than {MAX_BYTES >> 20} MB: convert it to CSV (CSV is read in chunks)"
        )
    try:
        with ctx.path.open(encoding=ctx.encoding) as handle:
            return json.load(handle)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); truncated?"
        ) from None
    except RecursionError:
        raise InputError("JSON nested too deeply to read (arrays or objects inside each other)") from None


def _geometry_type(feature: object) -> str:
    geometry = feature.get("geometry") if isinstance(feature, dict) else None
    return str(geometry.get("type")) if isinstance(geometry, dict) else "none"


def _require_points(features: list) -> None:
    """A file without any Point feature is refused as a whole, naming what it holds."""
    kinds = Counter(_geometry_type(f) for f in features)
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
    document = _load(ctx)
    if not isinstance(document, dict):
        raise InputError("not a GeoJSON object")
    if document.get("type") == "Feature":
        features = [document]
    elif document.get("type") == "FeatureCollection" and isinstance(document.get("features"), list):
        features = document["features"]
    else:
        raise InputError("not a GeoJSON Feature or FeatureCollection")
    if not features:
        raise InputError("the FeatureCollection has no features")
    _require_points(features)
    transformer = checked_transformer(ctx.crs or _crs_name(document))
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
