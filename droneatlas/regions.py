"""Honest aggregation: region-level records counted in their oblast, never drawn as a place.

A record whose precision is ``region`` finds its oblast (data/basemap/oblasts.geojson) by
its ``region`` name, matched against every spelling of the oblasts' names (English,
Ukrainian, Russian, Natural Earth's), and else by its point inside an oblast's polygon.
The oblasts of a window are then shaded by how many records they hold (or by the drones
launched, when every such record carries the figure) in a few classed colours. A record
that names only a country or a direction (precision ``country``), or a region record whose
oblast cannot be found, is *not placed*: counted, said in words, never drawn.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from droneatlas.compact import text_cells
from droneatlas.memo import remembered
from droneatlas.schema import POINT_PRECISIONS, Precision
from droneatlas.settings import PROJECT_DATA_DIR

OBLASTS_FILE = PROJECT_DATA_DIR / "basemap" / "oblasts.geojson"
NAME_COLUMNS = ("name", "name_uk", "name_ru", "name_ne")  # the first spelling wins a clash
# ColorBrewer "Purples", 6 classes without the palest (it vanishes on the land colour):
# sequential, single hue, safe with the common colour-vision deficiencies, and apart from
# the drones' Okabe–Ito colours drawn over it.
CLASS_COLOURS = ("#dadaeb", "#bcbddc", "#9e9ac8", "#756bb1", "#54278f")
SHADE_OPACITY = 0.7
POPUP_RECORDS = 40  # records an oblast's popup lists (newest first); the rest are counted
UNIT_WORDS = re.compile(r"\b(oblast|region|raion|krai|kray|city|область|обл)\b\.?")


def normalise_name(text: str) -> str:
    """Case, accents, apostrophes and hyphens do not matter: "Kyiv-oblast" = "kyiv oblast"."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = re.sub(r"['’ʼ`´]", "", plain)
    return " ".join(re.sub(r"[-_.,/]", " ", plain).split())


def name_keys(name: str) -> list[str]:
    """The keys one spelling is found by: itself, and without its unit word ("Odesa Oblast"
    also as "odesa"), so that "Odesa oblast", "Odesa region" and "Odesa" all meet it."""
    full = normalise_name(name)
    bare = " ".join(UNIT_WORDS.sub(" ", full).split())
    return [k for k in dict.fromkeys([full, bare]) if k]


@lru_cache(maxsize=2)
def load_oblasts(path: Path = OBLASTS_FILE) -> gpd.GeoDataFrame:
    """The oblasts (85 first-level units), indexed by ISO 3166-2 code, read once."""
    oblasts = gpd.read_file(path)
    if oblasts.crs is None:
        oblasts = oblasts.set_crs(4326)
    return oblasts.set_index("iso_3166_2", drop=False)


@lru_cache(maxsize=2)
def name_index(path: Path = OBLASTS_FILE) -> dict[str, str]:
    """Normalised name -> oblast code. Full names first, then the names without their unit
    word, so a city unit ("Kyiv") keeps "kyiv" and its oblast keeps "kyiv oblast"."""
    oblasts = load_oblasts(path)
    index: dict[str, str] = {}
    for pass_ in (0, 1):
        for column in NAME_COLUMNS:
            for code, name in zip(oblasts.index, oblasts[column].fillna(""), strict=True):
                keys = name_keys(name)
                if len(keys) > pass_:
                    index.setdefault(keys[pass_] if pass_ == 0 else keys[-1], code)
    return index


def oblast_codes(strikes: pd.DataFrame, path: Path = OBLASTS_FILE) -> pd.Series:
    """Per strike, the code of the oblast it is counted in ("" when none is found); only
    region-level records get one (a point or a country-level record is not counted here).

    Remembered per frame (shared: do not change it): the shading, its legend rows, the
    stamp and "About this view" each shade the same window in one run.
    """
    return remembered(strikes, ("oblast codes", str(path)), lambda: _oblast_codes(strikes, path))


def _oblast_codes(strikes: pd.DataFrame, path: Path) -> pd.Series:
    codes = np.full(len(strikes), "", dtype=object)
    region = has_precision(strikes, Precision.REGION)
    if region.any():
        # Three columns, not the region rows' whole table: taking those rows copied every
        # column (~0.4 GB for a million region-level records).
        names = strikes["region"][region].to_numpy() if "region" in strikes else np.full(region.sum(), None)
        found = _codes_of_names(names, name_index(path))
        missing = found == ""
        if missing.any():
            lon, lat = strikes["lon"].to_numpy()[region], strikes["lat"].to_numpy()[region]
            found[missing] = point_codes(lon[missing], lat[missing], path)
        codes[region] = found
    return pd.Series(codes, index=strikes.index, dtype=object)


def _codes_of_names(names: np.ndarray, index: dict[str, str]) -> np.ndarray:
    """The oblast code each region name stands for ("" for none, or no name): most records
    share a few names, so each distinct name is looked up once."""
    positions, distinct = pd.factorize(names)  # a missing name is -1: the last, empty, code
    codes = [next((index[k] for k in name_keys(str(n)) if k in index), "") for n in distinct]
    return np.array([*codes, ""], dtype=object)[positions]


def has_precision(strikes: pd.DataFrame, *precisions: Precision) -> np.ndarray:
    """Per strike, whether its precision is one of ``precisions`` (as plain strings: comparing
    100,000 cells with an enum member costs ten times as much).

    Remembered per frame: the map, its legend, the stamp and the caption each ask of the
    same window in one run. The mask is shared: do not change it.
    """
    key = ("precision", *precisions)
    return remembered(strikes, key, lambda: _has_precision(strikes, precisions))


def _has_precision(strikes: pd.DataFrame, precisions: tuple[Precision, ...]) -> np.ndarray:
    values = strikes["precision"].to_numpy()
    if len(precisions) == 1:
        mask = np.asarray(values == precisions[0].value, dtype=bool)
    else:
        mask = np.isin(values, [p.value for p in precisions])
    mask.flags.writeable = False  # shared by every caller of this frame
    return mask


def only_points(strikes: pd.DataFrame) -> pd.DataFrame:
    """The strikes drawn as points (exact, city): ``strikes`` itself when all are (no copy)."""
    points = has_precision(strikes, *POINT_PRECISIONS)
    return strikes if points.all() else strikes[points]


POINTS_AT_A_TIME = 50_000


def point_codes(lon: np.ndarray, lat: np.ndarray, path: Path = OBLASTS_FILE) -> np.ndarray:
    """The code of the oblast each point lies in ("" outside them all)."""
    names = load_oblasts(path).index.to_numpy()
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    codes = np.full(len(lon), "", dtype=object)
    tree = _tree(path)
    # A slice of points at a time: a million shapely points at once held ~0.2 GB.
    for start in range(0, len(lon), POINTS_AT_A_TIME):
        points = shapely.points(lon[start : start + POINTS_AT_A_TIME], lat[start : start + POINTS_AT_A_TIME])
        point_i, oblast_i = tree.query(points, predicate="within")
        codes[start + point_i] = names[oblast_i]  # borders are shared: one wins, as in any join
    return codes


@lru_cache(maxsize=2)
def _tree(path: Path) -> shapely.STRtree:
    return shapely.STRtree(load_oblasts(path).geometry.to_numpy())


@dataclass(frozen=True)
class Shading:
    """The oblasts of one window shaded by a measure, with what the map, legend and popups need.

    ``values``: code -> the measure (records, or drones launched); ``counts``: code ->
    records; ``breaks``: each class's upper bound (ascending); ``records``: code -> the
    newest POPUP_RECORDS records as (id, date text, label); ``not_placed``: records of the
    window drawn nowhere (country-level, or a region with no oblast found).
    """

    measure: str  # "records" or "drones launched"
    values: dict[str, int]
    counts: dict[str, int]
    breaks: tuple[int, ...]
    records: dict[str, list[tuple[str, str, str]]]
    not_placed: int
    country_level: int
    not_placed_launched: int | None = None  # drones launched the records not placed report, if any
    # code -> [day number, weight] per record (weight = drones launched, or 1): playback
    # recounts an oblast for its frame from these (static/atlas/regions.js).
    days: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.values

    def colour(self, value: int) -> str:
        """The class colour of a value (the first class whose upper bound holds it)."""
        position = int(np.searchsorted(np.asarray(self.breaks), value, side="left"))
        return class_colours(len(self.breaks))[min(position, len(self.breaks) - 1)]

    def measure_words(self, label: str) -> str:
        """'records' or 'drones launched' after a class label; singular after "1"."""
        if label != "1":
            return self.measure
        return "record" if self.measure == "records" else "drone launched"

    def class_labels(self) -> list[tuple[str, str]]:
        """(label, colour) per class: "1–3", "4–10", ..., or "5" for a class of one value."""
        lows = [min(self.values.values()), *(b + 1 for b in self.breaks[:-1])]
        colours = class_colours(len(self.breaks))
        return [
            (f"{low:,}" if low == high else f"{low:,}–{high:,}", colour)
            for low, high, colour in zip(lows, self.breaks, colours, strict=True)
        ]


def class_colours(k: int) -> tuple[str, ...]:
    """The darkest ``k`` colours of the scheme, light to dark (k <= 5): fewer classes stay legible."""
    return CLASS_COLOURS[len(CLASS_COLOURS) - k :] if k else ()


def class_breaks(values: list[int] | np.ndarray, k: int = len(CLASS_COLOURS)) -> tuple[int, ...]:
    """Upper bounds of at most ``k`` classes: quantiles of the (non-zero, whole) values, equal
    bounds merged, the last the maximum. Quantiles give every class some oblasts even when a
    few oblasts hold most of the records (Kyiv and Odesa do)."""
    data = np.asarray(values, dtype=float)
    data = data[data > 0]
    if not len(data):
        return ()
    bounds = np.quantile(data, np.linspace(0, 1, k + 1)[1:], method="inverted_cdf")
    return tuple(int(b) for b in dict.fromkeys(np.ceil(bounds).astype(int)))


def _launched_of(strikes: pd.DataFrame, mask: np.ndarray) -> pd.Series | None:
    """The drones launched of the strikes in ``mask``, as numbers (None without the column):
    one column taken, not the rows' whole table."""
    if "launched" not in strikes.columns:
        return None
    return pd.to_numeric(strikes["launched"][mask], errors="coerce")


def _reported_launched(launched: pd.Series | None) -> int | None:
    """The drones launched that records report (``_launched_of``), or None when none carries
    the figure."""
    return int(launched.sum()) if launched is not None and launched.notna().any() else None


def _launched_measure(launched: pd.Series | None) -> pd.Series | None:
    """Drones launched per placed record (``_launched_of``), when every one carries the figure;
    else None."""
    if launched is None or launched.empty:
        return None
    return launched if launched.notna().all() else None


def shade(
    strikes: pd.DataFrame,
    drone_names: pd.Series | None = None,
    *,
    with_records: bool = True,
    path: Path = OBLASTS_FILE,
) -> Shading:
    """The shading of the window's ``strikes``: region records counted in their oblast
    (``with_records`` False leaves the popups' lists out: a legend or a stamp needs none)."""
    region = has_precision(strikes, Precision.REGION)
    country = has_precision(strikes, Precision.COUNTRY)
    country_level = int(country.sum())
    if not region.any():  # most data sets: nothing to count in an oblast (a cheap answer per run)
        reported = _reported_launched(_launched_of(strikes, country)) if country_level else None
        return Shading("records", {}, {}, (), {}, country_level, country_level, reported)
    codes = oblast_codes(strikes, path)
    placed = region & (codes != "").to_numpy()
    unplaced = (region & ~placed) | country
    # Masks and single columns throughout: the placed rows' table would be a copy of nearly
    # every column of a large region-level import.
    launched = _launched_measure(_launched_of(strikes, placed))
    grouped = codes[placed]
    counts = grouped.value_counts()
    if launched is not None:
        values = launched.groupby(grouped.to_numpy()).sum().astype(int)
        measure = "drones launched"
    else:
        values, measure = counts, "records"
    listed, days = {}, {}
    if with_records:
        positions = np.flatnonzero(placed)
        listed = _popup_records(strikes, positions, grouped.to_numpy(), drone_names)
        ones = np.ones(len(positions), dtype=np.int64)
        weights = ones if launched is None else launched.fillna(0).astype(np.int64).to_numpy()
        days = _record_days(strikes["date"].to_numpy()[positions], weights, grouped.to_numpy())
    return Shading(
        measure=measure,
        values={str(c): int(v) for c, v in values.items()},
        counts={str(c): int(v) for c, v in counts.items()},
        breaks=class_breaks(values.to_numpy()),
        records=listed,
        not_placed=int(unplaced.sum()),
        country_level=country_level,
        not_placed_launched=_reported_launched(_launched_of(strikes, unplaced)),
        days=days,
    )


def _record_days(
    dates: np.ndarray, weights: np.ndarray, codes: np.ndarray
) -> dict[str, list[tuple[int, int]]]:
    """Per oblast, (days since 1970-01-01, total weight) of each day it has records on, in
    day order: what playback sums over a frame (a pair per record was a million pairs for
    a million region-level records)."""
    numbers = dates.astype("datetime64[D]").astype(np.int64)
    frame = pd.DataFrame({"code": codes, "day": numbers, "weight": weights})
    totals = frame.groupby(["code", "day"], sort=True)["weight"].sum()
    out: dict[str, list[tuple[int, int]]] = {}
    for (code, day), weight in totals.items():
        out.setdefault(str(code), []).append((int(day), int(weight)))
    return out


def _popup_records(
    strikes: pd.DataFrame, positions: np.ndarray, codes: np.ndarray, drone_names: pd.Series | None
) -> dict[str, list[tuple[str, str, str]]]:
    """Per oblast, its newest records as (id, '17 Oct 2022', 'Shahed-136 · 43 launched · Odesa');
    ``positions``: the placed records' rows in ``strikes``, ``codes`` their oblasts."""
    listed: dict[str, list[tuple[str, str, str]]] = {}
    if not len(positions):
        return listed
    # The newest records of each oblast found on two columns, then only those rows taken:
    # sorting the whole table held a copy of every region-level record.
    order = pd.DataFrame({"_code": codes, "date": strikes["date"].to_numpy()[positions]})
    order = order.sort_values("date", ascending=False, kind="stable")
    newest = order.groupby("_code", sort=False).head(POPUP_RECORDS).index.to_numpy()
    head = strikes.iloc[positions[newest]].assign(_code=codes[newest])  # only these get a label
    labels = record_labels(head, drone_names)
    days = [f"{d:%-d %b %Y}" for d in head["date"]]
    for code, record_id, day, label in zip(head["_code"], head["id"], days, labels, strict=True):
        listed.setdefault(str(code), []).append((str(record_id), day, label))
    return listed


def record_labels(rows: pd.DataFrame, drone_names: pd.Series | None) -> list[str]:
    """'Shahed-136 · 43 launched · Odesa oblast' per record: the drone, the figure when known,
    the place as the data gives it (the page sets it as text)."""
    drones = text_cells(rows["drone_id"]).astype(str)
    if drone_names is not None:
        drones = drones.map(lambda d: str(drone_names[d]) if d in drone_names.index else d)
    launched = pd.to_numeric(rows.get("launched", pd.Series(np.nan, index=rows.index)), errors="coerce")
    places = text_cells(rows["place"]).astype(str).str.strip()
    return [
        " · ".join(
            [
                drone or "drone not named",
                *([f"{int(n):,} launched"] if pd.notna(n) else []),
                *([place] if place else []),
            ]
        )
        for drone, n, place in zip(drones, launched, places, strict=True)
    ]


def not_placed_text(n: int) -> str:
    """'3 records not placed on the map' (empty for none): the stamp's and the panel's words."""
    if not n:
        return ""
    return f"{n:,} record{'' if n == 1 else 's'} not placed on the map"


def page_geometry(codes: tuple[str, ...] | None = None, path: Path = OBLASTS_FILE) -> dict:
    """The oblasts as GeoJSON for the page, with only ``code`` and ``name`` as properties
    (all of them, or those of ``codes``: a standalone file inlines only what it shades)."""
    oblasts = load_oblasts(path)
    if codes is not None:
        oblasts = oblasts[oblasts.index.isin(codes)]
    frame = gpd.GeoDataFrame(
        {"code": oblasts.index.to_numpy(), "name": oblasts["name"].to_numpy()},
        geometry=oblasts.geometry.to_numpy(),  # stored at 3 decimals already (scripts/derive_oblasts.py)
        crs=oblasts.crs,
    )
    return json.loads(frame.to_json(drop_id=True, to_wgs84=False))


def label_points(codes: list[str], path: Path = OBLASTS_FILE) -> tuple[np.ndarray, np.ndarray]:
    """(lon, lat) of the label points of ``codes`` (for framing a still image on them)."""
    oblasts = load_oblasts(path).reindex(codes)
    return oblasts["label_lon"].to_numpy(dtype=float), oblasts["label_lat"].to_numpy(dtype=float)


def placement_sentences(shading: Shading) -> list[str]:
    """The shading in words for "About this view" (counts and our own words only)."""
    lines = []
    counted = sum(shading.counts.values())
    if counted:
        oblasts = len(shading.counts)
        lines.append(
            f"{counted:,} region-level record{'' if counted == 1 else 's'} counted in "
            f"{oblasts} oblast{'' if oblasts == 1 else 's'}, shaded by {shading.measure} "
            "(never drawn as a point: where in the oblast is not known)."
        )
    if shading.not_placed:
        unfound = shading.not_placed - shading.country_level
        parts = []
        if shading.country_level:
            parts.append(f"{shading.country_level:,} name only a country or a direction")
        if unfound:
            parts.append(f"{unfound:,} name a region we cannot find among the oblasts")
        reported = shading.not_placed_launched
        said = f" They report {reported:,} drones launched in all." if reported is not None else ""
        lines.append(f"**{not_placed_text(shading.not_placed)}**: {'; '.join(parts)}.{said}")
    return lines
