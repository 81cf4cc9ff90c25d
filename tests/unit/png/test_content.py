"""What the PNG shows and cites: the map's records, the sources footer and the credits."""

from __future__ import annotations

import numpy as np

from droneatlas.export.png.content import credits, map_content, shown_source_ids, sources_footer
from droneatlas.export.png.projection import mercator_xy
from droneatlas.timeline import view_of
from droneatlas.view import MapOptions, view_rings
from tests.unit.png.conftest import EMPTY_WINDOW

# ---------------------------------------------------------------- sources footer


def test_footer_lists_what_fits_and_counts_the_rest():
    labels = ["Reuters", "AP", "Reuters", "BBC", "Kyiv Independent", "Politico"]
    line = sources_footer(labels, lambda s: len(s) <= 40)
    assert len(line) <= 40
    assert line == "Sources (6): Reuters · AP … and 3 more"  # Reuters covers two sources


def test_footer_without_truncation_has_no_remainder():
    line = sources_footer(["Reuters", "AP"], lambda s: True)
    assert line == "Sources (2): Reuters · AP"


def test_footer_when_nothing_fits_or_nothing_is_cited():
    assert (
        sources_footer(["A very long publisher name"], lambda s: len(s) <= 28) == "Sources (1): … and 1 more"
    )
    assert sources_footer([], lambda s: True) == "Sources (0): none"


def test_sources_follow_the_layers_shown(project, october):
    strikes_only = MapOptions(layers=("strikes",))
    ids = shown_source_ids(project, october, strikes_only, view_rings(project, october, strikes_only)[0])
    site_only = set(october.sites.iloc[0]["source_ids"]) - {
        s for ids in october.strikes["source_ids"] for s in ids
    }
    assert site_only and not site_only & set(ids)
    everything = shown_source_ids(
        project, october, MapOptions(), view_rings(project, october, MapOptions())[0]
    )
    assert site_only <= set(everything)
    assert set(project.drones.loc["shahed-136", "source_ids"]) <= set(everything)  # the ring's radius


def test_geonames_credit_only_when_town_coordinates_are_shown(project, october):
    assert any("GeoNames" in c for c in credits(project, october, MapOptions(), ["geonames"]))
    nothing = view_of(project, EMPTY_WINDOW)
    assert not any("GeoNames" in c for c in credits(project, nothing, MapOptions(), []))


# ---------------------------------------------------------------- the map's records


def test_map_content_is_the_layers_shown(project, october):
    everything = MapOptions()
    content = map_content(project, october, everything, view_rings(project, october, everything)[0])
    assert len(content.sites) == len(october.sites) and len(content.strikes) == len(october.strikes)
    assert np.allclose(content.strikes_xy, mercator_xy(october.strikes["lon"], october.strikes["lat"]))
    assert len(content.ring_geoms) == len(content.rings) > 0
    assert content.ring_bounds is not None

    strikes_only = MapOptions(layers=("strikes",))
    content = map_content(project, october, strikes_only, view_rings(project, october, strikes_only)[0])
    assert content.sites.empty and content.sites_xy.shape == (0, 2)
    assert content.ring_bounds is None
    assert len(content.anchors) == len(october.strikes)


def test_ring_origins_are_framed_with_sites_off(project, october):
    rings_only = MapOptions(layers=("rings",))
    rings = view_rings(project, october, rings_only)[0]
    content = map_content(project, october, rings_only, rings)
    assert content.sites.empty and content.strikes.empty
    origins = {site for site, kind in zip(rings["site_id"], rings["kind"], strict=True) if kind == "ring"}
    assert len(content.anchors) == len(origins) > 0  # bands have no site of their own


def test_a_slide_that_states_the_reported_launches_cites_them(project):
    from datetime import date

    from droneatlas.launches import counted_rows
    from droneatlas.timeline import Window

    window = Window(date(2025, 7, 1), date(2025, 7, 31))  # a month with a reported total
    view = view_of(project, window)
    counted = counted_rows(project.launches, window)
    assert len(counted) == 1
    cited = shown_source_ids(project, view, MapOptions(), view_rings(project, view, MapOptions())[0])
    assert set(counted["source_ids"].iloc[0]) <= set(cited)
