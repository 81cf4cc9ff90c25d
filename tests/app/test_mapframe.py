"""The map's frame: streamlit-folium's page with preloads (ui.mapframe), and the one
private part of streamlit-folium it relies on."""

from __future__ import annotations

import inspect

import pytest
import streamlit_folium

from droneatlas.assets import (
    COARSE_BORDERS_URL,
    asset_links,
    first_map_files,
    streamlit_folium_page,
    with_preloads,
)
from layers.basemap import build_base_map
from tests.app.test_app import run_app
from ui.mapframe import FRAME_PAGE


def test_streamlit_folium_still_draws_through_its_component_func() -> None:
    source = inspect.getsource(streamlit_folium.st_folium)
    assert "_component_func(" in source and hasattr(streamlit_folium, "_component_func"), (
        "streamlit-folium no longer draws its map through streamlit_folium._component_func: "
        "ui/mapframe.py (the frame with preloads) must follow how it does now"
    )


def test_the_preloads_are_what_every_map_loads_first() -> None:
    files = first_map_files()
    map_assets = set(asset_links(build_base_map()))
    assert {url for kind, url in files if kind in ("script", "style")} == map_assets
    assert ("fetch", COARSE_BORDERS_URL) in files


def test_the_preloads_come_after_the_frame_script_and_fetches_are_cors() -> None:
    page = '<html><head><title>x</title><script defer="defer" src="./main.js"></script></head></html>'
    out = with_preloads(page, [("script", "/a.js?v=1&b"), ("fetch", "/c.gz")])
    assert out.index("<script") < out.index('rel="preload" as="script" href="/a.js?v=1&amp;b"')
    assert '<link rel="preload" as="fetch" href="/c.gz" crossorigin="anonymous">' in out
    assert out.replace(out[out.index("<link") : out.index("</head>")], "") == page
    with pytest.raises(ValueError, match="layout changed"):
        with_preloads("<html><head></head></html>", [])


def test_the_installed_frame_is_streamlit_folium_page_with_the_preloads() -> None:
    stock = (streamlit_folium_page() / "index.html").read_text(encoding="utf-8")
    assert (FRAME_PAGE / "index.html").read_text(encoding="utf-8") == with_preloads(stock, first_map_files())


def test_the_app_draws_its_map_in_the_preloading_frame(monkeypatch) -> None:
    app = run_app(monkeypatch)
    names = [el.proto.component_name for el in app.get("component_instance")]
    assert names == ["ui.mapframe.st_folium"]
