"""Load and validate a data directory (DESIGN §3) into typed tables.

Validation happens once, here, at the boundary: every problem of every row is gathered,
invalid rows are skipped and reported with file, line, id and reason, the valid rows load.
Reading a file is csvread's, checking a big one a chunk at a time chunkcheck's, the strikes
table strikestable's, date order tableorder's; here: the tables, the catalog, the merge.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from droneatlas import settings
from droneatlas.checks import (
    LINE,
    Check,
    count,
    first_of_month,
    iso_date,
    known_ids,
    not_above,
    number_in,
    one_of,
    one_row_per,
    ordered_dates,
    parse_dates,
    required,
    safe_url,
    split_column,
    unique_ids,
    validate,
)
from droneatlas.chunkcheck import checked_chunks, checked_file
from droneatlas.csvread import read_table
from droneatlas.schema import (
    LAUNCH_COLUMNS,
    REQUIRED_VALUES,
    Confidence,
    Period,
    Precision,
    RangeBasis,
    SiteKind,
    Table,
)
from droneatlas.strikestable import strike_chunks
from droneatlas.tableorder import merged_by_date, object_index, popped, taken
from droneatlas.validation import RowIssue, ValidationReport

WGS84 = "EPSG:4326"
SMALL_TABLES = (Table.DRONES, Table.SITES)  # read whole; the others in chunks or later


@dataclass
class Catalog:
    """The validated contents of a data directory."""

    sources: pd.DataFrame
    drones: pd.DataFrame
    sites: gpd.GeoDataFrame
    # Located by lat/lon, without a geometry column: a point object per strike cost ~200 MB
    # per million strikes, for the one export that needs it (droneatlas.export.data).
    strikes: pd.DataFrame
    report: ValidationReport = field(default_factory=ValidationReport)
    launches: pd.DataFrame = field(default_factory=lambda: empty_launches())

    def span(self) -> tuple[date, date] | None:
        """First and last date of any strike or site activity, or None if there is none."""
        columns = (self.strikes["date"], self.sites["active_from"], self.sites["active_to"])
        firsts, lasts = _extremes(columns)
        return (min(firsts).date(), max(lasts).date()) if firsts else None

    def as_of(self) -> date | None:
        """The newest dated fact in the data: the latest strike or source publication."""
        _, lasts = _extremes((self.strikes["date"], self.sources["published"]))
        return max(lasts).date() if lasts else None


def _extremes(columns: tuple[pd.Series, ...]) -> tuple[list[pd.Timestamp], list[pd.Timestamp]]:
    """The earliest and latest date of each column that has one (column by column: no
    concatenation of a million dates on every call)."""
    present = [column for column in columns if column.notna().any()]
    return [column.min() for column in present], [column.max() for column in present]


def default_data_dir() -> Path:
    """ATLAS_DATA_DIR when set, else the project's curated data/ (app and command line alike)."""
    return settings.data_dir()


def _points(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    lon = pd.to_numeric(frame["lon"]).astype(float)
    lat = pd.to_numeric(frame["lat"]).astype(float)
    frame = frame.assign(lat=lat, lon=lon)
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(lon, lat), crs=WGS84)


# A URL per imported event is distinct text: kept as Arrow strings (~65 bytes a URL) rather
# than a Python string each (~110 bytes and a pointer), ~45 MB less per million sources.
ARROW_SOURCE_COLUMNS = ("url",)


def source_checks(unique: Check) -> list[Check]:
    return [required(REQUIRED_VALUES[Table.SOURCES]), unique, safe_url, iso_date("published")]


def _source_chunks(frames: Iterable[pd.DataFrame], report: ValidationReport) -> pd.DataFrame:
    """Check and type sources a chunk at a time (an import citing a URL per row writes a
    sources.csv as long as its strikes.csv)."""
    valid = checked_chunks(frames, Table.SOURCES, source_checks, report, skip=ARROW_SOURCE_COLUMNS)
    valid["published"] = parse_dates(valid["published"])
    return valid.set_index("id", drop=False)


def load_drones(frame: pd.DataFrame, sources: Collection[str], report: ValidationReport) -> pd.DataFrame:
    table = Table.DRONES
    checks: list[Check] = [
        required(REQUIRED_VALUES[table]),
        unique_ids,
        one_of("range_basis", RangeBasis),
        known_ids("source_ids", sources, "source"),
    ]
    checks += [number_in(c, 0, 20_000) for c in ("range_km", "range_min_km", "range_max_km")]
    checks += [not_above("range_min_km", "range_km"), not_above("range_km", "range_max_km")]
    valid = validate(frame, table.filename, checks, report)
    for column in ("range_km", "range_min_km", "range_max_km"):
        valid[column] = pd.to_numeric(valid[column], errors="coerce").astype(float)
    valid["source_ids"] = split_column(valid["source_ids"])
    valid["aliases"] = split_column(valid["aliases"])
    return valid.set_index("id", drop=False)


def load_sites(
    frame: pd.DataFrame, sources: Collection[str], drones: set[str], report: ValidationReport, *, today: date
) -> gpd.GeoDataFrame:
    table = Table.SITES
    checks = [
        required(REQUIRED_VALUES[table]),
        unique_ids,
        one_of("kind", SiteKind),
        number_in("lat", -90, 90),
        number_in("lon", -180, 180),
        iso_date("active_from", not_after=today),
        iso_date("active_to"),
        ordered_dates("active_from", "active_to"),
        known_ids("drone_ids", drones, "drone"),
        one_of("confidence", Confidence),
        one_of("precision", Precision),
        known_ids("source_ids", sources, "source"),
    ]
    valid = validate(frame, table.filename, checks, report)
    valid["active_from"] = parse_dates(valid["active_from"])
    valid["active_to"] = parse_dates(valid["active_to"])
    valid["drone_ids"] = split_column(valid["drone_ids"])
    valid["source_ids"] = split_column(valid["source_ids"])
    return _points(valid).set_index("id", drop=False)


def load_launches(
    frame: pd.DataFrame, sources: Collection[str], report: ValidationReport, *, today: date
) -> pd.DataFrame:
    """The reported scale: drones launched (and downed) per night or month, in date order."""
    table = Table.LAUNCHES
    checks = [
        required(REQUIRED_VALUES[table]),
        unique_ids,
        one_of("period", Period),
        iso_date("date", not_after=today),
        first_of_month("date"),
        one_row_per(("period", "date")),  # a second total for the same month or night would count twice
        count("drones_launched"),
        count("drones_downed"),
        not_above("drones_downed", "drones_launched"),
        known_ids("source_ids", sources, "source"),
    ]
    valid = validate(frame, table.filename, checks, report)
    valid["date"] = parse_dates(valid["date"])
    for column in ("drones_launched", "drones_downed"):
        valid[column] = pd.to_numeric(valid[column], errors="coerce").astype("Int64")
    valid["source_ids"] = split_column(valid["source_ids"])
    return valid.set_index("id", drop=False).sort_values("date", kind="stable")


def empty_launches() -> pd.DataFrame:
    """A launches table with no rows (a data directory without launches.csv)."""
    columns = {name: pd.Series(dtype=object) for name in (*LAUNCH_COLUMNS, LINE)}
    frame = pd.DataFrame(columns).assign(
        date=pd.Series(dtype="datetime64[us]"),
        drones_launched=pd.Series(dtype="Int64"),
        drones_downed=pd.Series(dtype="Int64"),
        _line=pd.Series(dtype="int64"),
    )
    return frame.set_index("id", drop=False)


def load_catalog(data_dir: Path, *, today: date | None = None) -> Catalog:
    """Read, validate and type the four tables of ``data_dir``.

    Never raises for bad data: a missing directory, file or column and every invalid row
    are described in ``catalog.report`` and the rest loads.
    """
    report = ValidationReport()
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        report.add_file_error(f"data directory not found: {data_dir}")
    # sources.csv and strikes.csv, which can hold a row per imported event, are read in chunks.
    sources = checked_file(data_dir / Table.SOURCES.filename, Table.SOURCES, report, _source_chunks)
    raw = {table: read_table(data_dir / table.filename, table, report) for table in SMALL_TABLES}
    # The sources' own index answers "is this id known" (its hash table serves the strikes'
    # check too): a set of a million ids beside it cost ~44 MB through the strikes' check.
    source_ids = sources.index
    drones = load_drones(raw[Table.DRONES], source_ids, report)
    today = today or date.today()
    sites = load_sites(raw[Table.SITES], source_ids, set(drones.index), report, today=today)
    strikes = checked_file(
        data_dir / Table.STRIKES.filename,
        Table.STRIKES,
        report,
        strike_chunks,
        sources.index,
        set(drones.index),
        set(sites.index),
        today,
    )
    launches = read_table(data_dir / Table.LAUNCHES.filename, Table.LAUNCHES, report)
    launches = load_launches(launches, source_ids, report, today=today)
    return Catalog(
        sources=sources, drones=drones, sites=sites, strikes=strikes, report=report, launches=launches
    )


def merge_catalogs(base: Catalog, extra: Catalog, *, label: str) -> Catalog:
    """``base`` plus the records of ``extra`` whose ids it does not have (base wins).

    Used to show uploaded data with the curated data without ever changing the latter;
    ``label`` prefixes the file names of ``extra``'s report lines (e.g. "upload").
    ``extra`` is used up: its strikes' columns move into the result (see tableorder.merged_by_date).
    """
    report = ValidationReport()
    for source, prefix in ((base.report, ""), (extra.report, f"{label}: ")):
        report.file_errors += [prefix + message for message in source.file_errors]
        for name in source.read:
            report.add_rows(prefix + name, source.read[name], source.accepted[name], [])
        report.rejected_rows += [
            RowIssue(prefix + i.file, i.line, i.record_id, i.reason) for i in source.rejected_rows
        ]

    def new_in(b: pd.DataFrame, a: pd.DataFrame, table: Table, *, use_up: bool = False) -> pd.DataFrame:
        """The rows of ``b`` whose ids ``a`` does not have; the others are reported.
        ``use_up``: those rows are taken out of ``b`` a column at a time (left empty), not
        copied beside it."""
        clash = b.index.isin(a.index)
        for record_id, line in zip(b.index[clash], b[LINE][clash], strict=True):
            report.rejected_rows.append(
                RowIssue(f"{label}: {table.filename}", int(line), record_id, "id already in the main data")
            )
            report.accepted[f"{label}: {table.filename}"] -= 1
        if not clash.any():
            return b
        if not use_up:
            return b[~clash]  # a copy of b's other rows
        kept = np.flatnonzero(~clash)
        return taken(popped(b), b.index.take(kept), kept)

    def union(a: pd.DataFrame, b: pd.DataFrame, table: Table) -> pd.DataFrame:
        b = new_in(b, a, table)
        return pd.concat([a, b]).set_axis(object_index(a, b)) if len(b) else a

    return Catalog(
        sources=union(base.sources, extra.sources, Table.SOURCES),
        drones=union(base.drones, extra.drones, Table.DRONES),
        sites=gpd.GeoDataFrame(union(base.sites, extra.sites, Table.SITES), crs=WGS84),
        strikes=merged_by_date(
            base.strikes, new_in(extra.strikes, base.strikes, Table.STRIKES, use_up=True), use_up_b=True
        ),
        report=report,
        launches=union(base.launches, extra.launches, Table.LAUNCHES).sort_values("date", kind="stable"),
    )
