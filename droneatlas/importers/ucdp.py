"""UCDP Georeferenced Event Dataset (GED) CSV -> strikes: events whose sources speak of drones.

GED has no weapon field, so a row is kept only when its source text (headline, article,
original) uses a drone word; the rest are rejected as "not a drone event". killed = best
(UCDP's best estimate of deaths). where_prec 1-2 (the place or within 25 km of it) ->
"city"; 3-5 (district, province, line) -> "region" (counted in its oblast); 6-7 (the
country, international waters) -> "country" (never drawn at a place, only counted).
"""

from __future__ import annotations

from droneatlas.importers.batch import FileContext, slug, stable_id
from droneatlas.importers.csvio import header_names
from droneatlas.importers.events import accept_reported_point, iter_records
from droneatlas.importers.models import DRONE_WORDS
from droneatlas.schema import Precision

NAME = "ucdp"
URL = "https://ucdp.uu.se"
REQUIRED = ("date_start", "latitude", "longitude", "where_prec")
TEXT_COLUMNS = ("source_headline", "source_article", "source_original", "where_description")
PRECISION = (
    {"1": Precision.CITY, "2": Precision.CITY}
    | {str(n): Precision.REGION for n in range(3, 6)}
    | {"6": Precision.COUNTRY, "7": Precision.COUNTRY}
)


def sniff(columns: set[str]) -> bool:
    return {"date_start", "where_prec"} <= columns


def import_file(ctx: FileContext) -> None:
    rows = ctx.open_csv()
    names = header_names(rows, REQUIRED, "UCDP")
    ctx.columns = {"lat": names["latitude"], "lon": names["longitude"]}
    source_id = f"import-ucdp-{ctx.sha256[:12]}"

    def get(record: dict[str, str], column: str) -> str:
        return record.get(names.get(column, ""), "")

    for line, record, raw in iter_records(ctx, rows):
        text = " ".join(get(record, c) for c in TEXT_COLUMNS)
        if not DRONE_WORDS.search(text):
            ctx.reject(line, "not a drone event (no drone word in the source text)", raw)
            continue
        where = get(record, "where_prec").strip()
        if where not in PRECISION:
            ctx.reject(line, "where_prec must be 1 to 7", raw, where)
            continue
        event_id = get(record, "id").strip()
        record_id = f"ucdp-{slug(event_id)}" if event_id else stable_id("ucdp", raw)
        headline = get(record, "source_headline").strip() or get(record, "source_article").strip()
        fields = {
            "date": get(record, "date_start"),
            "lat": get(record, "latitude"),
            "lon": get(record, "longitude"),
            "place": get(record, "where_coordinates"),
            "region": get(record, "adm_1"),
            "country": get(record, "country"),
            "killed": get(record, "best"),
            "summary": f"{headline} (UCDP GED; {get(record, 'where_description').strip()})",
            "precision": PRECISION[where].value,
        }
        accept_reported_point(ctx, line, raw, fields, record_id=record_id, source_id=source_id)
    if ctx.report.accepted:
        title = (
            "UCDP Georeferenced Event Dataset, drone events "
            f"(imported copy {ctx.name}, sha256 {ctx.sha256[:12]})"
        )
        ctx.batch.add_source(source_id, title, "Uppsala Conflict Data Program (UCDP)", URL)
