"""The base map's place names (droneatlas.placenames) and their placement (droneatlas.labelplacement)."""

from __future__ import annotations

import csv
import gzip
import json
import random

from droneatlas import placenames
from droneatlas.assets import PLACE_URLS, local_path
from droneatlas.labelplacement import Candidate, overlaps, place, spots
from droneatlas.settings import CITIES_FILE


def test_the_labels_file_is_geonames_in_placement_order() -> None:
    labels = placenames.load_labels()
    kinds = [label.kind for label in labels]
    # Capitals, then oblast centres, then cities, each by population.
    assert kinds == sorted(kinds, key=["capital", "admin", "city"].index)
    for kind in ("capital", "admin", "city"):
        pops = [label.population for label in labels if label.kind == kind]
        assert pops == sorted(pops, reverse=True)
    by_name = {(label.country, label.name): label for label in labels}
    assert by_name[("UA", "Kyiv")].kind == "capital" and by_name[("UA", "Kyiv")].local == "Київ"
    assert by_name[("UA", "Kharkiv")].kind == "admin" and by_name[("UA", "Kharkiv")].local == "Харків"
    assert by_name[("UA", "Zaporizhzhia")].kind == "admin"  # aliases.csv's spelling, not Zaporizhzhya
    assert by_name[("RU", "Moscow")].local == "Москва"
    assert by_name[("IR", "Tehran")].kind == "capital" and by_name[("IR", "Tehran")].local == ""
    # Every UA/RU/BY label is a real row of the gazetteer, at its coordinates.
    with CITIES_FILE.open(encoding="utf-8", newline="") as handle:
        gazetteer = {row["id"].removeprefix("geonames:"): row for row in csv.DictReader(handle)}
    with placenames.LABELS_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["country"] in ("UA", "RU", "BY"):
                source = gazetteer[row["geonameid"]]
                assert abs(float(source["lat"]) - float(row["lat"])) < 1e-4
                assert row["local"] == "" or row["local"] in source["names"].split("|")


def test_oblasts_are_named_except_the_cities_a_city_label_names() -> None:
    labels = placenames.oblast_labels(placenames.load_oblasts(), placenames.load_labels())
    names = {o.full_name: o for o in labels}
    assert len(names) == 80  # 85 units less Kyiv, Sevastopol, Minsk, Moscow and Saint Petersburg (cities)
    assert names["Autonomous Republic of Crimea"].name == "Crimea"
    assert names["Autonomous Republic of Crimea"].local == "Автономна Республіка Крим"
    assert names["Kharkiv Oblast"].name == "Kharkiv Oblast"
    assert "Kyiv" not in names and "Sevastopol" not in names


def test_search_keys_meet_across_spellings() -> None:
    key = placenames.search_key
    assert key("Kyïv") == key("KYIV") == "kyiv"
    assert key("Ryazan’") == key("ryazan") == "ryazan"
    assert key("Київ") == key("київ")
    assert key("Ivano-Frankivsk") == "ivano frankivsk"


def test_installed_place_files_are_what_the_page_reads() -> None:
    """make install wrote them (droneatlas.assets); the gazetteer finds Latin and Cyrillic."""
    data = {k: json.loads(gzip.decompress(local_path(url).read_bytes())) for k, url in PLACE_URLS.items()}
    assert len(data["oblasts"]["features"]) == 85
    assert data["labels"]["places"][0][0] == "Moscow"
    kyiv = next(e for e in data["gazetteer"] if e[0] == "Kyiv")
    keys = kyiv[6].split("|")
    assert "kyiv" in keys and placenames.search_key("Київ") in keys and placenames.search_key("Киев") in keys
    assert any(e[0] == "Autonomous Republic of Crimea" for e in data["gazetteer"])


def test_placement_never_overlaps_and_keeps_the_important_first() -> None:
    rng = random.Random(4)
    point = lambda: (rng.uniform(-10, 410), rng.uniform(-10, 310))  # noqa: E731
    many = [Candidate(*point(), rng.uniform(20, 110), 12) for _ in range(600)]
    placed = place(many, 400, 300)
    assert 20 < len(placed) < len(many)
    for i, a in enumerate(placed):
        assert a.whole[0] >= 0 and a.whole[1] >= 0 and a.whole[2] <= 400 and a.whole[3] <= 300
        for b in placed[i + 1 :]:
            assert not overlaps(a.whole, b.whole)
    kept = {p.index for p in placed}
    for i, c in enumerate(many):  # one left out had no free spot among those placed before it
        if i in kept:
            continue
        before = [p.whole for p in placed if p.index < i]
        for _at, _box, whole in spots(c):
            in_view = whole[0] >= 0 and whole[1] >= 0 and whole[2] <= 400 and whole[3] <= 300
            assert not in_view or any(overlaps(whole, b) for b in before)


def test_placement_matches_the_pages_spots() -> None:
    """The order right, left, above, below, as static/atlas/places.js (tests/js/places.test.js)."""
    right, left = (220, 148, 226, 152), (176, 148, 180, 152)
    one = [Candidate(200, 150, 20, 14)]
    assert place(one, 400, 300)[0].at == "right"
    assert place(one, 400, 300, [right])[0].at == "left"
    assert place(one, 400, 300, [right, left])[0].at == "above"
    site = Candidate(100, 100, 50, 14, gap=12, point=20, own_symbol=True)
    assert place([site], 400, 300, [(90, 90, 110, 110)])[0].box[0] == 112
