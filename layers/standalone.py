"""A standalone HTML file of one view: opens from disk with no network and shows the same map.

Leaflet, the plugins, our CSS and the borders are inlined; the only addresses left in
the file are the source links in popups (hyperlinks for the reader, never loaded).
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import replace

import folium

from droneatlas.assets import local_path
from droneatlas.catalog import Catalog
from droneatlas.compare import combined, difference_text
from droneatlas.text import literal
from droneatlas.timeline import view_of
from droneatlas.view import ViewSpec
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
    if spec.compare is not None:
        return compare_html(catalog, spec)
    return standalone_html(compose_map(catalog, view_of(catalog, spec.window), spec).base)


COMPARE_GROUP = "compare"
_COMPARE_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
html, body {{ margin: 0; height: 100%; font-family: system-ui, sans-serif; color: #222; }}
body {{ display: flex; flex-direction: column; }}
header {{ padding: 8px 14px; }}
h1 {{ font-size: 20px; margin: 0 0 2px; }}
p {{ margin: 0; font-size: 15px; }}
main {{ flex: 1; display: flex; gap: 8px; padding: 0 8px 8px; min-height: 0; }}
iframe {{ flex: 1; border: 1px solid #9a9a9a; min-width: 0; }}
@media (max-width: 700px) {{ main {{ flex-direction: column; }} }}
</style></head>
<body><header><h1>{title}</h1><p>{difference}</p></header>
<main><iframe title="first window" srcdoc="{first}"></iframe>
<iframe title="second window" srcdoc="{second}"></iframe></main>
</body></html>
"""


def compare_html(catalog: Catalog, spec: ViewSpec) -> str:
    """Two windows side by side in one offline file: two maps (each a standalone map in a
    frame of the page, framed alike) that pan and zoom together, and their difference."""
    first, second = view_of(catalog, spec.window), view_of(catalog, spec.compare)
    both = combined(first, second)
    maps = [
        standalone_html(
            compose_map(catalog, view, replace(spec, window=view.window, compare=None),
                        sync_group=COMPARE_GROUP, framed_on=both).base
        )
        for view in (first, second)
    ]  # fmt: skip
    return _COMPARE_PAGE.format(
        title=literal(spec.title),
        difference=literal(difference_text(catalog, first, second)),
        first=html.escape(maps[0], quote=True),
        second=html.escape(maps[1], quote=True),
    )


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
