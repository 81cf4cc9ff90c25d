"""What the PNG shows: the map's records in Web Mercator, the sources cited and the credits.

The legend's rows are not here: they come from ``droneatlas.legend``, the one list that
the interactive map's legend is made from too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from droneatlas.assets import BASEMAP_FILE
from droneatlas.catalog import Catalog
from droneatlas.export.png.projection import Bounds, mercator_xy, project
from droneatlas.launches import launch_sources
from droneatlas.schema import Precision
from droneatlas.timeline import View
from droneatlas.view import MapOptions

BORDERS_CREDIT = "Borders: Natural Earth / visionscarto (UN view)"
GEONAMES_CREDIT = "Place coordinates: GeoNames.org"
PROJECTION_NOTE = "Web Mercator; range rings are geodesic (WGS84)"
GEONAMES_SOURCE_ID = "geonames"


@dataclass(frozen=True)
class MapContent:
    """The records drawn on the map, with their Web Mercator positions.

    ``sites`` and ``strikes`` are empty when their layer is off; ``ring_geoms`` are the
    ``rings`` rows' geometries projected; ``anchors`` are the points the frame must show.
    """

    rings: gpd.GeoDataFrame
    ring_geoms: np.ndarray
    sites: pd.DataFrame
    sites_xy: np.ndarray
    strikes: pd.DataFrame
    strikes_xy: np.ndarray
    anchors: np.ndarray
    strike_style: str = "points"  # droneatlas.view.STRIKE_STYLES

    def without_records(self) -> MapContent:
        """The same frame with nothing drawn in it (an animation's background)."""
        return replace(
            self,
            rings=self.rings.iloc[:0],
            ring_geoms=self.ring_geoms[:0],
            sites=self.sites.iloc[:0],
            sites_xy=self.sites_xy[:0],
            strikes=self.strikes.iloc[:0],
            strikes_xy=self.strikes_xy[:0],
        )

    @property
    def ring_bounds(self) -> Bounds | None:
        """The rings' bounds, or None without rings (or when a ring has no finite extent)."""
        if not len(self.ring_geoms):
            return None
        bounds = tuple(float(b) for b in shapely.total_bounds(self.ring_geoms))
        return bounds if np.all(np.isfinite(bounds)) else None


def map_content(catalog: Catalog, view: View, options: MapOptions, rings: gpd.GeoDataFrame) -> MapContent:
    """The layers shown, projected; ring origins count as anchors even with sites off."""
    sites = view.sites if "sites" in options.layers else view.sites.iloc[:0]
    strikes = view.strikes if "strikes" in options.layers else view.strikes.iloc[:0]
    ring_geoms = project(rings.geometry.to_numpy()) if not rings.empty else np.array([], dtype=object)
    origins = catalog.sites.loc[catalog.sites.index.intersection(rings["site_id"])] if len(rings) else None
    origins_xy = mercator_xy(origins["lon"], origins["lat"]) if origins is not None else np.empty((0, 2))
    sites_xy = mercator_xy(sites["lon"], sites["lat"])
    strikes_xy = mercator_xy(strikes["lon"], strikes["lat"])
    anchors = np.concatenate([sites_xy, strikes_xy, origins_xy]).reshape(-1, 2)
    return MapContent(rings, ring_geoms, sites, sites_xy, strikes, strikes_xy, anchors, options.strike_style)


def borders_mercator(basemap: gpd.GeoDataFrame | None = None) -> np.ndarray:
    """The base map's polygons in Web Mercator: ``basemap``, or the offline borders."""
    return _default_borders_mercator() if basemap is None else _project_borders(basemap)


@lru_cache(maxsize=1)
def _default_borders_mercator() -> np.ndarray:
    """The offline borders, read once per process and kept in Web Mercator."""
    return _project_borders(gpd.read_file(BASEMAP_FILE))


def _project_borders(borders: gpd.GeoDataFrame) -> np.ndarray:
    if borders.crs is None:
        borders = borders.set_crs(4326)
    elif not borders.crs.equals("EPSG:4326"):
        borders = borders.to_crs(4326)
    geometries = borders.geometry.to_numpy()
    invalid = ~shapely.is_valid(geometries)
    if invalid.any():
        geometries = geometries.copy()
        geometries[invalid] = shapely.make_valid(geometries[invalid])
    return project(geometries)


# ---------------------------------------------------------------- sources and credits


def shown_source_ids(catalog: Catalog, view: View, options: MapOptions, rings: gpd.GeoDataFrame) -> list[str]:
    """Sources of what the image shows, in first-cited order.

    Sites count when their layer is on or a ring is drawn from them; strikes when their
    layer is on; a drone's range sources when its ring is drawn (the radius is their claim);
    the reported launch figures the stamp totals (droneatlas.launches).
    """
    ring_sites = set(rings["site_id"])
    sites = view.sites if "sites" in options.layers else view.sites[view.sites["id"].isin(ring_sites)]
    strikes = view.strikes if "strikes" in options.layers else view.strikes.iloc[:0]
    ring_drones = [d for d in dict.fromkeys(rings["drone_id"]) if d in catalog.drones.index]
    cited = [*sites["source_ids"], *strikes["source_ids"], *catalog.drones.loc[ring_drones, "source_ids"]]
    cited.append(launch_sources(catalog.launches, view.window))
    return list(dict.fromkeys(source for ids in cited for source in ids))


def source_labels(catalog: Catalog, source_ids: Sequence[str], max_chars: int = 40) -> list[str]:
    """One short name per source: its publisher, or its title when it has none."""
    labels = []
    for source_id in source_ids:
        row = catalog.sources.loc[source_id] if source_id in catalog.sources.index else None
        name = ""
        if row is not None:
            name = str(row["publisher"] or "").strip() or str(row["title"] or "").strip()
        labels.append(shorten(name or source_id, max_chars))
    return labels


def sources_footer(labels: Sequence[str], fits: Callable[[str], bool]) -> str:
    """'Sources (N): A · B · C … and K more', with as many names as ``fits`` accepts.

    ``labels`` has one entry per source (several sources may share a publisher). The names
    listed are the distinct labels in order; K counts the sources whose label is not listed,
    so the N sources are always accounted for.
    """
    total = len(labels)
    head = f"Sources ({total:,})"
    if total == 0:
        return f"{head}: none"
    names = list(dict.fromkeys(labels))
    covers = [sum(1 for label in labels if label == name) for name in names]
    best = head
    for count in range(1, len(names) + 1):
        rest = total - sum(covers[:count])
        line = f"{head}: " + " · ".join(names[:count]) + (f" … and {rest:,} more" if rest else "")
        if not fits(line):
            break
        best = line
    if best == head and fits(f"{head}: … and {total:,} more"):
        best = f"{head}: … and {total:,} more"
    return best


def credits(catalog: Catalog, view: View, options: MapOptions, source_ids: Sequence[str]) -> list[str]:
    """Data credits: the borders always, GeoNames when town-level coordinates are shown."""
    parts = [BORDERS_CREDIT]
    precisions = [
        *(view.sites["precision"] if "sites" in options.layers else ()),
        *(view.strikes["precision"] if "strikes" in options.layers else ()),
    ]
    if Precision.CITY in precisions or GEONAMES_SOURCE_ID in source_ids:
        parts.append(GEONAMES_CREDIT)
    return parts


def shorten(text: str, max_chars: int) -> str:
    """``text`` on one line, cut to ``max_chars`` with '…'."""
    text = " ".join(str(text).split())
    return text if len(text) <= max_chars else text[: max_chars - 1].rstrip() + "…"
