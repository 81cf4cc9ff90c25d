"""Layers as structure: children, styles, escaping, and no asset from another host."""

from __future__ import annotations

import gzip
import json
import re
from datetime import date
from html.parser import HTMLParser

import folium
import pytest
import shapely
import shapely.geometry
from folium.template import Template

from droneatlas.assets import (
    ATLAS_JS,
    BUNDLE_JS,
    COARSE_BORDERS_URL,
    COARSE_MAX_ZOOM,
    COARSE_TOLERANCE_DEG,
    LEAFLET_JS,
    MAP_SCRIPTS,
    STATIC_URL,
    RemoteAssetError,
    asset_links,
    local_path,
    localize,
    simplified,
    split_borders,
    versioned,
)
from droneatlas.catalog import load_catalog
from droneatlas.legend import legend_rows
from droneatlas.publish import prune_published, publish_json
from droneatlas.rings import FreeRing
from droneatlas.settings import BASEMAP_FILE
from droneatlas.timeline import OCTOBER_2022, Window, view_of
from droneatlas.view import MapOptions, ViewSpec, view_rings
from layers import build_overlays, overlay_data, report_drawn, stamp_update
from layers.basemap import build_base_map
from layers.compose import compose_map
from layers.controls import day_number
from layers.legend import build_legend, build_stamp, legend_html
from layers.macro import Macro, Text
from layers.overlay import OverlayLayer
from layers.sites import active_period
from layers.strikes import StrikesWindow
from tests.conftest import PROJECT_DATA, SITE, SOURCE, STRIKE

TODAY = date(2026, 11, 24)
HOSTILE = "<script>alert('x')</script>{{ 7*7 }}`${alert(2)}`"


def _children(group: folium.FeatureGroup, kind: type) -> list:
    found = []
    for child in group._children.values():
        if isinstance(child, kind):
            found.append(child)
        found += _children(child, kind) if hasattr(child, "_children") else []
    return found


@pytest.fixture(scope="module")
def project():
    return load_catalog(PROJECT_DATA, today=TODAY)


def _full_html(catalog, view, options: MapOptions) -> str:
    fmap = build_base_map()
    for group in build_overlays(catalog, view, options).groups:
        fmap.add_child(group)
    rows = legend_rows(catalog, view, options, view_rings(catalog, view, options)[0], interactive=True)
    fmap.add_child(build_legend(rows))
    fmap.add_child(stamp_update(view.caption()))
    return fmap.get_root().render()


def _overlay(group: folium.FeatureGroup) -> dict:
    [layer] = _children(group, OverlayLayer)
    return layer.data


def test_overlays_hold_one_marker_per_record(project) -> None:
    view = view_of(project, Window(*OCTOBER_2022))
    groups = build_overlays(project, view, MapOptions()).groups
    assert [g.layer_name for g in groups] == ["Range rings", "Strikes window", "Sites"]
    rings, strikes, sites = groups
    [window] = _children(strikes, StrikesWindow)
    assert window.window == [day_number(OCTOBER_2022[0]), day_number(OCTOBER_2022[1])]
    markers = _overlay(sites)["markers"]
    shown = view.sites
    assert [(m["lat"], m["lon"]) for m in markers] == list(zip(shown["lat"], shown["lon"], strict=True))
    assert [m["from"] for m in markers] == [day_number(day) for day in shown["active_from"]]
    shapes = _overlay(rings)["shapes"]
    assert shapes and all(s["geometry"]["type"] in ("Polygon", "MultiPolygon") for s in shapes)


def test_layer_choice_and_ring_drones(project) -> None:
    view = view_of(project, Window(*OCTOBER_2022))
    only_sites = build_overlays(project, view, MapOptions(layers=("sites",))).groups
    assert [g.layer_name for g in only_sites] == ["Strikes window", "Sites"]
    assert _children(only_sites[0], StrikesWindow)[0].window is None  # strikes hidden
    no_rings = build_overlays(project, view, MapOptions(layers=("rings",), ring_drones=())).groups[0]
    assert _overlay(no_rings) == {"shapes": []}


def test_published_overlays_are_sent_by_address(project) -> None:
    view = view_of(project, Window(*OCTOBER_2022))
    data, messages = overlay_data(project, view, MapOptions())
    published = {name: f"/app/static/cache/k/layers/{name}.json.gz" for name in data}
    groups = build_overlays(project, view, MapOptions(), published=(published, messages)).groups
    fmap = build_base_map()
    for group in groups:
        fmap.add_child(group)
    html = fmap.get_root().render()
    assert [_children(g, OverlayLayer)[0].url for g in (groups[0], groups[2])] == list(published.values())
    assert "Dzhankoi" not in html  # the data stays in the published file


def test_publish_json_names_files_by_content(tmp_path) -> None:
    first = publish_json({"a": [1, 2]}, tmp_path / "layers", "/app/static/x")
    assert first == publish_json({"a": [1, 2]}, tmp_path / "layers", "/app/static/x")
    assert first != publish_json({"a": [1, 3]}, tmp_path / "layers", "/app/static/x")
    name = first.rsplit("/", 1)[1]
    assert name.endswith(".json.gz")  # compressed once, not per request
    assert json.loads(gzip.decompress((tmp_path / "layers" / name).read_bytes())) == {"a": [1, 2]}
    assert sorted(p.name for p in (tmp_path / "layers").iterdir()) == sorted(
        [name, publish_json({"a": [1, 3]}, tmp_path / "layers", "/x").rsplit("/", 1)[1]]
    )  # no temporary file left behind


def test_refused_free_ring_becomes_a_message(project) -> None:
    view = view_of(project, Window(*OCTOBER_2022))
    options = MapOptions(layers=("rings",), free_rings=(FreeRing("kashan-airfield", 19_500, "km"),))
    overlays = build_overlays(project, view, options)
    assert len(overlays.messages) == 1 and "both poles" in overlays.messages[0]


def test_every_asset_is_served_by_the_app(project) -> None:
    view = view_of(project, Window(*project.span()))
    fmap = build_base_map()
    for group in build_overlays(project, view, MapOptions()).groups:
        fmap.add_child(group)
    links = asset_links(fmap)
    assert links and all(link.startswith(STATIC_URL + "/") for link in links)
    html = fmap.get_root().render()
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', html)


def _names(collection: dict) -> list[str]:
    return [feature["properties"]["name"] for feature in collection["features"]]


def test_the_first_borders_are_the_countries_whose_outline_reaches_the_first_view() -> None:
    def square(lon: float, lat: float) -> list[list[float]]:
        return [[lon, lat], [lon + 1, lat], [lon + 1, lat + 1], [lon, lat + 1], [lon, lat]]

    def country(name: str, *parts: list[list[float]]) -> dict:
        geometry = {"type": "MultiPolygon", "coordinates": [[part] for part in parts]}
        return {"type": "Feature", "properties": {"name": name}, "geometry": geometry}

    # Split at ±180°: a box spanning the globe, no land in the first view.
    wide = country("Wide", square(172, 52), square(-179, 52), square(-100, 40))
    near, far = split_borders(
        {"type": "FeatureCollection", "features": [wide, country("Near", square(30, 49))]}
    )
    assert (_names(near), _names(far)) == (["Near"], ["Wide"])
    near, far = split_borders(json.loads(BASEMAP_FILE.read_text(encoding="utf-8")))
    assert {"Ukraine", "Russia", "Iran", "Turkey"} <= set(_names(near))
    assert "United States of America" in _names(far) and not set(_names(near)) & set(_names(far))


def test_the_coarse_first_borders_keep_every_country_close_to_its_outline() -> None:
    near, _ = split_borders(json.loads(BASEMAP_FILE.read_text(encoding="utf-8")))
    coarse = simplified(near)
    assert [f["properties"] for f in coarse["features"]] == [f["properties"] for f in near["features"]]
    vertices = {"near": 0, "coarse": 0}
    for full, simple in zip(near["features"], coarse["features"], strict=True):
        a, b = shapely.geometry.shape(full["geometry"]), shapely.geometry.shape(simple["geometry"])
        assert b.is_valid and not b.is_empty, full["properties"]["name"]
        # the topology-preserving simplification goes past its tolerance (0.042 for Romania)
        assert a.hausdorff_distance(b) <= 1.5 * COARSE_TOLERANCE_DEG, full["properties"]["name"]
        vertices["near"] += shapely.get_num_coordinates(a)
        vertices["coarse"] += shapely.get_num_coordinates(b)
    assert vertices["coarse"] < 0.6 * vertices["near"]  # what the first map gains


def test_a_live_map_draws_coarse_borders_first_and_a_file_inlines_the_full_ones() -> None:
    live = build_base_map().get_root().render()
    assert COARSE_BORDERS_URL in live and f'"maxZoom": {COARSE_MAX_ZOOM}' in live
    assert COARSE_BORDERS_URL not in build_base_map(borders_data={"features": []}).get_root().render()


def test_online_basemap_is_opt_in() -> None:
    html = build_base_map(basemap="osm").get_root().render()
    assert "tile.openstreetmap.org" in html
    assert "tile.openstreetmap.org" not in build_base_map().get_root().render()


def test_localize_refuses_an_element_it_cannot_serve() -> None:
    fmap = folium.Map(tiles=None)
    folium.plugins.MiniMap().add_to(fmap)
    with pytest.raises(RemoteAssetError, match="MiniMap"):
        localize(fmap)


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.add(tag)
        self.attributes |= {name for name, _ in attrs}

    def handle_data(self, data: str) -> None:
        self.text += data


def _bound_html(catalog, view, options: MapOptions) -> list[str]:
    """The HTML every overlay popup and tooltip will show."""
    data, _ = overlay_data(catalog, view, options)
    kinds = ("markers", "shapes")
    items = [item for layer in data.values() for kind in kinds for item in layer.get(kind, [])]
    return [item[key] for item in items for key in ("popup", "tooltip") if key in item]


def test_hostile_text_is_inert_in_popups_tooltips_and_legend(make_data_dir) -> None:
    catalog = load_catalog(
        make_data_dir(
            sources=[{**SOURCE, "title": HOSTILE, "publisher": HOSTILE}],
            sites=[{**SITE, "name": HOSTILE, "summary": HOSTILE}],
            strikes=[{**STRIKE, "place": HOSTILE, "summary": HOSTILE, "target_type": HOSTILE}],
        ),
        today=TODAY,
    )
    assert catalog.report.ok
    view = view_of(catalog, Window(*OCTOBER_2022))
    page = _full_html(catalog, view, MapOptions())
    bound = _bound_html(catalog, view, MapOptions())
    assert len(bound) >= 2  # the site's popup and tooltip (strike popups are built as text in the page)
    for fragment in bound:
        parsed = _TagCollector()
        parsed.feed(fragment)
        assert "script" not in parsed.tags
        assert not any(name.startswith("on") for name in parsed.attributes)
        assert "${" not in fragment and "{{" not in fragment and "`" not in fragment
    popups_text = "".join(_text(fragment) for fragment in bound)
    assert HOSTILE in popups_text  # shown to the reader, literally
    assert "{{ 7*7 }}" not in page and "<script>alert" not in page


def _text(fragment: str) -> str:
    parsed = _TagCollector()
    parsed.feed(fragment)
    parsed.close()
    return parsed.text


def test_legend_shows_only_what_is_visible(project) -> None:
    view = view_of(project, Window(*OCTOBER_2022))

    def html(options: MapOptions) -> str:
        rings = view_rings(project, view, options)[0]
        return legend_html(legend_rows(project, view, options, rings, interactive=True))

    sites = html(MapOptions(layers=("sites",)))
    assert "Base" in sites and "Geodesic range rings" not in sites and "Strikes" not in sites
    assert "Production site" not in sites  # no production site is active in October 2022
    assert "Shahed-136 · 1,243 mi" in html(MapOptions(layers=("rings",), unit="mi"))


def test_stamp_and_its_update_carry_text_only() -> None:
    stamp = build_stamp("Title <b>", "", "Data as of 1 Jan 2025")
    assert "Title &lt;b&gt;" in stamp.html
    fmap = build_base_map()
    fmap.add_child(stamp)
    fmap.add_child(stamp_update("3 strikes · 1 site · 1 Oct – 31 Oct 2022"))
    html = fmap.get_root().render()
    assert "DroneAtlas.controls.setText(" in html  # text, never HTML (tests/js/controls.test.js)
    assert "3 strikes \\u00b7 1 site" in html.replace("·", "\\u00b7")


def test_active_period_wording() -> None:
    import pandas as pd

    assert active_period(pd.Timestamp("2022-10-12"), pd.NaT) == "since 12 Oct 2022 (no end reported)"
    assert active_period(pd.Timestamp("2022-06-08"), pd.Timestamp("2022-07-05")) == "8 Jun 2022 – 5 Jul 2022"


@pytest.mark.parametrize("tail", [b"\0\0", "second member"])
def test_a_published_file_with_more_than_its_content_is_written_again(tmp_path, tail) -> None:
    """gzip.decompress reads past the end; the page's DecompressionStream refuses what is there."""
    url = publish_json({"a": [1, 2]}, tmp_path, "/x")
    path = tmp_path / url.rsplit("/", 1)[1]
    whole = path.read_bytes()
    path.write_bytes(whole + (whole if tail == "second member" else tail))
    assert publish_json({"a": [1, 2]}, tmp_path, "/x") == url
    assert path.read_bytes() == whole


def test_prune_published_keeps_the_newest_and_the_named(tmp_path) -> None:
    import os

    for age, name in enumerate(["new.json.gz", "mid.json.gz", "old.json.gz", "older.json.gz", "plain.json"]):
        (tmp_path / name).write_text("{}")
        os.utime(tmp_path / name, (1_000_000 - age, 1_000_000 - age))
    prune_published(tmp_path, keep=2, spare={"older.json.gz"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mid.json.gz", "new.json.gz", "older.json.gz"]


def test_our_elements_output_is_final_text_never_a_second_template() -> None:
    class Echo(Macro):
        _template = Template(
            "{% macro script(this, kwargs) %}var shown = {{ this.text|tojson }};{% endmacro %}"
        )

        def __init__(self, text: str) -> None:
            super().__init__()
            self._name, self.text = "Echo", text

    fmap = folium.Map(tiles=None)
    Echo("{{ 7*7 }}").add_to(fmap)
    html = fmap.get_root().render()
    # branca's own MacroElement would compile this output as a template: "49".
    assert 'var shown = "{{ 7*7 }}";' in html


def test_the_maps_own_scripts_load_with_the_base_map_after_leaflet_in_one_file() -> None:
    links = asset_links(build_base_map())
    # The map's and the plugin's, named with the bundle's content: a browser never runs an older copy.
    assert [url for url in links if url.split("?")[0].endswith(".js")] == [BUNDLE_JS[1]] * 2
    assert BUNDLE_JS[1] == versioned("/app/static/bundle/map.js") != "/app/static/bundle/map.js"
    bundle = local_path(BUNDLE_JS[1]).read_text(encoding="utf-8")
    ours = [url for _, url in ATLAS_JS]
    assert ours[0].endswith("/atlas/atlas.js")  # the namespace the others add to
    # Leaflet, then its plugin, then ours in order, each whole (the bundle is built at install).
    starts = [bundle.index(f"/* {url.removeprefix('/app/static/')} */") for _, url in MAP_SCRIPTS]
    assert starts == sorted(starts) and MAP_SCRIPTS[0] == LEAFLET_JS
    for url in ours:
        assert local_path(url).read_text(encoding="utf-8") in bundle, (
            f"{url} is stale in the bundle: make install"
        )


def test_our_elements_send_a_few_lines_of_glue_never_the_behaviour(project) -> None:
    view = view_of(project, Window(*OCTOBER_2022))
    spec = ViewSpec(view.window, MapOptions(), presenter=True)
    composed = compose_map(project, view, spec, pack_url="/app/static/cache/k/strikes/")
    fmap = composed.base
    for group in [*composed.updates, report_drawn({"drawn": True})]:
        fmap.add_child(group)
    fmap.get_root().render()
    scripts = [el.text for el in fmap.get_root().script._children.values() if isinstance(el, Text)]
    assert len(scripts) >= 10
    for script in scripts:  # options travel as JSON on one line; the behaviour is in static/atlas
        assert len([line for line in script.splitlines() if line.strip()]) <= 15, script


def test_the_hostile_corpus_is_inert_and_literal_in_site_popups_and_tooltips(make_data_dir) -> None:
    """Every string of tests/hostile.py as a site's name and summary: no tag, no handler, no
    template syntax left live, and the reader sees each exactly as the file has it."""
    from droneatlas.text import spreadsheet_value
    from tests.hostile import HOSTILE

    sites = [{**SITE, "id": f"site-{n}", "name": text, "summary": text} for n, text in enumerate(HOSTILE)]
    catalog = load_catalog(make_data_dir(sites=sites), today=TODAY)
    assert catalog.report.ok, catalog.report.summary()
    bound = _bound_html(catalog, view_of(catalog, Window(*OCTOBER_2022)), MapOptions())
    assert len(bound) >= 2 * len(HOSTILE)  # a popup and a tooltip per site
    shown = ""
    for fragment in bound:
        parsed = _TagCollector()
        parsed.feed(fragment)
        parsed.close()
        assert not {"script", "img", "svg", "iframe", "b", "i"} & parsed.tags  # links: the sources'
        assert not any(name.startswith("on") or name in ("style", "srcdoc") for name in parsed.attributes)
        assert "${" not in fragment and "{{" not in fragment and "{%" not in fragment and "`" not in fragment
        shown += parsed.text + "\n"
    # As the file has it, read as a spreadsheet reads it: "'=1+1" is the text "=1+1" (data/README).
    missing = [text for text in HOSTILE if spreadsheet_value(text.strip()) not in shown]
    assert missing == []
