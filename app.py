"""Drone Atlas: the Streamlit shell. Widgets in, pure functions (droneatlas/, layers/) out.

Run with `make run`; `ATLAS_DATA_DIR=/path/to/dir make run` maps another data directory.
"""

from __future__ import annotations

import hashlib
import io
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from droneatlas.assets import BASEMAP_FILE, STATIC_DIR, STATIC_URL, localize
from droneatlas.catalog import Catalog, default_data_dir, merge_catalogs
from droneatlas.catalogcache import load_catalog_cached
from droneatlas.explain import explainer_figure, ring_extent
from droneatlas.export.data import to_csv, to_geojson, view_records
from droneatlas.geodesy import RingError, check_ring, distance_km, geodesic_line, km_from_miles, miles_from_km
from droneatlas.histogram import bars_html, weekly_strip
from droneatlas.publish import prune_published, publish_json
from droneatlas.reach import cities_within, load_cities, nearest_sites, within
from droneatlas.rings import FreeRing, format_distance
from droneatlas.strikepack import mark_used, pack_core, pack_details, pack_is_written, prune_packs, write_pack
from droneatlas.style import drone_colours
from droneatlas.summary import summary_lines
from droneatlas.text import markdown_literal as md
from droneatlas.text import spreadsheet_safe
from droneatlas.timeline import OCTOBER_2022, StrikeIndex, View, Window, rows_in, view_of, weekly_counts
from droneatlas.urlstate import ViewState as LinkState
from droneatlas.urlstate import Vocabulary
from droneatlas.urlstate import encode as encode_link
from droneatlas.urlstate import parse as parse_link
from droneatlas.view import ALL_LAYERS, DEFAULT_TITLE, LAYER_LABELS, MapOptions, ViewSpec
from layers import overlay_data, report_drawn
from layers.basemap import BASEMAPS
from layers.compose import compose_map
from layers.reach import build_measure_layer, build_reach_layer
from layers.standalone import snapshot_html

MAP_HEIGHT_PX = 720
PRESENTER_MAP_HEIGHT_PX = 860
CITIES_FILE = Path(__file__).resolve().parent / "data" / "gazetteer" / "places.csv"
CUSTOM_RADIUS = "custom"
KEPT_PACKS = 16
KEPT_OVERLAYS = 256  # published site/ring files per data set (a page fetches a few)
# Tables show the nearest rows; the CSV download has them all. Every rerun re-sends what
# the page shows, so a short table keeps a timeline change light.
MAX_TABLE_ROWS = 200
TIMELINE_HEIGHT_PX = 186  # presets, weekly strip and slider (measured at 1600 and 1100 px wide)
CONTROLS_AFTER_S = 4.0  # at the latest; normally the map asks for the controls once drawn
TITLE = DEFAULT_TITLE


def data_dir() -> Path:
    return default_data_dir()


def _fingerprint(directory: Path) -> tuple:
    """Paths and modification times of the data files: the cache key for the catalog."""
    if not directory.is_dir():
        return ()
    return tuple(sorted((p.name, p.stat().st_mtime_ns) for p in directory.glob("*.csv")))


def load() -> tuple[Catalog, str]:
    """The curated (or ATLAS_DATA_DIR) data, plus what this session uploaded, and a key
    that changes whenever any of it does."""
    directory = data_dir()
    fingerprint = _fingerprint(directory)
    catalog = cached_catalog(str(directory), fingerprint, date.today())
    key = [str(directory), fingerprint, str(date.today())]
    uploads = upload_dir()
    if (uploads / "strikes.csv").is_file() or (uploads / "sites.csv").is_file():
        extra = cached_catalog(str(uploads), _fingerprint(uploads), date.today())
        catalog = merge_catalogs(catalog, extra, label="upload")
        key += [str(uploads), _fingerprint(uploads)]
    return catalog, hashlib.sha256(repr(key).encode()).hexdigest()[:16]


def strike_pack(key: str, catalog: Catalog) -> str:
    """The address of the strikes' pack for this data (written once; see write_strike_pack)."""
    url = write_strike_pack(key, catalog)
    if not pack_is_written(STATIC_DIR / "cache" / key):  # pruned or deleted since: write it again
        write_strike_pack.clear()
        url = write_strike_pack(key, catalog)
    return url


@st.cache_data(show_spinner="Preparing the strikes…", max_entries=8)
def write_strike_pack(key: str, _catalog: Catalog) -> str:
    """Write every strike once for the page (static/cache/KEY/); return the folder's address."""
    catalog = _catalog  # not hashed: `key` stands for its content
    directory = STATIC_DIR / "cache" / key
    if pack_is_written(directory):  # a restarted server reuses the pack of the same data
        mark_used(directory)
    else:
        colours = drone_colours(list(catalog.drones.index))
        write_pack(
            directory,
            pack_core(catalog.strikes, catalog.drones, colours),
            pack_details(catalog.strikes, catalog.drones, catalog.sources),
        )
    # Older packs go, but not the last few: an open page may still ask for its details.
    prune_packs(STATIC_DIR / "cache", keep=KEPT_PACKS)
    return f"{STATIC_URL}/cache/{key}/"


def upload_dir() -> Path:
    """A data directory of this session's own: uploads never touch the curated data."""
    if "upload_dir" not in st.session_state:
        st.session_state["upload_dir"] = tempfile.mkdtemp(prefix="droneatlas-upload-")
    return Path(st.session_state["upload_dir"]) / "data"


def add_data_panel() -> None:
    """Upload CSV or GeoJSON exports; the importers turn them into records shown with the rest."""
    adding = st.sidebar.expander("Add data: CSV or GeoJSON", key="add_data", on_change="rerun")
    if not adding.open:  # the uploader is built only when asked for
        return
    from droneatlas.importers import FORMATS  # on use, like every importer: a lighter first page

    with adding:
        files = st.file_uploader(
            "Event exports (Ivaniuk, ACLED, UCDP GED, GeoJSON points, CSV with lat/lon/date)",
            type=["csv", "geojson", "json"],
            accept_multiple_files=True,
            key="upload_files",
        )
        fmt = st.selectbox("Format", ["auto", *FORMATS], key="upload_format")
        mapping = st.text_input(
            "Column names (optional)",
            key="upload_map",
            placeholder="lat=Latitude,lon=Longitude,date=Event Date",
        )
        if st.button("Import", disabled=not files, width="stretch"):
            run_import(files, fmt, mapping)
        if "import_lines" in st.session_state:
            st.code("\n".join(st.session_state["import_lines"]), language=None, wrap_lines=True)
            report_file = upload_dir() / "import-report.csv"
            if report_file.is_file():
                report = pd.read_csv(report_file, dtype=str, keep_default_na=False)
                rejected = report[report["status"] == "rejected"]
                if not rejected.empty:
                    st.caption("First rejected rows:")
                    st.dataframe(rejected.head(10), hide_index=True, width="stretch")
                st.download_button(
                    "Download the full import report (CSV)",
                    report_file.read_bytes(),
                    file_name="import-report.csv",
                    mime="text/csv",
                    width="stretch",
                )


def run_import(files: list, fmt: str, mapping: str) -> None:
    column_map = dict(part.split("=", 1) for part in mapping.split(",") if "=" in part) or None
    column_map = {k.strip(): v.strip() for k, v in column_map.items()} if column_map else None
    with tempfile.TemporaryDirectory(prefix="droneatlas-incoming-") as incoming:
        paths = []
        for upload in files:
            path = Path(incoming) / Path(upload.name).name  # no directories from the browser
            path.write_bytes(upload.getbuffer())
            paths.append(path)
        from droneatlas.importers import import_files

        with st.spinner("Importing…"):
            report = import_files(paths, upload_dir(), fmt, column_map)
    st.session_state["import_lines"] = report.lines()
    st.rerun()  # load the catalog again, with the imported records


# cache_resource, not cache_data: the catalog is shared read-only, never copied per run
# (unpickling a 100,000-strike copy on every run took seconds).
@st.cache_resource(show_spinner="Loading data…", max_entries=8)
def cached_catalog(directory: str, fingerprint: tuple, today: date) -> Catalog:
    """The catalog, re-read when a data file changes (``fingerprint``) or the day does."""
    return load_catalog_cached(Path(directory), today=today)


def report_problems(catalog: Catalog) -> None:
    report = catalog.report
    for message in report.file_errors:
        st.error(md(message), icon="⚠️")
    if report.rejected_rows:
        st.warning(f"Some rows were skipped: {md(report.summary())}. The valid rows are shown.", icon="⚠️")
        with st.expander("Skipped rows (file, line, id, reason)"):
            st.dataframe(
                pd.DataFrame([vars(issue) for issue in report.rejected_rows]),
                hide_index=True,
                width="stretch",
            )


def set_window(start: date, end: date) -> None:
    st.session_state["window"] = (start, end)


def slider_span(catalog: Catalog) -> tuple[date, date]:
    """The slider's ends: the span of the data (a slider needs two distinct days)."""
    first, last = catalog.span() or (date.today(), date.today())
    return first, max(last, first + timedelta(days=1))


def timeline(catalog: Catalog, data_key: str, span: tuple[date, date], *, hidden: bool = False) -> Window:
    """Preset buttons, the weekly histogram and the date-range slider; returns the window."""
    # The slider's state lives in st.session_state["window"] (presets and links write it
    # too); keep a remembered window inside the span of the (possibly reloaded) data.
    start, end = st.session_state.get("window", span)
    start, end = max(start, span[0]), min(end, span[1])
    st.session_state["window"] = (start, end) if start <= end else span
    if hidden:
        return Window(*st.session_state["window"])
    october = (max(OCTOBER_2022[0], span[0]), min(OCTOBER_2022[1], span[1]))
    presets = st.columns([1, 1, 6])
    presets[0].button("Full span", on_click=set_window, args=span, width="stretch")
    presets[1].button(
        "October 2022",
        on_click=set_window,
        args=october,
        disabled=october[0] > october[1],
        help="The founding story: Shahed-136 strikes on Kyiv and the energy grid",
        width="stretch",
    )
    histogram = st.empty()
    start, end = st.slider(
        "Time window",
        min_value=span[0],
        max_value=span[1],
        format="D MMM YYYY",
        key="window",
        label_visibility="collapsed",
    )
    window = Window(start, end)
    bars, top = weekly_bars(data_key, span, catalog)
    histogram.html(weekly_strip(bars, top, span, (window.start, window.end)))
    return window


@st.cache_data(show_spinner=False, max_entries=8)
def weekly_bars(data_key: str, span: tuple[date, date], _catalog: Catalog) -> tuple[str, int]:
    """The histogram's bars, once per data set; a run only moves the shade."""
    counts = weekly_counts(_catalog.strikes)
    return bars_html(counts, span), int(counts["strikes"].max()) if not counts.empty else 0


@dataclass(frozen=True)
class ReachChoice:
    """The student's question: what lies within ``radius_km`` of this site?"""

    site_id: str
    radius_km: float
    what: str  # e.g. "Shahed-136 (2,000 km, reported)" or "a 500 km radius"
    min_population: int
    highlight: bool


@dataclass(frozen=True)
class Controls:
    """What the sidebar's widgets hold for this run."""

    options: MapOptions
    basemap: str
    reach: ReachChoice | None
    measuring: bool


# The map is drawn before the sidebar: the page then asks for the map's code before the
# code of a dozen widgets, and the first map shows about half a second sooner. So the
# widgets' values are read from st.session_state first (seeded here with the widgets'
# defaults) and the widgets, drawn afterwards, show the same state (they take no value=).
FREE_RADIUS_DEFAULT = 0.0
REACH_RADIUS_DEFAULT = 500.0
REACH_POPULATION_DEFAULT = 100_000


def keep_valid(key: str, options: list) -> None:
    """Forget a remembered choice that the current data or window no longer offers."""
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]


def seed(key: str, value: object) -> object:
    """The widget's value: what the user chose, or its default (then remembered)."""
    return st.session_state.setdefault(key, value)


def with_range(catalog: Catalog) -> list[str]:
    drones = catalog.drones
    return [d for d in drones.index if pd.notna(drones.loc[d, "range_km"])]


def reach_ranges(catalog: Catalog, site_id: str, unit: str) -> dict[str, str]:
    """The ranges a site's reach can be measured with: its drones' reported ranges, or custom."""
    drones = catalog.drones
    hosted = [
        d
        for d in catalog.sites.loc[site_id, "drone_ids"]
        if d in drones.index and pd.notna(drones.loc[d, "range_km"])
    ]
    names = {
        d: f"{drones.loc[d, 'name']} ({format_distance(drones.loc[d, 'range_km'], unit)}, reported)"
        for d in hosted
    }
    return {**names, CUSTOM_RADIUS: "Custom radius"}


def read_controls(catalog: Catalog, view: View) -> Controls:
    """The sidebar's values, from the session state, kept valid for the data and window."""
    ranged = with_range(catalog)
    st.session_state["ring_drones"] = [d for d in st.session_state.get("ring_drones", []) if d in ranged]
    layers, unit = tuple(st.session_state["layers"]), st.session_state["unit"]
    free_rings: tuple[FreeRing, ...] = ()
    if not catalog.sites.empty:
        keep_valid("free_site", list(catalog.sites.index))
        site_id = seed("free_site", catalog.sites.index[0])
        radius = seed(f"free_radius_{unit}", FREE_RADIUS_DEFAULT)
        if radius > 0:
            free_rings = (FreeRing(site_id, radius, unit),)
    reach = read_reach(catalog, view, unit)
    if reach is not None and reach.highlight:
        free_rings += (FreeRing(reach.site_id, reach.radius_km, "km", title="Within reach"),)
    measuring = bool(seed("measuring", False))
    if not measuring:
        st.session_state.pop("measure_points", None)
    options = MapOptions(
        layers=layers, ring_drones=tuple(st.session_state["ring_drones"]), unit=unit, free_rings=free_rings
    )
    return Controls(options, st.session_state["basemap"], reach, measuring)


def read_reach(catalog: Catalog, view: View, unit: str) -> ReachChoice | None:
    if view.sites.empty:
        return None
    keep_valid("reach_site", list(view.sites.index))
    site_id = seed("reach_site", view.sites.index[0])
    ranges = reach_ranges(catalog, site_id, unit)
    keep_valid("reach_range", list(ranges))
    choice = seed("reach_range", next(iter(ranges)))
    if choice == CUSTOM_RADIUS:
        radius = seed(f"reach_radius_{unit}", REACH_RADIUS_DEFAULT)
        radius_km = km_from_miles(radius) if unit == "mi" else radius
        what = f"a {format_distance(radius_km, unit)} radius"
    else:
        radius_km, what = float(catalog.drones.loc[choice, "range_km"]), ranges[choice]
    population = seed("reach_population", REACH_POPULATION_DEFAULT)
    return ReachChoice(site_id, radius_km, what, int(population), bool(seed("reach_highlight", False)))


def sidebar(catalog: Catalog, view: View, controls: Controls) -> None:
    """The widgets behind ``controls`` (read_controls seeded every value they show)."""
    st.sidebar.header("Map")
    st.sidebar.pills("Layers", ALL_LAYERS, selection_mode="multi", format_func=LAYER_LABELS.get, key="layers")
    drones, unit = catalog.drones, controls.options.unit
    st.sidebar.multiselect(
        "Range rings for",
        with_range(catalog),
        format_func=lambda d: str(drones.loc[d, "name"]),
        key="ring_drones",
        disabled="rings" not in controls.options.layers,
    )
    st.sidebar.radio(
        "Units", ["km", "mi"], horizontal=True, key="unit", format_func={"km": "km", "mi": "miles"}.get
    )
    st.sidebar.selectbox("Base map", list(BASEMAPS), format_func=lambda k: BASEMAPS[k][0], key="basemap")
    with st.sidebar.expander("Free ring: any site, any radius"):
        if catalog.sites.empty:
            st.caption("No sites in the data.")
        else:
            sites = catalog.sites
            st.selectbox(
                "Centre", list(sites.index), format_func=lambda s: str(sites.loc[s, "name"]), key="free_site"
            )
            st.number_input(f"Radius ({unit})", min_value=0.0, step=100.0, key=f"free_radius_{unit}")
    reach_controls(catalog, view, unit)
    st.sidebar.toggle(
        "Measure: click two points on the map",
        key="measuring",
        help="Great-circle distance, drawn as a geodesic",
    )


def reach_controls(catalog: Catalog, view: View, unit: str) -> None:
    with st.sidebar.expander("Within reach: cities and strikes around a site"):
        if view.sites.empty:
            st.caption("No site is active in this time window.")
            return
        sites = view.sites
        st.selectbox(
            "Site (active in the window)",
            list(sites.index),
            format_func=lambda s: str(sites.loc[s, "name"]),
            key="reach_site",
        )
        ranges = reach_ranges(catalog, st.session_state["reach_site"], unit)
        st.radio("Range", list(ranges), format_func=lambda c: md(ranges[c]), key="reach_range")
        if st.session_state["reach_range"] == CUSTOM_RADIUS:
            st.number_input(f"Radius ({unit})", min_value=1.0, step=50.0, key=f"reach_radius_{unit}")
        st.number_input("Cities of at least (inhabitants)", min_value=0, step=50_000, key="reach_population")
        st.toggle("Show on the map", key="reach_highlight")


def draw_map(
    catalog: Catalog,
    data_key: str,
    view: View,
    options: MapOptions,
    basemap: str,
    extra_groups: list[folium.FeatureGroup],
    measuring: bool,
    presenting: bool,
    map_first: bool,
) -> dict | None:
    """The map: a stable base (borders, legend, stamp) and the layers sent as updates.

    ``map_first``: the page's controls are not sent yet; the map asks for them once drawn.
    """
    spec = ViewSpec(
        view.window,
        options,
        title=st.session_state.get("title") or TITLE,
        basemap=basemap,
        center=st.session_state.get("map_center"),
        zoom=st.session_state.get("map_zoom"),
        presenter=presenting,
    )
    composed = compose_map(
        catalog,
        view,
        spec,
        pack_url=strike_pack(data_key, catalog),
        published=published_overlays(catalog, data_key, view, options),
    )
    for message in composed.messages:
        st.warning(md(message), icon="⭕")
    return st_folium(
        composed.base,
        feature_group_to_add=[
            *composed.updates,
            *[localize(g) for g in extra_groups],
            *([report_drawn({"drawn": True})] if map_first else []),
        ],
        # Pan and zoom cause no rerun; clicks do only while measuring. streamlit-folium reads
        # returned_objects once, when the map mounts: a key of its own remounts it.
        key=("map-measure" if measuring else "map") + ("-presenter" if presenting else ""),
        height=PRESENTER_MAP_HEIGHT_PX if presenting else MAP_HEIGHT_PX,
        use_container_width=True,
        returned_objects=["last_clicked"] if measuring else [],
    )


def published_overlays(
    catalog: Catalog, data_key: str, view: View, options: MapOptions
) -> tuple[dict[str, str], list[str]]:
    """The addresses of this view's sites and rings: published once, then only named."""
    key = (data_key, tuple(view.sites.index), repr(options))
    published = overlay_files(*key, catalog, view, options)
    if not all(path.is_file() for path in published[2]):  # the cache folder was cleared
        overlay_files.clear()
        published = overlay_files(*key, catalog, view, options)
    return published[0], published[1]


@st.cache_data(show_spinner=False, max_entries=64)
def overlay_files(
    data_key: str, site_ids: tuple, options_key: str, _catalog: Catalog, _view: View, _options: MapOptions
) -> tuple[dict[str, str], list[str], list[Path]]:
    """Keyed by what the overlays depend on: the data, the sites shown and the options."""
    data, messages = overlay_data(_catalog, _view, _options)
    directory, prefix = STATIC_DIR / "cache" / data_key / "layers", f"{STATIC_URL}/cache/{data_key}/layers"
    urls = {name: publish_json(content, directory, prefix) for name, content in data.items()}
    names = {url.rsplit("/", 1)[1] for url in urls.values()}
    # Every new combination of sites and options writes a file: keep the folder bounded.
    prune_published(directory, keep=KEPT_OVERLAYS, spare=names)
    return urls, messages, [directory / name for name in names]


def record_click(map_state: dict | None) -> None:
    """Keep the last two clicked points; a third click starts a new measurement."""
    clicked = (map_state or {}).get("last_clicked")
    if not clicked or clicked == st.session_state.get("measure_last_click"):
        return
    st.session_state["measure_last_click"] = clicked
    points = st.session_state.setdefault("measure_points", [])
    if len(points) >= 2:
        points.clear()
    points.append((float(clicked["lat"]), float(clicked["lng"])))
    st.rerun()


def measure_group(unit: str) -> tuple[list[folium.FeatureGroup], str]:
    points = st.session_state.get("measure_points", [])
    if not points:
        return [], "Click a first point on the map."
    if len(points) == 1:
        return [build_measure_layer(points, "")], "Click a second point."
    (lat1, lon1), (lat2, lon2) = points
    km = float(distance_km(lon1, lat1, lon2, lat2))
    other = "mi" if unit == "km" else "km"
    label = f"Great-circle distance: {format_distance(km, unit)} ({format_distance(km, other)})"
    return [build_measure_layer(geodesic_line(lon1, lat1, lon2, lat2), label)], label


@st.cache_resource(show_spinner=False, max_entries=8)  # shared read-only, not copied
def strike_index(data_key: str, _catalog: Catalog) -> StrikeIndex:
    return StrikeIndex.of(_catalog.strikes)


def sources_table(catalog: Catalog, data_key: str, view: View) -> None:
    ids = strike_index(data_key, catalog).source_ids(view)
    listing = st.expander(f"Sources of what is shown ({len(ids)})", key="sources", on_change="rerun")
    if not listing.open:
        return
    with listing:
        shown = catalog.sources.loc[ids, ["title", "publisher", "published", "url"]]
        st.dataframe(
            shown,
            hide_index=True,
            width="stretch",
            column_config={
                "published": st.column_config.DateColumn("published", format="D MMM YYYY"),
                "url": st.column_config.LinkColumn("link"),
            },
        )


@st.cache_data(show_spinner=False)
def cached_cities(path: str, mtime_ns: int) -> pd.DataFrame:
    return load_cities(path)


@st.cache_data(show_spinner=False)
def cached_borders(path: str, mtime_ns: int) -> gpd.GeoDataFrame:
    return gpd.read_file(path)


def cities() -> pd.DataFrame | None:
    return cached_cities(str(CITIES_FILE), CITIES_FILE.stat().st_mtime_ns) if CITIES_FILE.is_file() else None


def in_unit(km: pd.Series, unit: str) -> pd.Series:
    return (miles_from_km(km) if unit == "mi" else km).round(0)


def cities_in_reach(catalog: Catalog, reach: ReachChoice | None) -> pd.DataFrame:
    """Cities within the chosen reach, nearest first."""
    places = cities()
    if reach is None or places is None:
        return pd.DataFrame()
    site = catalog.sites.loc[reach.site_id]
    return cached_cities_within(float(site["lon"]), float(site["lat"]), reach.radius_km, reach.min_population)


@st.cache_data(show_spinner=False, max_entries=64)
def cached_cities_within(lon: float, lat: float, radius_km: float, min_population: int) -> pd.DataFrame:
    """The same question on every timeline change: answered once."""
    return cities_within(cities(), lon, lat, radius_km, min_population)


@st.cache_resource(show_spinner=False, max_entries=16)  # shared read-only, not copied
def strikes_in_reach(data_key: str, _catalog: Catalog, site_id: str, radius_km: float) -> pd.DataFrame:
    """Every strike within reach of a site, with its distance: computed once per data set."""
    site = _catalog.sites.loc[site_id]
    return within(_catalog.strikes.drop(columns="geometry"), site["lon"], site["lat"], radius_km)


def reach_panel(
    catalog: Catalog, data_key: str, view: View, reach: ReachChoice | None, found: pd.DataFrame, unit: str
) -> None:
    """Cities and strikes within reach, nearest first."""
    if reach is None:
        st.info("Choose a site in the sidebar (Within reach) to list what lies within its range.")
        return
    site = catalog.sites.loc[reach.site_id]
    st.markdown(
        f"Within **{md(reach.what)}** of **{md(site['name'])}**, geodesic distance, {view.window.label()}:"
    )
    left, right = st.columns(2)
    with left:
        if cities() is None:
            st.warning("The gazetteer (data/gazetteer/places.csv) is missing: no cities to list.")
        else:
            table = found.assign(distance=in_unit(found["distance_km"], unit))[
                ["name", "country", "population", "distance"]
            ]
            distance_table(
                f"**{len(found)} cities** of at least {reach.min_population:,} inhabitants",
                table,
                unit,
                f"within-reach-{reach.site_id}.csv",
            )
            st.caption(
                "Cities: GeoNames.org (CC BY 4.0): places of 5,000+ inhabitants in Ukraine, Russia "
                "and Belarus only."
            )
    with right:
        every = strikes_in_reach(data_key, catalog, reach.site_id, reach.radius_km)
        dates = every["date"].to_numpy()
        start, end = pd.Timestamp(view.window.start), pd.Timestamp(view.window.end)
        # Positions, not a filtered copy: only the rows shown (and, on click, the CSV) are built.
        inside = np.flatnonzero((dates >= start.to_datetime64()) & (dates <= end.to_datetime64()))

        def table(positions: np.ndarray) -> pd.DataFrame:
            strikes = every.iloc[positions]
            return strikes.assign(
                distance=in_unit(strikes["distance_km"], unit), date=strikes["date"].dt.date
            )[["date", "place", "drone_id", "confidence", "distance"]]

        distance_table(
            f"**{len(inside)} strikes** in the window",
            table(inside[:MAX_TABLE_ROWS]),
            unit,
            f"strikes-within-reach-{reach.site_id}.csv",
            total=len(inside),
            everything=lambda: table(inside),
        )


def distance_table(
    heading: str,
    table: pd.DataFrame,
    unit: str,
    file_name: str,
    *,
    total: int | None = None,
    everything: Callable[[], pd.DataFrame] | None = None,
) -> None:
    """A heading, the first rows with the distance labelled in the unit, and a CSV of all.

    ``table`` may hold only the first rows when ``everything`` builds the whole (on click).
    """
    total = len(table) if total is None else total
    label = {"distance": f"distance ({unit})"}
    st.markdown(heading)
    st.dataframe(
        table.head(MAX_TABLE_ROWS).rename(columns=label), hide_index=True, width="stretch", height=300
    )
    if total > MAX_TABLE_ROWS:
        st.caption(f"The nearest {MAX_TABLE_ROWS} of {total:,}; the CSV has them all.")
    whole = everything or (lambda: table)
    st.download_button(
        f"Download ({total} rows, CSV)",
        lambda: whole().rename(columns=label).map(spreadsheet_safe).to_csv(index=False).encode(),  # on click
        file_name=file_name,
        mime="text/csv",
    )


@st.cache_resource(show_spinner="Measuring strikes against launch sites…", max_entries=8)
def nearest_for_every_strike(data_key: str, _catalog: Catalog, unit: str) -> pd.DataFrame:
    """nearest_sites over the whole data set once; a window then only filters it."""
    return nearest_sites(_catalog.strikes, _catalog.sites, _catalog.drones, unit)


def about_panel(catalog: Catalog, data_key: str, view: View) -> None:
    """The view in words: how many strikes and sites, how sure, how precise."""
    index = strike_index(data_key, catalog)
    tallies = {column: index.tally(view.window, column) for column in StrikeIndex.TALLIED}
    st.markdown("\n".join(f"- {line}" for line in summary_lines(view, tallies)))
    st.caption(
        "Verified: geolocated, or confirmed by officials with evidence. Reported: credible media. "
        "Claimed: one party's statement only. Strikes at a town centre sit on the town, not on the "
        "building hit. Open the other tabs for distances and ranges."
    )


def launch_panel(catalog: Catalog, data_key: str, view: View, unit: str) -> None:
    """Per strike: the nearest base or launch site active on its date, with a range check."""
    if view.strikes.empty:
        st.info("No strikes in this window.")
        return
    every = nearest_for_every_strike(data_key, catalog, unit)
    table = rows_in(every, view.window)  # in date order like the catalog: a slice
    flagged = int((table["flag"] != "").sum())
    st.markdown(
        f"**{flagged} of {len(table)} strikes** lie beyond their drone's reported range from every "
        "base or launch site active that day: a hint that a launch site is missing from the data, "
        "or that a claim is wrong."
    )
    first = table.head(MAX_TABLE_ROWS)  # only what is shown is formatted
    shown = first.assign(
        date=first["date"].dt.date,
        distance=in_unit(first["distance_km"], unit),
        range=in_unit(first["range_km"], unit),
    )[["date", "place", "drone_id", "nearest_site", "distance", "range", "flag"]]
    shown = shown.rename(columns={"distance": f"distance ({unit})", "range": f"reported range ({unit})"})
    st.dataframe(shown, hide_index=True, width="stretch", height=320)
    if len(table) > MAX_TABLE_ROWS:
        st.caption(
            f"The first {MAX_TABLE_ROWS} of {len(table):,} strikes: narrow the time window for the rest."
        )


def ovals_panel(catalog: Catalog, reach: ReachChoice | None, unit: str) -> None:
    """The same ring on a true-distance map and on Web Mercator, with this ring's numbers."""
    if reach is None:
        st.info("Choose a site in the sidebar (Within reach) to see its ring in both projections.")
        return
    site = catalog.sites.loc[reach.site_id]
    try:
        north, south = check_ring(site["lon"], site["lat"], reach.radius_km)
        image = explainer_png(site["lon"], site["lat"], reach.radius_km, str(site["name"]), unit)
    except RingError as exc:
        st.warning(f"This ring cannot be drawn: {md(exc)}")
        return
    extent = ring_extent(site["lon"], site["lat"], reach.radius_km)
    if north or south or extent.lon_span_deg > 180:
        st.markdown("This ring reaches round a pole or across ±180°: its extent in degrees says little here.")
    else:
        for sentence in extent.sentences(unit):
            st.markdown(sentence)
    st.image(image, width="stretch")


@st.cache_data(show_spinner="Drawing the projections…", max_entries=32)
def explainer_png(lon: float, lat: float, radius_km: float, name: str, unit: str) -> bytes:
    borders = cached_borders(str(BASEMAP_FILE), BASEMAP_FILE.stat().st_mtime_ns)
    figure = explainer_figure(lon, lat, radius_km, borders, site_name=name, unit=unit)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110)
    import matplotlib.pyplot as plt  # loaded by explainer_figure already

    plt.close(figure)
    return buffer.getvalue()


def vocabulary(catalog: Catalog, span: tuple[date, date]) -> Vocabulary:
    return Vocabulary(
        layers=tuple(ALL_LAYERS),
        drones=tuple(d for d in catalog.drones.index if pd.notna(catalog.drones.loc[d, "range_km"])),
        basemaps=tuple(BASEMAPS),
        span=span,
    )


# Widgets whose value must survive runs in which they are not drawn (presenter view
# draws neither the slider, the sidebar toggles nor the title box).
PERSISTENT_KEYS = ("window", "presenter", "title", "png_size")


def keep_hidden_widget_state() -> None:
    """Streamlit forgets the value of a widget not drawn in a run, unless it is set anew."""
    for key in PERSISTENT_KEYS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def init_state(catalog: Catalog, span: tuple[date, date]) -> None:
    """Once per session: the widgets' starting values, from the link where it gives them."""
    if "link_applied" in st.session_state:
        return
    st.session_state["link_applied"] = True
    parsed = parse_link(st.query_params.to_dict(), vocabulary(catalog, span))
    link = parsed.state
    st.session_state["window"] = (link.start or span[0], link.end or span[1])
    st.session_state["layers"] = list(link.layers if link.layers is not None else ALL_LAYERS)
    drones = link.drones if link.drones is not None else vocabulary(catalog, span).drones
    st.session_state["ring_drones"] = list(drones)
    st.session_state["unit"] = link.unit or "km"
    st.session_state["basemap"] = link.basemap or "borders"
    st.session_state["presenter"] = link.presenter
    st.session_state["title"] = link.title or TITLE
    if link.lat is not None and link.lon is not None:
        st.session_state["map_center"] = (link.lat, link.lon)
    if link.zoom is not None:
        st.session_state["map_zoom"] = link.zoom
    if parsed.notices:
        st.session_state["link_notices"] = parsed.notices


def current_link(
    catalog: Catalog, span: tuple[date, date], options: MapOptions, basemap: str, window: Window
) -> dict[str, str]:
    """The query parameters for what is on screen now.

    The map writes lat/lon/zoom into the page address itself as it moves (no rerun); they
    are read back here, and kept only when valid.
    """
    view = parse_link(st.query_params.to_dict(), vocabulary(catalog, span)).state
    state = LinkState(
        lat=view.lat,
        lon=view.lon,
        zoom=view.zoom,
        start=window.start,
        end=window.end,
        layers=options.layers,
        drones=options.ring_drones,
        unit=options.unit,
        basemap=basemap,
        presenter=st.session_state.get("presenter", False),
        title=st.session_state.get("title") if st.session_state.get("title") != TITLE else None,
    )
    return encode_link(state)


def write_link(params: dict[str, str]) -> None:
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)


def share_panel(catalog: Catalog, view: View, options: MapOptions, params: dict[str, str]) -> None:
    """Link, standalone HTML, briefing PNG, GeoJSON and CSV of exactly this view."""
    sharing = st.sidebar.expander("Share and export this view", key="share", on_change="rerun")
    if not sharing.open:  # built only when opened: a timeline change sends none of it
        return
    # matplotlib, behind the PNG, is imported on use: it would add about a second to the first page.
    from droneatlas.export.png import SIZES, render_png

    with sharing:
        title = st.text_input("Title", key="title", max_chars=120)
        base = st.context.url.split("?")[0] if st.context.url else ""
        st.caption("Link to this view (the map's own Copy link button adds its exact position):")
        st.code(f"{base}?{urlencode(params)}", language=None, wrap_lines=True)
        stem = f"drone-atlas-{view.window.start}-{view.window.end}"
        st.download_button(
            "Download HTML (works offline)",
            lambda: snapshot_html(catalog, ViewSpec(view.window, options, title=title)),
            file_name=f"{stem}.html",
            mime="text/html",
            width="stretch",
        )
        size = st.selectbox("Image size", list(SIZES), key="png_size")
        st.download_button(
            "Download PNG (for slides)",
            lambda: render_png(catalog, ViewSpec(view.window, options, title=title), size=size),
            file_name=f"{stem}-{size}.png",
            mime="image/png",
            width="stretch",
        )
        spec = ViewSpec(view.window, options, title=title)
        st.download_button(
            "Download GeoJSON",
            lambda: to_geojson(*view_records(catalog, spec)[:1], window_label=view.window.label()),
            file_name=f"{stem}.geojson",
            mime="application/geo+json",
            width="stretch",
        )
        st.download_button(
            "Download CSV",
            lambda: to_csv(view_records(catalog, spec)[0]),
            file_name=f"{stem}.csv",
            mime="text/csv",
            width="stretch",
        )


def presenter_mode(*, toggle: bool) -> bool:
    presenting = st.session_state.get("presenter", False)
    if presenting:
        # Our own CSS (no data in it): no sidebar, no app chrome, the map full width.
        st.markdown(
            "<style>[data-testid='stSidebar'],[data-testid='stSidebarCollapsedControl'],"
            "header[data-testid='stHeader'],[data-testid='stToolbar']{display:none !important}"
            ".block-container{padding:0.6rem 1rem 0 1rem !important;max-width:100% !important}</style>",
            unsafe_allow_html=True,
        )
        st.button("Leave presenter view", on_click=lambda: st.session_state.update(presenter=False))
    elif toggle:
        st.sidebar.toggle(
            "Presenter view", key="presenter", help="Hide the controls; larger labels; full width"
        )
    return presenting


@st.fragment(run_every=CONTROLS_AFTER_S)
def controls_after_the_map() -> None:
    """Called at the end of a session's first run; later, reruns the app once if nothing did.

    The first run sends the title and the map only: the browser builds Streamlit's page
    and the map on one thread, and the sidebar, the panels (~0.6 s) and the timeline
    (~0.5 s: the slider alone brings five scripts), drawn at the same time, held the map
    back. They come with the next run: the one the map asks for once drawn
    (layers.report_drawn), or any other; should the map never ask, the one this fragment
    starts. A run without this fragment stops its timer.
    """
    if st.session_state.get("controls_shown"):
        st.rerun(scope="app")
    st.session_state["controls_shown"] = True


def main() -> None:
    started = time.perf_counter()
    st.set_page_config(page_title="Drone Atlas", page_icon="🛰️", layout="wide")
    catalog, data_key = load()
    span = slider_span(catalog)
    init_state(catalog, span)
    keep_hidden_widget_state()
    map_first = not st.session_state.get("presenter") and not st.session_state.get("controls_shown")
    presenting = presenter_mode(toggle=not map_first)
    if not presenting:
        st.title("Drone Atlas")
        st.caption(
            "Reported drone bases, launch sites and strikes, with geodesic range rings. "
            "Every record cites its sources; confidence says how sure they are."
        )
    for notice in st.session_state.pop("link_notices", []):
        st.toast(f"Link: {md(notice)}", icon="🔗")
    report_problems(catalog)
    window = timeline(catalog, data_key, span, hidden=presenting or map_first)
    if map_first:  # the timeline's place, kept: the map does not move when it comes
        st.markdown(f'<div style="height:{TIMELINE_HEIGHT_PX}px"></div>', unsafe_allow_html=True)
    view = view_of(catalog, window)
    controls = read_controls(catalog, view)
    options, basemap, reach = controls.options, controls.basemap, controls.reach
    measuring = controls.measuring and not presenting
    if not presenting:
        st.markdown(f"**{view.caption()}**")
    reach_cities = cities_in_reach(catalog, reach)
    extra = []
    if reach is not None and reach.highlight and not reach_cities.empty:
        extra.append(build_reach_layer(reach_cities, unit=options.unit))
    if measuring:
        groups, message = measure_group(options.unit)
        extra += groups
        st.info(message, icon="📏")
    map_state = draw_map(catalog, data_key, view, options, basemap, extra, measuring, presenting, map_first)
    if map_first:
        st.sidebar.header("Map")
        st.sidebar.caption("The controls follow the map in a moment.")
        controls_after_the_map()
    else:
        sidebar(catalog, view, controls)  # after the map (see read_controls)
    if not presenting and not map_first:  # after the map; only the open tab is computed and sent
        panels = {
            "About this view": lambda: about_panel(catalog, data_key, view),
            "Within reach": lambda: reach_panel(catalog, data_key, view, reach, reach_cities, options.unit),
            "Strikes and launch sites": lambda: launch_panel(catalog, data_key, view, options.unit),
            "Why are the rings ovals?": lambda: ovals_panel(catalog, reach, options.unit),
        }
        for tab, panel in zip(
            st.tabs(list(panels), key="panel", on_change="rerun"), panels.values(), strict=True
        ):
            if tab.open:
                with tab:
                    panel()
    if measuring:
        record_click(map_state)
    params = current_link(catalog, span, options, basemap, window)
    if not presenting and not map_first:
        add_data_panel()
        share_panel(catalog, view, options, params)
        sources_table(catalog, data_key, view)
        st.sidebar.caption(f"Data: {md(data_dir())}")
    write_link(params)
    if os.environ.get("ATLAS_TIMING"):  # for make bench: the Python cost of one run
        print(
            f"ATLAS_TIMING run_ms={(time.perf_counter() - started) * 1000:.0f}", file=sys.stderr, flush=True
        )


main()
