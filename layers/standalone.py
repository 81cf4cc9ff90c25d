"""A standalone HTML file of one view: opens from disk with no network and shows the same map.

Leaflet, the plugins, our CSS and the borders are inlined; the only addresses left in
the file are the source links in popups (hyperlinks for the reader, never loaded).
"""

from __future__ import annotations

import base64
import re

import folium

from droneatlas.assets import local_path
from droneatlas.catalog import Catalog
from droneatlas.view import ViewSpec, spec_view
from layers.compose import compose_map

_ASSET_TAG = re.compile(
    r'<script src="(?P<js>/app/static/[^"]+)"></script>'
    r'|<link rel="stylesheet" href="(?P<css>/app/static/[^"]+)"\s*/?>'
)
_CSS_URL = re.compile(r"url\(['\"]?(?P<path>[^'\")#]+)['\"]?\)")
_MIME = {".svg": "image/svg+xml", ".png": "image/png"}


def standalone_html(fmap: folium.Map) -> str:
    """Render ``fmap`` and inline every local asset it links to."""
    return _ASSET_TAG.sub(_inline, fmap.get_root().render())


def snapshot_html(catalog: Catalog, spec: ViewSpec) -> str:
    """The view as one HTML file that works offline (layers.compose, standalone)."""
    return standalone_html(compose_map(catalog, spec_view(catalog, spec), spec).base)


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
