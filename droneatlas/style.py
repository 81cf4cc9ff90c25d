"""How each kind of record looks: one place for colours, shapes and line styles.

Colours are the Okabe–Ito palette (distinguishable with the common colour-vision
deficiencies), and every category also differs by shape or line, never by colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from droneatlas.schema import Confidence, SiteKind

SEA = "#dbe7ef"
LAND = "#f4f1ea"
BORDER = "#8a8a8a"
OBLAST_LINE = "#a79f94"  # first-level units: lighter than the country borders
INK = "#222222"

OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442")
UNKNOWN_DRONE_COLOUR = "#555555"
FREE_RING_COLOUR = "#000000"
BAND_OPACITY = 0.10  # the claims band under the rings
SYMBOL_PX = 18  # a site symbol on the map (the PNG scales it for a slide)

# The density view: strikes counted in hexagons of a fixed size on screen, in decade
# classes (a count's order of magnitude reads at a glance and stays comparable between
# windows, unlike quantiles of whatever the window holds). ColorBrewer Greys: a lightness
# scale that no colour-vision deficiency confuses, and that neither the oblasts' purple
# shading (droneatlas.regions) nor any drone, site or ring colour can be taken for.
DENSITY_LOWER_BOUNDS = (1, 10, 100, 1_000, 10_000)
DENSITY_COLOURS = ("#bdbdbd", "#969696", "#737373", "#525252", "#252525")
DENSITY_HEX_RADIUS_PX = 14


@dataclass(frozen=True)
class SiteSymbol:
    label: str
    shape: str  # an SVG shape drawn by layers.sites
    colour: str


SITE_SYMBOLS: dict[str, SiteSymbol] = {
    SiteKind.BASE: SiteSymbol("Base", "square", "#0072B2"),
    SiteKind.LAUNCH_SITE: SiteSymbol("Launch site", "triangle", "#D55E00"),
    SiteKind.PRODUCTION: SiteSymbol("Production site", "diamond", "#CC79A7"),
    SiteKind.TRAINING: SiteSymbol("Training site", "pentagon", "#009E73"),
    SiteKind.STORAGE: SiteSymbol("Storage site", "hexagon", "#E69F00"),
}


@dataclass(frozen=True)
class ConfidenceStyle:
    label: str
    fill_opacity: float
    dash_array: str | None  # None = solid outline


CONFIDENCE_STYLES: dict[str, ConfidenceStyle] = {
    Confidence.VERIFIED: ConfidenceStyle("Verified: geolocated or confirmed", 0.9, None),
    Confidence.REPORTED: ConfidenceStyle("Reported: credible media", 0.35, None),
    Confidence.CLAIMED: ConfidenceStyle("Claimed: one party only", 0.0, "3 3"),
}


def drone_colours(drone_ids: list[str]) -> dict[str, str]:
    """A stable colour per drone id, in the order the drones are listed in the data."""
    return {drone_id: OKABE_ITO[i % len(OKABE_ITO)] for i, drone_id in enumerate(drone_ids)}


def ring_style(kind: str, colour: str) -> dict:
    """Leaflet path options for a ring, a claims band or a free ring (the PNG export reuses them)."""
    if kind == "band":
        return {"stroke": False, "fillColor": colour, "fillOpacity": BAND_OPACITY}
    if kind == "free":
        return {"color": FREE_RING_COLOUR, "weight": 2.5, "dashArray": "8 6", "fill": False}
    return {"color": colour, "weight": 1.8, "opacity": 0.85, "fill": False}


def density_class_labels(bounds: tuple[int, ...] = DENSITY_LOWER_BOUNDS) -> list[str]:
    """'1–9', '10–99', …, '10,000 or more': the density classes in words."""
    closed = [f"{low:,}–{high - 1:,}" for low, high in pairwise(bounds)]
    return [*closed, f"{bounds[-1]:,} or more"]


LAUNCH_LINE_COLOUR = "#3d3d3d"


def launch_line_style() -> dict:
    """Leaflet path options for a launch line: thin, dark and dotted, unlike any ring (the PNG
    reuses them)."""
    return {"color": LAUNCH_LINE_COLOUR, "weight": 1.6, "opacity": 0.75, "dashArray": "2 4", "fill": False}
