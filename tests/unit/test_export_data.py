"""GeoJSON, CSV and standalone HTML hold exactly what the view shows, and nothing remote."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest
from shapely.geometry import shape

from droneatlas.catalog import load_catalog
from droneatlas.export.data import records, to_csv, to_geojson
from droneatlas.text import spreadsheet_value
from droneatlas.timeline import OCTOBER_2022, Window, view_of
from droneatlas.view import MapOptions, ViewSpec, view_rings
from layers.compose import compose_map
from layers.controls import Borders
from layers.overlay import OverlayLayer
from layers.standalone import snapshot_html
from layers.strikes import StrikesLayer
from tests.conftest import PROJECT_DATA, ROOT, SOURCE, STRIKE
from tests.hostile import HOSTILE, runs_as_formula

TODAY = date(2026, 11, 24)


@pytest.fixture(scope="module")
def october():
    catalog = load_catalog(PROJECT_DATA, today=TODAY)
    view = view_of(catalog, Window(*OCTOBER_2022))
    rings, _ = view_rings(catalog, view, MapOptions())
    return catalog, view, records(catalog, view, rings), rings


def test_geojson_holds_the_window_and_the_rings(october) -> None:
    _, view, rows, rings = october
    collection = json.loads(to_geojson(rows, window_label=view.window.label()))
    by_type: dict[str, list] = {}
    for feature in collection["features"]:
        by_type.setdefault(feature["properties"]["type"], []).append(feature)
    assert sorted(f["id"] for f in by_type["strike"]) == sorted(view.strikes.index)
    assert sorted(f["id"] for f in by_type["site"]) == sorted(view.sites.index)
    assert len(by_type["range_ring"]) == int((rings["kind"] == "ring").sum()) > 0
    ring = shape(by_type["range_ring"][0]["geometry"])
    assert ring.geom_type in ("Polygon", "MultiPolygon") and ring.area > 100  # square degrees
    dates = {f["properties"]["date"] for f in by_type["strike"]}
    assert all("2022-10-01" <= d <= "2022-10-31" for d in dates)
    assert all(f["properties"]["sources"] for f in by_type["strike"])
    assert all(s["url"].startswith("http") for f in by_type["strike"] for s in f["properties"]["sources"])


def test_csv_rows_match_the_window(october) -> None:
    _, view, rows, _ = october
    table = list(csv.DictReader(io.StringIO(to_csv(rows))))
    strikes = [r for r in table if r["type"] == "strike"]
    assert len(strikes) == len(view.strikes)
    assert {r["id"] for r in strikes} == set(view.strikes.index)
    kyiv = next(r for r in strikes if r["id"] == "kyiv-2022-10-17")
    assert kyiv["killed"] == "5" and kyiv["injured"] == ""  # unknown stays blank
    ring = next(r for r in table if r["type"] == "range_ring")
    assert ring["geometry_wkt"].startswith(("POLYGON", "MULTIPOLYGON")) and ring["radius_km"] == "2000.0"


ATLAS_SCRIPTS = sorted((ROOT / "static" / "atlas").glob("*.js"))


def _without_library_code(html: str) -> str:
    """The file minus inlined stylesheets, third-party scripts (their comments cite web pages)
    and our own static/atlas scripts (they can fetch, when a map gives them an address)."""
    # The map's scripts are inlined as one bundle (droneatlas.assets.MAP_SCRIPTS): Leaflet first.
    html = re.sub(r"<script>/\* vendor/leaflet/leaflet\.js \*/.*?</script>", "", html, flags=re.DOTALL)
    return re.sub(r"<style>.*?</style>", "", html, flags=re.DOTALL)


def test_standalone_html_loads_nothing_from_anywhere(october) -> None:
    catalog, view, _, _ = october
    html = snapshot_html(catalog, ViewSpec(view.window, MapOptions(), title="October 2022 <b>brief</b>"))
    # No element loads anything: every script and stylesheet is inline.
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+href=", html)
    assert "/app/static" not in html
    for url in re.findall(r"url\(([^)]*)\)", html):
        assert url.startswith(("data:", "#")) or url in ("none",), url
    assert not re.search(r"@import|fetch\(|XMLHttpRequest", _without_library_code(html))
    # Our scripts are inlined, and the map gives them data, never an address to fetch.
    assert ATLAS_SCRIPTS and all(path.read_text(encoding="utf-8") in html for path in ATLAS_SCRIPTS)
    assert "DroneAtlas.strikes.add(" in html and "DroneAtlas.overlay.add(" in html
    assert '"packUrl": null' in html and '"packUrl": "' not in html
    # Outside the inlined libraries, the only addresses are the source links in popups.
    hosts = set(re.findall(r"https?:(?:\\/|/){2}([a-z0-9.-]+)", _without_library_code(html)))
    source_hosts = {re.sub(r"^https?://", "", u).split("/")[0] for u in catalog.sources["url"]}
    assert hosts and hosts <= source_hosts, hosts - source_hosts
    assert "October 2022 &lt;b&gt;brief&lt;/b&gt;" in html.replace("\\u0026", "&").replace("\\u003c", "<")
    assert "atlasFrom" in html and "atlas-playback" in html


def test_standalone_map_gives_its_scripts_data_never_an_address(october) -> None:
    catalog, view, _, _ = october
    fmap = compose_map(catalog, view, ViewSpec(view.window, MapOptions())).base

    def walk(element):
        yield element
        for child in getattr(element, "_children", {}).values():
            yield from walk(child)

    fed = [e for e in walk(fmap) if isinstance(e, (Borders, OverlayLayer, StrikesLayer))]
    assert {type(e) for e in fed} == {Borders, OverlayLayer, StrikesLayer}
    assert all(e.options.get("url") is None and e.options.get("packUrl") is None for e in fed)


@pytest.mark.parametrize("text", ["Ky\riv", "Ky\niv", "Ky\r\niv", "=1+1", '"quoted", and, commas'])
def test_every_exported_csv_row_reads_back_whole(make_data_dir, text) -> None:
    """A value with a bare CR or LF is quoted (CRLF line ends), so no record splits in two."""
    data = make_data_dir()
    with (data / "strikes.csv").open("w", newline="", encoding="utf-8") as handle:  # every field quoted
        writer = csv.DictWriter(handle, fieldnames=list(STRIKE), quoting=csv.QUOTE_ALL)
        writer.writeheader()
        writer.writerows([{**STRIKE, "place": text}, {**STRIKE, "id": "second"}])
    catalog = load_catalog(data)
    view = view_of(catalog, Window(date(2022, 10, 1), date(2022, 10, 31)))
    rows = list(csv.DictReader(io.StringIO(to_csv(records(catalog, view, view.sites.iloc[:0])), newline="")))
    places = [row["name"] for row in rows if row["type"] == "strike"]
    assert len(places) == 2 and places[0] in (text, "'" + text)  # a formula is neutralised, still readable


def test_the_csv_export_of_the_hostile_corpus_has_no_formula_and_reads_back(make_data_dir) -> None:
    """Every cell safe in a spreadsheet, whatever the column; undone, each is the catalog's text."""
    strikes = [{**STRIKE, "id": f"h{n}", "place": text, "summary": text} for n, text in enumerate(HOSTILE)]
    sources = [{**SOURCE, "title": HOSTILE[0] + " " + HOSTILE[-1]}]
    catalog = load_catalog(make_data_dir(sources=sources, strikes=strikes), today=TODAY)
    assert catalog.report.ok, catalog.report.summary()
    view = view_of(catalog, Window(*OCTOBER_2022))
    text = to_csv(records(catalog, view, view.sites.iloc[:0]))
    assert [
        cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row if runs_as_formula(cell)
    ] == []
    rows = [r for r in csv.DictReader(io.StringIO(text, newline="")) if r["type"] == "strike"]
    shown = catalog.strikes.set_index("id")
    assert len(rows) == len(HOSTILE)
    for row in rows:
        assert (
            spreadsheet_value(row["name"])
            == spreadsheet_value(row["summary"])
            == shown.loc[row["id"], "place"]
        )
        assert spreadsheet_value(row["sources"]) == sources[0]["title"].strip()


def test_the_offline_file_never_uses_tiles_even_when_the_view_does(october) -> None:
    catalog, view, _, _ = october
    html = snapshot_html(catalog, ViewSpec(view.window, MapOptions(), basemap="osm"))
    assert "openstreetmap" not in html and "arcgisonline" not in html
    assert '"urls": null' in html  # the borders are inlined instead


def test_exports_follow_the_layers_shown(october) -> None:
    catalog, view, _, _ = october
    from droneatlas.export.data import view_records

    def kinds(layers: tuple[str, ...]) -> set[str]:
        rows, _label = view_records(catalog, ViewSpec(view.window, MapOptions(layers=layers)))
        return {row["type"].split("_")[0] for row in rows}  # range_ring, range_band: "range"

    assert kinds(("sites", "strikes", "rings")) == {"site", "strike", "range"}
    assert kinds(("strikes",)) == {"strike"}
    assert kinds(("sites", "rings")) == {"site", "range"}


def test_a_view_beyond_the_export_limit_is_refused_with_the_reason(october, monkeypatch) -> None:
    from droneatlas import settings
    from droneatlas.export.data import export_limit

    catalog, view, _, _ = october
    spec = ViewSpec(Window(*OCTOBER_2022))
    assert export_limit(catalog, spec) == ""
    monkeypatch.setattr(settings, "MAX_EXPORT_RECORDS", len(view.strikes) - 1)
    message = export_limit(catalog, spec)
    assert f"This view shows {len(view.strikes):,} strikes" in message
    assert "droneatlas snapshot --format geojson" in message
    without_strikes = ViewSpec(Window(*OCTOBER_2022), MapOptions(layers=("sites",)))
    assert export_limit(catalog, without_strikes) == ""  # the export holds no strikes then


def test_strike_records_cite_their_sources_as_a_table_look_up_would(october) -> None:
    catalog, view, rows, _ = october
    strikes = [row for row in rows if row["type"] == "strike"]
    for row, ids in zip(strikes, view.strikes["source_ids"], strict=True):
        expected = [
            {"id": sid, "title": catalog.sources.loc[sid, "title"], "url": catalog.sources.loc[sid, "url"]}
            for sid in ids
            if sid in catalog.sources.index
        ]
        assert row["sources"] == expected
    assert strikes[0]["sources"] is not strikes[1]["sources"]  # each record its own list
