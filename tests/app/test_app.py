"""The app's wiring, run headless with Streamlit's AppTest (no browser)."""

from __future__ import annotations

import gzip
import json
import re
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from droneatlas.assets import STATIC_URL
from droneatlas.catalog import load_catalog
from droneatlas.timeline import OCTOBER_2022, Window, view_of
from tests.conftest import PROJECT_DATA, ROOT, SITE, STRIKE

APP = str(ROOT / "app.py")


def run_app(monkeypatch: pytest.MonkeyPatch, data_dir: Path | None = None) -> AppTest:
    if data_dir is not None:
        monkeypatch.setenv("ATLAS_DATA_DIR", str(data_dir))
    else:
        monkeypatch.delenv("ATLAS_DATA_DIR", raising=False)
    return open_page(AppTest.from_file(APP, default_timeout=60))


def open_page(app: AppTest) -> AppTest:
    """A new page as a browser gets it: the map first, then the run the drawn map asks for."""
    app.run()
    assert not app.exception, app.exception
    app.run()
    assert not app.exception, app.exception
    return app


def open_panel(app: AppTest, key: str, value: object) -> AppTest:
    """Open a lazy tab (key "panel", value its label) or expander (its key, True), as a click does."""
    app.session_state[key] = value
    return app.run()


def caption(app: AppTest) -> str:
    return next(m.value.strip("*") for m in app.markdown if re.match(r"\*\*[\d,]+ strikes? · ", m.value))


def map_args(app: AppTest) -> dict:
    [component] = [el for el in app.get("component_instance") if "st_folium" in el.proto.component_name]
    return json.loads(component.proto.json_args)


def test_full_span_by_default_with_matching_counts(monkeypatch) -> None:
    app = run_app(monkeypatch)
    catalog = load_catalog(PROJECT_DATA)
    start, end = catalog.span()
    assert app.slider(key="window").value == (start, end)
    view = view_of(catalog, Window(start, end))
    assert caption(app) == view.caption()
    assert caption(app).startswith(f"{len(catalog.strikes)} strikes")


def test_a_new_page_gets_the_map_first_and_its_timeline_and_controls_with_the_next_run(monkeypatch) -> None:
    monkeypatch.delenv("ATLAS_DATA_DIR", raising=False)
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert not app.exception, app.exception
    first = map_args(app)
    assert caption(app) and not app.slider and not app.button  # the timeline's place is kept
    assert not app.sidebar.pills and not app.tabs and not app.sidebar.expander
    assert "DroneAtlas.controls.reportDrawn(" in first["feature_group"]  # the drawn map asks for a run
    app.run()
    assert not app.exception, app.exception
    assert app.sidebar.pills(key="layers").value and app.tabs[0].label == "About this view"
    assert app.slider(key="window").value == load_catalog(PROJECT_DATA).span()
    second = map_args(app)
    assert second["script"] == first["script"]  # the same map: nothing is redrawn
    assert "reportDrawn(" not in second["feature_group"]  # asked once


def test_moving_the_slider_changes_the_counts(monkeypatch) -> None:
    app = run_app(monkeypatch)
    app.slider(key="window").set_value((date(2022, 10, 17), date(2022, 10, 17))).run()
    assert caption(app).startswith("1 strike · ")
    assert caption(app).endswith("· 17 Oct 2022")  # one day, named once
    day = (date(2022, 10, 17) - date(1970, 1, 1)).days
    assert f"setWindow(map_div, [{day}, {day}])" in map_args(app)["feature_group"]  # only two numbers travel


def test_october_2022_preset(monkeypatch) -> None:
    app = run_app(monkeypatch)
    app.button[1].click().run()
    assert app.slider(key="window").value == OCTOBER_2022
    expected = view_of(load_catalog(PROJECT_DATA), Window(*OCTOBER_2022)).caption()
    assert caption(app) == expected and "1 Oct – 31 Oct 2022" in expected


def test_map_component_loads_nothing_from_another_host(monkeypatch) -> None:
    args = map_args(run_app(monkeypatch))
    links = args["js_links"] + args["css_links"]
    assert links and all(link.startswith(STATIC_URL + "/") for link in links)
    for link in links:  # and every one of them is really there to be served (a query only names a version)
        assert (ROOT / "static" / link.split("?")[0].removeprefix(STATIC_URL + "/")).is_file(), link
    code = args["script"] + args["feature_group"] + args["header"]
    # Source links in popups are http(s) by design; nothing else may name a host.
    hosts = set(re.findall(r"https?://([^/\"'\\]+)", code))
    source_hosts = {
        re.sub(r"^https?://", "", u).split("/")[0] for u in load_catalog(PROJECT_DATA).sources["url"]
    }
    assert hosts <= source_hosts, hosts - source_hosts
    assert not re.search(r"(?:src|href)\s*=\s*\\?[\"']?(?:https?:)?//", args["header"])


def test_three_layers_are_sent_and_can_be_switched_off(monkeypatch) -> None:
    app = run_app(monkeypatch)
    args = map_args(app)
    assert "DroneAtlas.strikes.add(" in args["script"] and "/app/static/cache/" in args["script"]
    # The renderer itself is a static file loaded once with the map, not code in the run.
    [bundle] = args["js_links"]
    assert bundle.startswith(f"{STATIC_URL}/bundle/map.js?v=") and "renderer" not in args["script"]
    groups = args["feature_group"]
    assert "setWindow(" in groups and "Dzhankoi" not in groups  # sites and rings go by address
    rings, sites = published_overlays(groups)
    assert rings["shapes"] and not rings.get("markers")
    assert any("Dzhankoi" in marker["popup"] for marker in sites["markers"])
    app.sidebar.pills(key="layers").set_value(["sites"]).run()
    groups = map_args(app)["feature_group"]
    assert "setWindow(map_div, null)" in groups
    [only] = published_overlays(groups)
    assert only["markers"] and "shapes" not in only


def published_overlays(groups: str) -> list[dict]:
    """The overlay files a run named, read from where the server publishes them."""
    urls = re.findall(r'"(/app/static/cache/[0-9a-f]+/layers/[0-9a-f]+\.json\.gz)"', groups)
    return [read_published(url) for url in urls]


def read_published(url: str) -> dict:
    """A published file's content (gzipped JSON), read from where the server publishes it."""
    return json.loads(gzip.decompress((ROOT / "static" / url.removeprefix(STATIC_URL + "/")).read_bytes()))


def test_bad_rows_are_listed_and_valid_rows_still_shown(monkeypatch, make_data_dir) -> None:
    strikes = [STRIKE, {**STRIKE, "id": "broken", "lat": "north"}]
    app = run_app(monkeypatch, make_data_dir(strikes=strikes))
    # Data-derived text is markdown-escaped; what the reader sees has no backslashes.
    assert any("1 row(s) skipped (strikes.csv 1)" in w.value.replace("\\", "") for w in app.warning)
    [table] = [frame.value for frame in app.dataframe if "reason" in frame.value.columns]
    row = table.iloc[0]
    assert (row["file"], row["line"], row["record_id"]) == ("strikes.csv", 3, "broken")
    assert "lat is not a number" in row["reason"]
    assert caption(app).startswith("1 strike · ")


def test_missing_data_directory_is_a_message_not_a_traceback(monkeypatch, tmp_path) -> None:
    app = run_app(monkeypatch, tmp_path / "does-not-exist")
    assert any("data directory not found" in e.value for e in app.error)
    assert caption(app).startswith("0 strikes · 0 sites")


def test_free_ring_refused_with_a_clear_message(monkeypatch) -> None:
    app = run_app(monkeypatch)
    app.selectbox(key="free_site").set_value("kashan-airfield")
    app.number_input(key="free_radius_km").set_value(19_000).run()
    assert any("both poles" in w.value for w in app.warning)
    app.number_input(key="free_radius_km").set_value(1_000).run()
    [rings, _sites] = published_overlays(map_args(app)["feature_group"])
    assert any("Free ring" in shape["tooltip"] for shape in rings["shapes"])


def _table_with(app: AppTest, column: str):
    return next(frame.value for frame in app.dataframe if column in frame.value.columns)


def _numbers(shown) -> list[float]:
    """A table's numbers as shown ('1,234', '—' for none) read back as numbers."""
    return [float("nan") if text == "—" else float(text.replace(",", "")) for text in shown]


def test_within_reach_of_the_crimea_base_in_october_2022(monkeypatch) -> None:
    app = run_app(monkeypatch)
    app.button[1].click().run()  # October 2022
    open_panel(app, "panel", "Within reach")
    sites = app.selectbox(key="reach_site")
    assert sites.value == "dzhankoi-airfield"  # the first site active in the window, the Crimea base
    assert "Dzhankoi (Dzhankoy) airfield, occupied Crimea" in sites.options
    assert app.radio(key="reach_range").value == "shahed-136"
    cities = _table_with(app, "population")
    assert "Kyiv" in set(cities["name"]) and min(_numbers(cities["population"])) >= 100_000
    assert all("," in population for population in cities["population"])  # 100,000 and more
    distances = _numbers(cities["distance (km)"])
    assert distances == sorted(distances) and max(distances) <= 2000
    struck = _table_with(app, "confidence")  # the window's strikes within reach, nearest first
    assert len(struck) and _numbers(struck["distance (km)"]) == sorted(_numbers(struck["distance (km)"]))
    assert not app.exception
    app.toggle(key="reach_highlight").set_value(True).run()
    [rings, _sites] = published_overlays(map_args(app)["feature_group"])
    assert any("Within reach · 2,000 km" in shape["tooltip"] for shape in rings["shapes"])


def test_units_switch_follows_everywhere(monkeypatch) -> None:
    app = run_app(monkeypatch)
    app.button[1].click().run()
    open_panel(app, "panel", "Within reach")
    km = _numbers(_table_with(app, "population")["distance (km)"])
    app.sidebar.radio(key="unit").set_value("mi").run()
    miles = _numbers(_table_with(app, "population")["distance (mi)"])
    assert miles[-1] == pytest.approx(km[-1] / 1.609344, abs=1)
    open_panel(app, "panel", "Strikes and launch sites")
    assert "nearest_site" in _table_with(app, "nearest_site").columns
    assert "reported range (mi)" in _table_with(app, "nearest_site").columns
    assert "1,243 mi" in map_args(app)["feature_group"]  # the legend's ring label, sent as an update


def test_window_without_active_site(monkeypatch) -> None:
    app = run_app(monkeypatch)
    app.slider(key="window").set_value((date(2022, 7, 10), date(2022, 7, 20))).run()
    open_panel(app, "panel", "Within reach")
    assert any("No site is active in this time window" in c.value for c in app.caption)
    assert any("Choose a site" in i.value for i in app.info)


def test_link_sets_the_view_and_the_view_writes_the_link(monkeypatch) -> None:
    monkeypatch.delenv("ATLAS_DATA_DIR", raising=False)
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params.update(
        {
            "start": "2022-10-01",
            "end": "2022-10-31",
            "layers": "sites,strikes",
            "unit": "mi",
            "drones": "lancet",
        }
    )
    open_page(app)
    assert app.slider(key="window").value == OCTOBER_2022
    assert app.sidebar.pills(key="layers").value == ["sites", "strikes"]
    assert app.sidebar.radio(key="unit").value == "mi"
    assert app.sidebar.multiselect(key="ring_drones").value == ["lancet"]
    app.sidebar.radio(key="unit").set_value("km").run()
    assert app.query_params["unit"] == "km" and app.query_params["start"] == "2022-10-01"


def test_bad_link_values_become_notices(monkeypatch) -> None:
    monkeypatch.delenv("ATLAS_DATA_DIR", raising=False)
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params.update({"start": "2022-99-01", "zoom": "99", "layers": "sites,bogus"})
    app.run()
    assert not app.exception
    # Shown with the map, before the controls; as Markdown with every mark escaped.
    notices = [toast.value.replace("\\", "") for toast in app.toast]
    assert any("ignored start=" in n for n in notices) and any("ignored zoom=" in n for n in notices)
    app.run()
    assert app.sidebar.pills(key="layers").value == ["sites"]


def test_presenter_view_hides_the_controls(monkeypatch) -> None:
    app = run_app(monkeypatch)
    app.sidebar.toggle(key="presenter").set_value(True).run()
    assert not app.slider and not app.tabs
    args = map_args(app)
    assert args["height"] == 860 and "atlas-large" in args["script"]
    assert "Fullscreen" in args["script"] or "fullscreen" in args["script"].lower()
    app.button[0].click().run()  # Leave presenter view
    assert app.slider(key="window")


def test_presenter_view_keeps_the_window_and_title(monkeypatch) -> None:
    app = run_app(monkeypatch)
    app.slider(key="window").set_value(OCTOBER_2022).run()
    open_panel(app, "share", True)
    app.sidebar.text_input(key="title").set_value("Autumn 2022 brief").run()
    app.sidebar.toggle(key="presenter").set_value(True).run()
    app.run()  # a second run in presenter view must not lose anything
    assert app.session_state["presenter"] is True and "Autumn 2022 brief" in map_args(app)["script"]
    app.button[0].click().run()  # Leave presenter view
    assert app.slider(key="window").value == OCTOBER_2022
    open_panel(app, "share", True)
    assert app.sidebar.text_input(key="title").value == "Autumn 2022 brief"


def test_markdown_in_data_is_shown_as_text(monkeypatch, make_data_dir) -> None:
    sites = [{**SITE, "name": "![x](https://evil.example/p.png) **bold**"}]
    app = run_app(monkeypatch, make_data_dir(sites=sites))
    open_panel(app, "panel", "Within reach")
    heading = next(m.value for m in app.markdown if m.value.startswith("Within"))
    assert "\\!\\[x\\]\\(https\\://evil" in heading and "\\*\\*bold\\*\\*" in heading


def test_the_first_check_of_a_data_set_says_what_it_found(monkeypatch, make_data_dir, tmp_path) -> None:
    monkeypatch.setenv("ATLAS_CACHE_DIR", str(tmp_path / "cache"))  # nothing checked before
    data = make_data_dir(strikes=[STRIKE, {**STRIKE, "id": "bad", "lat": "north"}])
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data))
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    [status] = app.status
    assert status.label == "Data checked: 1 strike and 1 site accepted; 1 row skipped"
    app = AppTest.from_file(APP, default_timeout=60)  # a new page: the data is known now
    app.run()
    assert not app.status


def test_a_window_of_many_strikes_is_offered_the_density_view(monkeypatch) -> None:
    from droneatlas import settings

    strikes = len(load_catalog(PROJECT_DATA).strikes)
    monkeypatch.setattr(settings, "DENSITY_PROPOSAL_STRIKES", strikes - 1)  # the full span is "many"
    app = run_app(monkeypatch)
    offer = [info.value for info in app.info if "density view" in info.value]
    assert offer == [f"{strikes:,} strikes in this window: the density view shows where they cluster."]
    app.button(key="propose_density").click().run()
    assert app.session_state["strike_style"] == "density" and app.radio(key="strike_style").value == "density"
    assert not [info for info in app.info if "density view" in info.value]  # offered no more
    monkeypatch.setattr(settings, "DENSITY_PROPOSAL_STRIKES", strikes)  # not above it: no offer
    assert not [i for i in run_app(monkeypatch).info if "density view" in i.value]


def test_sessions_showing_the_same_view_share_one_composed_map(monkeypatch) -> None:
    from ui import map as ui_map

    composed = []
    compose = ui_map.compose_map
    monkeypatch.setattr(ui_map, "compose_map", lambda *a, **k: composed.append(1) or compose(*a, **k))
    ui_map.shared_composition.clear()
    first, second = run_app(monkeypatch), run_app(monkeypatch)  # two pages, two runs each
    assert len(composed) == 1  # a class opening the page composes its map once, not 40 times
    # Each run changes its own copy (st_folium, the fill-the-window element), never the shared one.
    assert map_args(second) == map_args(first)
    second.slider(key="window").set_value(OCTOBER_2022).run()
    first.slider(key="window").set_value(OCTOBER_2022).run()
    assert len(composed) == 2 and map_args(first) == map_args(second)


def test_the_share_panel_shows_its_quick_buttons_before_importing_the_png_library(monkeypatch) -> None:
    import sys

    app = run_app(monkeypatch)
    # The PNG library fails to import: the buttons drawn before that import are on the page
    # (on a busy machine the import took seconds, and tests timed out waiting for them).
    monkeypatch.setitem(sys.modules, "droneatlas.export.png", None)
    open_panel(app, "share", True)
    labels = [b.proto.label for b in app.get("download_button")]
    assert labels[:3] == ["Download HTML (works offline)", "Download GeoJSON", "Download CSV"]
    assert app.exception  # from the import made to fail, after the buttons


def test_the_share_panel_renders_the_animated_timeline_with_progress(monkeypatch) -> None:
    import io

    from PIL import Image

    app = run_app(monkeypatch)
    app.session_state["window"] = OCTOBER_2022
    app.run()
    open_panel(app, "share", True)
    app.radio(key="animation_format").set_value("gif")
    app.selectbox(key="animation_size").set_value("1280x720")
    app.number_input(key="animation_seconds").set_value(2).run()
    assert "5 frames, 2.5 a second" in [c.value for c in app.caption]
    app.button(key="animation_render").click().run()
    assert not app.exception, app.exception
    [_choice, gif] = app.session_state["animation_result"]
    with Image.open(io.BytesIO(gif)) as image:
        assert (image.n_frames, image.size, image.info["duration"]) == (5, (1280, 720), 400)
    [button] = [b for b in app.get("download_button") if "Animated GIF" in b.proto.label]
    assert button.proto.label == f"Download Animated GIF ({len(gif) / 1e6:.1f} MB)"
    app.radio(key="animation_mode").set_value("moving").run()  # another choice: render again
    assert not [b for b in app.get("download_button") if "Animated GIF" in b.proto.label]


def test_compare_mode_draws_two_maps_and_keeps_both_windows_in_the_link(monkeypatch) -> None:
    app = run_app(monkeypatch)
    app.session_state["window"] = OCTOBER_2022
    app.toggle(key="compare").set_value(True).run()
    assert app.slider(key="compare_window").value == (date(2023, 10, 1), date(2023, 10, 31))  # a year on
    app.slider(key="compare_window").set_value((date(2024, 10, 1), date(2024, 10, 31))).run()
    maps = [el for el in app.get("component_instance") if "st_folium" in el.proto.component_name]
    assert len(maps) == 2
    from droneatlas.text import markdown_literal

    said = markdown_literal("1 Oct – 31 Oct 2024 against 1 Oct – 31 Oct 2022: ")
    assert any(m.value.startswith(said) for m in app.markdown)
    link = app.query_params
    assert (link["compare_start"], link["compare_end"]) == ("2024-10-01", "2024-10-31")
    app.toggle(key="compare").set_value(False).run()
    assert len([el for el in app.get("component_instance") if "st_folium" in el.proto.component_name]) == 1
    assert "compare_start" not in app.query_params


def test_tables_show_names_thousands_and_dashes_and_no_server_path(monkeypatch) -> None:
    app = run_app(monkeypatch)
    catalog = load_catalog(PROJECT_DATA)
    open_panel(app, "panel", "Strikes and launch sites")
    strikes = _table_with(app, "nearest_site")
    assert "drone_id" not in strikes.columns
    assert set(strikes["drone"]) <= set(catalog.drones["name"])  # names, never ids
    shown = {str(v) for column in strikes.columns for v in strikes[column]}
    assert not shown & {"None", "nan", "NaN", "<NA>"}
    distances = strikes["distance (km)"]
    assert all(text == "—" or text.replace(",", "").isdigit() for text in distances)
    sidebar = " ".join(c.value for c in app.sidebar.caption)
    assert "Data:" not in sidebar and str(PROJECT_DATA) not in sidebar


def test_region_shading_goes_by_address_and_about_counts_records_not_placed(
    monkeypatch, make_data_dir
) -> None:
    country = {**STRIKE, "id": "ua", "place": "Ukraine", "region": "", "precision": "country"}
    region = {
        **STRIKE,
        "id": "odesa",
        "place": "Odesa oblast",
        "region": "Odesa oblast",
        "precision": "region",
    }
    app = run_app(monkeypatch, make_data_dir(strikes=[STRIKE, country, region]))
    groups = map_args(app)["feature_group"]
    assert "1 record not placed on the map" in groups  # the stamp's text
    [url] = re.findall(r'"(/app/static/cache/[0-9a-f]+/regions/[0-9a-f]+\.json\.gz)"', groups)
    shading = read_published(url)
    assert list(shading["oblasts"]) == ["UA-51"] and shading["oblasts"]["UA-51"]["count"] == 1
    assert '"coordinates"' not in groups  # the oblasts' outlines are fetched once by the page, never sent
    about = " ".join(m.value for m in app.markdown)
    assert "**1 record not placed on the map**: 1 name only a country or a direction." in about
    assert "1 region-level record counted in 1 oblast" in about
    app.sidebar.pills(key="layers").set_value(["sites"]).run()  # the shading follows the Strikes switch
    assert "/regions/" not in map_args(app)["feature_group"]


def test_exports_of_a_view_beyond_the_limit_are_disabled_with_the_reason(monkeypatch) -> None:
    from droneatlas import settings

    monkeypatch.setattr(settings, "MAX_EXPORT_RECORDS", 1)
    app = run_app(monkeypatch)
    app.slider(key="window").set_value(OCTOBER_2022).run()
    open_panel(app, "share", True)
    buttons = {b.proto.label: b.proto.disabled for b in app.get("download_button")}
    assert buttons["Download GeoJSON"] and buttons["Download CSV"]
    assert not buttons["Download HTML (works offline)"]
    reasons = [c.value for c in app.caption if "downloads hold at most" in c.value]
    assert reasons and "droneatlas snapshot" in reasons[0], [c.value for c in app.caption]
    monkeypatch.setattr(settings, "MAX_EXPORT_RECORDS", 100_000)
    app.run()
    assert not any(b.proto.disabled for b in app.get("download_button") if "GeoJSON" in b.proto.label)
