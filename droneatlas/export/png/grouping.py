"""Which markers the PNG gathers or fans out, so that no symbol hides another.

The map gathers nearby strikes into a numbered disc that spreads out on click, and fans
out sites at one place when zoomed in. A slide cannot be clicked or zoomed, so here the
grouping is decided once for the frame, in canvas units (pixels of a 1920x1080 slide).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from droneatlas.export.png.layout import SYMBOL_SCALE
from droneatlas.strikepack import RADIUS_PX
from droneatlas.style import SYMBOL_PX

DISC_SCALE = 1.25  # numbered discs a little smaller than markers are scaled: they are merged until clear
HALO_UNITS = 2.0  # a strike's white halo counts as part of it: halos may not overlap either
MAX_GATHER_GROUPS = 400  # above this many same-place groups, the pairwise pass would be slow
SITE_SPREAD = 0.75  # fanned-out sites sit this many symbol sizes from their common centre
SITE_TOUCH = 0.5  # sites closer than this many symbol sizes are fanned out


def disc_radius(n: int) -> float:
    """Radius in canvas units of the numbered disc for ``n`` strikes (the map's cluster icon)."""
    return ((26 if n < 10 else 32 if n < 100 else 40) * DISC_SCALE) / 2


def strike_groups(xy: np.ndarray, precisions: Sequence[str], m_per_unit: float) -> list[list[int]]:
    """Strikes (Web Mercator ``xy``) gathered until clear; each group lists row positions."""
    radii = np.array([RADIUS_PX[p] for p in precisions], dtype=float) * SYMBOL_SCALE + HALO_UNITS
    return gather_markers(xy[:, 0] / m_per_unit, xy[:, 1] / m_per_unit, radii, disc_radius)


def gather_markers(
    x: np.ndarray, y: np.ndarray, radii: np.ndarray, group_radius: Callable[[int], float]
) -> list[list[int]]:
    """Group markers (canvas units) until no two drawn symbols overlap.

    Markers that would overlap are merged, and so are the discs that result, until every
    marker or disc stands clear of the others. A group is drawn at the mean of its members
    with radius ``group_radius(len(group))``.
    """
    x, y, radii = np.asarray(x, float), np.asarray(y, float), np.asarray(radii, float)
    if len(x) == 0:
        return []
    groups = _same_place(x, y)
    while len(groups) > 1:
        cx = np.array([x[g].mean() for g in groups])
        cy = np.array([y[g].mean() for g in groups])
        r = np.array([radii[g[0]] if len(g) == 1 else group_radius(len(g)) for g in groups])
        dist = np.hypot(cx[:, None] - cx[None, :], cy[:, None] - cy[None, :])
        overlap = dist / (r[:, None] + r[None, :])
        np.fill_diagonal(overlap, np.inf)
        i, j = np.unravel_index(np.argmin(overlap), overlap.shape)
        if overlap[i, j] >= 1.0:
            break
        i, j = min(i, j), max(i, j)
        groups[i] = groups[i] + groups.pop(j)
    return groups


def _same_place(x: np.ndarray, y: np.ndarray) -> list[list[int]]:
    """Markers in one grid cell (a few units) as one group, in order of first appearance.

    One vectorised pass, so that the pairwise merging after it starts from few groups.
    """
    cell = 4.0
    while True:
        keys = np.round(x / cell).astype(np.int64) * 1_000_003 + np.round(y / cell).astype(np.int64)
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        if len(first) <= MAX_GATHER_GROUPS:
            break
        cell *= 2  # a dense screen: coarser cells keep the pairwise pass below small
    order = np.argsort(first)
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    groups: list[list[int]] = [[] for _ in first]
    for i, g in enumerate(rank[inverse.ravel()]):
        groups[g].append(i)
    return groups


def cluster_points(x: np.ndarray, y: np.ndarray, radius: float) -> list[list[int]]:
    """Greedy clusters: each point joins the first cluster whose centre is within ``radius``."""
    clusters: list[list[int]] = []
    centres: list[tuple[float, float]] = []
    for i, (px, py) in enumerate(zip(x, y, strict=True)):
        for c, (cx, cy) in enumerate(centres):
            if (px - cx) ** 2 + (py - cy) ** 2 <= radius**2:
                clusters[c].append(i)
                break
        else:
            clusters.append([i])
            centres.append((px, py))
    return clusters


@dataclass(frozen=True)
class Fan:
    """Sites at one place, drawn around ``centre`` with a spoke to each of ``members``."""

    centre: tuple[float, float]
    members: list[int]


def fan_out_sites(xy: np.ndarray, m_per_unit: float) -> tuple[np.ndarray, list[Fan]]:
    """Where each site is drawn (Web Mercator), and the fans of sites that shared a place.

    Sites at one place go round a circle, first at the top, so that none hides another.
    """
    positions = xy.copy()
    spread = SYMBOL_PX * SYMBOL_SCALE * SITE_SPREAD * m_per_unit
    fans = []
    for group in cluster_points(xy[:, 0], xy[:, 1], SYMBOL_PX * SYMBOL_SCALE * SITE_TOUCH * m_per_unit):
        if len(group) < 2:
            continue
        cx, cy = xy[group].mean(axis=0)
        for k, i in enumerate(group):
            angle = math.pi / 2 + 2 * math.pi * k / len(group)
            positions[i] = (cx + spread * math.cos(angle), cy + spread * math.sin(angle))
        fans.append(Fan((cx, cy), group))
    return positions, fans
