"""Massive Missile Attacks on Ukraine (Petro Ivaniuk, Kaggle) -> launch sites and strikes.

One row = one weapon model in one attack window, from Ukrainian Air Force reports. Only
drone models are imported (missiles are rejected as "not a drone model"). Each row becomes
ONE strike record carrying its ``launched`` and ``destroyed`` counts, placed at the first
target that the gazetteer finds; all targets stay in ``place``. One record per row is what
keeps the per-model totals exact: a row naming three oblasts does not count three times.
The data are one party's statements, so every record is ``claimed``. A target that is an
oblast (or a raion, or a place found only by its oblast) has precision "region": the map
counts it in its oblast (the ``region`` column names it; else its point decides) and shades
the oblasts, never drawing it at a point. A target that is a direction ("south") or the
whole country keeps the documented stand-in point of data/gazetteer/aliases.csv (for the
exports) with precision "country": it is counted as "not placed on the map", never drawn,
and its summary says what the point is; a row without a target is such a country-level
record ("Ukraine"), with a warning. A row naming several targets is one record, counted in
the oblast of the first target found.
Launch places become ``launch_site`` sites (precision city or region) spanning the first and
last report naming them; seas, directions and unknown names get no site and a warning.
"""

from __future__ import annotations

from collections import Counter

from droneatlas.importers.batch import FileContext, parse_day, slug, stable_id, whole_number
from droneatlas.importers.csvio import header_names, normalise_name
from droneatlas.importers.events import iter_records
from droneatlas.importers.gazetteer import Match, default_gazetteer
from droneatlas.importers.models import drone_id_for, is_not_drone
from droneatlas.schema import MULTI_VALUE_SEPARATOR, Confidence, SiteKind

NAME = "ivaniuk"
URL = "https://www.kaggle.com/datasets/piterfm/massive-missile-attacks-on-ukraine"
REQUIRED = ("time_start", "time_end", "model", "launch_place", "target", "launched", "destroyed")
KEY = ("time_start", "time_end", "model", "launch_place", "target", "source")
NO_TARGET = "Ukraine"
NOT_A_LAUNCH_PLACE = {"direction", "country"}  # the reports are about attacks on Ukraine


def sniff(columns: set[str]) -> bool:
    return {"time_start", "model", "launch_place"} <= columns


def split_places(text: str) -> list[str]:
    """ "A and B, Crimea and C" -> ["A", "B, Crimea", "C"] (a leading "and " is a typo)."""
    parts = [p.strip() for p in f" {text} ".split(" and ")]
    return [p for p in parts if p]


def classify(model: str) -> tuple[str | None, str]:
    """(drone_id, reason): drone_id "" = a drone of unknown or mixed model; None = rejected."""
    parts = split_places(model)
    if not parts:
        return None, "no model"
    ids = [drone_id_for(p) for p in parts]
    if all(i is not None for i in ids):
        distinct = {i for i in ids if i}
        return (distinct.pop() if len(distinct) == 1 and len(parts) == 1 else ""), ""
    if any(is_not_drone(p) for p in parts):
        return None, "not a drone model"
    return None, "unknown model (not in the importer's drone table)"


class _Tally:
    """How many place names the gazetteer matched, for the report."""

    def __init__(self) -> None:
        self.names: dict[str, bool] = {}
        self.uses = Counter[str]()

    def add(self, kind: str, match: Match) -> None:
        self.names[f"{kind}:{match.text}"] = match.found
        self.uses["found" if match.found else "missing"] += 1

    def stats(self) -> dict[str, str]:
        found = sum(self.names.values())
        uses = self.uses["found"] + self.uses["missing"]
        missing = sorted(name for name, ok in self.names.items() if not ok)
        return {
            "place names matched": (
                f"{found}/{len(self.names)} distinct, {self.uses['found']}/{uses} mentions"
            ),
            "place names without a point": "; ".join(missing) or "none",
        }


def site_id_for(match: Match) -> str:
    return f"ivaniuk-launch-{slug(match.text)}"


def _site(ctx: FileContext, match: Match, day: str, drone: str, source_id: str) -> None:
    """Add or widen the launch site of one matched launch place."""
    site_id = site_id_for(match)
    row = {
        "id": site_id,
        "name": match.text,
        "kind": SiteKind.LAUNCH_SITE.value,
        "lat": f"{match.lat:.5f}",
        "lon": f"{match.lon:.5f}",
        "country": match.country,
        "active_from": day,
        "active_to": day,
        "drone_ids": drone,
        "confidence": Confidence.CLAIMED.value,
        "precision": match.precision.value,
        "source_ids": source_id,
    }
    ctx.batch.add_site(row)
    site = ctx.batch.sites[site_id]
    site["summary"] = (
        f"Named as a launch place of drones in Ukrainian Air Force reports (Ivaniuk data set) from "
        f"{site['active_from']} to {site['active_to']}. The point is {match.note}, not a surveyed "
        "launch position."
    )


def _summary(record: dict[str, str], drone_model: str, target: Match, targets: str, launch: str) -> str:
    counts = f"{whole_number(record['launched']) or '?'} launched, {whole_number(record['destroyed']) or '?'}"
    text = (
        f"Ukrainian Air Force report (Ivaniuk data set), {record['time_start']} to {record['time_end']} "
        f"(Kyiv time): {drone_model}, {counts} destroyed. Targets: {targets}."
    )
    if launch:
        text += f" Launched from: {launch}."
    return text + f" The point is {target.note}, not an impact point."


def import_file(ctx: FileContext) -> None:
    rows = ctx.open_csv()
    header_names(rows, REQUIRED, "Ivaniuk")
    gazetteer = default_gazetteer()
    source_id = f"import-ivaniuk-{ctx.sha256[:12]}"
    tally = _Tally()
    last_day = ""

    for line, record, raw in iter_records(ctx, rows):
        record = {normalise_name(k): v.strip() for k, v in record.items()}
        drone, reason = classify(record["model"])
        if drone is None:
            ctx.reject(line, reason, raw, record["model"])
            continue
        day = parse_day(record["time_start"])
        if day is None:
            ctx.reject(line, "time_start is not a date", raw, record["time_start"])
            continue
        if day > ctx.batch.today:
            ctx.reject(line, "date in the future", raw, day.isoformat())
            continue
        bad = [
            c
            for c in ("launched", "destroyed")
            if whole_number(record[c]) and not whole_number(record[c]).isdigit()
        ]
        if bad:
            ctx.reject(line, "launched/destroyed is not a whole number >= 0", raw, record[bad[0]])
            continue

        targets_text = record["target"] or NO_TARGET
        if not record["target"]:
            ctx.warn(line, "no target given; counted at country level (Ukraine), not placed on the map", raw)
        targets = [gazetteer.match(t, "UA") for t in split_places(targets_text)]
        for t in targets:
            tally.add("target", t)
            if not t.found:
                ctx.warn(line, "target place not found", raw, t.text)
            elif t.unmatched:
                ctx.warn(line, "target place found only in part", raw, f"{t.unmatched} (in {t.text})")
        target = next((t for t in targets if t.found), None)
        if target is None:
            ctx.reject(line, "no target place found", raw, targets_text)
            continue

        launches: list[Match] = []
        for place in split_places(record["launch_place"]):
            match = gazetteer.match(place)
            if match.level in NOT_A_LAUNCH_PLACE:
                # "north" in a launch column is where drones came from, not a place in Ukraine.
                match = Match(match.text, match.level, note=f"a {match.level}, not a launch place")
            tally.add("launch", match)
            if not match.found:
                ctx.warn(
                    line,
                    "launch place without a point (no site made)",
                    raw,
                    f"{match.text}" + (f": {match.note}" if match.note else ": not in the gazetteer"),
                )
                continue
            if match.unmatched:
                ctx.warn(line, "launch place found only in part", raw, f"{match.unmatched} (in {match.text})")
            launches.append(match)
        site_ids = [site_id_for(m) for m in launches]

        row = {
            "id": stable_id("ivaniuk", *(record.get(k, "") for k in KEY)),
            "date": day.isoformat(),
            "lat": f"{target.lat:.5f}",
            "lon": f"{target.lon:.5f}",
            "place": targets_text,
            "region": target.region,
            "country": target.country,
            "drone_id": drone,
            "target_type": "unknown",
            "confidence": Confidence.CLAIMED.value,
            "precision": target.precision.value,
            "summary": _summary(record, record["model"], target, targets_text, record["launch_place"]),
            "source_ids": source_id,
            "launched_from": site_ids[0] if len(site_ids) == 1 else "",
            "launched": whole_number(record["launched"]),
            "destroyed": whole_number(record["destroyed"]),
            "model": record["model"],
            "time_start": record["time_start"],
            "time_end": record["time_end"],
            "import_id": source_id,
        }
        if ctx.accept(row, line, raw):
            for match in launches:  # sites only from accepted rows
                _site(ctx, match, day.isoformat(), drone, source_id)
            ctx.batch.add_drone(drone, source_id)
            last_day = max(last_day, day.isoformat())

    ctx.report.stats.update(tally.stats())
    if ctx.report.accepted:
        title = (
            f"Massive Missile Attacks on Ukraine (Petro Ivaniuk, from Ukrainian Air Force reports); "
            f"imported copy {ctx.name}, sha256 {ctx.sha256[:12]}, rows to {last_day}"
        )
        ctx.batch.add_source(source_id, title, "Kaggle (Petro Ivaniuk)", URL)
    for site in ctx.batch.sites.values():
        site["drone_ids"] = MULTI_VALUE_SEPARATOR.join(
            sorted({d for d in site["drone_ids"].split(MULTI_VALUE_SEPARATOR) if d})
        )
