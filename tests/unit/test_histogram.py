"""The weekly strip: a bar per week with strikes, in front of the reported launches."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from droneatlas.histogram import backdrop_html, bars_html, weekly_strip

SPAN = (date(2025, 1, 6), date(2025, 2, 2))  # four weeks, Monday to Sunday


def test_one_bar_per_week_with_strikes_the_highest_full_height() -> None:
    weeks = pd.to_datetime(["2025-01-06", "2025-01-13", "2025-01-20"])
    bars = bars_html(pd.DataFrame({"week": weeks, "strikes": [2, 0, 4]}), SPAN)
    assert bars.count("<div") == 2 and "4 strikes" in bars and "2 strikes" in bars
    heights = [float(h) for h in re.findall(r"height:([\d.]+)px", bars)]
    assert max(heights) == 60.0 and min(heights) == 30.0  # 2 of 4


def test_the_backdrop_has_its_own_scale_and_says_it_is_reported() -> None:
    weeks = pd.to_datetime(["2025-01-06", "2025-01-13"])
    pale, top = backdrop_html(pd.DataFrame({"week": weeks, "launched": [700.0, 350.4]}), SPAN)
    assert top == 700 and pale.count("<div") == 2 and "about 350 drones launched (reported)" in pale
    assert backdrop_html(pd.DataFrame({"week": weeks, "launched": [0.0, 0.0]}), SPAN) == ("", 0)
    strip = weekly_strip("", 4, SPAN, SPAN, (pale, top))
    assert "pale: drones launched per week, reported (highest: ~700)" in strip
    assert "pale:" not in weekly_strip("", 4, SPAN, SPAN)  # no launch figures: no second scale
