"""The project's own data, loaded once for the PNG tests, and October 2022 in it."""

from __future__ import annotations

from datetime import date

import pytest

from droneatlas.catalog import load_catalog
from droneatlas.timeline import OCTOBER_2022, Window, view_of
from tests.conftest import PROJECT_DATA

TODAY = date(2026, 11, 24)
EMPTY_WINDOW = Window(date(2000, 1, 1), date(2000, 1, 31))


@pytest.fixture(scope="module")
def project():
    return load_catalog(PROJECT_DATA, today=TODAY)


@pytest.fixture(scope="module")
def october(project):
    return view_of(project, Window(*OCTOBER_2022))
