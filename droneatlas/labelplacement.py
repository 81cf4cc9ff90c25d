"""Greedy label placement, as the page does it (static/atlas/places.js ``place``), for the PNG.

Labels come in importance order; each is tried right of its point, then left, above and
below, and kept at the first spot wholly in view that overlaps nothing placed before it nor
an obstacle (a site symbol); else it is left out. Screen convention: x right, y down.
"""

from __future__ import annotations

from dataclasses import dataclass

PAD = 2.0  # the least gap between two labels, in the caller's units
DOT = 5.0  # a city's point
GAP = 4.0  # between a point and its name

Box = tuple[float, float, float, float]
"""(x0, y0, x1, y1), y down."""


@dataclass(frozen=True)
class Candidate:
    """A label to place: its point, its text's size, and how it sits by the point."""

    x: float
    y: float
    w: float
    h: float
    centred: bool = False  # oblast names: on the point, no dot
    gap: float = GAP
    point: float = DOT  # the size of the symbol at the point (a site's is larger)
    own_symbol: bool = False  # a site: its symbol is an obstacle already, not in its way


@dataclass(frozen=True)
class Placed:
    index: int
    at: str
    box: Box  # the text
    whole: Box  # the text and its point


def overlaps(a: Box, b: Box, pad: float = PAD) -> bool:
    """True when two boxes overlap, ``pad`` apart counting as touching."""
    return a[0] < b[2] + pad and b[0] < a[2] + pad and a[1] < b[3] + pad and b[1] < a[3] + pad


def spots(c: Candidate) -> list[tuple[str, Box, Box]]:
    """(at, text box, whole box) for each spot the label may take, best first."""
    if c.centred:
        box = (c.x - c.w / 2, c.y - c.h / 2, c.x + c.w / 2, c.y + c.h / 2)
        return [("centre", box, box)]
    r = c.point / 2
    texts = {
        "right": (c.x + c.gap, c.y - c.h / 2),
        "left": (c.x - c.gap - c.w, c.y - c.h / 2),
        "above": (c.x - c.w / 2, c.y - c.gap - c.h),
        "below": (c.x - c.w / 2, c.y + c.gap),
    }
    out = []
    for at, (x0, y0) in texts.items():
        box = (x0, y0, x0 + c.w, y0 + c.h)
        whole = (min(x0, c.x - r), min(y0, c.y - r), max(box[2], c.x + r), max(box[3], c.y + r))
        out.append((at, box, whole))
    return out


def place(
    candidates: list[Candidate], width: float, height: float, obstacles: list[Box] = ()
) -> list[Placed]:
    """The labels kept, in order; none overlaps another or an obstacle, all in view."""
    taken: list[Box] = list(obstacles)
    placed = []
    for index, c in enumerate(candidates):
        for at, box, whole in spots(c):
            in_view = whole[0] >= 0 and whole[1] >= 0 and whole[2] <= width and whole[3] <= height
            claim = box if c.own_symbol else whole
            if in_view and not any(overlaps(claim, other) for other in taken):
                taken.append(claim)
                placed.append(Placed(index, at, box, whole))
                break
    return placed
