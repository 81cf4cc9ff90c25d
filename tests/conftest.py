"""Shared fixtures: small data directories written for the test at hand."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from droneatlas.schema import COLUMNS, OPTIONAL_STRIKE_COLUMNS, Table

ROOT = Path(__file__).resolve().parent.parent
PROJECT_DATA = ROOT / "data"

SOURCE = {
    "id": "src-a",
    "title": "A report",
    "publisher": "Example News",
    "published": "2022-10-18",
    "url": "https://example.org/report",
}
DRONE = {
    "id": "shahed-136",
    "name": "Shahed-136",
    "aliases": "Geran-2",
    "origin": "Iran",
    "role": "one-way attack",
    "range_km": "2000",
    "range_min_km": "1500",
    "range_max_km": "2500",
    "range_basis": "one_way_range",
    "source_ids": "src-a",
    "notes": "",
}
SITE = {
    "id": "site-a",
    "name": "Dzhankoi airfield",
    "kind": "base",
    "lat": "45.7009",
    "lon": "34.4189",
    "country": "UA",
    "active_from": "2022-10-12",
    "active_to": "",
    "drone_ids": "shahed-136",
    "confidence": "claimed",
    "precision": "city",
    "summary": "A site.",
    "source_ids": "src-a",
}
STRIKE = {
    "id": "strike-a",
    "date": "2022-10-17",
    "lat": "50.45466",
    "lon": "30.5238",
    "place": "Kyiv",
    "region": "Kyiv city",
    "country": "UA",
    "drone_id": "shahed-136",
    "target_type": "residential",
    "killed": "5",
    "injured": "",
    "confidence": "verified",
    "precision": "city",
    "summary": "A strike.",
    "source_ids": "src-a",
    "launched_from": "",
}


NIGHT = {
    "id": "night-2022-10-17",
    "period": "night",
    "date": "2022-10-17",
    "drones_launched": "43",
    "drones_downed": "37",
    "drone_types": "Shahed-136",
    "reported_by": "Ukrainian Air Force",
    "summary": "A night.",
    "source_ids": "src-a",
}


def write_table(directory: Path, table: Table, rows: list[dict], columns: list[str] | None = None) -> Path:
    """Write ``rows`` as ``table``'s CSV in ``directory`` (missing cells empty)."""
    if columns is None:
        columns = [*COLUMNS[table], *(OPTIONAL_STRIKE_COLUMNS if table is Table.STRIKES else ())]
    path = directory / table.filename
    # CRLF line ends (RFC 4180): a value holding a bare CR is quoted and its record stays whole.
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


DataDirFactory = Callable[..., Path]


@pytest.fixture
def make_data_dir(tmp_path: Path) -> DataDirFactory:
    """Build a data directory; each table defaults to one valid row."""

    def make(
        sources: list[dict] | None = None,
        drones: list[dict] | None = None,
        sites: list[dict] | None = None,
        strikes: list[dict] | None = None,
        launches: list[dict] | None = None,
    ) -> Path:
        directory = tmp_path / "data"
        directory.mkdir(exist_ok=True)
        write_table(directory, Table.SOURCES, [SOURCE] if sources is None else sources)
        write_table(directory, Table.DRONES, [DRONE] if drones is None else drones)
        write_table(directory, Table.SITES, [SITE] if sites is None else sites)
        write_table(directory, Table.STRIKES, [STRIKE] if strikes is None else strikes)
        if launches is not None:  # optional: most data directories have none
            write_table(directory, Table.LAUNCHES, launches)
        return directory

    return make
