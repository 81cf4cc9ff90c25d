"""GeoJSON and CSV of exactly what a view shows: records in the window and rings as polygons."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

import geopandas as gpd
import pandas as pd
from shapely import transform
from shapely.geometry import Point, mapping

from droneatlas import settings
from droneatlas.catalog import Catalog
from droneatlas.launches import counted_rows
from droneatlas.launchlines import launch_lines, line_label
from droneatlas.text import spreadsheet_safe
from droneatlas.timeline import View, Window
from droneatlas.view import ViewSpec, spec_view, view_rings

COORD_DECIMALS = 5
CSV_COLUMNS = (
    "type",
    "id",
    "name",
    "kind",
    "date",
    "active_from",
    "active_to",
    "lat",
    "lon",
    "drone",
    "radius_km",
    "confidence",
    "precision",
    "killed",
    "injured",
    "summary",
    "sources",
    "source_urls",
    "geometry_wkt",
)


# RFC 4180 line ends: Python's writer quotes a field for the characters of its line
# terminator only, so with CRLF a bare CR or LF inside a value is always quoted and every
# record reads back whole (with "\n" alone, a value holding "\r" split its record).
CRLF = "\r\n"


def _day(value: object) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def _count(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _sources(ids: tuple[str, ...], sources: pd.DataFrame) -> list[dict]:
    return [
        {"id": sid, "title": sources.loc[sid, "title"], "url": sources.loc[sid, "url"]}
        for sid in ids
        if sid in sources.index
    ]


def _citer(sources: pd.DataFrame, lists: pd.Series) -> Callable[[tuple[str, ...]], list[dict]]:
    """``_sources`` of the id lists in ``lists``, answered once per distinct list, not with two
    table look-ups per strike (50,049 strikes' records: 10.6 s -> 6.8 s here, on a busy
    machine). Only the sources ``lists`` cite are read: an upload citing a URL per event has
    a million sources, whose every record made ~0.3 GB for an export of a few of them."""
    cited = pd.unique(pd.Series([sid for ids in pd.unique(lists) for sid in ids], dtype=object))
    found = sources.index.get_indexer(cited)
    rows = sources.iloc[found[found >= 0]]
    known = {
        sid: {"id": sid, "title": title, "url": url}
        for sid, title, url in zip(rows.index, rows["title"], rows["url"], strict=True)
    }
    answers: dict[tuple[str, ...], list[dict]] = {}

    def cite(ids: tuple[str, ...]) -> list[dict]:
        if ids not in answers:
            answers[ids] = [known[sid] for sid in ids if sid in known]
        return [dict(source) for source in answers[ids]]

    return cite


def export_limit(catalog: Catalog, spec: ViewSpec) -> str:
    """Why the view's GeoJSON and CSV are not offered, or "" when they are: a view of more
    than settings.MAX_EXPORT_RECORDS strikes would be built in the server's memory (a 900,000-
    strike GeoJSON is ~0.5 GB of text and more as objects) and did not arrive in minutes."""
    if "strikes" not in spec.options.layers:
        return ""
    shown = len(spec_view(catalog, spec).strikes)
    if shown <= settings.MAX_EXPORT_RECORDS:
        return ""
    return (
        f"This view shows {shown:,} strikes; the GeoJSON and CSV downloads hold at most "
        f"{settings.MAX_EXPORT_RECORDS:,}. Narrow the time window or the filters, or export the "
        "whole view with the command line: droneatlas snapshot --format geojson (or csv)."
    )


def records(catalog: Catalog, view: View, rings: gpd.GeoDataFrame) -> list[dict]:
    """One flat dict per shown strike, site and ring, with its geometry and sources."""
    drones = catalog.drones["name"].to_dict()
    cite = _citer(catalog.sources, view.strikes["source_ids"])
    out = []
    for s in view.strikes.itertuples(index=False):
        out.append(
            {
                "type": "strike",
                "id": s.id,
                "name": s.place,
                "kind": s.target_type,
                "date": _day(s.date),
                "lat": s.lat,
                "lon": s.lon,
                "drone": drones.get(s.drone_id, s.drone_id),
                "confidence": s.confidence,
                "precision": s.precision,
                "killed": _count(s.killed),
                "injured": _count(s.injured),
                "summary": s.summary,
                "sources": cite(s.source_ids),
                "geometry": Point(s.lon, s.lat),
            }
        )
    for s in view.sites.itertuples(index=False):
        out.append(
            {
                "type": "site",
                "id": s.id,
                "name": s.name,
                "kind": s.kind,
                "active_from": _day(s.active_from),
                "active_to": _day(s.active_to),
                "lat": s.lat,
                "lon": s.lon,
                "drone": "|".join(drones.get(d, d) for d in s.drone_ids),
                "confidence": s.confidence,
                "precision": s.precision,
                "summary": s.summary,
                "sources": _sources(s.source_ids, catalog.sources),
                "geometry": s.geometry,
            }
        )
    for r in rings.itertuples(index=False):
        out.append(
            {
                "type": f"range_{r.kind}",
                "id": f"{r.kind}:{r.site_id or 'all'}:{r.drone_id}",
                "name": r.label,
                "kind": r.range_basis,
                "drone": r.drone_name,
                "radius_km": round(float(r.radius_km), 1),
                "sources": _sources(tuple(r.source_ids), catalog.sources),
                "geometry": transform(r.geometry, lambda xy: xy.round(COORD_DECIMALS)),
            }
        )
    return out


def view_records(catalog: Catalog, spec: ViewSpec) -> tuple[list[dict], str]:
    """The records a view shows and its window's label: strikes, sites and rings, each only
    when its layer is on (the export is the view, as the map and the PNG show it), strikes
    as the spec's filter keeps them."""
    view = spec_view(catalog, spec)
    layers = spec.options.layers
    shown = View(
        view.window,
        view.strikes if "strikes" in layers else view.strikes.iloc[:0],
        view.sites if "sites" in layers else view.sites.iloc[:0],
    )
    rows = records(catalog, shown, view_rings(catalog, view, spec.options)[0])
    if "launch_lines" in layers:
        rows += launch_line_records(catalog, view)
    return rows, view.window.label()


def launch_line_records(catalog: Catalog, view: View) -> list[dict]:
    """One record per launch line of the view: site -> strike, the strike's sources."""
    lines = launch_lines(view.strikes, catalog.sites)
    cited = view.strikes["source_ids"].to_dict()
    drones = catalog.drones["name"].to_dict()
    return [
        {
            "type": "launch_line",
            "id": f"launch:{line.site_id}:{line.strike_id}",
            "name": line_label(line),
            "kind": "one of the night's named launch areas" if line.shared > 1 else "named launch site",
            "date": _day(line.date),
            "drone": drones.get(line.drone_id, line.drone_id),
            "confidence": line.confidence,
            "sources": _sources(tuple(cited.get(line.strike_id, ())), catalog.sources),
            "geometry": transform(line.geometry, lambda xy: xy.round(COORD_DECIMALS)),
        }
        for line in lines.itertuples(index=False)
    ]


def to_geojson(rows: list[dict], *, window_label: str) -> str:
    """A FeatureCollection (RFC 7946, WGS84 lon/lat) of the records."""
    features = [
        {
            "type": "Feature",
            "id": row["id"],
            "geometry": mapping(row["geometry"]),
            "properties": {k: v for k, v in row.items() if k != "geometry"},
        }
        for row in rows
    ]
    collection = {"type": "FeatureCollection", "name": f"Drone Atlas · {window_label}", "features": features}
    return json.dumps(collection, ensure_ascii=False, default=_json_default)


def to_csv(rows: list[dict]) -> str:
    """One CSV row per record; rings carry their polygon as WKT, sources as `|` lists."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator=CRLF)
    writer.writeheader()
    for row in rows:
        geometry = row["geometry"]
        writer.writerow(
            {
                **{k: ("" if v is None else spreadsheet_safe(v)) for k, v in row.items()},
                "sources": spreadsheet_safe("|".join(s["title"] for s in row["sources"])),
                "source_urls": "|".join(s["url"] for s in row["sources"]),
                "geometry_wkt": geometry.wkt if geometry.geom_type != "Point" else "",
            }
        )
    return buffer.getvalue()


LAUNCH_CSV_COLUMNS = (
    "id",
    "period",
    "date",
    "drones_launched",
    "drones_downed",
    "counted_in_window_total",
    "drone_types",
    "reported_by",
    "summary",
    "sources",
    "source_urls",
)


def launches_csv(catalog: Catalog, window: Window) -> str:
    """The reported scale of a window as CSV: every night row in it and every month row that
    overlaps it; ``counted_in_window_total`` says which rows make the window's total
    (droneatlas.launches: each month once)."""
    launches = catalog.launches
    counted = set(counted_rows(launches, window).index)
    first, last = pd.Timestamp(window.start), pd.Timestamp(window.end)
    month_end = launches["date"] + pd.offsets.MonthEnd(0)
    overlaps = (launches["date"] <= last) & (
        ((launches["period"] == "month") & (month_end >= first))
        | ((launches["period"] != "month") & (launches["date"] >= first))
    )
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=LAUNCH_CSV_COLUMNS, lineterminator=CRLF)
    writer.writeheader()
    for row in launches[overlaps].itertuples(index=False):
        cited = _sources(row.source_ids, catalog.sources)
        values = {
            "id": row.id,
            "period": row.period,
            "date": _day(row.date),
            "drones_launched": _count(row.drones_launched),
            "drones_downed": _count(row.drones_downed),
            "counted_in_window_total": "yes" if row.id in counted else "no",
            "drone_types": row.drone_types,
            "reported_by": row.reported_by,
            "summary": row.summary,
            "sources": "|".join(s["title"] for s in cited),
            "source_urls": "|".join(s["url"] for s in cited),
        }
        writer.writerow({k: "" if v is None else spreadsheet_safe(v) for k, v in values.items()})
    return buffer.getvalue()


def _json_default(value: object) -> object:
    if isinstance(value, float) and pd.isna(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return str(value)
