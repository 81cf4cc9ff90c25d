"""Offline geocoding of the place names in event data (data/gazetteer, see data/README.md).

places.csv holds GeoNames populated places (pop. >= 5,000, UA/RU/BY) and OurAirports
airfields; aliases.csv maps oblasts, directions, seas and odd spellings to members of
places.csv. An alias with several members stands at their mean; one with none (a sea) has
no point, and says so.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from droneatlas.schema import Precision
from droneatlas.settings import GAZETTEER_DIR

# How fine a match is, finest first: the finest part of "Chauda, Crimea" wins.
LEVEL_RANK = {"airfield": 0, "city": 1, "raion": 2, "island": 2, "oblast": 3, "direction": 4, "country": 5}
CITY_LEVELS = {"airfield", "city"}
# Names that stand for no place: a direction ("south") or a whole country ("Ukraine").
COUNTRY_LEVELS = {"direction", "country"}


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    kind: str
    country: str
    lat: float
    lon: float
    population: int


@dataclass(frozen=True)
class Match:
    """A place name resolved to a point, or to the reason it has none."""

    text: str  # the name as written in the data
    level: str = ""  # airfield, city, raion, island, oblast, direction, country
    lat: float | None = None
    lon: float | None = None
    country: str = ""
    note: str = ""  # what the point stands for
    region: str = ""  # the oblast when the name gives one
    unmatched: str = ""  # parts of "Town, Region" that were not found (the match is coarser)

    @property
    def found(self) -> bool:
        return self.lat is not None

    @property
    def precision(self) -> Precision:
        """city for a town or airfield; country for a direction or a whole country (a point
        that is no place: never drawn); region for the rest (counted in its oblast)."""
        if self.level in CITY_LEVELS:
            return Precision.CITY
        return Precision.COUNTRY if self.level in COUNTRY_LEVELS else Precision.REGION


def normalise(text: str) -> str:
    """Case, accents, apostrophes and hyphens do not matter: "Kryvyi Rih" = "kryvyi-rih"."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['’ʼ`]", "", text)
    return re.sub(r"[\s\-_.]+", " ", text).strip()


def loose(text: str) -> str:
    """Transliteration-blind key: "Zaporizhzhia"/"Zaporizhzhya", "Kryvyi"/"Kryvyy" agree."""
    key = re.sub(r"[yijь]", "", normalise(text))
    return re.sub(r"(.)\1+", r"\1", key)


_AIRFIELD_WORDS = re.compile(r"\b(air base|airport|airfield|international)\b", re.IGNORECASE)


class Gazetteer:
    """Name -> point lookups over places.csv and aliases.csv."""

    def __init__(self, directory: Path = GAZETTEER_DIR) -> None:
        self.places: dict[str, Place] = {}
        self._exact: dict[str, list[Place]] = {}
        self._loose: dict[str, list[Place]] = {}
        with (directory / "places.csv").open(encoding="utf-8", newline="") as handle:
            for rec in csv.DictReader(handle):
                place = Place(
                    rec["id"],
                    rec["name"],
                    rec["kind"],
                    rec["country"],
                    float(rec["lat"]),
                    float(rec["lon"]),
                    int(rec["population"] or 0),
                )
                self.places[place.id] = place
                names = rec["names"].split("|")
                if place.kind == "airfield":
                    names += [_AIRFIELD_WORDS.sub("", n).strip() for n in names]
                for name in {n for n in names if n}:
                    self._exact.setdefault(normalise(name), []).append(place)
                    self._loose.setdefault(loose(name), []).append(place)
        self.aliases: dict[str, dict[str, str]] = {}
        with (directory / "aliases.csv").open(encoding="utf-8", newline="") as handle:
            for rec in csv.DictReader(handle):
                self.aliases[normalise(rec["alias"])] = rec

    def _place(self, name: str, country: str = "") -> Place | None:
        """The best place called ``name``: in ``country`` if any is, then the most populous."""
        if name in self.places:
            return self.places[name]
        candidates = self._exact.get(normalise(name)) or self._loose.get(loose(name)) or []
        if country and any(p.country == country for p in candidates):
            candidates = [p for p in candidates if p.country == country]
        return max(candidates, key=lambda p: p.population, default=None)

    def _alias(self, text: str) -> Match | None:
        rec = self.aliases.get(normalise(text))
        if rec is None:
            return None
        members = [self._place(m, rec["country"]) for m in rec["members"].split("|") if m]
        if not members or any(m is None for m in members):
            return Match(text, level=rec["kind"], country=rec["country"], note=rec["note"])
        points = [m for m in members if m is not None]
        lat = sum(p.lat for p in points) / len(points)
        lon = sum(p.lon for p in points) / len(points)
        level = rec["kind"] if rec["kind"] in LEVEL_RANK else "city"
        region = rec["alias"] if level == "oblast" else ""
        note = f"{rec['alias']}: {rec['note']}" if rec["note"] else rec["alias"]
        return Match(text, level, round(lat, 5), round(lon, 5), rec["country"], note, region)

    def _one(self, part: str, country: str) -> Match:
        part = re.sub(r"\s*\([^)]*\)", "", part).strip()  # "Kyiv oblast (south)" -> "Kyiv oblast"
        if (alias := self._alias(part)) is not None:
            return alias
        raion = re.fullmatch(r"(.+?)\s+raion", part, flags=re.IGNORECASE)
        if raion and (centre := self._place(raion.group(1), country)) is not None:
            note = f"{part}: the district's centre {centre.name} (GeoNames)"
            return Match(part, "raion", centre.lat, centre.lon, centre.country, note)
        place = self._place(part, country)
        if place is None:
            return Match(part)
        source = "OurAirports" if place.kind == "airfield" else "GeoNames"
        note = f"{place.name} ({source})"
        return Match(
            part,
            "airfield" if place.kind == "airfield" else "city",
            place.lat,
            place.lon,
            place.country,
            note,
        )

    def match(self, text: str, country: str = "") -> Match:
        """Resolve one place; "Oblast, Raion" and "Town, Region" keep the finest part found."""
        text = re.sub(r"^\s*and\s+", "", text).strip()
        whole = self._one(text, country)
        if whole.found or "," not in text:
            return Match(text, whole.level, whole.lat, whole.lon, whole.country, whole.note, whole.region)
        parts = [self._one(p.strip(), country) for p in text.split(",") if p.strip()]
        hint = next((p.country for p in parts if p.found and p.level not in CITY_LEVELS), country)
        if hint != country:  # re-read town names knowing which country the region is in
            parts = [self._one(p.text, hint) for p in parts]
        found = [p for p in parts if p.found]
        if not found:
            reasons = "; ".join(p.note for p in parts if p.note)
            return Match(text, note=reasons)
        best = min(found, key=lambda p: LEVEL_RANK.get(p.level, 9))
        region = next((p.region for p in found if p.region), "")
        unmatched = ", ".join(p.text for p in parts if not p.found and not p.level)
        return Match(text, best.level, best.lat, best.lon, best.country, best.note, region, unmatched)


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer shipped in data/gazetteer, loaded once per process."""
    return Gazetteer()
