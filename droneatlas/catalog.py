"""Load and validate a data directory (DESIGN §3) into typed tables.

Validation happens once, here, at the boundary: every problem of every row is gathered,
invalid rows are skipped and reported with file, line, id and reason, the valid rows load.
"""

from __future__ import annotations

import csv
import logging
import sys
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from droneatlas import memory, settings
from droneatlas.checks import (
    LINE,
    Check,
    count,
    first_of_month,
    iso_date,
    known_ids,
    map_distinct,
    not_above,
    number_in,
    one_of,
    one_row_per,
    ordered_dates,
    parse_dates,
    required,
    safe_url,
    split_column,
    split_multi,
    unique_ids,
    unique_ids_beyond,
    validate,
)
from droneatlas.compact import MOSTLY_DISTINCT, compact_text, share_text_in_place, shared_strings
from droneatlas.schema import (
    COLUMNS,
    LAUNCH_COLUMNS,
    OPTIONAL_STRIKE_COLUMNS,
    OPTIONAL_TABLES,
    REQUIRED_VALUES,
    Confidence,
    Period,
    Precision,
    RangeBasis,
    SiteKind,
    Table,
)
from droneatlas.text import SPREADSHEET_QUOTE, may_hold_spreadsheet_quotes, spreadsheet_value
from droneatlas.validation import RowIssue, ValidationReport

WGS84 = "EPSG:4326"
log = logging.getLogger(__name__)
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


# ---------------------------------------------------------------- reading


class TableUnreadable(ValueError):
    """A data file that stops decoding or parsing part-way: the table loads empty."""


def read_chunks(
    path: Path, table: Table, report: ValidationReport, chunk_rows: int
) -> Iterator[pd.DataFrame]:
    """The records of one CSV in frames of at most ``chunk_rows`` rows: stripped strings
    with the line each record starts on; a record of the wrong width goes to ``report``.

    A missing file or column yields nothing (said in ``report``). A file that fails to
    decode or parse part-way raises TableUnreadable with the message, after frames were
    yielded: the caller discards them, so the table loads empty as if read whole.
    """
    if not path.is_file():
        if table not in OPTIONAL_TABLES:
            report.add_file_error(f"{path.name}: file not found in {path.parent}")
        return
    optional = OPTIONAL_STRIKE_COLUMNS if table is Table.STRIKES else ()
    try:
        quoted = may_hold_spreadsheet_quotes(path)  # once per file, not per chunk
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = [name.strip() for name in next(reader, [])]
            missing = [name for name in COLUMNS[table] if name not in header]
            records: list[list[str]] = []
            lines: list[int] = []
            skipped: list[int] = []  # every record's line when the file misses a column
            line = reader.line_num + 1
            for values in reader:
                if any(value.strip() for value in values):
                    if missing:
                        skipped.append(line)
                    elif len(values) != len(header):
                        issue = RowIssue(
                            path.name,
                            line,
                            values[0].strip() if values else "",
                            f"has {len(values)} fields, the header has {len(header)}",
                        )
                        report.add_rows(path.name, 1, 0, [issue])
                    else:
                        records.append(values)
                        lines.append(line)
                        if len(records) >= chunk_rows:
                            yield _frame(records, header, lines, optional, quoted)
                            records, lines = [], []
                line = reader.line_num + 1
            if records:
                yield _frame(records, header, lines, optional, quoted)
    except UnicodeDecodeError as exc:
        raise TableUnreadable(f"{path.name}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    except (OSError, csv.Error) as exc:
        raise TableUnreadable(f"{path.name}: cannot be read ({exc})") from None
    if missing:
        report.add_file_error(f"{path.name}: missing column(s) {', '.join(missing)}; file skipped")
        issues = [RowIssue(path.name, ln, "", "file has missing columns") for ln in skipped]
        report.add_rows(path.name, len(skipped), 0, issues)


def _frame(
    records: list[list[str]], header: list[str], lines: list[int], optional: tuple[str, ...], quoted: bool
) -> pd.DataFrame:
    """One chunk's records as stripped strings; ``quoted``: the file may hold cells a
    spreadsheet-safe writer quoted (may_hold_spreadsheet_quotes), to be read back."""
    frame = pd.DataFrame(records, columns=header, dtype=object)
    frame = frame.loc[:, ~frame.columns.duplicated()]
    for name in optional:
        if name not in frame.columns:
            frame[name] = ""
    if quoted:
        frame = _spreadsheet_values(frame)
    frame = frame.apply(lambda column: column.str.strip())
    frame[LINE] = lines
    return frame


def _spreadsheet_values(frame: pd.DataFrame) -> pd.DataFrame:
    """The cells as a spreadsheet-safe writer was given them: "'=1+1" -> "=1+1" (the importer
    writes tables that way, droneatlas.text); "'Massive' strikes" stays as it is."""
    changed = {}
    for name in frame.columns:
        column = frame[name]
        quoted = column.str.startswith(SPREADSHEET_QUOTE)
        if quoted.any():
            changed[name] = column.mask(quoted, column[quoted].map(spreadsheet_value))
    return frame.assign(**changed)


def _empty(table: Table) -> pd.DataFrame:
    optional = OPTIONAL_STRIKE_COLUMNS if table is Table.STRIKES else ()
    return pd.DataFrame({name: pd.Series(dtype=object) for name in (*COLUMNS[table], *optional, LINE)})


def _merge_reports(report: ValidationReport, *parts: ValidationReport) -> None:
    """Add ``parts`` to ``report`` in order (counts, rejected rows, file problems)."""
    for part in parts:
        report.file_errors += part.file_errors
        for name in part.read:
            report.add_rows(name, part.read[name], part.accepted[name], [])
        report.rejected_rows += part.rejected_rows


def read_table(path: Path, table: Table, report: ValidationReport) -> pd.DataFrame:
    """Read one CSV whole, as strings with the line each record starts on; problems go to
    ``report``. A missing, unreadable or malformed file yields an empty table and a file error.
    """
    local = ValidationReport()
    try:
        frames = list(read_chunks(path, table, local, chunk_rows=sys.maxsize))
    except TableUnreadable as exc:
        report.add_file_error(str(exc))
        return _empty(table)
    _merge_reports(report, local)
    return pd.concat(frames, ignore_index=True) if frames else _empty(table)


def _points(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    lon = pd.to_numeric(frame["lon"]).astype(float)
    lat = pd.to_numeric(frame["lat"]).astype(float)
    frame = frame.assign(lat=lat, lon=lon)
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(lon, lat), crs=WGS84)


# ---------------------------------------------------------------- tables


# A URL per imported event is distinct text: kept as Arrow strings (~65 bytes a URL) rather
# than a Python string each (~110 bytes and a pointer), ~45 MB less per million sources.
ARROW_SOURCE_COLUMNS = ("url",)


def load_sources(frame: pd.DataFrame, report: ValidationReport) -> pd.DataFrame:
    return _source_chunks([frame], report)


def source_checks(unique: Check) -> list[Check]:
    return [required(REQUIRED_VALUES[Table.SOURCES]), unique, safe_url, iso_date("published")]


def _source_chunks(frames: Iterable[pd.DataFrame], report: ValidationReport) -> pd.DataFrame:
    """Check and type sources a chunk at a time (an import citing a URL per row writes a
    sources.csv as long as its strikes.csv)."""
    valid = _checked_chunks(frames, Table.SOURCES, source_checks, report, skip=ARROW_SOURCE_COLUMNS)
    valid["published"] = parse_dates(valid["published"])
    return valid.set_index("id", drop=False)


def _checked_chunks(
    frames: Iterable[pd.DataFrame],
    table: Table,
    checks: Callable[[Check], list[Check]],
    report: ValidationReport,
    typed: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
    skip: tuple[str, ...] = (),
    *,
    categories: bool = False,
) -> pd.DataFrame:
    """The valid rows of ``frames`` (chunks of one table, read_chunks) checked one chunk at
    a time with ``checks(unique)``, typed by ``typed``: only one chunk's raw strings are in
    memory at once, text waits as codes or Arrow strings (_compact_text), and the result's
    repeated text is shared (droneatlas.compact; ``categories``: as categoricals). The rows
    kept and the problems reported are a whole read's."""
    memory.use_system_allocator()  # the chunks' Arrow strings are freed, not pooled
    seen: set[str] = set()
    kept = []
    for number, frame in enumerate(frames, start=1):
        valid = validate(frame, table.filename, checks(unique_ids_beyond(seen)), report)
        seen.update(frame["id"][frame["id"] != ""])
        kept.append(_compact_text(typed(valid) if typed else valid, skip))
        del frame, valid  # the last chunk's raw strings (~60 MB) go now, not at the return
        memory.trim()  # and their heap, before the next chunk's strings are made beside it
        if number > 1:  # a big file: say how far the check has come (the CLI logs to stderr)
            log.info("%s: %s rows checked", table.filename, f"{report.read[table.filename]:,}")
    if not kept:  # no rows: the file is still counted (read 0 = accepted 0 + rejected 0)
        empty = validate(_empty(table), table.filename, [], report)
        kept.append(_compact_text(typed(empty) if typed else empty, skip))
    del seen  # a million ids: gone before the result is built, not beside it
    checked = pd.concat(kept) if len(kept) > 1 else kept[0].copy()
    del kept
    # Python strings made now, after every chunk's raw strings are gone, sit together in
    # memory; made chunk by chunk among those, they kept mostly empty memory pages alive.
    # The heap each step frees goes back to the system before the next (trim): the next
    # step's large arrays are mapped anew, not carved from it (a 941,670-row check peaked
    # at 1,016-1,038 MB without these trims, 997-1,004 MB with them).
    memory.trim()
    # ``skip``: left as Arrow strings; trims after each column
    share_text_in_place(checked, skip, categories=categories)
    return checked


def _compact_text(frame: pd.DataFrame, arrow: tuple[str, ...] = ()) -> pd.DataFrame:
    """Text columns in a few bytes a cell instead of a Python string each, until the whole
    table is joined: as categories (a code a cell) where the chunk repeats its values, else
    as Arrow strings, which ``arrow`` columns are whatever they hold."""
    types: dict[str, object] = {}
    for name in frame.columns:
        if frame[name].dtype == object:
            repeated = name not in arrow and frame[name].nunique() <= MOSTLY_DISTINCT * len(frame)
            types[name] = "category" if repeated else pd.StringDtype("pyarrow", na_value=float("nan"))
    return frame.astype(types)


def _checked_file(
    path: Path, table: Table, report: ValidationReport, load: Callable[..., pd.DataFrame], *args: object
) -> pd.DataFrame:
    """``load(chunks, *args, report)`` over ``path`` read in chunks of settings.CATALOG_CHUNK_ROWS;
    the report lists problems in a whole read's order (records of the wrong width, then
    checks); a file that breaks part-way loads empty, as a whole read would."""
    read, checked = ValidationReport(), ValidationReport()
    try:
        frame = load(read_chunks(path, table, read, settings.CATALOG_CHUNK_ROWS), *args, checked)
    except TableUnreadable as exc:
        report.add_file_error(str(exc))
        return load([_empty(table)], *args, report)
    _merge_reports(report, read, checked)
    memory.trim()  # the chunks' memory goes back to the system, not kept for later use
    return frame


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


def strike_checks(
    sources: Collection[str], drones: set[str], sites: set[str], today: date, unique: Check
) -> list[Check]:
    """The checks of strikes.csv; ``unique`` is unique_ids, or unique_ids_beyond for chunks."""
    return [
        required(REQUIRED_VALUES[Table.STRIKES]),
        unique,
        iso_date("date", not_after=today),
        number_in("lat", -90, 90),
        number_in("lon", -180, 180),
        known_ids("drone_id", drones, "drone"),
        count("killed"),
        count("injured"),
        one_of("confidence", Confidence),
        one_of("precision", Precision),
        known_ids("source_ids", sources, "source"),
        known_ids("launched_from", sites, "site"),
    ]


def _strike_chunks(
    frames: Iterable[pd.DataFrame],
    sources: pd.Index,
    drones: set[str],
    sites: set[str],
    today: date,
    report: ValidationReport,
) -> pd.DataFrame:
    """Check and type strikes a chunk at a time (see _checked_chunks); ``sources``: the ids
    of the sources table, whose own strings the strikes cite."""

    def checks(unique: Check) -> list[Check]:
        return strike_checks(sources, drones, sites, today, unique)

    strikes = _checked_chunks(
        frames, Table.STRIKES, checks, report, typed=_typed_strikes, skip=CITING, categories=True
    )
    cite_own_ids(strikes, sources)
    memory.trim()  # as in _checked_chunks: before the date order's column copies
    strikes = strikes.set_index("id", drop=False)  # rebound: the frame below is the only owner
    return _moved_into_date_order(strikes)


def _moved_into_date_order(strikes: pd.DataFrame) -> pd.DataFrame:
    """by_date(strikes), built a column at a time from the columns taken out of ``strikes``
    (left without them): each column's old array is freed once its sorted copy exists,
    where a sort of the whole table held two copies of it at a check's peak."""
    if strikes["date"].is_monotonic_increasing:
        return strikes
    order = _date_order(strikes["date"].to_numpy())
    return _taken(_popped(strikes), strikes.index.take(order), order)


def _popped(frame: pd.DataFrame) -> Iterator[tuple[str, pd.Series]]:
    """(name, column) of each column of ``frame``, taken out of it one at a time."""
    return ((name, frame.pop(name)) for name in list(frame.columns))


def _date_order(dates: np.ndarray) -> np.ndarray:
    return np.argsort(dates, kind="stable")  # file order within a day, NaT last: as sort_values


def _taken(columns: Iterable[tuple[str, pd.Series]], index: pd.Index, order: np.ndarray) -> pd.DataFrame:
    """A frame of ``columns`` each reordered by ``order`` (positions), a column at a time,
    with ``index``; the columns stay as they are, not joined into blocks (a copy)."""
    taken = {}
    for name, column in columns:
        taken[name] = column.take(order).set_axis(index)
        del column
        memory.trim()  # the old column's heap goes back before the next copy is made
    return pd.DataFrame(taken, copy=False)


CITING = ("source_ids", "import_id")  # the strike columns that name source ids


def cite_own_ids(strikes: pd.DataFrame, sources: pd.Index) -> None:
    """In place: source_ids as tuples and import_id as text whose ids are the strings of
    ``sources`` (the sources table's unique index) themselves. An import citing a source
    per row otherwise held each id three times over, ~70 MB per copy per million rows."""
    own = sources.to_numpy(dtype=object)
    strikes["source_ids"] = _own_id_tuples(strikes["source_ids"], sources, own)
    memory.trim()  # the lookup's Python strings go back before import_id makes its own
    if "import_id" in strikes.columns:
        found = positions_in(sources, strikes["import_id"])
        text = shared_strings(strikes["import_id"].where(found < 0, "")).to_numpy(copy=True)
        text[found >= 0] = own[found[found >= 0]]
        strikes["import_id"] = pd.Series(text, index=strikes.index, dtype=object)


LOOKUP_ROWS = 100_000  # cells looked up at a time by positions_in


def positions_in(index: pd.Index, values: pd.Series) -> np.ndarray:
    """``index.get_indexer(values)`` for an object ``index`` and text ``values`` (Arrow strings
    too), a slice of plain strings at a time. Given Arrow strings whole, pandas casts the
    index to match and hashes it anew (+85 MB for a million sources); given them as one
    object array, it makes a Python string per cell at once (+190 MB)."""
    slices = (values.iloc[start : start + LOOKUP_ROWS] for start in range(0, len(values), LOOKUP_ROWS))
    parts = []
    for part in slices:
        parts.append(index.get_indexer(part.to_numpy(dtype=object)))
        memory.trim()  # the slice's strings go back before the next slice's are made
    return np.concatenate(parts) if parts else np.empty(0, dtype=np.intp)


def _own_id_tuples(cells: pd.Series, sources: pd.Index, own: np.ndarray) -> pd.Series:
    """Each cell's ids split (split_multi) into a tuple of ``own`` strings; equal cells share
    one tuple. A cell naming one known id, the usual case, is looked up without a split."""
    found = positions_in(sources, cells)
    single = found >= 0
    tuples = np.empty(len(own), dtype=object)  # by source position: no sort of the cells
    for position in np.flatnonzero(np.bincount(found[single], minlength=len(own))):
        tuples[position] = (own[position],)
    out = np.empty(len(cells), dtype=object)
    out[single] = tuples[found[single]]
    del tuples

    def split(cell: object) -> tuple[str, ...]:
        ids = split_multi(cell)
        places = sources.get_indexer(ids) if ids else np.array([], dtype=int)
        return tuple(own[p] if p >= 0 else i for i, p in zip(ids, places, strict=True))

    out[~single] = map_distinct(cells[~single], split).to_numpy()
    return pd.Series(out, index=cells.index, dtype=object)


def _typed_strikes(valid: pd.DataFrame) -> pd.DataFrame:
    """Checked strike rows with numbers and dates typed."""
    valid = valid.assign(date=parse_dates(valid["date"]))
    for column in ("lat", "lon"):
        valid[column] = pd.to_numeric(valid[column]).astype(float)
    for column in ("killed", "injured"):
        valid[column] = pd.to_numeric(valid[column], errors="coerce").astype("Int64")
    return valid


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


def by_date(strikes: pd.DataFrame) -> pd.DataFrame:
    """Strikes in date order (file order within a day): a time window is then a slice."""
    return (
        strikes.sort_values("date", kind="stable") if not strikes["date"].is_monotonic_increasing else strikes
    )


def merged_by_date(a: pd.DataFrame, b: pd.DataFrame, *, use_up_b: bool = False) -> pd.DataFrame:
    """The rows of ``a`` and ``b`` in date order, ``a``'s first within a day: what
    by_date(pd.concat([a, b])) gives, built a column at a time (that concatenation and its
    sorted copy held two copies of a million-row upload's columns at once).

    ``use_up_b``: each column of ``b`` leaves it once joined, so a large ``b`` (an upload
    nobody keeps) is not held beside its merged copy (~0.17 GB per million rows)."""
    if not len(a) or not len(b):
        return by_date(b if len(b) else a)
    order = _date_order(np.concatenate([a["date"].to_numpy(), b["date"].to_numpy()]))
    index = object_index(a, b).take(order)

    def joined(name: str) -> pd.Series:
        ends = [
            frame[name] if name in frame else _missing(frame, other[name])
            for frame, other in ((a, b), (b, a))
        ]
        if use_up_b and name in b:
            del b[name]
        if any(isinstance(end.dtype, pd.CategoricalDtype) for end in ends):
            # Categories differ between the ends: joined as text, then made compact again
            # (pandas would join them as a million-cell object column).
            return compact_text(pd.concat([end.astype(object) for end in ends], ignore_index=True))
        return pd.concat(ends, ignore_index=True)

    names = dict.fromkeys([*a.columns, *b.columns])
    return _taken(((name, joined(name)) for name in names), index, order)


def object_index(*frames: pd.DataFrame) -> pd.Index:
    """The frames' indexes end to end, as object text. Joined by pandas, two object indexes
    become an Arrow ``str`` index, whose every lookup and ``to_numpy`` makes a million new
    Python strings (~66 MB, several times per run of an upload's merged catalog)."""
    joined = np.concatenate([frame.index.to_numpy(dtype=object) for frame in frames])
    return pd.Index(joined, dtype=object, name=frames[0].index.name)


def _missing(frame: pd.DataFrame, like: pd.Series) -> pd.Series:
    """A column of ``frame``'s rows with nothing in it, of ``like``'s type (as concat fills)."""
    return pd.Series(index=frame.index, dtype=like.dtype)


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
    sources = _checked_file(data_dir / Table.SOURCES.filename, Table.SOURCES, report, _source_chunks)
    raw = {table: read_table(data_dir / table.filename, table, report) for table in SMALL_TABLES}
    # The sources' own index answers "is this id known" (its hash table serves the strikes'
    # check too): a set of a million ids beside it cost ~44 MB through the strikes' check.
    source_ids = sources.index
    drones = load_drones(raw[Table.DRONES], source_ids, report)
    today = today or date.today()
    sites = load_sites(raw[Table.SITES], source_ids, set(drones.index), report, today=today)
    strikes = _checked_file(
        data_dir / Table.STRIKES.filename,
        Table.STRIKES,
        report,
        _strike_chunks,
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
    ``extra`` is used up: its strikes' columns move into the result (see merged_by_date).
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
        return _taken(_popped(b), b.index.take(kept), kept)

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
