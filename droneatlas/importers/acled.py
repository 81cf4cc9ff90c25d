"""ACLED CSV export -> strikes: drone events only, reported, precision from geo_precision.

A row is a drone event when its sub_event_type is "Air/drone strike" or its notes use a drone
word (drone, UAV, Shahed, Geran, Lancet, ...); other rows are rejected as "not a drone event"
so that read = accepted + rejected. geo_precision 1 and 2 are ACLED's town-level codes (the
point is the town's, the event is in or near it): precision "city"; 3 (a region's capital
stands for the region) is "region". ACLED writes 0 fatalities when none are reported, which
the atlas cannot tell from "unknown", so 0 becomes an empty killed and the raw figure is
kept in acled_fatalities.
"""

from __future__ import annotations

from droneatlas.importers.batch import FileContext, slug, stable_id
from droneatlas.importers.csvio import header_names, normalise_name
from droneatlas.importers.events import accept_reported_point, iter_records
from droneatlas.importers.models import DRONE_WORDS
from droneatlas.schema import Precision

NAME = "acled"
URL = "https://acleddata.com"
REQUIRED = ("event_date", "latitude", "longitude")
PRECISION = {"1": Precision.CITY, "2": Precision.CITY, "3": Precision.REGION}
DRONE_SUB_EVENT = "air/drone strike"


def sniff(columns: set[str]) -> bool:
    return {"event_date", "sub_event_type", "geo_precision"} <= columns


def import_file(ctx: FileContext) -> None:
    rows = ctx.open_csv()
    headers = {normalise_name(h) for h in rows.header}
    either = [] if {"sub_event_type", "notes"} & headers else ["sub_event_type or notes"]
    names = header_names(rows, REQUIRED, "ACLED", also_missing=either)
    ctx.columns = {"lat": names["latitude"], "lon": names["longitude"]}
    source_id = f"import-acled-{ctx.sha256[:12]}"

    def get(record: dict[str, str], column: str) -> str:
        return record.get(names.get(column, ""), "")

    for line, record, raw in iter_records(ctx, rows):
        notes = get(record, "notes")
        sub_event = get(record, "sub_event_type").strip().casefold()
        if sub_event != DRONE_SUB_EVENT and not DRONE_WORDS.search(notes):
            ctx.reject(line, "not a drone event", raw, get(record, "sub_event_type"))
            continue
        geo = get(record, "geo_precision").strip()
        if geo not in PRECISION:
            ctx.reject(line, "geo_precision must be 1, 2 or 3", raw, geo)
            continue
        event_id = get(record, "event_id_cnty").strip()
        record_id = f"acled-{slug(event_id)}" if event_id else stable_id("acled", raw)
        fatalities = get(record, "fatalities").strip()
        origin = get(record, "source").strip()
        summary = notes.strip() + (f" (ACLED; sources: {origin})" if origin else " (ACLED)")
        fields = {
            "date": get(record, "event_date"),
            "lat": get(record, "latitude"),
            "lon": get(record, "longitude"),
            "place": get(record, "location"),
            "region": get(record, "admin1"),
            "country": get(record, "country"),
            "killed": "" if fatalities in ("", "0") else fatalities,
            "summary": summary,
            "precision": PRECISION[geo].value,
        }
        accept_reported_point(
            ctx, line, raw, fields, record_id=record_id, source_id=source_id,
            extra={"acled_fatalities": fatalities},
        )  # fmt: skip
    if ctx.report.accepted:
        title = f"ACLED event export, drone events (imported copy {ctx.name}, sha256 {ctx.sha256[:12]})"
        ctx.batch.add_source(source_id, title, "Armed Conflict Location & Event Data (ACLED)", URL)
