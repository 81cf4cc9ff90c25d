"""Strikes at one place gather into a numbered disc; sites at one place fan out."""

from __future__ import annotations

import math

import numpy as np

from droneatlas.export.png.grouping import disc_radius, fan_out_sites, gather_markers, strike_groups
from droneatlas.schema import Precision


def test_gathered_markers_never_overlap():
    rng = np.random.default_rng(1)
    x, y = rng.uniform(0, 300, 60), rng.uniform(0, 200, 60)
    radii = np.full(60, 8.0)
    groups = gather_markers(x, y, radii, lambda n: 16.0)
    assert sorted(i for g in groups for i in g) == list(range(60))
    centres = [(x[g].mean(), y[g].mean(), 8.0 if len(g) == 1 else 16.0) for g in groups]
    for a in range(len(centres)):
        for b in range(a + 1, len(centres)):
            (xa, ya, ra), (xb, yb, rb) = centres[a], centres[b]
            assert math.hypot(xa - xb, ya - yb) >= ra + rb - 1e-9


def test_same_place_gathers_and_distant_places_do_not():
    groups = gather_markers(
        np.array([0.0, 0.5, 100.0]), np.array([0.0, 0.0, 0.0]), np.full(3, 8.0), lambda n: 16
    )
    assert sorted(map(sorted, groups)) == [[0, 1], [2]]


def test_many_places_still_gather_every_marker_once():
    """Past the same-place cap, coarser cells keep the pairwise pass small; nothing is lost."""
    rng = np.random.default_rng(2)
    x, y = rng.uniform(0, 5000, 3000), rng.uniform(0, 3000, 3000)
    groups = gather_markers(x, y, np.full(3000, 4.0), disc_radius)
    assert sorted(i for g in groups for i in g) == list(range(3000))


def test_strike_groups_work_in_canvas_units():
    xy = np.array([[0.0, 0.0], [1000.0, 0.0], [500_000.0, 0.0]])  # metres
    precisions = [Precision.EXACT] * 3
    assert sorted(map(sorted, strike_groups(xy, precisions, m_per_unit=1000.0))) == [[0, 1], [2]]
    assert len(strike_groups(xy, precisions, m_per_unit=1.0)) == 3  # 1 m a unit: all apart


def test_disc_grows_with_the_count():
    assert disc_radius(3) < disc_radius(42) < disc_radius(420)


def test_sites_at_one_place_fan_out_around_it():
    xy = np.array([[0.0, 0.0], [10.0, 0.0], [1e6, 0.0]])
    positions, fans = fan_out_sites(xy, m_per_unit=100.0)
    assert len(fans) == 1 and fans[0].members == [0, 1]
    cx, cy = fans[0].centre
    assert (cx, cy) == (5.0, 0.0)
    spread = [math.hypot(px - cx, py - cy) for px, py in positions[:2]]
    assert spread[0] == spread[1] > 0
    assert positions[0, 1] > cy  # the first one on top
    assert tuple(positions[2]) == (1e6, 0.0)  # a site alone stays where it is
