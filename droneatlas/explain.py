"""Why range rings look like ovals: the same ring on a true-distance map and on Web Mercator.

Around its site, an azimuthal equidistant projection keeps every distance from the centre
true, so a geodesic ring is a circle there. Web Mercator (the slippy map) stretches
everything by 1/cos(latitude): more in the north than in the south, and east-west
degrees are shorter than north-south ones away from the equator, so the ring is drawn as
an egg that is taller on its polar side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
from shapely.geometry import Point, box

from droneatlas.geodesy import geodesic_ring, ring_vertices
from droneatlas.rings import format_distance
from droneatlas.style import BORDER, INK, LAND, SEA

if TYPE_CHECKING:
    from matplotlib.figure import Figure

WEB_MERCATOR = "EPSG:3857"


@dataclass(frozen=True)
class RingExtent:
    """How big a ring is, in degrees and along the ground."""

    north_lat: float
    south_lat: float
    west_lon: float
    east_lon: float
    radius_km: float

    @property
    def lat_span_deg(self) -> float:
        return self.north_lat - self.south_lat

    @property
    def lon_span_deg(self) -> float:
        return self.east_lon - self.west_lon

    @property
    def mercator_stretch_north_vs_south(self) -> float:
        """How much larger Web Mercator draws the ring's northern edge than its southern one."""
        return float(np.cos(np.radians(self.south_lat)) / np.cos(np.radians(self.north_lat)))

    def sentences(self, unit: str = "km") -> list[str]:
        across = format_distance(2 * self.radius_km, unit)
        return [
            f"On the ground the ring is {across} across in every direction. It spans "
            f"{self.lat_span_deg:.1f}° of latitude but {self.lon_span_deg:.1f}° of longitude, "
            "because meridians converge towards the pole: a degree of longitude is shorter "
            "than a degree of latitude away from the equator.",
            f"Web Mercator then enlarges everything by 1/cos(latitude): the ring's northern edge "
            f"({self.north_lat:.1f}°) is drawn {self.mercator_stretch_north_vs_south:.2f}× larger "
            f"than its southern edge ({self.south_lat:.1f}°), so the circle becomes an egg. On the "
            "azimuthal equidistant map, centred on the site, it is a true circle.",
        ]


def ring_extent(lon: float, lat: float, radius_km: float) -> RingExtent:
    """Extremes of a ring that encloses no pole and does not cross ±180°."""
    lons, lats = ring_vertices(lon, lat, radius_km, 720)
    return RingExtent(float(lats.max()), float(lats.min()), float(lons.min()), float(lons.max()), radius_km)


def _aeqd(lon: float, lat: float) -> str:
    return f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m"


def explainer_figure(
    lon: float,
    lat: float,
    radius_km: float,
    borders: gpd.GeoDataFrame,
    *,
    site_name: str,
    ring_colour: str = INK,
    unit: str = "km",
) -> Figure:
    """Two panels: the ring on an azimuthal equidistant map (a circle) and on Web Mercator."""
    # Imported on use: matplotlib would add about a second to the app's first page.
    import matplotlib

    matplotlib.use("Agg")  # no display: figures are rendered to images
    import matplotlib.pyplot as plt

    ring = gpd.GeoSeries([geodesic_ring(lon, lat, radius_km).boundary], crs=4326)
    site = gpd.GeoSeries([Point(lon, lat)], crs=4326)
    minx, miny, maxx, maxy = ring.total_bounds
    pad = max(maxx - minx, maxy - miny) * 0.15
    frame = box(max(minx - pad, -180), max(miny - pad, -85), min(maxx + pad, 180), min(maxy + pad, 85))
    land = borders.clip(frame)
    fig, axes = plt.subplots(1, 2, figsize=(11, 5.2), layout="constrained")
    label = f"{format_distance(radius_km, unit)} from {site_name}"
    for ax, crs, title in (
        (axes[0], _aeqd(lon, lat), "True distances (azimuthal equidistant, centred on the site)"),
        (axes[1], WEB_MERCATOR, "Web Mercator (the interactive map)"),
    ):
        ax.set_facecolor(SEA)
        land.to_crs(crs).plot(ax=ax, color=LAND, edgecolor=BORDER, linewidth=0.4)
        ring.to_crs(crs).plot(ax=ax, color=ring_colour, linewidth=2)
        site.to_crs(crs).plot(ax=ax, color=INK, markersize=18)
        x0, y0, x1, y1 = ring.to_crs(crs).total_bounds
        margin = 0.08 * max(x1 - x0, y1 - y0)
        ax.set_xlim(x0 - margin, x1 + margin)
        ax.set_ylim(y0 - margin, y1 + margin)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.set_title(title, fontsize=10)
    # parse_math=False: a "$" in a site name is text, not the start of a formula.
    fig.suptitle(f"The same ring: {label}", fontsize=12, parse_math=False)
    return fig
