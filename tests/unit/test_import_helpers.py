"""Small input files written for the import tests (made-up rows in each format's shape)."""

from __future__ import annotations

import csv
from pathlib import Path

ACLED_HEADER = (
    "event_id_cnty",
    "event_date",
    "sub_event_type",
    "latitude",
    "longitude",
    "geo_precision",
    "location",
    "admin1",
    "country",
    "notes",
    "source",
    "fatalities",
)
ACLED_ROWS = [
    (
        "UKR1",
        "2022-10-17",
        "Air/drone strike",
        "50.4547",
        "30.5238",
        "1",
        "Kyiv",
        "Kyiv City",
        "Ukraine",
        "Shahed drones hit a building.",
        "Paper A",
        "4",
    ),
    (
        "UKR2",
        "2022-10-18",
        "Shelling/artillery/missile attack",
        "49.99",
        "36.23",
        "2",
        "Kharkiv",
        "Kharkiv",
        "Ukraine",
        "Artillery fire.",
        "Paper B",
        "0",
    ),
    (
        "UKR3",
        "2022-10-19",
        "Armed clash",
        "46.48",
        "30.74",
        "3",
        "Odesa",
        "Odesa",
        "Ukraine",
        "A UAV was shot down.",
        "Paper C",
        "0",
    ),
]
UCDP_HEADER = (
    "id",
    "date_start",
    "latitude",
    "longitude",
    "where_prec",
    "best",
    "source_article",
    "source_headline",
    "where_coordinates",
    "adm_1",
    "country",
)
UCDP_ROWS = [
    (
        "9001",
        "2022-10-17 00:00:00.000",
        "50.45",
        "30.52",
        "1",
        "5",
        "Paper",
        "Drone attack on Kyiv",
        "Kyiv town",
        "Kyiv",
        "Ukraine",
    ),
    (
        "9002",
        "2022-10-18 00:00:00.000",
        "49.99",
        "36.23",
        "4",
        "2",
        "Paper",
        "Fighting near Kharkiv",
        "Kharkiv oblast",
        "Kharkiv",
        "Ukraine",
    ),
]
IVANIUK_HEADER = (
    "time_start",
    "time_end",
    "model",
    "launch_place",
    "target",
    "target_main",
    "launched",
    "destroyed",
    "source",
)
IVANIUK_ROWS = [
    (
        "2023-01-02 18:00",
        "2023-01-03 08:00",
        "Shahed-136/131",
        "Primorsko-Akhtarsk and Kursk oblast",
        "Kyiv oblast and Odesa oblast",
        "",
        "40.0",
        "39.0",
        "post/1",
    ),
    ("2023-01-02 18:00", "2023-01-03 08:00", "Kalibr", "Black Sea", "Ukraine", "", "10.0", "8.0", "post/1"),
    ("2023-01-04", "2023-01-04", "Lancet", "", "south", "", "2.0", "2.0", "post/2"),
    (
        "2023-01-05",
        "2023-01-05",
        "Orlan-10 and ZALA",
        "north",
        "Atlantis oblast and Kharkiv oblast",
        "",
        "3.0",
        "3.0",
        "post/3",
    ),
    ("2023-01-06", "2023-01-06", "Unknown UAV", "Nowhereburg", "", "", "5.0", "", "post/4"),
]


def write_csv(path: Path, header, rows, *, delimiter: str = ",", encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path
