"""A view in words: how many strikes and sites, how sure and how precise (Markdown, our words only).

Only counts and our own labels go into these sentences, never text from the data.
"""

from __future__ import annotations

import pandas as pd

from droneatlas.schema import Confidence, Precision, SiteKind
from droneatlas.style import CONFIDENCE_STYLES, SITE_SYMBOLS
from droneatlas.timeline import View

PRECISION_WORDS = {
    Precision.EXACT: "at an exact point",
    Precision.CITY: "at a town or city centre (not the impact point)",
    Precision.REGION: "known only by region",
}


def _counts(counted: dict[str, int] | pd.Series, order: list[str]) -> list[tuple[str, int]]:
    return [(key, int(counted[key])) for key in order if counted.get(key, 0)]


def summary_lines(view: View, tallies: dict[str, dict[str, int]] | None = None) -> list[str]:
    """Three or four sentences: strikes by confidence and by precision, sites by kind.

    ``tallies`` (column -> value -> count, e.g. from StrikeIndex.tally) spares counting the
    window's strikes again.
    """
    if tallies is None:
        tallies = {c: view.strikes[c].value_counts() for c in ("confidence", "precision")}
    n = len(view.strikes)
    lines = [f"**{n:,} {'strike' if n == 1 else 'strikes'}** dated in {view.window.label()}."]
    if n:
        sure = _counts(tallies["confidence"], [c.value for c in Confidence])
        lines.append(
            "How sure: "
            + "; ".join(f"{k:,} {CONFIDENCE_STYLES[c].label.lower().replace(':', ' —')}" for c, k in sure)
            + "."
        )
        where = _counts(tallies["precision"], [p.value for p in Precision])
        lines.append("Where: " + "; ".join(f"{k:,} {PRECISION_WORDS[p]}" for p, k in where) + ".")
    m = len(view.sites)
    kinds = _counts(view.sites["kind"].value_counts(), [k.value for k in SiteKind])
    listed = ", ".join(
        f"{k:,} {SITE_SYMBOLS[kind].label.lower()}{'' if k == 1 else 's'}" for kind, k in kinds
    )
    lines.append(
        f"**{m:,} {'site' if m == 1 else 'sites'}** active at some time in the window"
        + (f": {listed}." if listed else ".")
    )
    return lines
