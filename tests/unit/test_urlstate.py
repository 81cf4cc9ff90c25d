"""The view as a link: a round trip, and every invalid value ignored with a notice."""

from __future__ import annotations

from datetime import date

import pytest

from droneatlas.urlstate import ViewState, Vocabulary, encode, parse

VOCAB = Vocabulary(
    layers=("sites", "strikes", "rings"),
    drones=("shahed-136", "lancet"),
    basemaps=("borders", "osm"),
    span=(date(2022, 6, 8), date(2025, 10, 21)),
)
FULL = ViewState(
    start=date(2022, 10, 1),
    end=date(2022, 10, 31),
    layers=("sites", "rings"),
    drones=("shahed-136",),
    lat=45.7009,
    lon=34.4189,
    zoom=6,
    unit="mi",
    basemap="osm",
    presenter=True,
    title="Kyiv, 17 October 2022 & after",
    density=True,
    compare_start=date(2024, 10, 1),
    compare_end=date(2024, 10, 31),
)


def test_round_trip() -> None:
    parsed = parse(encode(FULL), VOCAB)
    assert parsed.notices == []
    assert parsed.state == FULL


def test_empty_link_is_the_default_view() -> None:
    parsed = parse({}, VOCAB)
    assert parsed.state == ViewState() and parsed.notices == []


def test_empty_lists_mean_none_selected() -> None:
    state = parse({"layers": "", "drones": ""}, VOCAB).state
    assert state.layers == () and state.drones == ()


@pytest.mark.parametrize(
    ("params", "field", "notice"),
    [
        ({"start": "2022-13-01"}, "start", "not a date"),
        ({"end": "yesterday"}, "end", "not a date"),
        ({"start": "2019-01-01"}, "start", "outside the data"),
        ({"start": "2022-10-31", "end": "2022-10-01"}, "end", "before start"),
        ({"layers": "sites,heatmap"}, "layers", "unknown"),
        ({"drones": "shahed-999"}, "drones", "unknown"),
        ({"lat": "999", "lon": "30"}, "lat", "latitude must be"),
        ({"lat": "45", "lon": "east"}, "lon", "longitude must be"),
        ({"zoom": "99"}, "zoom", "zoom must be"),
        ({"zoom": "5.5"}, "zoom", "zoom must be"),
        ({"unit": "furlongs"}, "unit", "use km or mi"),
        ({"basemap": "google"}, "basemap", "known"),
        ({"strikes": "heatmap"}, "strikes", "use strikes=density"),
        ({"compare_start": "2024-10-01"}, "compare_start", "needs compare_start and compare_end"),
        ({"compare_start": "2024-10-31", "compare_end": "2024-10-01"}, "compare_end", "before compare_start"),
        ({"compare_start": "2030-01-01", "compare_end": "2030-01-02"}, "compare_start", "outside the data"),
        ({"compare_start": "2024-10-01", "compare_end": "soon"}, "compare_end", "not a date"),
    ],
)
def test_invalid_values_are_ignored_with_a_notice(params: dict, field: str, notice: str) -> None:
    parsed = parse({**params, "unit": params.get("unit", "km")}, VOCAB)
    assert any(notice in n and n.startswith(f"ignored {field}=") for n in parsed.notices), parsed.notices


def test_valid_parts_survive_invalid_neighbours() -> None:
    parsed = parse(
        {"start": "2022-10-01", "end": "nope", "layers": "sites,bogus", "lat": "nan", "lon": "3"}, VOCAB
    )
    assert parsed.state.start == date(2022, 10, 1) and parsed.state.end is None
    assert parsed.state.layers == ("sites",)
    assert parsed.state.lat is None and parsed.state.lon is None  # a centre needs both
    assert len(parsed.notices) == 3


def test_repeated_parameter_takes_the_last_value() -> None:
    assert parse({"zoom": ["4", "7"]}, VOCAB).state.zoom == 7
