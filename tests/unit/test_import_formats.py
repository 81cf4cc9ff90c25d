"""Importers: each format, merging, idempotence, atomicity, the catalog accepts the result."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from pyproj import Transformer

from droneatlas.catalog import load_catalog
from droneatlas.importers import import_files, writer
from droneatlas.importers.gazetteer import default_gazetteer
from tests.unit.test_import_helpers import (
    ACLED_HEADER,
    ACLED_ROWS,
    IVANIUK_HEADER,
    IVANIUK_ROWS,
    UCDP_HEADER,
    UCDP_ROWS,
    write_csv,
)

TODAY = date(2026, 11, 24)


def strikes(directory: Path) -> pd.DataFrame:
    return pd.read_csv(directory / "strikes.csv", dtype=str, keep_default_na=False)


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def assert_loads_clean(directory: Path) -> None:
    catalog = load_catalog(directory, today=TODAY)
    assert catalog.report.ok, (catalog.report.file_errors, catalog.report.rejected_rows[:3])


def test_acled_keeps_drone_events_with_mapped_precision(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "acled.csv", ACLED_HEADER, ACLED_ROWS)
    report = import_files([src], tmp_path / "out", today=TODAY)
    assert report.ok and report.files[0].format == "acled"
    assert (report.read, report.accepted, report.rejected) == (3, 2, 1)
    assert report.files[0].rejected == {"not a drone event": 1}
    rows = strikes(tmp_path / "out").set_index("id")
    assert rows.loc["acled-ukr1", "precision"] == "city"
    assert rows.loc["acled-ukr1", "drone_id"] == "shahed-136"
    assert rows.loc["acled-ukr1", "killed"] == "4"
    assert rows.loc["acled-ukr3", "precision"] == "region"
    assert rows.loc["acled-ukr3", "killed"] == ""  # ACLED's 0 is not "no casualties"
    assert set(rows["confidence"]) == {"reported"}
    assert_loads_clean(tmp_path / "out")


def test_ucdp_keeps_events_with_drone_words(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "ged.csv", UCDP_HEADER, UCDP_ROWS)
    report = import_files([src], tmp_path / "out", today=TODAY)
    assert report.files[0].format == "ucdp"
    assert (report.accepted, report.rejected) == (1, 1)
    row = strikes(tmp_path / "out").iloc[0]
    assert (row["id"], row["killed"], row["precision"], row["country"]) == ("ucdp-9001", "5", "city", "UA")
    sources = pd.read_csv(tmp_path / "out" / "sources.csv", dtype=str)
    assert sources["url"].tolist() == ["https://ucdp.uu.se"]
    assert_loads_clean(tmp_path / "out")


def test_ivaniuk_shape_rows_sites_and_totals(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "missile_attacks_daily.csv", IVANIUK_HEADER, IVANIUK_ROWS)
    report = import_files([src], tmp_path / "out", today=TODAY)
    fr = report.files[0]
    assert fr.format == "ivaniuk"
    assert (fr.read, fr.accepted) == (5, 4)
    assert fr.rejected == {"not a drone model": 1}
    assert fr.warnings["target place not found"] == 1  # Atlantis oblast
    assert fr.warnings["launch place without a point (no site made)"] == 2  # north, Nowhereburg
    assert fr.warnings["no target given; counted at country level (Ukraine), not placed on the map"] == 1
    rows = strikes(tmp_path / "out")
    # One record per row: the two-target Shahed row counts once.
    assert rows["launched"].astype(int).sum() == 40 + 2 + 3 + 5
    shahed = rows[rows["model"] == "Shahed-136/131"].iloc[0]
    assert shahed["drone_id"] == "shahed-136" and shahed["confidence"] == "claimed"
    assert shahed["region"] == "Kyiv oblast" and shahed["place"] == "Kyiv oblast and Odesa oblast"
    assert rows[rows["model"] == "Orlan-10 and ZALA"].iloc[0]["drone_id"] == ""  # mixed models
    sites = pd.read_csv(tmp_path / "out" / "sites.csv", dtype=str, keep_default_na=False).set_index("id")
    assert set(sites.index) == {"ivaniuk-launch-primorsko-akhtarsk", "ivaniuk-launch-kursk-oblast"}
    assert sites.loc["ivaniuk-launch-kursk-oblast", "precision"] == "region"
    assert sites.loc["ivaniuk-launch-primorsko-akhtarsk", "precision"] == "city"
    assert_loads_clean(tmp_path / "out")


def test_generic_csv_synonyms_map_and_source_url(tmp_path: Path) -> None:
    src = write_csv(
        tmp_path / "mine.csv",
        ("Latitude", "LONGITUDE", "Event Date", "Source URL", "Model"),
        [
            ("50.45", "30.52", "2022-10-17", "https://example.org/a", "Geran-2"),
            ("50.45", "30.52", "2022-10-18", "ftp://example.org/b", "Geran-2"),
        ],
    )
    report = import_files([src], tmp_path / "out", today=TODAY)
    assert report.files[0].format == "csv"
    assert report.files[0].rejected == {"no http(s) source url": 1}
    row = strikes(tmp_path / "out").iloc[0]
    assert (row["drone_id"], row["confidence"], row["precision"]) == ("shahed-136", "claimed", "region")
    assert_loads_clean(tmp_path / "out")

    other = write_csv(
        tmp_path / "odd.csv",
        ("Breite", "Laenge", "Tag", "url"),
        [("50.45", "30.52", "2022-10-17", "https://example.org/c")],
    )
    mapped = import_files(
        [other], tmp_path / "out2", column_map={"lat": "Breite", "lon": "Laenge", "date": "Tag"}, today=TODAY
    )
    assert mapped.accepted == 1


def test_geojson_points_crs_and_non_points(tmp_path: Path) -> None:
    def feature(geometry: dict, day: str) -> dict:
        props = {"date": day, "source_url": "https://example.org/g", "place": "Kyiv"}
        return {"type": "Feature", "geometry": geometry, "properties": props}

    # Kyiv in Web Mercator metres: the importer must reproject it back to 50.45 N, 30.52 E.
    x, y = Transformer.from_crs(4326, 3857, always_xy=True).transform(30.52, 50.45)
    doc = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}},
        "features": [
            feature({"type": "Point", "coordinates": [x, y]}, "2022-10-17"),
            feature({"type": "LineString", "coordinates": [[0, 0], [1, 1]]}, "2022-10-17"),
            feature({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}, "2022-10-17"),
        ],
    }
    src = tmp_path / "events.geojson"
    src.write_text(json.dumps(doc), encoding="utf-8")
    report = import_files([src], tmp_path / "out", today=TODAY)
    assert report.files[0].rejected == {"geometry is not a Point": 2}
    row = strikes(tmp_path / "out").iloc[0]
    assert float(row["lat"]) == pytest.approx(50.45, abs=1e-4)
    assert float(row["lon"]) == pytest.approx(30.52, abs=1e-4)
    assert_loads_clean(tmp_path / "out")


def test_reimport_changes_nothing_and_merge_keeps_curated_rows(tmp_path: Path, make_data_dir) -> None:
    data = make_data_dir()
    curated_drones = (data / "drones.csv").read_text()
    src = write_csv(tmp_path / "acled.csv", ACLED_HEADER, ACLED_ROWS)
    import_files([src], data, today=TODAY)
    first = snapshot(data)
    import_files([src], data, today=TODAY)
    assert snapshot(data) == first
    rows = strikes(data)
    assert "strike-a" in set(rows["id"])  # the curated strike survives the merge
    assert rows["id"].is_unique
    # The curated Shahed-136 row (with its ranges) is never replaced by an imported one.
    assert (data / "drones.csv").read_text() == curated_drones
    assert_loads_clean(data)


def test_failure_mid_write_leaves_directory_unchanged(tmp_path: Path, make_data_dir, monkeypatch) -> None:
    data = make_data_dir()
    before = snapshot(data)
    src = write_csv(tmp_path / "acled.csv", ACLED_HEADER, ACLED_ROWS)
    real_write = writer._write
    calls = []

    def failing_write(path, header, rows):
        calls.append(path.name)
        if len(calls) == 3:  # sources and drones are written, then the disk "fills up"
            raise OSError(28, "No space left on device")
        real_write(path, header, rows)

    monkeypatch.setattr(writer, "_write", failing_write)
    report = import_files([src], data, today=TODAY)
    assert not report.ok and "left unchanged" in report.error
    assert snapshot(data) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".data.")] == []  # no staging left


def test_failed_swap_puts_the_old_directory_back(tmp_path: Path, make_data_dir, monkeypatch) -> None:
    data = make_data_dir()
    before = snapshot(data)
    src = write_csv(tmp_path / "acled.csv", ACLED_HEADER, ACLED_ROWS)
    real_rename = writer.os.rename
    calls = []

    def rename(a, b):
        calls.append(b)
        if len(calls) == 2:  # the old directory is moved away, then the new one fails to arrive
            raise OSError(5, "I/O error")
        real_rename(a, b)

    monkeypatch.setattr(writer.os, "rename", rename)
    report = import_files([src], data, today=TODAY)
    assert not report.written
    assert snapshot(data) == before


def test_gazetteer_resolves_the_forms_of_the_data() -> None:
    g = default_gazetteer()
    assert g.match("Kryvyi Rih").level == "city"  # GeoNames spells it Kryvyy Rih
    assert g.match("Dnipropetrovsk oblast, Dnipro Raion").level == "raion"
    assert g.match("Hvardiiske, Crimea").level == "airfield"
    chauda = g.match("Chauda, Crimea")
    assert chauda.level == "oblast" and chauda.unmatched == "Chauda"
    assert not g.match("Black Sea").found
    assert g.match("Zaporizhzhia oblast, Prymorsk").country == "UA"
