"""The data the page shows: the catalog (curated plus this session's uploads), published
strike packs and overlays, and the per-data-set indexes, each cached at the UI boundary.

Caches are keyed by primitives (a data key made of paths, modification times and the day);
large objects are shared read-only (``st.cache_resource``), never copied per run.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import geopandas as gpd
import pandas as pd
import streamlit as st

from droneatlas import memory, sessiondirs, settings
from droneatlas.catalog import Catalog, load_catalog, merge_catalogs
from droneatlas.catalogcache import is_cached, load_catalog_cached
from droneatlas.publish import prune_published, publish_json
from droneatlas.reach import cities_within, load_cities, nearest_sites, within
from droneatlas.regions import only_points
from droneatlas.strikepack import (
    DONE_FILE,
    mark_used,
    pack_core,
    pack_is_intact,
    pack_is_written,
    prune_packs,
    streamed_details,
    write_pack,
)
from droneatlas.style import drone_colours
from droneatlas.text import markdown_literal as md
from droneatlas.timeline import StrikeIndex, View
from droneatlas.view import MapOptions
from layers import overlay_data
from layers.regions import shading_data, view_shading
from ui import state

if TYPE_CHECKING:
    from streamlit.delta_generator import DeltaGenerator

log = logging.getLogger(__name__)
T = TypeVar("T")


def data_dir() -> Path:
    return settings.data_dir()


def _fingerprint(directory: Path) -> tuple:
    """Names, modification times and sizes of the data files: the cache key for the catalog."""
    if not directory.is_dir():
        return ()
    return tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in directory.glob("*.csv")))


def upload_dir() -> Path:
    """A data directory of this session's own, made on first use (an import): uploads never
    touch the curated data."""
    existing = session_uploads()
    if existing is not None and existing.parent.is_dir():
        return existing
    st.session_state[state.UPLOAD_DIR] = str(sessiondirs.make(settings.UPLOAD_MAX_AGE_S))
    _hold_upload_dir(st.session_state[state.UPLOAD_DIR])
    return Path(st.session_state[state.UPLOAD_DIR]) / "data"


def session_uploads() -> Path | None:
    """This session's upload data directory, or None before its first import."""
    path = st.session_state.get(state.UPLOAD_DIR)
    if path is None:
        return None
    _hold_upload_dir(path)
    return Path(path) / "data"


def _release_upload_dir(path: str) -> None:
    sessiondirs.release(path, settings.UPLOAD_GRACE_S)


# Session-scoped: Streamlit releases the entry when the page's session disconnects, which
# schedules the directory's removal; a page that reconnects holds it again.
@st.cache_resource(scope="session", on_release=_release_upload_dir, show_spinner=False)
def _hold_upload_dir(path: str) -> str:
    sessiondirs.hold(path)
    return path


def load() -> tuple[Catalog, str]:
    """The curated (or ATLAS_DATA_DIR) data, plus what this session uploaded, and a key
    that changes whenever any of it does."""
    directory = data_dir()
    fingerprint = _fingerprint(directory)
    # The first check of a data set reports here, a place there in every run. When the note
    # was an element of that run alone, the next run mounted the map anew, and at 100,000
    # strikes the new frame's ready message was lost every time: the map never came.
    notice = st.empty()
    catalog = checked_catalog(directory, fingerprint, notice)
    key = [str(directory), fingerprint, str(date.today())]
    uploads = session_uploads()
    if uploads is not None and ((uploads / "strikes.csv").is_file() or (uploads / "sites.csv").is_file()):
        upload_fingerprint = _fingerprint(uploads)
        key += [str(uploads), upload_fingerprint]
        digest = hashlib.sha256(repr(key).encode()).hexdigest()[:16]
        st.session_state[state.UPLOAD_DATA_KEY] = digest
        return with_uploads(digest, catalog, str(uploads), upload_fingerprint, date.today()), digest
    return catalog, hashlib.sha256(repr(key).encode()).hexdigest()[:16]


def _dropped(_catalog: Catalog) -> None:
    memory.release_soon()  # a million-row upload is ~1 GB the process would otherwise keep


# Session-scoped and one entry: an upload's catalog (and its merge with the data) lives as
# long as its page session, never in a server-wide cache (a 150 MB upload stayed in memory
# after its session ended), and is checked from its files, not written to the disk cache.
@st.cache_resource(
    scope="session", max_entries=1, on_release=_dropped, show_spinner="Checking the uploaded data…"
)
def with_uploads(key: str, _base: Catalog, uploads: str, fingerprint: tuple, today: date) -> Catalog:
    """The data (``_base``, which ``key`` stands for) merged with this session's uploads."""
    return merge_catalogs(_base, load_catalog(Path(uploads), today=today), label="upload")


_checked: set[tuple] = set()  # the data sets this server has checked (keys of cached_catalog)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def checked_catalog(directory: Path, fingerprint: tuple, notice: DeltaGenerator) -> Catalog:
    """The catalog of ``directory``; the first check of a data set says in ``notice`` what
    it is doing (a million rows take about a minute) and what it found."""
    key = (str(directory), fingerprint, date.today())
    if key in _checked or is_cached(directory):
        return cached_catalog(*key)
    sizes = {name: size for name, _mtime, size in fingerprint}
    listed = ", ".join(f"{md(name)} {size / 1e6:,.1f} MB" for name, size in sizes.items()) or "no files"
    with notice.container(), st.status(f"Checking the data for the first time ({listed})…") as status:
        catalog = cached_catalog(*key)
        _checked.add(key)  # said once per data set and server, even where the disk cache is not writable
        report = catalog.report
        found = [_count(len(catalog.strikes), "strike"), _count(len(catalog.sites), "site")]
        skipped = _count(len(report.rejected_rows), "row")
        status.update(
            label=f"Data checked: {' and '.join(found)} accepted; {skipped} skipped", state="complete"
        )
    return catalog


# cache_resource, not cache_data: the catalog is shared read-only, never copied per run
# (unpickling a 100,000-strike copy on every run took seconds).
@st.cache_resource(show_spinner=False, max_entries=8)
def cached_catalog(directory: str, fingerprint: tuple, today: date) -> Catalog:
    """The catalog, re-read when a data file changes (``fingerprint``) or the day does."""
    return load_catalog_cached(Path(directory), today=today)


def strike_pack(key: str, catalog: Catalog) -> str:
    """The address of the strikes' pack for this data (written once; see write_strike_pack)."""
    url = write_strike_pack(key, catalog)
    if not pack_is_written(settings.STATIC_DIR / "cache" / key):  # pruned or deleted since
        write_strike_pack.clear()
        url = write_strike_pack(key, catalog)
    return url


@st.cache_data(show_spinner="Preparing the strikes…", max_entries=8)
def write_strike_pack(key: str, _catalog: Catalog) -> str:
    """Write every strike once for the page (static/cache/KEY/); return the folder's address."""
    catalog = _catalog  # not hashed: `key` stands for its content
    directory = settings.STATIC_DIR / "cache" / key
    if pack_is_intact(directory):  # a restarted server reuses a whole pack of the same data
        mark_used(directory)
    else:
        if (directory / DONE_FILE).exists():  # a pack was there: a file missing, cut short or altered
            log.warning("strike pack %s discarded: not whole; writing it again", key)
        colours = drone_colours(list(catalog.drones.index))
        points = only_points(catalog.strikes)  # region and country records are counted, not drawn
        source_list, chunks = streamed_details(points, catalog.drones, catalog.sources, sites=catalog.sites)
        write_pack(directory, pack_core(points, catalog.drones, colours), source_list, chunks)
    # Older packs go, but not the last few: an open page may still ask for its details.
    prune_packs(settings.STATIC_DIR / "cache", keep=settings.KEPT_PACKS)
    return f"{settings.STATIC_URL}/cache/{key}/"


def published_overlays(
    catalog: Catalog, data_key: str, view: View, options: MapOptions
) -> tuple[dict[str, str], list[str]]:
    """The addresses of this view's sites and rings: published once, then only named."""
    key = (data_key, tuple(view.sites.index), repr(options))
    if "launch_lines" in options.layers:  # the lines are the window's (filtered) strikes'
        key = (*key[:2], f"{key[2]} {view.window} {len(view.strikes)}")
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
    directory = settings.STATIC_DIR / "cache" / data_key / "layers"
    prefix = f"{settings.STATIC_URL}/cache/{data_key}/layers"
    urls = {name: publish_json(content, directory, prefix) for name, content in data.items()}
    names = {url.rsplit("/", 1)[1] for url in urls.values()}
    # Every new combination of sites and options writes a file: keep the folder bounded.
    prune_published(directory, keep=settings.KEPT_OVERLAYS, spare=names)
    return urls, messages, [directory / name for name in names]


def _is_upload(data_key: str) -> bool:
    """Whether ``data_key`` names this session's uploads merged with the data: what is
    computed from it belongs to the session, not to the server (``_per_data``)."""
    return st.session_state.get(state.UPLOAD_DATA_KEY) == data_key


def _per_data(shared: Callable[..., T], own: Callable[..., T], data_key: str, *args: object) -> T:
    """``own`` (cached for this session) for an upload's data, else ``shared`` (cached for
    every session): a server-wide cache kept a million-row upload's indexes for up to seven
    more uploads after its page had closed."""
    return (own if _is_upload(data_key) else shared)(data_key, *args)


def strike_index(data_key: str, catalog: Catalog) -> StrikeIndex:
    """The strikes' dates, source lists and tallies indexed once per data set."""
    return _per_data(_strike_index, _own_strike_index, data_key, catalog)


def nearest_for_every_strike(data_key: str, catalog: Catalog, unit: str) -> pd.DataFrame:
    """nearest_sites over the whole data set once; a window then only filters it."""
    return _per_data(_nearest_for_every_strike, _own_nearest_for_every_strike, data_key, catalog, unit)


def strikes_in_reach(data_key: str, catalog: Catalog, site_id: str, radius_km: float) -> pd.DataFrame:
    """Every strike within reach of a site, with its distance: computed once per data set."""
    return _per_data(_strikes_in_reach, _own_strikes_in_reach, data_key, catalog, site_id, radius_km)


# Shared read-only, never copied (cache_resource). The shared caches serve the curated data;
# the session's own ones an upload's, and go with its session. (Each cache is its own
# function: Streamlit tells caches apart by the function they wrap.)
_MEASURING = "Measuring strikes against launch sites…"


@st.cache_resource(show_spinner=False, max_entries=8)
def _strike_index(data_key: str, _catalog: Catalog) -> StrikeIndex:
    return StrikeIndex.of(_catalog.strikes)


@st.cache_resource(show_spinner=False, max_entries=1, scope="session")
def _own_strike_index(data_key: str, _catalog: Catalog) -> StrikeIndex:
    return StrikeIndex.of(_catalog.strikes)


@st.cache_resource(show_spinner=_MEASURING, max_entries=8)
def _nearest_for_every_strike(data_key: str, _catalog: Catalog, unit: str) -> pd.DataFrame:
    return nearest_sites(_catalog.strikes, _catalog.sites, _catalog.drones, unit)


@st.cache_resource(show_spinner=_MEASURING, max_entries=2, scope="session")
def _own_nearest_for_every_strike(data_key: str, _catalog: Catalog, unit: str) -> pd.DataFrame:
    return nearest_sites(_catalog.strikes, _catalog.sites, _catalog.drones, unit)


def _in_reach(catalog: Catalog, site_id: str, radius_km: float) -> pd.DataFrame:
    site = catalog.sites.loc[site_id]
    return within(catalog.strikes, site["lon"], site["lat"], radius_km)


@st.cache_resource(show_spinner=False, max_entries=16)
def _strikes_in_reach(data_key: str, _catalog: Catalog, site_id: str, radius_km: float) -> pd.DataFrame:
    return _in_reach(_catalog, site_id, radius_km)


@st.cache_resource(show_spinner=False, max_entries=4, scope="session")
def _own_strikes_in_reach(data_key: str, _catalog: Catalog, site_id: str, radius_km: float) -> pd.DataFrame:
    return _in_reach(_catalog, site_id, radius_km)


# cache_resource: shared read-only (callers filter, never change it); cache_data unpickled a
# copy of the 3,900-place table on every run of every session, for a check that it exists.
@st.cache_resource(show_spinner=False)
def _cities(path: str, mtime_ns: int) -> pd.DataFrame:
    return load_cities(path)


def cities() -> pd.DataFrame | None:
    """The gazetteer's cities, or None when the file is missing."""
    path = settings.CITIES_FILE
    return _cities(str(path), path.stat().st_mtime_ns) if path.is_file() else None


@st.cache_data(show_spinner=False, max_entries=64)
def cities_within_cached(lon: float, lat: float, radius_km: float, min_population: int) -> pd.DataFrame:
    """The same question on every timeline change: answered once."""
    return cities_within(cities(), lon, lat, radius_km, min_population)


@st.cache_resource(show_spinner=False)  # shared read-only, as _cities
def _borders(path: str, mtime_ns: int) -> gpd.GeoDataFrame:
    return gpd.read_file(path)


def borders() -> gpd.GeoDataFrame:
    """The offline base map's country borders (for the projection explainer)."""
    return _borders(str(settings.BASEMAP_FILE), settings.BASEMAP_FILE.stat().st_mtime_ns)


def published_regions(catalog: Catalog, data_key: str, view: View, options: MapOptions) -> str:
    """The address of this view's oblast shading (layers.regions): published once per window;
    "" when nothing is shaded (the page then fetches neither shading nor outlines)."""
    key = (data_key, view.window.start, view.window.end, "strikes" in options.layers)
    url, path = region_file(*key, catalog, view, options)
    if url and not path.is_file():  # the cache folder was cleared
        region_file.clear()
        url, path = region_file(*key, catalog, view, options)
    return url


@st.cache_data(show_spinner=False, max_entries=64)
def region_file(
    data_key: str,
    start: date,
    end: date,
    strikes_on: bool,
    _catalog: Catalog,
    _view: View,
    _options: MapOptions,
) -> tuple[str, Path]:
    """Keyed by what the shading depends on: the data, the window and the Strikes switch."""
    content = shading_data(view_shading(_catalog, _view, _options))
    if not content["oblasts"]:
        return "", Path()
    directory = settings.STATIC_DIR / "cache" / data_key / "regions"
    url = publish_json(content, directory, f"{settings.STATIC_URL}/cache/{data_key}/regions")
    name = url.rsplit("/", 1)[1]
    prune_published(directory, keep=settings.KEPT_OVERLAYS, spare={name})
    return url, directory / name
