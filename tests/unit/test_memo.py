"""Answers remembered per object: computed once, shared, gone with the object, bounded."""

from __future__ import annotations

import gc

import pytest

from droneatlas import memo
from droneatlas.catalog import load_catalog
from droneatlas.launchlines import launches_by_site
from droneatlas.memo import remembered
from droneatlas.regions import has_precision, oblast_codes
from droneatlas.schema import Precision
from droneatlas.timeline import OCTOBER_2022, Window, view_of
from droneatlas.view import MapOptions, view_rings
from layers import overlay_data
from layers.sites import site_markers
from tests.conftest import PROJECT_DATA


class Owner:
    """A stand-in for a catalog (any object a weak reference can point to)."""


@pytest.fixture(scope="module")
def project():
    return load_catalog(PROJECT_DATA)


def test_an_answer_is_computed_once_per_owner_and_key():
    owner, other, calls = Owner(), Owner(), []

    def compute():
        calls.append(1)
        return len(calls)

    assert remembered(owner, "k", compute) == 1
    assert remembered(owner, "k", compute) == 1
    assert remembered(owner, "other key", compute) == 2
    assert remembered(other, "k", compute) == 3


def test_answers_go_with_their_owner():
    owner = Owner()
    remembered(owner, "k", lambda: "answer")
    del owner
    gc.collect()
    living = Owner()
    remembered(living, "k", lambda: "new")  # a later question sweeps the entries of the dead
    assert all(ref() is not None for ref, _ in memo._ANSWERS.values())


def test_an_owner_keeps_a_bounded_number_of_answers():
    owner = Owner()
    for k in range(memo.MAX_KEYS_PER_OBJECT * 3):
        remembered(owner, k, lambda k=k: k)
    assert len(memo._answers_of(owner)) <= memo.MAX_KEYS_PER_OBJECT


def test_the_rings_of_the_same_sites_are_computed_once(project):
    october = view_of(project, Window(*OCTOBER_2022))
    first, _ = view_rings(project, october, MapOptions())
    assert view_rings(project, october, MapOptions())[0] is first
    miles, _ = view_rings(project, october, MapOptions(unit="mi"))
    assert list(miles["label"]) != list(first["label"])  # the unit is part of the key
    whole = view_of(project, Window(*project.span()))
    assert len(view_rings(project, whole, MapOptions())[0]) > len(first)  # and so are the sites


def test_remembered_site_markers_are_the_windows_sites(project):
    october = view_of(project, Window(*OCTOBER_2022))
    data, _ = overlay_data(project, october, MapOptions(layers=("sites",)))
    launches = launches_by_site(project.strikes, project.sites)
    direct = site_markers(october.sites, drones=project.drones, sources=project.sources, launches=launches)
    assert data["sites"]["markers"] == direct
    assert 0 < len(direct) < len(project.sites)


def test_a_precision_mask_is_computed_once_per_frame_and_cannot_be_changed(project):
    strikes = project.strikes
    mask = has_precision(strikes, Precision.REGION)
    assert has_precision(strikes, Precision.REGION) is mask
    assert has_precision(strikes, Precision.COUNTRY) is not mask
    with pytest.raises(ValueError):
        mask[0] = True  # shared by the map, legend, stamp and caption of one run


def test_oblast_codes_are_found_once_per_frame(project):
    strikes = project.strikes
    assert oblast_codes(strikes) is oblast_codes(strikes)


def test_the_answers_of_an_object_go_when_it_does() -> None:
    class Owner:
        pass

    owner = Owner()
    remembered(owner, "key", lambda: "answer")
    assert any(ref() is owner for ref, _ in memo._ANSWERS.values())
    count = len(memo._ANSWERS)
    del owner
    gc.collect()
    assert len(memo._ANSWERS) == count - 1  # gone now, not when another object is asked of
