"""The view as URL query parameters: a link that reopens the same view.

Parsing is forgiving: an invalid value is dropped with a short notice and the rest of
the link still applies. Encoding writes every part of the view that is set, so a link
keeps meaning the same view even if the app's defaults change later.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

ZOOM_RANGE = (2, 18)
UNITS = ("km", "mi")
DENSITY = "density"  # strikes=density: the strikes layer's density view (view.STRIKE_STYLES)


@dataclass(frozen=True)
class ViewState:
    """Everything a link carries."""

    start: date | None = None
    end: date | None = None
    layers: tuple[str, ...] | None = None
    drones: tuple[str, ...] | None = None
    lat: float | None = None
    lon: float | None = None
    zoom: int | None = None
    unit: str | None = None
    basemap: str | None = None
    presenter: bool = False
    title: str | None = None
    density: bool = False
    compare_start: date | None = None  # a second window, side by side (both ends or none)
    compare_end: date | None = None


@dataclass(frozen=True)
class Vocabulary:
    """The values a link may name: what the data and the app know."""

    layers: tuple[str, ...]
    drones: tuple[str, ...]
    basemaps: tuple[str, ...]
    span: tuple[date, date]


@dataclass
class Parsed:
    state: ViewState
    notices: list[str] = field(default_factory=list)


def _one(params: Mapping[str, object], key: str) -> str | None:
    value = params.get(key)
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    return None if value is None else str(value).strip()


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _float(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def parse(params: Mapping[str, object], vocabulary: Vocabulary) -> Parsed:
    """Read a link's query parameters; keep what is valid, explain what is not."""
    state, notices = ViewState(), []

    def note(key: str, value: str, why: str) -> None:
        notices.append(f"ignored {key}={value[:40]!r}: {why}")

    first, last = vocabulary.span
    start_text, end_text = _one(params, "start"), _one(params, "end")
    start = _date(start_text) if start_text else None
    end = _date(end_text) if end_text else None
    if start_text and start is None:
        note("start", start_text, "not a date YYYY-MM-DD")
    if end_text and end is None:
        note("end", end_text, "not a date YYYY-MM-DD")
    if start and not first <= start <= last:
        note("start", start_text, f"outside the data ({first} to {last})")
        start = None
    if end and not first <= end <= last:
        note("end", end_text, f"outside the data ({first} to {last})")
        end = None
    if start and end and end < start:
        note("end", end_text, "before start")
        end = None
    state = replace(state, start=start, end=end)
    state = replace(state, **_compare_window(params, vocabulary.span, note))

    for key, known in (("layers", vocabulary.layers), ("drones", vocabulary.drones)):
        text = _one(params, key)
        if text is None:
            continue
        values = [v.strip() for v in text.split(",") if v.strip()]
        unknown = [v for v in values if v not in known]
        if unknown:
            note(key, ",".join(unknown), f"unknown; known: {', '.join(known)}")
        state = replace(state, **{key: tuple(v for v in values if v in known)})

    lat_text, lon_text, zoom_text = _one(params, "lat"), _one(params, "lon"), _one(params, "zoom")
    lat = _float(lat_text) if lat_text else None
    lon = _float(lon_text) if lon_text else None
    if lat_text and (lat is None or not -90 <= lat <= 90):
        note("lat", lat_text, "latitude must be -90..90")
        lat = None
    if lon_text and (lon is None or not -180 <= lon <= 180):
        note("lon", lon_text, "longitude must be -180..180")
        lon = None
    if (lat is None) != (lon is None):
        lat = lon = None  # a centre needs both
    zoom = None
    if zoom_text:
        number = _float(zoom_text)
        if number is None or number != int(number) or not ZOOM_RANGE[0] <= number <= ZOOM_RANGE[1]:
            note("zoom", zoom_text, f"zoom must be a whole number {ZOOM_RANGE[0]}..{ZOOM_RANGE[1]}")
        else:
            zoom = int(number)
    state = replace(state, lat=lat, lon=lon, zoom=zoom)

    unit = _one(params, "unit")
    if unit and unit not in UNITS:
        note("unit", unit, "use km or mi")
        unit = None
    basemap = _one(params, "basemap")
    if basemap and basemap not in vocabulary.basemaps:
        note("basemap", basemap, f"known: {', '.join(vocabulary.basemaps)}")
        basemap = None
    presenter = _one(params, "presenter") in ("1", "true", "yes")
    title = _one(params, "title")
    strikes = _one(params, "strikes")
    if strikes and strikes != DENSITY:
        note("strikes", strikes, f"use strikes={DENSITY} (or leave it out for points)")
    state = replace(state, unit=unit, basemap=basemap, presenter=presenter, title=title or None)
    return Parsed(replace(state, density=strikes == DENSITY), notices)


def _compare_window(params: Mapping[str, object], span: tuple[date, date], note) -> dict[str, date]:
    """compare_start and compare_end, when both are valid days of the data in order."""
    texts = {key: _one(params, key) for key in ("compare_start", "compare_end")}
    days = {}
    for key, text in texts.items():
        if not text:
            continue
        day = _date(text)
        if day is None:
            note(key, text, "not a date YYYY-MM-DD")
        elif not span[0] <= day <= span[1]:
            note(key, text, f"outside the data ({span[0]} to {span[1]})")
        else:
            days[key] = day
    if len(days) == 1:
        [(key, day)] = days.items()
        note(key, str(day), "a compared window needs compare_start and compare_end")
        return {}
    if days and days["compare_end"] < days["compare_start"]:
        note("compare_end", texts["compare_end"] or "", "before compare_start")
        return {}
    return days


def encode(state: ViewState) -> dict[str, str]:
    """Query parameters for ``state`` (only the parts that are set)."""
    out: dict[str, str] = {}
    if state.start:
        out["start"] = state.start.isoformat()
    if state.end:
        out["end"] = state.end.isoformat()
    if state.layers is not None:
        out["layers"] = ",".join(state.layers)
    if state.drones is not None:
        out["drones"] = ",".join(state.drones)
    if state.lat is not None and state.lon is not None:
        out["lat"], out["lon"] = f"{state.lat:.4f}", f"{state.lon:.4f}"
    if state.zoom is not None:
        out["zoom"] = str(state.zoom)
    if state.unit:
        out["unit"] = state.unit
    if state.basemap:
        out["basemap"] = state.basemap
    if state.presenter:
        out["presenter"] = "1"
    if state.title:
        out["title"] = state.title
    if state.density:
        out["strikes"] = DENSITY
    if state.compare_start and state.compare_end:
        out["compare_start"] = state.compare_start.isoformat()
        out["compare_end"] = state.compare_end.isoformat()
    return out
