"""Loading a data directory: valid rows load, every bad row is reported and skipped."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from droneatlas import strikestable
from droneatlas.catalog import load_catalog, merge_catalogs
from droneatlas.checks import LINE as LINE_COLUMN
from droneatlas.checks import split_multi
from droneatlas.schema import Table
from droneatlas.tableorder import by_date, merged_by_date
from tests.conftest import DRONE, PROJECT_DATA, SITE, SOURCE, STRIKE, write_table

TODAY = date(2026, 11, 24)


def _reconciles(catalog) -> None:
    report = catalog.report
    for table in Table:
        name = table.filename
        assert report.read[name] == report.accepted[name] + report.rejected(name), name


def test_project_data_loads_cleanly_and_holds_the_founding_story() -> None:
    catalog = load_catalog(PROJECT_DATA, today=TODAY)
    assert catalog.report.ok, catalog.report.rejected_rows[:5] or catalog.report.file_errors
    assert len(catalog.sites) >= 15
    assert len(catalog.strikes) >= 30
    assert set(catalog.strikes["date"].dt.year) >= {2022, 2023, 2024, 2025}
    assert {"shahed-136", "shahed-131", "mohajer-6", "lancet"} <= set(catalog.drones.index)
    assert "Geran-2" in catalog.drones.loc["shahed-136", "aliases"]
    assert {"dzhankoi-airfield", "kashan-airfield", "alabuga-sez"} <= set(catalog.sites.index)
    kyiv = catalog.strikes.loc["kyiv-2022-10-17"]
    assert kyiv["place"] == "Kyiv" and kyiv["drone_id"] == "shahed-136"
    assert all(catalog.sites["source_ids"].map(bool)) and all(catalog.strikes["source_ids"].map(bool))
    _reconciles(catalog)


def test_valid_directory_types_the_columns(make_data_dir) -> None:
    catalog = load_catalog(make_data_dir(), today=TODAY)
    assert catalog.report.ok
    strike = catalog.strikes.loc["strike-a"]
    assert strike["date"] == pd.Timestamp("2022-10-17")
    assert strike["killed"] == 5
    assert pd.isna(strike["injured"])  # unknown stays unknown, never 0
    assert strike["lon"] == pytest.approx(30.5238)
    assert "geometry" not in catalog.strikes.columns  # located by lat/lon: no point per strike
    site = catalog.sites.loc["site-a"]
    assert site["drone_ids"] == ("shahed-136",) and pd.isna(site["active_to"])
    assert catalog.drones.loc["shahed-136", "range_km"] == 2000.0
    assert catalog.span() == (date(2022, 10, 12), date(2022, 10, 17))


BAD_STRIKES = [
    ({"lat": "95"}, "lat 95 is outside -90..90"),
    ({"lon": "east"}, "lon is not a number: east"),
    ({"date": "17/10/2022"}, "date is not a date YYYY-MM-DD"),
    ({"date": "2031-01-01"}, "is in the future"),
    ({"id": ""}, "id is empty"),
    ({"drone_id": "shahed-999"}, "unknown drone id(s) in drone_id: shahed-999"),
    ({"source_ids": "src-a|nope"}, "unknown source id(s) in source_ids: nope"),
    ({"killed": "-1"}, "killed must be a whole number"),
    ({"injured": "2.5"}, "injured must be a whole number"),
    ({"killed": "1e30"}, "killed must be a whole number"),
    ({"killed": "inf"}, "killed must be a whole number"),
    ({"confidence": "certain"}, "confidence must be one of claimed, reported, verified"),
    ({"launched_from": "nowhere"}, "unknown site id(s) in launched_from: nowhere"),
]


@pytest.mark.parametrize(("change", "reason"), BAD_STRIKES)
def test_bad_strike_is_skipped_with_file_line_id_and_reason(make_data_dir, change: dict, reason: str) -> None:
    good = {**STRIKE, "id": "good"}
    bad = {**STRIKE, "id": "bad", **change}
    catalog = load_catalog(make_data_dir(strikes=[good, bad]), today=TODAY)
    assert list(catalog.strikes.index) == ["good"]
    [issue] = catalog.report.rejected_rows
    assert issue.file == "strikes.csv" and issue.line == 3
    assert issue.record_id == bad["id"]
    assert reason in issue.reason
    _reconciles(catalog)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"kind": "airport"}, "kind must be one of"),
        ({"active_to": "2022-01-01"}, "active_to is before active_from"),
        ({"active_from": ""}, "active_from is empty"),
        ({"drone_ids": "shahed-136|ghost"}, "unknown drone id(s) in drone_ids: ghost"),
        ({"precision": "street"}, "precision must be one of"),
        ({"active_from": "2031-01-01"}, "active_from 2031-01-01 is in the future"),
    ],
)
def test_bad_site_is_skipped(make_data_dir, change: dict, reason: str) -> None:
    catalog = load_catalog(make_data_dir(sites=[SITE, {**SITE, "id": "bad", **change}]), today=TODAY)
    assert list(catalog.sites.index) == ["site-a"]
    assert reason in catalog.report.rejected_rows[0].reason


def test_bad_drone_and_source_rows(make_data_dir) -> None:
    drones = [DRONE, {**DRONE, "id": "bad", "range_min_km": "3000"}]
    sources = [SOURCE, {**SOURCE, "id": "js", "url": "javascript:alert(1)"}]
    catalog = load_catalog(make_data_dir(drones=drones, sources=sources), today=TODAY)
    reasons = {issue.record_id: issue.reason for issue in catalog.report.rejected_rows}
    assert "range_min_km is larger than range_km" in reasons["bad"]
    assert "url must be an http(s) address" in reasons["js"]


def test_every_reason_of_a_row_is_reported_at_once(make_data_dir) -> None:
    bad = {**STRIKE, "lat": "x", "date": "soon", "confidence": "maybe"}
    catalog = load_catalog(make_data_dir(strikes=[bad]), today=TODAY)
    reason = catalog.report.rejected_rows[0].reason
    assert "lat is not a number" in reason and "date is not a date" in reason and "confidence" in reason


def test_duplicate_ids_keep_the_first(make_data_dir) -> None:
    catalog = load_catalog(make_data_dir(strikes=[STRIKE, {**STRIKE, "place": "Copy"}]), today=TODAY)
    assert catalog.strikes.loc["strike-a", "place"] == "Kyiv"
    assert "duplicate id" in catalog.report.rejected_rows[0].reason


def test_rows_that_cite_a_rejected_row_are_rejected_too(make_data_dir) -> None:
    sources = [{**SOURCE, "url": "ftp://example.org/x"}]
    catalog = load_catalog(make_data_dir(sources=sources), today=TODAY)
    assert catalog.sources.empty and catalog.drones.empty and catalog.sites.empty and catalog.strikes.empty
    assert len(catalog.report.rejected_rows) == 4
    _reconciles(catalog)


def test_missing_directory_and_files_give_messages_not_tracebacks(tmp_path: Path) -> None:
    catalog = load_catalog(tmp_path / "nope", today=TODAY)
    assert any("data directory not found" in m for m in catalog.report.file_errors)
    assert any("strikes.csv: file not found" in m for m in catalog.report.file_errors)
    assert catalog.strikes.empty and catalog.span() is None


def test_missing_column_skips_the_file_with_a_message(make_data_dir) -> None:
    directory = make_data_dir()
    columns = [c for c in STRIKE if c != "lat"]
    write_table(directory, Table.STRIKES, [STRIKE], columns=columns)
    catalog = load_catalog(directory, today=TODAY)
    assert any("strikes.csv: missing column(s) lat" in m for m in catalog.report.file_errors)
    assert catalog.strikes.empty and len(catalog.sites) == 1
    _reconciles(catalog)


def test_not_utf8_gives_a_message(make_data_dir) -> None:
    directory = make_data_dir()
    (directory / "strikes.csv").write_bytes("id,date\nKyïv,2022\n".encode("latin-1"))
    catalog = load_catalog(directory, today=TODAY)
    assert any("strikes.csv: not UTF-8" in m for m in catalog.report.file_errors)
    assert len(catalog.sites) == 1


def test_bom_quotes_and_multiline_cells_keep_line_numbers(make_data_dir) -> None:
    directory = make_data_dir()
    path = write_table(
        directory,
        Table.STRIKES,
        [{**STRIKE, "summary": "line one\nline two, quoted"}, {**STRIKE, "id": "b", "lat": "x"}],
    )
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    catalog = load_catalog(directory, today=TODAY)
    assert catalog.strikes.loc["strike-a", "summary"] == "line one\nline two, quoted"
    assert catalog.report.rejected_rows[0].line == 4  # the multi-line cell spans lines 2-3


def test_short_row_is_reported(make_data_dir) -> None:
    directory = make_data_dir()
    path = directory / "strikes.csv"
    path.write_text(path.read_text() + "only,three,fields\n", encoding="utf-8")
    catalog = load_catalog(directory, today=TODAY)
    assert len(catalog.strikes) == 1
    [issue] = catalog.report.rejected_rows
    assert issue.line == 3 and "has 3 fields" in issue.reason
    _reconciles(catalog)


def test_split_multi() -> None:
    assert split_multi(" a | b ||c ") == ("a", "b", "c")
    assert split_multi("") == ()


# ---------------------------------------------------------------- chunked checks (#15 point 4)


def _chunk_test_strikes() -> list[dict]:
    """Good and bad rows placed so that chunks of 3 cut between a row and its duplicate."""
    rows = []
    for n in range(14):
        rows.append(
            {**STRIKE, "id": f"s-{n}", "place": f"Place {n % 3}", "summary": f"Row {n}.\nSecond line."}
        )
    rows[2]["lat"] = "95"  # bad: out of range
    rows[4]["id"] = "s-1"  # duplicate of an id two chunks earlier
    rows[6]["drone_id"] = "no-such-drone"
    rows[9]["id"] = "s-8"  # duplicate of the row just before, in the next chunk of 3
    rows[12]["date"] = "17/10/2022"
    return rows


def _load_in_chunks(directory: Path, rows: int, monkeypatch) -> object:
    from droneatlas import settings

    monkeypatch.setattr(settings, "CATALOG_CHUNK_ROWS", rows)
    return load_catalog(directory, today=TODAY)


def test_chunked_check_gives_the_catalog_of_a_whole_read(make_data_dir, monkeypatch) -> None:
    sources = [SOURCE, *({**SOURCE, "id": f"src-{n}", "url": f"https://example.org/{n}"} for n in range(7))]
    sources[5]["id"] = "src-a"  # a duplicate of the first source, a chunk or more later
    sources[6]["url"] = "javascript:alert(1)"
    directory = make_data_dir(sources=sources, strikes=_chunk_test_strikes())
    with (directory / "strikes.csv").open("a", encoding="utf-8") as handle:
        handle.write("s-short,2022-10-17,50.1\n")  # a record of the wrong width, at the end
    whole = _load_in_chunks(directory, 10**6, monkeypatch)
    for size in (1, 3, 5):
        chunked = _load_in_chunks(directory, size, monkeypatch)
        pd.testing.assert_frame_equal(chunked.strikes, whole.strikes)
        pd.testing.assert_frame_equal(chunked.sources, whole.sources)
        assert chunked.report == whole.report, size
    assert len(whole.strikes) == 9 and len(whole.sources) == 6
    _reconciles(whole)


def test_bad_rows_across_chunk_boundaries_keep_their_lines(make_data_dir, monkeypatch) -> None:
    directory = make_data_dir(strikes=_chunk_test_strikes())
    catalog = _load_in_chunks(directory, 3, monkeypatch)
    # Every record spans two lines (its summary has a line break): record n starts on line 2 + 2n.
    found = {(issue.line, issue.record_id): issue.reason for issue in catalog.report.rejected_rows}
    assert found.keys() == {(6, "s-2"), (10, "s-1"), (14, "s-6"), (20, "s-8"), (26, "s-12")}
    assert "lat 95 is outside" in found[(6, "s-2")]
    assert found[(10, "s-1")] == found[(20, "s-8")] == "duplicate id (an earlier row has it)"
    assert "unknown drone id(s) in drone_id: no-such-drone" in found[(14, "s-6")]
    assert "date is not a date" in found[(26, "s-12")]
    assert catalog.strikes.loc["s-8", LINE_COLUMN] == 18  # the first of the two keeps its place


def test_a_file_that_breaks_after_the_first_chunk_loads_empty_as_a_whole_read(
    make_data_dir, monkeypatch
) -> None:
    directory = make_data_dir(strikes=_chunk_test_strikes())
    with (directory / "strikes.csv").open("ab") as handle:
        handle.write(b"s-bad,2022-10-17,50.1,30.5,Kyiv \xff\xfe,,UA,,,,,verified,city,x,src-a,\n")
    whole = _load_in_chunks(directory, 10**6, monkeypatch)
    chunked = _load_in_chunks(directory, 3, monkeypatch)
    assert chunked.strikes.empty and whole.strikes.empty
    assert chunked.report == whole.report
    assert any("strikes.csv: not UTF-8 text" in e for e in chunked.report.file_errors)


def test_checked_strikes_share_their_repeated_text(make_data_dir, monkeypatch) -> None:
    catalog = _load_in_chunks(make_data_dir(strikes=_chunk_test_strikes()), 3, monkeypatch)
    places = catalog.strikes["place"]
    kyiv_like = [value for value in places if value == "Place 1"]
    assert len(kyiv_like) >= 2 and all(value is kyiv_like[0] for value in kyiv_like)
    assert places.dtype == object  # a short table: codes would save nothing


def _many_strikes(n: int) -> list[dict]:
    return [{**STRIKE, "id": f"s-{k}", "place": f"Place {k % 3}", "summary": f"Row {k}."} for k in range(n)]


def test_repeated_strike_text_is_categorical_and_distinct_text_plain(make_data_dir, monkeypatch) -> None:
    catalog = _load_in_chunks(make_data_dir(strikes=_many_strikes(200)), 64, monkeypatch)
    strikes = catalog.strikes
    for column in ("place", "precision", "drone_id", "country", "launched_from"):
        assert isinstance(strikes[column].dtype, pd.CategoricalDtype), column
        assert strikes[column].cat.categories.dtype == object  # plain strings, not Arrow text
    assert list(strikes["place"].cat.categories) == ["Place 0", "Place 1", "Place 2"]
    assert list(strikes["place"].iloc[:4]) == ["Place 0", "Place 1", "Place 2", "Place 0"]
    for column in ("id", "summary"):  # distinct text: a Python string per cell, as before
        assert strikes[column].dtype == object, column
    assert strikes.index.dtype == object
    assert strikes["launched_from"].eq("").all()


def test_merging_categorical_strike_columns_keeps_them_compact_and_equal(make_data_dir) -> None:
    base = load_catalog(make_data_dir(strikes=_many_strikes(100)), today=TODAY)
    rows = [
        {**row, "id": f"u-{row['id']}", "place": "Lviv" if k % 2 else "Odesa"}
        for k, row in enumerate(_many_strikes(80))
    ]
    upload = load_catalog(make_data_dir(strikes=rows), today=TODAY)
    upload.strikes["model"] = pd.Series("Geran-2", index=upload.strikes.index, dtype="category")  # an extra
    expected = by_date(
        pd.concat([base.strikes.astype({"place": object}), upload.strikes.astype({"place": object})])
    )
    merged = merge_catalogs(base, upload, label="upload").strikes
    assert isinstance(merged["place"].dtype, pd.CategoricalDtype)
    assert set(merged["place"].cat.categories) == {"Place 0", "Place 1", "Place 2", "Lviv", "Odesa"}
    assert list(merged["place"].astype(object)) == list(expected["place"])
    assert list(merged.index) == list(expected.index)
    # A column only the upload has: missing (not "") for the base's strikes, still categorical.
    assert isinstance(merged["model"].dtype, pd.CategoricalDtype)
    assert merged["model"].isna().sum() == 100 and (merged["model"] == "Geran-2").sum() == 80


def test_merged_by_date_is_the_sorted_concatenation_built_a_column_at_a_time() -> None:
    def frame(ids: list[str], days: list[str], **columns: pd.Series) -> pd.DataFrame:
        index = pd.Index(ids, name="id", dtype=object)
        dates = pd.Series(pd.to_datetime(days), index=index, name="date")
        rest = {name: column.set_axis(index) for name, column in columns.items()}
        return pd.DataFrame({"id": pd.Series(ids, index=index, dtype=object), "date": dates, **rest})

    base = frame(["a1", "a2"], ["2022-10-17", "2022-11-01"], place=pd.Series(["Kyiv", "Odesa"], dtype=object))
    upload = frame(
        ["b1", "b2", "b3"],
        ["2022-11-01", "2022-09-30", "2022-10-17"],
        place=pd.Series(["Lviv", None, "Kharkiv"], dtype=object),
        killed=pd.Series([1, None, 3], dtype="Int64"),  # a column the base lacks
    )
    expected = by_date(pd.concat([base, upload]))
    merged = merged_by_date(base, upload, use_up_b=True)
    pd.testing.assert_frame_equal(merged, expected, check_index_type=False)
    assert merged.index.dtype == object  # not pandas' Arrow text: each lookup made strings anew
    assert upload.columns.empty and len(base.columns) == 3  # the upload's columns moved, the base's stay
    assert list(merged.index) == ["b2", "a1", "b3", "a2", "b1"]  # the base first within a day
    assert merged["place"].dtype == object and merged["killed"].dtype == "Int64"
    assert merged_by_date(base, upload.iloc[:0]) is base
    assert merged_by_date(base, base.iloc[:1]).index.dtype == object


@pytest.mark.parametrize("clashing", [False, True])
def test_a_merged_upload_keeps_object_ids_and_gives_its_strike_columns_up(make_data_dir, clashing) -> None:
    base = load_catalog(make_data_dir(), today=TODAY)
    new = {**STRIKE, "id": "strike-up", "source_ids": "src-up", "date": "2022-10-01"}
    upload = load_catalog(
        make_data_dir(
            sources=[SOURCE, {**SOURCE, "id": "src-up"}],
            sites=[SITE, {**SITE, "id": "site-up", "lat": "46.0"}],
            strikes=[STRIKE, new] if clashing else [new],  # STRIKE: an id the base has
        ),
        today=TODAY,
    )
    assert len(upload.strikes) == 1 + clashing, upload.report.rejected_rows
    merged = merge_catalogs(base, upload, label="upload")
    assert list(merged.strikes.index) == ["strike-up", "strike-a"]
    assert merged.strikes.loc["strike-up", "source_ids"] == ("src-up",)
    assert list(merged.sources.index) == ["src-a", "src-up"]  # the upload's src-a clashes: base wins
    assert isinstance(merged.sites, gpd.GeoDataFrame) and merged.sites.crs == "EPSG:4326"
    assert list(merged.sites.index) == ["site-a", "site-up"]
    assert merged.sites.geometry.y.tolist() == [45.7009, 46.0]
    for table in (merged.strikes, merged.sources, merged.drones, merged.sites):
        assert table.index.dtype == object, table.index.dtype  # never pandas' Arrow text index
    clashes = [i.record_id for i in merged.report.rejected_rows if i.file == "upload: strikes.csv"]
    assert clashes == (["strike-a"] if clashing else [])  # reported as "id already in the main data"
    assert upload.strikes.columns.empty and "place" in base.strikes.columns  # moved, not copied


@pytest.mark.parametrize("chunk_rows", [2, 50_000])
def test_strikes_load_in_date_order_and_file_order_within_a_day(
    make_data_dir, monkeypatch, chunk_rows
) -> None:
    days = ["2022-11-01", "2022-10-17", "2022-11-01", "2022-09-30", "2022-10-17"]
    strikes = [{**STRIKE, "id": f"s{n}", "date": day, "place": f"Place {n}"} for n, day in enumerate(days)]
    catalog = _load_in_chunks(make_data_dir(strikes=strikes), chunk_rows, monkeypatch)
    assert list(catalog.strikes.index) == ["s3", "s1", "s4", "s0", "s2"]
    assert list(catalog.strikes["place"]) == ["Place 3", "Place 1", "Place 4", "Place 0", "Place 2"]
    assert catalog.strikes.index.name == "id" and catalog.strikes["place"].dtype == object
    assert catalog.strikes["killed"].dtype == "Int64" and catalog.strikes["lat"].dtype == float


def test_positions_in_looks_arrow_text_up_a_slice_at_a_time(monkeypatch) -> None:
    monkeypatch.setattr(strikestable, "LOOKUP_ROWS", 2)  # five cells: three slices
    index = pd.Index(["a", "b", "c"], dtype=object)
    values = pd.Series(["c", "x", "a", "", "b"], dtype=pd.StringDtype("pyarrow", na_value=float("nan")))
    assert strikestable.positions_in(index, values).tolist() == [2, -1, 0, -1, 1]
    assert strikestable.positions_in(index, values.iloc[:0]).tolist() == []
