"""Strikes per week as a small strip above the time slider, the chosen window shaded, with
the reported drones launched per week as its pale backdrop (droneatlas.launches).

Plain positioned HTML boxes built here from counts and dates (no text from the data; st.html
keeps no SVG): it draws at once, with no charting library for the page to fetch and
start, which on a slow machine cost the first map about a second. Bars and shade use the
slider's span, so they line up with it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pandas as pd

WIDTH = 100  # percent of the slider's width
HEIGHT = 60  # pixels
BAR_COLOUR = "#444444"
BACKDROP_COLOUR = "rgba(213, 94, 0, 0.28)"  # Okabe-Ito vermillion, pale: behind the strikes
SHADE_COLOUR = "rgba(0, 114, 178, 0.14)"


def _x(day: date | pd.Timestamp, span: tuple[date, date]) -> float:
    first, last = pd.Timestamp(span[0]), pd.Timestamp(span[1]) + pd.Timedelta(days=1)
    return round((pd.Timestamp(day) - first) / (last - first) * WIDTH, 2)


def _box(left: float, width: float, top: float, height: float, colour: str, title: str = "") -> str:
    style = (
        f"position:absolute;left:{left:.3f}%;width:{width:.3f}%;top:{top:.1f}px;height:{height:.1f}px;"
        f"background:{colour}"
    )
    return f'<div style="{style}"' + (f' title="{title}"' if title else "") + "></div>"


def _week_bars(
    weeks: pd.Series,
    values: pd.Series,
    span: tuple[date, date],
    *,
    colour: str,
    min_height: float,
    gap: float,
    title: Callable[[pd.Timestamp, float], str],
) -> tuple[str, float]:
    """One box per week with a value above 0, scaled to the largest; and that largest."""
    top = max(float(values.max()), 1.0) if len(values) else 1.0
    bars = []
    for week, n in zip(weeks, values, strict=True):
        if n <= 0:
            continue
        x0, x1 = max(_x(week, span), 0), min(_x(week + pd.Timedelta(days=7), span), WIDTH)
        height = max(n / top * HEIGHT, min_height)
        bars.append(_box(x0, max(x1 - x0 - gap, 0.08), HEIGHT - height, height, colour, title(week, n)))
    return "".join(bars), top


def bars_html(counts: pd.DataFrame, span: tuple[date, date]) -> str:
    """The bars: one per week with strikes, each with its count as a hover title."""

    def title(week: pd.Timestamp, n: float) -> str:
        return f"week of {week:%-d %b %Y}: {int(n):,} {'strike' if n == 1 else 'strikes'}"

    return _week_bars(
        counts["week"], counts["strikes"], span, colour=BAR_COLOUR, min_height=1.5, gap=0.05, title=title
    )[0]


def backdrop_html(launched: pd.DataFrame, span: tuple[date, date]) -> tuple[str, int]:
    """Pale bars of reported drones launched per week (droneatlas.launches.weekly_launched),
    on their own scale, and that scale's top (0 when nothing is reported)."""
    if launched.empty or launched["launched"].max() <= 0:
        return "", 0

    def title(week: pd.Timestamp, n: float) -> str:
        return f"week of {week:%-d %b %Y}: about {n:,.0f} drones launched (reported)"

    bars, top = _week_bars(
        launched["week"],
        launched["launched"],
        span,
        colour=BACKDROP_COLOUR,
        min_height=1.0,
        gap=0.0,
        title=title,
    )
    return bars, round(top)


def weekly_strip(
    bars: str,
    top: int,
    span: tuple[date, date],
    window: tuple[date, date],
    backdrop: tuple[str, int] = ("", 0),
) -> str:
    """The strip: ``backdrop`` (from backdrop_html) behind ``bars`` (from bars_html), the
    window shaded, year marks and the scales."""
    x0, x1 = _x(window[0], span), _x(window[1] + timedelta(days=1), span)
    shade = _box(x0, max(x1 - x0, 0.1), 0, HEIGHT, SHADE_COLOUR)
    pale, pale_top = backdrop
    scale = f"strikes mapped per week (highest: {top:,})"
    if pale_top:
        scale += f" · pale: drones launched per week, reported (highest: ~{pale_top:,})"
    years = [
        f'<span style="position:absolute;left:{_x(date(y, 1, 1), span):.2f}%;transform:translateX(-50%)">'
        f"{y}</span>"
        for y in range(span[0].year + 1, span[1].year + 1)
    ]
    # The scale in the flow under the year marks: it wraps on a narrow screen and the strip
    # grows with it, never running into the years or the slider.
    return (
        '<div style="margin:0 0.55rem;font-size:11px;color:#666">'
        f'<div role="img" aria-label="Strikes mapped per week in front of the reported drones launched '
        f'per week, the chosen window shaded" '
        f'style="position:relative;height:{HEIGHT}px;border-bottom:1px solid #bbb">{pale}{shade}{bars}</div>'
        f'<div style="position:relative;height:15px">{"".join(years)}</div>'
        f'<div style="text-align:right;line-height:1.25">{scale}</div>'
        "</div>"
    )
