"""Place names of the base map: city labels, oblast names and the "Find a place" gazetteer.

One list for the app, the standalone HTML and the PNG: data/basemap/labels.csv (GeoNames,
in placement order: capitals, oblast centres, then by population; scripts/derive_labels.py)
and the label points of data/basemap/oblasts.geojson. The page places them itself
(static/atlas/places.js), the PNG with ``droneatlas.labelplacement``; both by the same rule.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from droneatlas.settings import CITIES_FILE, LABELS_FILE, OBLASTS_FILE

OBLAST_MIN_ZOOM = 5  # "mid zoom": the opening view of the region names the oblasts
SITE_MIN_ZOOM = 5  # site names label their markers from the same zoom
# Prefixes left off an oblast's label (the tooltip keeps the full name). "Oblast" stays:
# most oblasts share their centre's name, and the city has a label of its own.
_SHORT = re.compile(r"^(Autonomous )?Republic of ")


@dataclass(frozen=True)
class PlaceLabel:
    """A city label: English name, local name ('' when not known), and when it may show."""

    name: str
    local: str
    kind: str  # capital, admin (an oblast's centre) or city
    country: str
    lat: float
    lon: float
    population: int
    min_zoom: int


@dataclass(frozen=True)
class OblastLabel:
    """An oblast's name at its label point (inside the unit)."""

    name: str  # short: "Vinnytsia Oblast", "Crimea", "Dagestan"
    full_name: str
    local: str
    lat: float
    lon: float


@lru_cache(maxsize=2)
def load_labels(path: Path = LABELS_FILE) -> tuple[PlaceLabel, ...]:
    """The city labels in placement order."""
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(
            PlaceLabel(
                name=row["name"],
                local=row["local"],
                kind=row["kind"],
                country=row["country"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                population=int(row["population"]),
                min_zoom=int(row["min_zoom"]),
            )
            for row in csv.DictReader(handle)
        )


@lru_cache(maxsize=2)
def load_oblasts(path: Path = OBLASTS_FILE) -> dict:
    """The oblasts' GeoJSON (outlines and properties)."""
    return json.loads(path.read_text(encoding="utf-8"))


def short_oblast_name(name: str) -> str:
    """ "Autonomous Republic of Crimea" -> "Crimea", "Republic of Dagestan" -> "Dagestan"."""
    return _SHORT.sub("", name)


def oblast_labels(oblasts: dict, cities: tuple[PlaceLabel, ...]) -> list[OblastLabel]:
    """One label per unit, except city units (Kyiv, Moscow, ...) that a city label names."""
    city_names = {c.name for c in cities}
    labels = []
    for feature in oblasts["features"]:
        p = feature["properties"]
        short = short_oblast_name(p["name"])
        if short == p["name"] and short in city_names:
            continue
        local = p["name_uk"] if p["iso_a2"] == "UA" else p["name_ru"]
        lat, lon = float(p["label_lat"]), float(p["label_lon"])
        labels.append(OblastLabel(short, p["name"], local or "", lat, lon))
    return labels


def oblast_outlines(oblasts: dict) -> dict:
    """The outlines only (no properties): what the page draws under the data."""
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {}, "geometry": f["geometry"]} for f in oblasts["features"]
        ],
    }


def labels_payload(cities: tuple[PlaceLabel, ...], oblasts: list[OblastLabel]) -> dict:
    """What static/atlas/places.js reads: compact rows, in placement order."""
    return {
        "places": [[c.name, c.local, c.lat, c.lon, c.kind, c.min_zoom] for c in cities],
        "oblasts": [[o.name, o.full_name, o.local, o.lat, o.lon] for o in oblasts],
        "oblastMinZoom": OBLAST_MIN_ZOOM,
        "siteMinZoom": SITE_MIN_ZOOM,
    }


def search_key(name: str) -> str:
    """Lower case, accents and apostrophes off: "Kyïv" and "kyiv", "Ryazan’" and "ryazan" meet."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    # Cyrillic й and ї decompose too: keep the base letters of every script but drop the marks.
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"['’ʼ`\-\s]+", " ", kept).strip()


def gazetteer_entries(
    cities: tuple[PlaceLabel, ...], oblasts: list[OblastLabel], places_file: Path = CITIES_FILE
) -> list[list]:
    """The "Find a place" list: [name, detail, lat, lon, zoom, population, keys] rows.

    Every populated place of places.csv (UA, RU, BY, with its Latin and Cyrillic names),
    the label cities of the rest of the region, and the oblasts; largest first, so that
    a common name finds the big place before the village.
    """
    entries: dict[tuple[float, float], list] = {}

    def add(name: str, detail: str, lat: float, lon: float, zoom: int, population: int, names: list[str]):
        # One entry per place (the labels' points are the gazetteer's, rounded), its names gathered.
        key = (round(lat, 3), round(lon, 3))
        entry = entries.setdefault(key, [name, detail, lat, lon, zoom, population, set()])
        entry[6].update(search_key(n) for n in [name, *names] if n)

    for label in cities:
        add(label.name, label.country, label.lat, label.lon, 9, label.population, [label.local])
    with places_file.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["kind"] != "city":
                continue
            names = row["names"].split("|")
            add(
                row["name"],
                row["country"],
                round(float(row["lat"]), 4),
                round(float(row["lon"]), 4),
                10,
                int(row["population"] or 0),
                names,
            )
    for oblast in oblasts:
        add(oblast.full_name, "first-level unit", oblast.lat, oblast.lon, 7, 0, [oblast.name, oblast.local])
    rows = sorted(entries.values(), key=lambda e: -e[5])
    return [[*row[:6], "|".join(sorted(row[6]))] for row in rows]
