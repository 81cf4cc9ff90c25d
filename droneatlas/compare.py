"""Two windows side by side: what both show together, and their difference in words."""

from __future__ import annotations

import pandas as pd

from droneatlas.catalog import Catalog
from droneatlas.launches import tally
from droneatlas.timeline import View, Window


def combined(first: View, second: View) -> View:
    """Everything either window shows, once (a compare legend and its sources list both)."""
    window = Window(min(first.window.start, second.window.start), max(first.window.end, second.window.end))

    def union(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
        both = pd.concat([a, b])
        return both[~both.index.duplicated()]

    return View(window, union(first.strikes, second.strikes), union(first.sites, second.sites))


def signed(n: int) -> str:
    """'+312', '−5' (a true minus sign), '±0'."""
    if n == 0:
        return "±0"
    return f"+{n:,}" if n > 0 else f"−{-n:,}"


def difference_text(catalog: Catalog, first: View, second: View) -> str:
    """'1 Oct – 31 Oct 2024 against 1 Oct – 31 Oct 2022: +312 strikes, +3 sites · Air Force:
    +12,340 drones launched' (the second window against the first)."""
    parts = [
        f"{signed(len(second.strikes) - len(first.strikes))} strikes",
        f"{signed(len(second.sites) - len(first.sites))} sites",
    ]
    text = f"{second.window.label()} against {first.window.label()}: {', '.join(parts)}"
    reported = [tally(catalog.launches, view.window) for view in (first, second)]
    if not any(r.empty for r in reported):
        text += f" · Air Force: {signed(reported[1].launched - reported[0].launched)} drones launched"
    return text
