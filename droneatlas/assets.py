"""Front-end assets served by the app itself, so the map works with no network at all.

Stock folium loads Leaflet and its plugins from CDNs; offline, streamlit-folium then draws
nothing. At set-up (``make install``) npm installs the pinned packages of package.json
and ``python -m droneatlas.assets install`` copies the files the map needs under
``static/``, which Streamlit serves at ``/app/static/`` (server.enableStaticServing).
``localize`` points every folium element of a map at those copies and refuses any
element whose assets it does not know, so a remote URL can never slip in unnoticed.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import importlib.util
import json
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import folium
import shapely.geometry
from branca.element import Element
from folium.plugins import Fullscreen

from droneatlas import placenames
from droneatlas.regions import page_geometry
from droneatlas.settings import BASEMAP_FILE, NODE_MODULES, PROJECT_ROOT, STATIC_DIR, STATIC_URL

# npm package -> files (or folders) it contributes, copied to static/vendor/<package>/.
VENDOR_FILES: dict[str, tuple[str, ...]] = {
    "leaflet": ("dist/leaflet.js", "dist/leaflet.css", "dist/images"),
    "leaflet.fullscreen": ("Control.FullScreen.js", "Control.FullScreen.css", "icon-fullscreen.svg"),
    "d3-hexbin": ("build/d3-hexbin.min.js",),
}

LEAFLET_JS = ("leaflet", f"{STATIC_URL}/vendor/leaflet/leaflet.js")
LEAFLET_CSS = ("leaflet_css", f"{STATIC_URL}/vendor/leaflet/leaflet.css")
FULLSCREEN_JS = ("Control.Fullscreen.js", f"{STATIC_URL}/vendor/leaflet.fullscreen/Control.FullScreen.js")
FULLSCREEN_CSS = ("Control.FullScreen.css", f"{STATIC_URL}/vendor/leaflet.fullscreen/Control.FullScreen.css")
HEXBIN_JS = ("d3-hexbin", f"{STATIC_URL}/vendor/d3-hexbin/d3-hexbin.min.js")


def versioned(url: str) -> str:
    """``url`` with its file's content hash as a query, when the file is there. Streamlit
    sends no Cache-Control, so a browser may run a cached copy for hours; after an upgrade
    that copy would be an older version than the Python elements that call into it."""
    path = STATIC_DIR / url.removeprefix(STATIC_URL + "/")
    if not path.is_file():  # not installed yet (`make install` writes the bundle)
        return url
    return f"{url}?v={hashlib.sha256(path.read_bytes()).hexdigest()[:12]}"


ATLAS_CSS = ("atlas_css", versioned(f"{STATIC_URL}/atlas/atlas.css"))
# The map's own JavaScript (static/atlas/, committed): atlas.js first, it makes the
# namespace the others add to. The elements of layers/ only call into it with options.
ATLAS_JS = [
    (f"atlas_{name}", f"{STATIC_URL}/atlas/{name}.js")
    for name in (
        "atlas",
        "strikes",
        "density",
        "playback",
        "overlay",
        "controls",
        "sync",
        "follow",
        "layout",
        "regions",
        "slideshow",
        "finder",
        "places",
    )
]
# What the map's frame runs, in order, joined at install into one file: streamlit-folium
# loads a map's scripts one after another, each waiting for the last (~15 ms a file here);
# one file saves ~0.1 s of every first map.
MAP_SCRIPTS = [LEAFLET_JS, FULLSCREEN_JS, HEXBIN_JS, *ATLAS_JS]
BUNDLE_JS = ("drone_atlas_map", versioned(f"{STATIC_URL}/bundle/map.js"))
# The borders in two files, gzipped once at install: the countries of the region the map
# opens on and the rings reach (drawn first: a third of the vertices, a third of the
# parsing before the first map), then the rest of the world (fetched once the map is drawn).
NEAR_LONLAT = (-10.0, 25.0, 75.0, 70.0)  # west, south, east, north
NEAR_BORDERS = "countries_near.geojson.gz"
FAR_BORDERS = "countries_far.geojson.gz"
BORDERS_URLS = (f"{STATIC_URL}/basemap/{NEAR_BORDERS}", f"{STATIC_URL}/basemap/{FAR_BORDERS}")
# The near countries simplified for the zoom the map opens at (5, layers.basemap): within
# 0.03-0.045 degrees, about a pixel at zoom 5 (0.044 degrees of longitude), 44% fewer
# vertices to parse, project and paint before the first map. Zoomed in further, the page
# swaps in the full outlines (controls.js borders).
COARSE_TOLERANCE_DEG = 0.03
COARSE_MAX_ZOOM = 5
COARSE_NEAR_BORDERS = "countries_near_coarse.geojson.gz"
COARSE_BORDERS_URL = f"{STATIC_URL}/basemap/{COARSE_NEAR_BORDERS}"
# streamlit-folium's frame page with preloads (_write_map_frame), under static/.
MAP_FRAME_DIR = "map_frame"
# The oblasts a window's region-level records shade (droneatlas.regions), fetched once per page.
REGIONS_FILE = "oblast_shapes.geojson.gz"
REGIONS_URL = f"{STATIC_URL}/basemap/{REGIONS_FILE}"

# The base map's place names, the oblasts' outlines and the "Find a place" gazetteer, gzipped
# at install like the borders (droneatlas.placenames): fetched once the first map is drawn
# (the gazetteer only when the finder is first used), never sent over the websocket.
PLACE_FILES = {
    "labels": "labels.json.gz",
    "oblasts": "oblasts.geojson.gz",
    "gazetteer": "gazetteer.json.gz",
}
PLACE_URLS = {key: f"{STATIC_URL}/basemap/{name}" for key, name in PLACE_FILES.items()}

# Local replacements for the assets of each folium element class the app uses.
# The Map carries the plugin assets and ours too: streamlit-folium loads scripts once, with
# the base map (cacheable files, never re-sent in a run), and anything added later needs
# them already loaded. A standalone file inlines them all (layers.standalone).
LOCAL_ASSETS: dict[type, tuple[list[tuple[str, str]], list[tuple[str, str]]]] = {
    folium.Map: ([BUNDLE_JS], [LEAFLET_CSS, FULLSCREEN_CSS, ATLAS_CSS]),
    Fullscreen: ([BUNDLE_JS], [FULLSCREEN_CSS]),  # the plugin's script is in the bundle
}


class RemoteAssetError(RuntimeError):
    """A folium element would load code from another host."""


def _elements(root: Element) -> Iterator[Element]:
    yield root
    for child in getattr(root, "_children", {}).values():
        yield from _elements(child)


def localize(root: Element) -> Element:
    """Point every element under ``root`` at local assets; raise if one is unknown."""
    for element in _elements(root):
        js, css = getattr(element, "default_js", []), getattr(element, "default_css", [])
        if not js and not css:
            continue
        local = LOCAL_ASSETS.get(type(element))
        if local is None:
            raise RemoteAssetError(
                f"{type(element).__name__} loads assets from the internet; "
                "add local copies to droneatlas.assets.LOCAL_ASSETS"
            )
        element.default_js, element.default_css = list(local[0]), list(local[1])
    return root


def asset_links(root: Element) -> list[str]:
    """Every JS and CSS address the elements under ``root`` will load."""
    return [
        url
        for element in _elements(root)
        for _, url in [*getattr(element, "default_js", []), *getattr(element, "default_css", [])]
    ]


def local_path(url: str) -> Path:
    """The file under static/ that serves an /app/static/ address (its query aside)."""
    url = url.split("?", 1)[0]
    if not url.startswith(STATIC_URL + "/"):
        raise ValueError(f"not a local asset address: {url}")
    path = (STATIC_DIR / url.removeprefix(STATIC_URL + "/")).resolve()
    if not path.is_relative_to(STATIC_DIR.resolve()):
        raise ValueError(f"not a local asset address: {url}")
    return path


def install(node_modules: Path = NODE_MODULES, static_dir: Path = STATIC_DIR) -> list[Path]:
    """Copy vendor files and the basemap under ``static_dir``; all or nothing."""
    installed = []
    steps = (
        ("vendor", _copy_vendor),
        ("basemap", _copy_basemap),
        ("bundle", _write_bundle),
        (MAP_FRAME_DIR, _write_map_frame),  # last: it names the bundle by its new hash
    )
    for target_name, copy in steps:
        target = static_dir / target_name
        with tempfile.TemporaryDirectory(dir=static_dir, prefix=f".{target_name}-") as tmp:
            staging = Path(tmp) / target_name
            copy(node_modules, staging)
            if target.exists():
                shutil.rmtree(target)
            staging.rename(target)
        installed.append(target)
    return installed


def _copy_vendor(node_modules: Path, staging: Path) -> None:
    for package, files in VENDOR_FILES.items():
        for relative in files:
            source = node_modules / package / relative
            if not source.exists():
                raise FileNotFoundError(f"{source} is missing: run `npm ci` first")
            target = staging / package / Path(relative).name
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, target)
            else:
                shutil.copy2(source, target)


def _write_bundle(node_modules: Path, staging: Path) -> None:
    """MAP_SCRIPTS joined into bundle/map.js (vendor files from node_modules, ours from static/atlas)."""
    staging.mkdir(parents=True)
    parts = []
    for _name, url in MAP_SCRIPTS:
        relative = url.removeprefix(f"{STATIC_URL}/")
        package_file = {
            f"vendor/{package}/{Path(f).name}": node_modules / package / f
            for package, files in VENDOR_FILES.items()
            for f in files
        }
        source = package_file.get(relative, STATIC_DIR / relative)
        parts.append(f"/* {relative} */\n{source.read_text(encoding='utf-8')}\n;\n")
    (staging / "map.js").write_text("".join(parts), encoding="utf-8")


def streamlit_folium_page() -> Path:
    """The folder of streamlit-folium's own frame page (its frontend build), found without
    importing it (that would import Streamlit)."""
    spec = importlib.util.find_spec("streamlit_folium")
    build = Path(spec.origin).parent / "frontend" / "build" if spec and spec.origin else None
    if build is None or not (build / "index.html").is_file():
        raise FileNotFoundError("streamlit-folium's frontend build is missing: run `make install`")
    return build


def first_map_files() -> list[tuple[str, str]]:
    """(as, address) of what every first map loads whatever its data: the bundle, the
    stylesheets and the coarse borders (named as the map names them, content hash included).
    The bundle's hash is taken now: install has just rewritten it (BUNDLE_JS is older)."""
    return [
        ("script", versioned(f"{STATIC_URL}/bundle/map.js")),
        *(("style", url) for _, url in LOCAL_ASSETS[folium.Map][1]),
        ("fetch", COARSE_BORDERS_URL),
    ]


def with_preloads(page: str, files: list[tuple[str, str]]) -> str:
    """streamlit-folium's page with a preload link for each of ``files``, after its script.

    Its script asks Streamlit for the map's arguments and only then adds our bundle, then
    the stylesheets, one after another (~0.1 s after the frame starts); preloaded, they
    arrive meanwhile. After its script, so that its script is asked for first: before it,
    the preloads held it back (in by 164 ms instead of 71-106). A fetch preload is CORS
    (crossorigin), as fetch() is."""
    links = "".join(
        f'<link rel="preload" as="{kind}" href="{html.escape(url)}"'
        + (' crossorigin="anonymous"' if kind == "fetch" else "")
        + ">"
        for kind, url in files
    )
    script, head_end = page.find("<script"), page.find("</head>")
    if not 0 <= script < head_end:
        raise ValueError("streamlit-folium's page has no script in its head: its layout changed")
    return page[:head_end] + links + page[head_end:]


def _write_map_frame(_node_modules: Path, staging: Path) -> None:
    """streamlit-folium's frame page, copied as installed, with preload links
    (``with_preloads``); ui.mapframe serves it as the map's component."""
    shutil.copytree(streamlit_folium_page(), staging)
    page = staging / "index.html"
    page.write_text(with_preloads(page.read_text(encoding="utf-8"), first_map_files()), encoding="utf-8")


def split_borders(collection: dict) -> tuple[dict, dict]:
    """The countries whose outline reaches into NEAR_LONLAT, and all the others.

    The outline itself, not its bounding box: a country split at ±180° (the United States,
    with the western Aleutians) has a box spanning the globe, and 14% of the vertices the
    first map would wait for."""
    near_box = shapely.geometry.box(*NEAR_LONLAT)
    near, far = [], []
    for feature in collection["features"]:
        reaches = shapely.geometry.shape(feature["geometry"]).intersects(near_box)
        (near if reaches else far).append(feature)
    return {**collection, "features": near}, {**collection, "features": far}


def simplified(collection: dict, tolerance: float = COARSE_TOLERANCE_DEG) -> dict:
    """Each feature's outline simplified with ``tolerance`` degrees (Douglas-Peucker, rings
    kept valid, which takes it up to 1.5 times that from the original). Countries are
    simplified one by one: the two sides of a shared border may differ by as much, about
    a pixel at the zooms the page shows them."""
    features = [
        {
            **feature,
            "geometry": shapely.geometry.mapping(
                shapely.geometry.shape(feature["geometry"]).simplify(tolerance, preserve_topology=True)
            ),
        }
        for feature in collection["features"]
    ]
    return {**collection, "features": features}


def _copy_basemap(_node_modules: Path, staging: Path) -> None:
    """The borders, split (split_borders) and gzipped: Streamlit would compress 1.3 MB again
    for every page (~90 ms of its event loop, holding back every other response); the page
    decompresses them."""
    staging.mkdir(parents=True)
    near, far = split_borders(json.loads(BASEMAP_FILE.read_text(encoding="utf-8")))
    for name, part in ((NEAR_BORDERS, near), (FAR_BORDERS, far), (COARSE_NEAR_BORDERS, simplified(near))):
        text = json.dumps(part, separators=(",", ":"), ensure_ascii=False)
        (staging / name).write_bytes(gzip.compress(text.encode("utf-8"), 9, mtime=0))
    _write_region_shapes(staging)
    _write_place_files(staging)


def _write_region_shapes(staging: Path) -> None:
    """The oblasts' outlines (code and name only) for the shading, gzipped like the borders."""
    text = json.dumps(page_geometry(), separators=(",", ":"), ensure_ascii=False)
    (staging / REGIONS_FILE).write_bytes(gzip.compress(text.encode("utf-8"), 9, mtime=0))


def _write_place_files(staging: Path) -> None:
    """The base map's names, oblast outlines and gazetteer (PLACE_FILES), gzipped like the borders."""
    for key, data in place_data().items():
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        (staging / PLACE_FILES[key]).write_bytes(gzip.compress(text.encode("utf-8"), 9, mtime=0))


def place_data() -> dict[str, object]:
    """The labels, the oblasts' outlines and the gazetteer as the page reads them (PLACE_FILES)."""
    cities = placenames.load_labels()
    oblasts = placenames.load_oblasts()
    named = placenames.oblast_labels(oblasts, cities)
    return {
        "labels": placenames.labels_payload(cities, named),
        "oblasts": placenames.oblast_outlines(oblasts),
        "gazetteer": placenames.gazetteer_entries(cities, named),
    }


def main(argv: list[str]) -> int:
    if argv != ["install"]:
        print("usage: python -m droneatlas.assets install", file=sys.stderr)
        return 2
    try:
        for path in install():
            print(f"installed {path.relative_to(PROJECT_ROOT)}")
    except (OSError, FileNotFoundError) as exc:
        print(f"asset install failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
