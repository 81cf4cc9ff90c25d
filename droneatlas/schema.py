"""The data contract: file names, column names and the allowed values of a data directory.

The column names are shared with anyone who edits the CSV files (see data/README.md):
columns may be added, none may be renamed.
"""

from __future__ import annotations

from enum import StrEnum

MULTI_VALUE_SEPARATOR = "|"
DATE_FORMAT = "%Y-%m-%d"


class Table(StrEnum):
    """The tables of a data directory, in the order they must be loaded."""

    SOURCES = "sources"
    DRONES = "drones"
    SITES = "sites"
    STRIKES = "strikes"
    LAUNCHES = "launches"  # optional: the reported scale (drones launched per night or month)

    @property
    def filename(self) -> str:
        return f"{self.value}.csv"


class SiteKind(StrEnum):
    BASE = "base"
    LAUNCH_SITE = "launch_site"
    PRODUCTION = "production"
    TRAINING = "training"
    STORAGE = "storage"


class Confidence(StrEnum):
    """How sure the sources are, strongest first."""

    VERIFIED = "verified"  # geolocated or officially confirmed
    REPORTED = "reported"  # credible media
    CLAIMED = "claimed"  # one party's statement


class Precision(StrEnum):
    """How precise a coordinate is, finest first.

    ``exact`` and ``city`` are drawn as points (a city point is the town centre); a
    ``region`` record is counted in its oblast, which is shaded (droneatlas.regions); a
    ``country`` record names only a country or a direction ("Ukraine", "south"): its
    lat/lon is the documented stand-in point of that name, kept for the exports, and it is
    never drawn as a place, only counted ("N records not placed on the map").
    """

    EXACT = "exact"
    CITY = "city"
    REGION = "region"
    COUNTRY = "country"


# Precisions drawn as points on every map; the others are counted, never drawn at a point.
POINT_PRECISIONS = (Precision.EXACT, Precision.CITY)


class Period(StrEnum):
    """What one row of launches.csv counts."""

    NIGHT = "night"  # one attack night, dated by its morning
    MONTH = "month"  # a calendar month, dated by its first day


class RangeBasis(StrEnum):
    """What a drone's range figure means."""

    ONE_WAY_RANGE = "one_way_range"
    CONTROL_RADIUS = "control_radius"
    COMBAT_RADIUS = "combat_radius"


RANGE_BASIS_LABELS: dict[str, str] = {
    RangeBasis.ONE_WAY_RANGE: "one-way range",
    RangeBasis.CONTROL_RADIUS: "control radius (line of sight)",
    RangeBasis.COMBAT_RADIUS: "combat radius",
}

SOURCE_COLUMNS = ("id", "title", "publisher", "published", "url")
DRONE_COLUMNS = (
    "id",
    "name",
    "aliases",
    "origin",
    "role",
    "range_km",
    "range_min_km",
    "range_max_km",
    "range_basis",
    "source_ids",
    "notes",
)
SITE_COLUMNS = (
    "id",
    "name",
    "kind",
    "lat",
    "lon",
    "country",
    "active_from",
    "active_to",
    "drone_ids",
    "confidence",
    "precision",
    "summary",
    "source_ids",
)
STRIKE_COLUMNS = (
    "id",
    "date",
    "lat",
    "lon",
    "place",
    "region",
    "country",
    "drone_id",
    "target_type",
    "killed",
    "injured",
    "confidence",
    "precision",
    "summary",
    "source_ids",
)
OPTIONAL_STRIKE_COLUMNS = ("launched_from",)
LAUNCH_COLUMNS = (
    "id",
    "period",
    "date",
    "drones_launched",
    "drones_downed",
    "drone_types",
    "reported_by",
    "summary",
    "source_ids",
)
# A data directory may leave these out (imported data has no launch figures): no file error.
OPTIONAL_TABLES = (Table.LAUNCHES,)

COLUMNS: dict[Table, tuple[str, ...]] = {
    Table.SOURCES: SOURCE_COLUMNS,
    Table.DRONES: DRONE_COLUMNS,
    Table.SITES: SITE_COLUMNS,
    Table.STRIKES: STRIKE_COLUMNS,
    Table.LAUNCHES: LAUNCH_COLUMNS,
}

# Columns a row cannot do without; the others may be empty.
REQUIRED_VALUES: dict[Table, tuple[str, ...]] = {
    Table.SOURCES: ("id", "title", "url"),
    Table.DRONES: ("id", "name", "source_ids"),
    Table.SITES: (
        "id",
        "name",
        "kind",
        "lat",
        "lon",
        "active_from",
        "confidence",
        "precision",
        "source_ids",
    ),
    Table.STRIKES: ("id", "date", "lat", "lon", "confidence", "precision", "source_ids"),
    Table.LAUNCHES: ("id", "period", "date", "drones_launched", "reported_by", "source_ids"),
}
