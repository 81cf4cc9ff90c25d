"""Build data/gazetteer/places.csv from the shared GeoNames and OurAirports extracts.

Run once by a maintainer (the output is committed with its licence in data/README.md):

    .venv/bin/python scripts/build_gazetteer.py ../shared/data/gazetteer

Why each step: the importers geocode place names of the war in Ukraine, so only populated
places (pop. >= 5,000) in UA, RU and BY are kept; alternate names are cut to Latin and
Cyrillic spellings (the other scripts never occur in the event data and would triple the
file); airfields keep their name, municipality and keywords so "Engels-2" or "Hvardiiske"
can be aliased to them. Hand-made aliases (oblasts, seas, directions) live in aliases.csv.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "gazetteer" / "places.csv"
COUNTRIES = {"UA", "RU", "BY"}
# Plain Latin (the transliterations), Cyrillic, digits, spaces and the punctuation of place names.
KEEP_NAME = re.compile(r"^[A-Za-z\u0400-\u04FF0-9 .'’ʼ()-]+$")
COLUMNS = ("id", "name", "kind", "country", "admin1", "lat", "lon", "population", "names")


def geonames_rows(path: Path) -> list[dict[str, str]]:
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for rec in csv.DictReader(handle):
            if rec["countrycode"] not in COUNTRIES:
                continue
            alternates = [n for n in rec["alternatenames"].split("|") if n and KEEP_NAME.match(n)]
            # Three-letter upper-case codes (IATA) are not place names in the event data.
            alternates = [n for n in alternates if not (len(n) <= 4 and n.isupper())]
            names = list(dict.fromkeys([rec["name"], *alternates]))
            rows.append(
                {
                    "id": f"geonames:{rec['geonameid']}",
                    "name": rec["name"],
                    "kind": "city",
                    "country": rec["countrycode"],
                    "admin1": rec["admin1code"],
                    "lat": rec["latitude"],
                    "lon": rec["longitude"],
                    "population": rec["population"],
                    "names": "|".join(names),
                }
            )
    return rows


def airfield_rows(path: Path) -> list[dict[str, str]]:
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for rec in csv.DictReader(handle):
            if rec["iso_country"] not in COUNTRIES:
                continue
            keywords = [k.strip() for k in rec["keywords"].split(",") if k.strip()]
            names = [rec["name"], *(k for k in keywords if KEEP_NAME.match(k))]
            rows.append(
                {
                    "id": f"ourairports:{rec['ident']}",
                    "name": rec["name"],
                    "kind": "airfield",
                    "country": rec["iso_country"],
                    "admin1": rec["iso_region"],
                    "lat": rec["latitude_deg"],
                    "lon": rec["longitude_deg"],
                    "population": "",
                    "names": "|".join(dict.fromkeys(names)),
                }
            )
    return rows


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: build_gazetteer.py SHARED_GAZETTEER_DIR", file=sys.stderr)
        return 2
    src = Path(argv[0])
    rows = geonames_rows(src / "geonames_cities5000_UA_RU_BY_IR_MD_GE.csv")
    rows += airfield_rows(src / "ourairports_2022-10-11_selected_airfields.csv")
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} places -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
