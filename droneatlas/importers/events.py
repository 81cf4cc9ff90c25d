"""One point event (ACLED, UCDP, generic CSV, GeoJSON) -> one strike row, or a rejection."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pyproj import CRS, Transformer

from droneatlas.importers.batch import FileContext, coordinate_problem, parse_day, whole_number
from droneatlas.importers.csvio import CsvRows
from droneatlas.importers.models import drone_id_for, drone_in_text
from droneatlas.schema import Confidence, Precision

WGS84 = CRS.from_epsg(4326)
DECIMAL_COMMA = re.compile(r"\s*[+-]?\d+,\d+\s*")
DECIMAL_COMMA_REASON = "decimal comma in a coordinate (write 49.5, or use ; or tab as the delimiter)"


class DecimalComma(ValueError):
    """A coordinate written "49,5" in a comma-separated file, where the comma is ambiguous."""


# Country names as ACLED and UCDP write them -> ISO 3166-1 alpha-2 (the atlas's country column).
COUNTRY_CODES = {
    "ukraine": "UA",
    "russia": "RU",
    "russian federation": "RU",
    "belarus": "BY",
    "moldova": "MD",
    "georgia": "GE",
    "iran": "IR",
    "poland": "PL",
    "romania": "RO",
    "israel": "IL",
    "yemen": "YE",
    "syria": "SY",
    "iraq": "IQ",
    "lebanon": "LB",
    "palestine": "PS",
    "saudi arabia": "SA",
    "sudan": "SD",
}


def country_code(text: str) -> str:
    text = text.strip()
    if len(text) == 2 and text.isalpha():
        return text.upper()
    return COUNTRY_CODES.get(text.casefold(), "")


def transformer_for(crs: str | None) -> Transformer | None:
    """A transformer to WGS84 lon/lat, or None when the input already is WGS84."""
    if not crs:
        return None
    source = CRS.from_user_input(crs)
    if source.equals(WGS84, ignore_axis_order=True) or source.to_epsg() in (4326, 4979):
        return None
    return Transformer.from_crs(source, WGS84, always_xy=True)


def coordinate(text: str, decimal_comma: bool) -> float:
    """A coordinate as a number; "49,5" is 49.5 only where the comma cannot be a delimiter.

    Raises DecimalComma for "49,5" in a comma-separated file (a quoted cell: the comma
    could be a thousands separator as well), ValueError for anything else not a number.
    """
    if DECIMAL_COMMA.fullmatch(text):
        if not decimal_comma:
            raise DecimalComma(text)
        text = text.replace(",", ".")
    return float(text)


def _point(ctx: FileContext, line: int, raw: str, fields: dict[str, str]) -> tuple[float, float] | None:
    """(x, y) of a row as numbers, or None after rejecting it with the column at fault."""
    numbers: dict[str, float] = {}
    for name in ("lat", "lon"):
        text = fields.get(name, "")
        try:
            numbers[name] = coordinate(text, ctx.decimal_comma)
        except DecimalComma:
            column = ctx.columns.get(name, name)
            ctx.reject(line, DECIMAL_COMMA_REASON, raw, f"column {column}, line {line}: {text}")
            return None
        except ValueError:
            detail = f"{fields.get('lat', '')}, {fields.get('lon', '')}"
            ctx.reject(line, "coordinates are not numbers", raw, detail)
            return None
    return numbers["lon"], numbers["lat"]


def point_strike(
    ctx: FileContext,
    line: int,
    raw: str,
    fields: dict[str, str],
    *,
    record_id: str,
    source_id: str,
    default_confidence: Confidence,
    default_precision: Precision,
    transformer: Transformer | None = None,
) -> dict[str, str] | None:
    """Check one event and build its strike row; rejects (and returns None) on any problem."""
    point = _point(ctx, line, raw, fields)
    if point is None:
        return None
    x, y = point
    if transformer is not None:
        x, y = transformer.transform(x, y)
    if problem := coordinate_problem(y, x):
        ctx.reject(line, problem, raw, f"lat {y:g}, lon {x:g}")
        return None
    day = parse_day(fields.get("date", ""))
    if day is None:
        ctx.reject(line, "date not understood", raw, fields.get("date", ""))
        return None
    if day > ctx.batch.today:
        ctx.reject(line, "date in the future", raw, day.isoformat())
        return None
    counts = {}
    for column in ("killed", "injured", "launched", "destroyed"):
        value = whole_number(fields.get(column, ""))
        if value and not value.isdigit():
            ctx.reject(line, f"{column} is not a whole number >= 0", raw, value)
            return None
        counts[column] = value
    confidence = fields.get("confidence", "").strip().lower() or default_confidence.value
    precision = fields.get("precision", "").strip().lower() or default_precision.value
    if confidence not in {c.value for c in Confidence}:
        ctx.reject(line, "confidence must be verified, reported or claimed", raw, confidence)
        return None
    if precision not in {p.value for p in Precision}:
        ctx.reject(line, "precision must be exact, city or region", raw, precision)
        return None
    model = fields.get("drone", "").strip()
    drone = drone_id_for(model) if model else drone_in_text(fields.get("summary", ""))
    drone = drone or ""
    return {
        "id": record_id,
        "date": day.isoformat(),
        "lat": f"{y:.5f}",
        "lon": f"{x:.5f}",
        "place": fields.get("place", "").strip(),
        "region": fields.get("region", "").strip(),
        "country": country_code(fields.get("country", "")),
        "drone_id": drone,
        "target_type": fields.get("target_type", "").strip().lower() or "unknown",
        "confidence": confidence,
        "precision": precision,
        "summary": fields.get("summary", "").strip(),
        "source_ids": source_id,
        "model": model,
        "import_id": source_id,
        **counts,
    }


def iter_records(ctx: FileContext, rows: CsvRows) -> Iterator[tuple[int, dict[str, str], str]]:
    """Every record of a CSV as (line, {header: value}, raw); counts each as read.

    Records with the wrong number of fields and a malformed tail are rejected here.
    """
    width = len(rows.header)
    for chunk in rows.chunks():
        for line, values, raw in chunk:
            ctx.row_read()
            if values is None:
                ctx.reject(line, "malformed or truncated record", "", raw)
                continue
            if len(values) != width:
                reason = "too few fields (truncated row?)" if len(values) < width else "too many fields"
                ctx.reject(line, reason, raw, f"{len(values)} fields, header has {width}")
                continue
            yield line, dict(zip(rows.header, values, strict=True)), raw


def accept_reported_point(
    ctx: FileContext,
    line: int,
    raw: str,
    fields: dict[str, str],
    *,
    record_id: str,
    source_id: str,
    extra: dict[str, str] | None = None,
) -> None:
    """One event of a curated event database (ACLED, UCDP): a reported point strike,
    region-level unless the file says better; rejected with its reason if invalid."""
    row = point_strike(
        ctx,
        line,
        raw,
        fields,
        record_id=record_id,
        source_id=source_id,
        default_confidence=Confidence.REPORTED,
        default_precision=Precision.REGION,
    )
    if row is not None and ctx.accept({**row, **(extra or {})}, line, raw):
        ctx.batch.add_drone(row["drone_id"], source_id)
