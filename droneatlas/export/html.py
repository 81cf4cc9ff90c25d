"""A standalone HTML file of one view: opens from disk with no network and shows the same map.

Leaflet, the plugins, our CSS and the borders are inlined; the only addresses left in
the file are the source links in popups (hyperlinks for the reader, never loaded).
"""

from __future__ import annotations

import base64
import json
import re
from functools import lru_cache

import folium

from droneatlas.assets import BASEMAP_FILE, local_path
from droneatlas.catalog import Catalog
from droneatlas.strikepack import pack_core, pack_details
from droneatlas.style import drone_colours
from droneatlas.timeline import View
from layers import MapOptions, build_overlays
from layers.basemap import build_base_map, fit_view
from layers.controls import Playback, day_number
from layers.legend import build_stamp, catalog_legend
from layers.strikes import StrikesLayer

_ASSET_TAG = re.compile(
    r'<script src="(?P<js>/app/static/[^"]+)"></script>'
    r'|<link rel="stylesheet" href="(?P<css>/app/static/[^"]+)"\s*/?>'
)
_CSS_URL = re.compile(r"url\(['\"]?(?P<path>[^'\")#]+)['\"]?\)")
_MIME = {".svg": "image/svg+xml", ".png": "image/png"}


@lru_cache(maxsize=1)
def _borders() -> dict:
    return json.loads(BASEMAP_FILE.read_text(encoding="utf-8"))


def as_of_text(catalog: Catalog) -> str:
    as_of = catalog.as_of()
    return f"Data as of {as_of:%-d %b %Y}" if as_of else "No dated data"


def build_snapshot_map(catalog: Catalog, view: View, options: MapOptions, *, title: str) -> folium.Map:
    """The whole view as one folium map: borders inline, layers, legend, stamp, playback."""
    fmap = build_base_map(borders_data=_borders())
    window = (day_number(view.window.start), day_number(view.window.end))
    colours = drone_colours(list(catalog.drones.index))
    fmap.add_child(
        StrikesLayer(
            core=pack_core(view.strikes, catalog.drones, colours),
            details=pack_details(view.strikes, catalog.drones, catalog.sources),
            window=window if "strikes" in options.layers else None,
        )
    )
    overlays = build_overlays(catalog, view, options)
    for group in overlays.groups:
        fmap.add_child(group)
    fmap.add_child(build_stamp(title, view.caption(), as_of_text(catalog)))
    fmap.add_child(catalog_legend(catalog, options))
    fmap.add_child(Playback())
    fit_view(fmap, view)
    return fmap


def standalone_html(fmap: folium.Map) -> str:
    """Render ``fmap`` and inline every local asset it links to."""
    return _ASSET_TAG.sub(_inline, fmap.get_root().render())


def snapshot_html(catalog: Catalog, view: View, options: MapOptions, *, title: str) -> str:
    return standalone_html(build_snapshot_map(catalog, view, options, title=title))


def _inline(match: re.Match) -> str:
    if match["js"]:
        code = local_path(match["js"]).read_text(encoding="utf-8")
        return f"<script>{_no_close(code, 'script')}</script>"
    url = match["css"]
    css = local_path(url).read_text(encoding="utf-8")
    base = url.rsplit("/", 1)[0]
    return f"<style>{_no_close(_inline_css_urls(css, base), 'style')}</style>"


def _inline_css_urls(css: str, base: str) -> str:
    """Images a stylesheet refers to become data: URIs (a file on disk has no /app/static)."""

    def data_uri(match: re.Match) -> str:
        path = local_path(f"{base}/{match['path']}")
        if not path.is_file() or path.suffix not in _MIME:
            return "none"  # e.g. Leaflet's marker images, which the atlas never uses
        encoded = base64.b64encode(path.read_bytes()).decode()
        return f"url(data:{_MIME[path.suffix]};base64,{encoded})"

    return _CSS_URL.sub(data_uri, css)


def _no_close(code: str, tag: str) -> str:
    """Keep inlined code from closing its own element early."""
    return re.sub(rf"</({tag})", r"<\\/\1", code, flags=re.IGNORECASE)
