"""Any CSV with a latitude, a longitude and a date column -> strikes.

Columns are found by common names, case- and punctuation-insensitively (``Latitude``,
``lat``, ``y``; ``Event Date``, ``date``, ...), or named with ``column_map`` ("lat" ->
"Latitude"). Every row must cite an http(s) page in its url column (``source_url``, ``url``,
``link``, or ``source`` when that holds a URL): each distinct URL becomes a sources.csv row,
and a row without one is rejected with "no http(s) source url" (the atlas shows nothing
without a source). Unless the file has confidence/precision columns, rows are "claimed"
(one file's statement) at "region" precision (nothing says the point is finer).
A projected file is reprojected when its CRS is given (``crs``, e.g. "EPSG:3857").
"""

from __future__ import annotations

from urllib.parse import urlsplit

from pyproj.exceptions import CRSError

from droneatlas.importers.batch import FileContext, slug, stable_id
from droneatlas.importers.csvio import InputError, normalise_name
from droneatlas.importers.events import iter_records, point_strike, transformer_for
from droneatlas.schema import Confidence, Precision
from droneatlas.text import is_safe_url

NAME = "csv"
DEFAULT_CONFIDENCE = Confidence.CLAIMED
DEFAULT_PRECISION = Precision.REGION

# Canonical field -> the column names it is recognised by (normalised, first found wins).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": ("id", "event_id", "event_id_cnty", "uid", "record_id"),
    "date": ("date", "event_date", "date_start", "day", "datetime", "timestamp", "time", "when"),
    "lat": ("lat", "latitude", "y", "lat_dd", "decimal_latitude"),
    "lon": ("lon", "lng", "long", "longitude", "x", "lon_dd", "decimal_longitude"),
    "place": ("place", "location", "town", "city", "locality", "name"),
    "region": ("region", "admin1", "oblast", "province", "state"),
    "country": ("country", "country_code", "iso2"),
    "drone": ("drone_id", "drone", "drone_model", "model", "weapon"),
    "target_type": ("target_type",),
    "killed": ("killed", "fatalities", "deaths", "dead"),
    "injured": ("injured", "wounded"),
    "confidence": ("confidence",),
    "precision": ("precision",),
    "summary": ("summary", "notes", "description", "comment", "details"),
    "url": ("source_url", "url", "link", "source_link", "source"),
    "source_title": ("source_title",),
    "launched": ("launched",),
    "destroyed": ("destroyed",),
}
REQUIRED = ("lat", "lon", "date")


def resolve_columns(header: list[str], column_map: dict[str, str] | None) -> dict[str, str]:
    """Canonical field -> the file's column; raises InputError for a bad map or a missing column."""
    by_norm = {normalise_name(h): h for h in header}
    found: dict[str, str] = {}
    for field, names in SYNONYMS.items():
        column = next((by_norm[n] for n in names if n in by_norm), None)
        if column is not None:
            found[field] = column
    for field, column in (column_map or {}).items():
        if field not in SYNONYMS:
            raise InputError(f"--map: unknown field {field!r} (known: {', '.join(SYNONYMS)})")
        actual = by_norm.get(normalise_name(column))
        if actual is None:
            raise InputError(f"--map: column {column!r} (for {field}) is not in the file")
        found[field] = actual
    missing = [f for f in REQUIRED if f not in found]
    if missing:
        shown = ", ".join(header[:12]) + (", ..." if len(header) > 12 else "")
        raise InputError(
            f"missing required column(s) {', '.join(missing)} (found: {shown}); name them with --map"
        )
    return found


def source_for(ctx: FileContext, fields: dict[str, str]) -> str | None:
    """The sources.csv id of the row's URL (added on first use), or None without an http(s) URL."""
    url = fields.get("url", "").strip()
    if not is_safe_url(url):
        return None
    source_id = stable_id("import-url", url)
    title = fields.get("source_title", "").strip() or f"Source cited by the imported file {ctx.name}"
    ctx.batch.add_source(source_id, title, urlsplit(url).hostname or "", url)
    return source_id


def record_id_for(fields: dict[str, str], raw: str) -> str:
    """The file's own id when it has one, else a hash of the whole row (stable on re-import)."""
    own = fields.get("id", "").strip()
    return f"import-{slug(own)}" if own and slug(own) else stable_id("import", raw)


def import_point(ctx: FileContext, line: int, raw: str, fields: dict[str, str], transformer) -> None:
    """Shared by generic CSV and GeoJSON: source check, then the common event checks."""
    source_id = source_for(ctx, fields)
    if source_id is None:
        ctx.reject(line, "no http(s) source url", raw, fields.get("url", ""))
        return
    row = point_strike(
        ctx,
        line,
        raw,
        fields,
        record_id=record_id_for(fields, raw),
        source_id=source_id,
        default_confidence=DEFAULT_CONFIDENCE,
        default_precision=DEFAULT_PRECISION,
        transformer=transformer,
    )
    if row is not None and ctx.accept(row, line, raw):
        ctx.batch.add_drone(row["drone_id"], source_id)


def checked_transformer(crs: str | None):
    try:
        return transformer_for(crs)
    except CRSError:
        raise InputError(f"unknown CRS {crs!r}") from None


def import_file(ctx: FileContext) -> None:
    rows = ctx.open_csv()
    columns = resolve_columns(rows.header, ctx.column_map)
    ctx.columns = columns
    transformer = checked_transformer(ctx.crs)
    for line, record, raw in iter_records(ctx, rows):
        fields = {field: record[column] for field, column in columns.items()}
        import_point(ctx, line, raw, fields, transformer)
