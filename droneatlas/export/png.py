"""A briefing-ready PNG of one view: the map with a title, window, legend, scale bar and sources.

Rendered offline with matplotlib (Agg) in Web Mercator, like the interactive map, with the
same styles: colour = drone for strikes, shape + colour = kind for sites, fill = confidence,
dashed = claimed; rings and claim bands come from ``droneatlas.rings`` exactly as on the map.

Layout is designed once on a 1080-unit-high canvas (a 1920x1080 slide's pixels, 100 units
per inch) and every size is that canvas at another dpi, so 1280x720 is the same slide
smaller and A4 keeps the proportions of type and symbols (its PNG says 300 dpi, so it
prints at A4). All text goes through ``_text`` with mathtext off: a "$" in a title or in
data is a dollar sign, never TeX.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import geopandas as gpd
import numpy as np
import shapely
from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path as MplPath

from droneatlas.assets import BASEMAP_FILE
from droneatlas.catalog import Catalog
from droneatlas.geodesy import KM_PER_MILE
from droneatlas.legend import Key, LegendRow, legend_rows
from droneatlas.schema import Precision
from droneatlas.strikepack import RADIUS_PX
from droneatlas.style import (
    BORDER,
    CONFIDENCE_STYLES,
    INK,
    LAND,
    SEA,
    SITE_SYMBOLS,
    SYMBOL_PX,
    UNKNOWN_DRONE_COLOUR,
    drone_colours,
    ring_style,
)
from droneatlas.timeline import View, view_of
from droneatlas.view import MapOptions, ViewSpec, as_of_text, view_rings


@dataclass(frozen=True)
class PngSize:
    """An output size in pixels; ``print_dpi`` is written into the file for paper sizes."""

    width_px: int
    height_px: int
    label: str
    print_dpi: float | None = None


SIZES: dict[str, PngSize] = {
    "1920x1080": PngSize(1920, 1080, "Slide 1920 × 1080"),
    "1280x720": PngSize(1280, 720, "Slide 1280 × 720"),
    "a4": PngSize(3508, 2480, "A4 landscape, 300 dpi", print_dpi=300),
}

BORDERS_CREDIT = "Borders: Natural Earth / visionscarto (UN view)"
GEONAMES_CREDIT = "Place coordinates: GeoNames.org"
PROJECTION_NOTE = "Web Mercator; range rings are geodesic (WGS84)"
GEONAMES_SOURCE_ID = "geonames"
FONT = "DejaVu Sans"

# ---------------------------------------------------------------- layout (canvas units)

CANVAS_H = 1080.0  # layout unit = one pixel of a 1920x1080 slide
UNITS_PER_INCH = 100.0
PT_PER_UNIT = 72.0 / UNITS_PER_INCH
MARGIN = 36.0
HEADER_H = 128.0
FOOTER_H = 80.0
LEGEND_W = 390.0
GAP = 22.0
DISC_SCALE = 1.25  # numbered discs a little smaller than markers are scaled: they are merged until clear
HALO_UNITS = 2.0
MAX_GATHER_GROUPS = 400
SYMBOL_SCALE = 1.4  # map symbols are sized for a screen; a projected slide needs them a bit larger

TITLE_PT, TITLE_MIN_PT = 30.0, 18.0
CAPTION_PT = 17.0
ASOF_PT = 15.0
LEGEND_PT = 13.0
FOOTER_PT = 11.5
SCALE_PT = 12.5
GREY = "#555555"
PANEL_EDGE = "#c8c8c8"

# ---------------------------------------------------------------- Web Mercator

EARTH_RADIUS_M = 6378137.0  # EPSG:3857 is spherical Mercator on this radius
MAX_LAT = 85.0  # Web Mercator's own limit is 85.05°
EMPTY_VIEW_LONLAT = (22.0, 43.0, 42.0, 53.0)  # Ukraine and the Black Sea
RING_MARGIN_KM = 1200.0  # rings widen the frame by at most this much beyond the shown points
MIN_SPAN_KM = 500.0  # a single point still gets some surroundings
FRAME_PAD = 0.05  # of the frame's span, on each side


def mercator(lon: np.ndarray | float, lat: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """EPSG:3857 x, y in metres from degrees (latitude clipped to ±MAX_LAT)."""
    lat = np.clip(np.asarray(lat, dtype=float), -MAX_LAT, MAX_LAT)
    x = EARTH_RADIUS_M * np.radians(np.asarray(lon, dtype=float))
    y = EARTH_RADIUS_M * np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))
    return x, y


def latitude_of(y: float) -> float:
    """Latitude in degrees of a Web Mercator y."""
    return math.degrees(2 * math.atan(math.exp(y / EARTH_RADIUS_M)) - math.pi / 2)


def _project_xy(coords: np.ndarray) -> np.ndarray:
    x, y = mercator(coords[:, 0], coords[:, 1])
    return np.column_stack([x, y])


def project(geometries: Sequence | np.ndarray) -> np.ndarray:
    """Lon/lat shapely geometries to Web Mercator, cut at ±MAX_LAT first."""
    clipped = shapely.clip_by_rect(np.asarray(geometries, dtype=object), -180, -MAX_LAT, 180, MAX_LAT)
    return shapely.transform(clipped, _project_xy)


# ---------------------------------------------------------------- scale bar


def mercator_length_m(true_km: float, lat: float) -> float:
    """How long ``true_km`` on the ground is in Web Mercator metres at latitude ``lat``.

    A Mercator metre is 1/cos(lat) true metres: at 60°N a true 500 km is 1,000 km of x.
    """
    return true_km * 1000.0 / math.cos(math.radians(lat))


def scale_bar(map_width_m: float, centre_lat: float, unit: str = "km", max_fraction: float = 0.22):
    """The longest round distance (1, 2 or 5 × 10^n) whose bar fits ``max_fraction`` of the map.

    Returns (bar length in Web Mercator metres, label such as '500 km'); true at ``centre_lat``.
    """
    km_per_unit = KM_PER_MILE if unit == "mi" else 1.0
    stretch = mercator_length_m(1.0, centre_lat) / 1000.0
    max_units = map_width_m * max_fraction / 1000.0 / stretch / km_per_unit
    exponent = math.floor(math.log10(max_units))
    nice = max(step * 10.0**exponent for step in (1, 2, 5) if step * 10.0**exponent <= max_units)
    label = f"{nice:,.0f} {unit}" if nice >= 1 else f"{nice:g} {unit}"
    return mercator_length_m(nice * km_per_unit, centre_lat), label


# ---------------------------------------------------------------- frame


def frame_extent(
    points_xy: np.ndarray,
    rings_bounds: tuple[float, float, float, float] | None,
    aspect: float,
) -> tuple[float, float, float, float]:
    """(x0, x1, y0, y1) in Web Mercator metres with (x1 - x0) / (y1 - y0) == ``aspect``.

    Frames the shown points and the rings, but rings widen it by at most RING_MARGIN_KM
    beyond the points (a 2,000 km ring would otherwise shrink Ukraine to a corner). With
    nothing shown, frames Ukraine and the Black Sea.
    """
    points_xy = np.asarray(points_xy, dtype=float).reshape(-1, 2)
    if len(points_xy) == 0 and rings_bounds is None:
        lon0, lat0, lon1, lat1 = EMPTY_VIEW_LONLAT
        (x0, x1), (y0, y1) = mercator([lon0, lon1], [lat0, lat1])
        return _fit_aspect(x0, x1, y0, y1, aspect)
    if len(points_xy):
        x0, y0 = points_xy.min(axis=0)
        x1, y1 = points_xy.max(axis=0)
    else:
        x0, y0, x1, y1 = rings_bounds
    stretch = mercator_length_m(1.0, latitude_of((y0 + y1) / 2)) / 1000.0
    if rings_bounds is not None:
        margin = RING_MARGIN_KM * 1000.0 * stretch
        x0 = max(min(x0, rings_bounds[0]), x0 - margin)
        y0 = max(min(y0, rings_bounds[1]), y0 - margin)
        x1 = min(max(x1, rings_bounds[2]), x1 + margin)
        y1 = min(max(y1, rings_bounds[3]), y1 + margin)
    min_span = MIN_SPAN_KM * 1000.0 * stretch
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    half_w, half_h = max(x1 - x0, min_span) / 2, max(y1 - y0, min_span) / 2
    half_w, half_h = half_w * (1 + 2 * FRAME_PAD), half_h * (1 + 2 * FRAME_PAD)
    return _fit_aspect(cx - half_w, cx + half_w, cy - half_h, cy + half_h, aspect)


def _fit_aspect(x0: float, x1: float, y0: float, y1: float, aspect: float) -> tuple[float, ...]:
    """Grow the short side so that width / height == aspect; keep inside Web Mercator."""
    width, height = x1 - x0, y1 - y0
    if width / height < aspect:
        width = height * aspect
    else:
        height = width / aspect
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    limit = float(mercator(0.0, MAX_LAT)[1])
    height = min(height, 2 * limit)
    width = height * aspect
    cy = min(max(cy, -limit + height / 2), limit - height / 2)
    return cx - width / 2, cx + width / 2, cy - height / 2, cy + height / 2


# ---------------------------------------------------------------- what is shown


def shown_source_ids(catalog: Catalog, view: View, options: MapOptions, rings: gpd.GeoDataFrame) -> list[str]:
    """Sources of what the image shows, in first-cited order.

    Sites count when their layer is on or a ring is drawn from them; strikes when their
    layer is on; a drone's range sources when its ring is drawn (the radius is their claim).
    """
    ring_sites = set(rings["site_id"])
    sites = view.sites if "sites" in options.layers else view.sites[view.sites["id"].isin(ring_sites)]
    strikes = view.strikes if "strikes" in options.layers else view.strikes.iloc[:0]
    ring_drones = [d for d in dict.fromkeys(rings["drone_id"]) if d in catalog.drones.index]
    cited = [*sites["source_ids"], *strikes["source_ids"], *catalog.drones.loc[ring_drones, "source_ids"]]
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
    head = f"Sources ({total})"
    if total == 0:
        return f"{head}: none"
    names = list(dict.fromkeys(labels))
    covers = [sum(1 for label in labels if label == name) for name in names]
    best = head
    for count in range(1, len(names) + 1):
        rest = total - sum(covers[:count])
        line = f"{head}: " + " · ".join(names[:count]) + (f" … and {rest} more" if rest else "")
        if not fits(line):
            break
        best = line
    if best == head and fits(f"{head}: … and {total} more"):
        best = f"{head}: … and {total} more"
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
    text = " ".join(str(text).split())
    return text if len(text) <= max_chars else text[: max_chars - 1].rstrip() + "…"


def cluster_points(x: np.ndarray, y: np.ndarray, radius: float) -> list[list[int]]:
    """Greedy clusters: each point joins the first cluster whose centre is within ``radius``."""
    clusters: list[list[int]] = []
    centres: list[tuple[float, float]] = []
    for i, (px, py) in enumerate(zip(x, y, strict=True)):
        for c, (cx, cy) in enumerate(centres):
            if (px - cx) ** 2 + (py - cy) ** 2 <= radius**2:
                clusters[c].append(i)
                break
        else:
            clusters.append([i])
            centres.append((px, py))
    return clusters


def _strike_colour(colours: dict[str, str], drone_id: str) -> str:
    return colours.get(drone_id, UNKNOWN_DRONE_COLOUR)


# ---------------------------------------------------------------- borders


@lru_cache(maxsize=1)
def _default_borders_mercator() -> np.ndarray:
    """The offline borders, read once per process and kept in Web Mercator."""
    return _borders_mercator(gpd.read_file(BASEMAP_FILE))


def _borders_mercator(borders: gpd.GeoDataFrame) -> np.ndarray:
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


def _polygon_path(geometry) -> MplPath | None:
    """A compound path (holes included) of the polygon parts of ``geometry``."""
    parts = [p for p in shapely.get_parts(geometry) if p.geom_type == "Polygon" and not p.is_empty]
    if not parts:
        return None
    vertices, codes = [], []
    for polygon in shapely.orient_polygons(np.array(parts, dtype=object)):
        for ring in (polygon.exterior, *polygon.interiors):
            coords = np.asarray(ring.coords)
            if len(coords) < 4:
                continue
            ring_codes = np.full(len(coords), MplPath.LINETO, dtype=np.uint8)
            ring_codes[0], ring_codes[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
            vertices.append(coords)
            codes.append(ring_codes)
    if not vertices:
        return None
    return MplPath(np.concatenate(vertices), np.concatenate(codes))


def _outlines(geometry) -> list[np.ndarray]:
    return [np.asarray(line.coords) for line in shapely.get_parts(shapely.boundary(geometry))]


# ---------------------------------------------------------------- drawing helpers


def _pt(units: float) -> float:
    return units * PT_PER_UNIT


def _text(target, x: float, y: float, text: str, **kwargs):
    """Text that is always literal: no mathtext, no TeX."""
    return target.text(x, y, text, parse_math=False, usetex=False, fontfamily=FONT, **kwargs)


def _rgba(colour: str, alpha: float) -> tuple[float, float, float, float]:
    return (*to_rgb(colour), alpha)


_MARKERS = {"circle": "o", "square": "s", "triangle": "^", "diamond": "D", "pentagon": "p", "hexagon": "h"}
# Matplotlib's marker shapes differ in size at one markersize; these match the SVG symbols.
_MARKER_SCALE = {
    "circle": 1.0,
    "square": 0.78,
    "triangle": 0.98,
    "diamond": 0.72,
    "pentagon": 0.95,
    "hexagon": 0.95,
}


def _scatter(ax: Axes, x, y, *, shape: str, size: float, colour: str, fill: float, dashed: bool, z: float):
    """Markers with a white halo, as the map's SVG symbols have."""
    marker, diameter = _MARKERS[shape], _pt(size * _MARKER_SCALE[shape])
    ax.scatter(
        x,
        y,
        s=diameter**2,
        marker=marker,
        facecolors="none",
        edgecolors="white",
        linewidths=_pt(4.5),
        zorder=z,
    )
    ax.scatter(
        x,
        y,
        s=diameter**2,
        marker=marker,
        facecolors=[_rgba(colour, fill)],
        edgecolors=[colour],
        linewidths=_pt(2.2),
        linestyles=(0, (2.2, 1.6)) if dashed else "solid",
        zorder=z + 0.1,
    )


# ---------------------------------------------------------------- the figure


def render_png(
    catalog: Catalog,
    spec: ViewSpec,
    *,
    size: str = "1920x1080",
    basemap: gpd.GeoDataFrame | None = None,
) -> bytes:
    """The view as a briefing PNG of exactly ``SIZES[size]`` pixels."""
    pixels = _size(size)
    with rc_context({"text.usetex": False, "text.parse_math": False, "font.family": FONT}):
        view = view_of(catalog, spec.window)
        fig = build_figure(catalog, view, spec.options, title=spec.title, size=size, basemap=basemap)
        buffer = io.BytesIO()
        print_dpi = pixels.print_dpi or fig.dpi  # build_figure sized it in pixels at this dpi
        fig.savefig(
            buffer,
            format="png",
            dpi=fig.dpi,
            bbox_inches=None,
            facecolor="white",
            pil_kwargs={"dpi": (print_dpi, print_dpi)},
        )
    fig.clear()
    return buffer.getvalue()


def build_figure(
    catalog: Catalog,
    view: View,
    options: MapOptions,
    *,
    title: str,
    size: str = "1920x1080",
    basemap: gpd.GeoDataFrame | None = None,
) -> Figure:
    """The briefing figure (not pyplot-managed: nothing to close, nothing kept globally)."""
    spec = _size(size)
    dpi = spec.height_px / CANVAS_H * UNITS_PER_INCH
    canvas_w = spec.width_px / spec.height_px * CANVAS_H
    # A hair over the pixel size: Agg truncates the canvas size to whole pixels.
    fig = Figure(figsize=((spec.width_px + 1e-3) / dpi, (spec.height_px + 1e-3) / dpi), dpi=dpi)
    FigureCanvasAgg(fig)
    fig.patch.set_facecolor("white")
    layout = _Layout(fig, canvas_w)

    rings, _messages = view_rings(catalog, view, options)
    map_box = (MARGIN, FOOTER_H, canvas_w - MARGIN - LEGEND_W - GAP, CANVAS_H - HEADER_H)
    ax = layout.axes(map_box)
    clustered = _draw_map(ax, catalog, view, options, rings, basemap, map_box, layout.width)
    legend_box = (canvas_w - MARGIN - LEGEND_W, FOOTER_H, canvas_w - MARGIN, CANVAS_H - HEADER_H)
    _draw_legend(layout, legend_box, legend_rows(catalog, view, options, rings, clustered=clustered))
    _draw_header(layout, title, view, catalog)
    _draw_footer(layout, catalog, view, options, rings)
    return fig


def _size(size: str) -> PngSize:
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}; choose one of {', '.join(SIZES)}")
    return SIZES[size]


class _Layout:
    """Places things on the figure in canvas units and measures text."""

    def __init__(self, fig: Figure, canvas_w: float) -> None:
        self.fig, self.w = fig, canvas_w
        self.renderer = fig.canvas.get_renderer()
        self.px_per_unit = fig.dpi / UNITS_PER_INCH

    def axes(self, box: tuple[float, float, float, float]) -> Axes:
        x0, y0, x1, y1 = box
        return self.fig.add_axes((x0 / self.w, y0 / CANVAS_H, (x1 - x0) / self.w, (y1 - y0) / CANVAS_H))

    def text(self, x: float, y: float, text: str, **kwargs):
        return _text(self.fig, x / self.w, y / CANVAS_H, text, **kwargs)

    def width(self, text: str, size_pt: float, weight: str = "normal") -> float:
        """Width of ``text`` in canvas units."""
        prop = FontProperties(family=FONT, size=size_pt, weight=weight)
        w, _h, _d = self.renderer.get_text_width_height_descent(text, prop, ismath=False)
        return w / self.px_per_unit

    def wrap(self, text: str, size_pt: float, max_w: float, max_lines: int = 2) -> list[str]:
        """Words on up to ``max_lines`` lines of ``max_w`` units; the last one cut with '…'."""
        lines: list[str] = []
        words = text.split()
        while words and len(lines) < max_lines - 1:
            count = 1
            while count < len(words) and self.width(" ".join(words[: count + 1]), size_pt) <= max_w:
                count += 1
            if count == len(words) and self.width(" ".join(words), size_pt) <= max_w:
                break
            lines.append(self.ellipsize(" ".join(words[:count]), size_pt, max_w))
            words = words[count:]
        return [*lines, self.ellipsize(" ".join(words), size_pt, max_w)] if words else lines or [""]

    def ellipsize(self, text: str, size_pt: float, max_w: float, weight: str = "normal") -> str:
        if self.width(text, size_pt, weight) <= max_w:
            return text
        low, high = 0, len(text)
        while low < high:
            mid = (low + high + 1) // 2
            if self.width(text[:mid].rstrip() + "…", size_pt, weight) <= max_w:
                low = mid
            else:
                high = mid - 1
        return text[:low].rstrip() + "…"


def _draw_header(layout: _Layout, title: str, view: View, catalog: Catalog) -> None:
    max_w = layout.w - 2 * MARGIN
    title = " ".join(title.split()) or "Drone Atlas"
    size = TITLE_PT
    while size > TITLE_MIN_PT and layout.width(title, size, "bold") > max_w:
        size -= 1
    title = layout.ellipsize(title, size, max_w, "bold")
    top = CANVAS_H - MARGIN + 8
    layout.text(MARGIN, top, title, fontsize=size, fontweight="bold", color=INK, va="top", ha="left")
    stamp = as_of_text(catalog)
    caption_y = CANVAS_H - HEADER_H + 22
    stamp_w = layout.width(stamp, ASOF_PT)
    caption = layout.ellipsize(view.caption(), CAPTION_PT, max_w - stamp_w - 40)
    layout.text(MARGIN, caption_y, caption, fontsize=CAPTION_PT, color=INK, va="baseline", ha="left")
    layout.text(layout.w - MARGIN, caption_y, stamp, fontsize=ASOF_PT, color=GREY, va="baseline", ha="right")


def _draw_footer(layout: _Layout, catalog: Catalog, view: View, options: MapOptions, rings) -> None:
    max_w = layout.w - 2 * MARGIN
    ids = shown_source_ids(catalog, view, options, rings)
    line = sources_footer(source_labels(catalog, ids), lambda s: layout.width(s, FOOTER_PT) <= max_w)
    layout.text(MARGIN, 44, line, fontsize=FOOTER_PT, color=INK, va="baseline", ha="left")
    credit = " · ".join(credits(catalog, view, options, ids))
    layout.text(MARGIN, 18, credit, fontsize=FOOTER_PT, color=GREY, va="baseline", ha="left")
    note_w = layout.width(PROJECTION_NOTE, FOOTER_PT)
    if layout.width(credit, FOOTER_PT) + note_w + 40 <= max_w:
        layout.text(
            layout.w - MARGIN, 18, PROJECTION_NOTE, fontsize=FOOTER_PT, color=GREY, va="baseline", ha="right"
        )


def _draw_map(ax: Axes, catalog, view, options, rings, basemap, box, measure) -> bool:
    """Borders, bands, rings, strikes and sites; returns whether strikes were clustered."""
    width_u, height_u = box[2] - box[0], box[3] - box[1]
    colours = drone_colours(list(catalog.drones.index))
    show_sites = "sites" in options.layers
    show_strikes = "strikes" in options.layers

    ring_geoms = project(rings.geometry.to_numpy()) if not rings.empty else np.array([], dtype=object)
    sites_xy = (
        np.column_stack(mercator(view.sites["lon"], view.sites["lat"])) if show_sites else np.empty((0, 2))
    )
    strikes = view.strikes if show_strikes else view.strikes.iloc[:0]
    strikes_xy = np.column_stack(mercator(strikes["lon"], strikes["lat"]))
    ring_origins = (
        catalog.sites.loc[catalog.sites.index.intersection(rings["site_id"])] if len(rings) else None
    )
    origins_xy = (
        np.column_stack(mercator(ring_origins["lon"], ring_origins["lat"]))
        if ring_origins is not None
        else np.empty((0, 2))
    )
    anchors = np.concatenate([sites_xy, strikes_xy, origins_xy]).reshape(-1, 2)
    bounds = tuple(shapely.total_bounds(ring_geoms)) if len(ring_geoms) else None
    if bounds is not None and not np.all(np.isfinite(bounds)):
        bounds = None
    x0, x1, y0, y1 = frame_extent(anchors, bounds, width_u / height_u)
    m_per_unit = (x1 - x0) / width_u

    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_facecolor(SEA)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#9a9a9a")
        spine.set_linewidth(_pt(1.2))

    # Borders, cut to the frame (with a margin so cut edges fall outside the axes).
    borders = _default_borders_mercator() if basemap is None else _borders_mercator(basemap)
    mx, my = (x1 - x0) * 0.02, (y1 - y0) * 0.02
    clipped = shapely.clip_by_rect(borders, x0 - mx, y0 - my, x1 + mx, y1 + my)
    paths = [p for p in map(_polygon_path, clipped) if p is not None]
    ax.add_collection(
        PathCollection(paths, facecolors=LAND, edgecolors=BORDER, linewidths=_pt(0.9), zorder=1),
        autolim=False,
    )

    # Bands underneath, then rings, then free rings (as the map orders them).
    for ring, geometry in zip(rings.itertuples(index=False), ring_geoms, strict=True):
        colour = colours.get(ring.drone_id, UNKNOWN_DRONE_COLOUR)
        style = ring_style(ring.kind, colour)
        if ring.kind == "band":
            path = _polygon_path(geometry)
            if path is not None:
                ax.add_patch(
                    PathPatch(
                        path,
                        facecolor=_rgba(style["fillColor"], style["fillOpacity"]),
                        edgecolor="none",
                        zorder=2,
                    )
                )
            continue
        dashed = "dashArray" in style
        lines = LineCollection(
            _outlines(geometry),
            colors=[_rgba(style["color"], style.get("opacity", 1.0))],
            linewidths=_pt(style["weight"] * 1.15),
            linestyles=(0, tuple(float(v) for v in style["dashArray"].split())) if dashed else "solid",
            zorder=3.5 if ring.kind == "free" else 3,
        )
        ax.add_collection(lines, autolim=False)

    clustered = False
    if len(strikes):
        clustered = _draw_strikes(ax, strikes, strikes_xy, colours, m_per_unit)
    if show_sites and len(view.sites):
        _draw_sites(ax, view.sites, sites_xy, m_per_unit)
    _draw_scale_bar(ax, x0, x1, y0, y1, width_u, options.unit, measure)
    return clustered


def _draw_strikes(ax, strikes, xy, colours, m_per_unit) -> bool:
    radii = np.array([RADIUS_PX[p] for p in strikes["precision"]], dtype=float) * SYMBOL_SCALE + HALO_UNITS
    groups = gather_markers(xy[:, 0] / m_per_unit, xy[:, 1] / m_per_unit, radii, disc_radius)
    singles = [g[0] for g in groups if len(g) == 1]
    keys = list(zip(strikes["precision"], strikes["confidence"], strikes["drone_id"], strict=True))
    for precision, confidence, drone_id in dict.fromkeys(keys[i] for i in singles):
        idx = [i for i in singles if keys[i] == (precision, confidence, drone_id)]
        style = CONFIDENCE_STYLES[confidence]
        _scatter(
            ax,
            xy[idx, 0],
            xy[idx, 1],
            shape="circle",
            size=2 * RADIUS_PX[precision] * SYMBOL_SCALE,
            colour=_strike_colour(colours, drone_id),
            fill=style.fill_opacity,
            dashed=style.dash_array is not None,
            z=4,
        )
    clusters = [g for g in groups if len(g) > 1]
    for group in clusters:
        _cluster_disc(ax, xy[group, 0].mean(), xy[group, 1].mean(), len(group), z=6)
    return bool(clusters)


def disc_radius(n: int) -> float:
    """Radius in canvas units of the numbered disc for ``n`` strikes (the map's cluster icon)."""
    return ((26 if n < 10 else 32 if n < 100 else 40) * DISC_SCALE) / 2


def gather_markers(
    x: np.ndarray, y: np.ndarray, radii: np.ndarray, group_radius: Callable[[int], float]
) -> list[list[int]]:
    """Group markers (canvas units) until no two drawn symbols overlap.

    The map gathers nearby strikes into a numbered disc that spreads out on click; a slide
    cannot be clicked, so here markers that would overlap are merged, and so are the discs
    that result, until every marker or disc stands clear of the others. A group is drawn
    at the mean of its members with radius ``group_radius(len(group))``.
    """
    x, y, radii = np.asarray(x, float), np.asarray(y, float), np.asarray(radii, float)
    if len(x) == 0:
        return []
    # Same place (within a few units) first, in one vectorised pass.
    cell = 4.0
    while True:
        keys = np.round(x / cell).astype(np.int64) * 1_000_003 + np.round(y / cell).astype(np.int64)
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        if len(first) <= MAX_GATHER_GROUPS:
            break
        cell *= 2  # a dense screen: coarser cells keep the pairwise pass below small
    order = np.argsort(first)  # groups in the order their first member appears
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    groups: list[list[int]] = [[] for _ in first]
    for i, g in enumerate(rank[inverse.ravel()]):
        groups[g].append(i)
    while len(groups) > 1:
        cx = np.array([x[g].mean() for g in groups])
        cy = np.array([y[g].mean() for g in groups])
        r = np.array([radii[g[0]] if len(g) == 1 else group_radius(len(g)) for g in groups])
        dist = np.hypot(cx[:, None] - cx[None, :], cy[:, None] - cy[None, :])
        overlap = dist / (r[:, None] + r[None, :])
        np.fill_diagonal(overlap, np.inf)
        i, j = np.unravel_index(np.argmin(overlap), overlap.shape)
        if overlap[i, j] >= 1.0:
            break
        i, j = min(i, j), max(i, j)
        groups[i] = groups[i] + groups.pop(j)
    return groups


def _cluster_disc(ax, x, y, n: int, z: float, scale: float = 1.0) -> None:
    """The map's numbered disc (atlas-cluster): dark, white edge, white count."""
    diameter = 2 * disc_radius(n) * scale
    ax.scatter(
        [x],
        [y],
        s=_pt(diameter) ** 2,
        marker="o",
        facecolors=[_rgba("#222222", 0.85)],
        edgecolors="white",
        linewidths=_pt(2 * SYMBOL_SCALE),
        zorder=z,
    )
    _text(
        ax,
        x,
        y,
        str(n),
        fontsize=_pt(12.5 * SYMBOL_SCALE * scale),
        fontweight="bold",
        color="white",
        ha="center",
        va="center_baseline",
        zorder=z + 0.1,
    )


def _draw_sites(ax, sites, xy, m_per_unit) -> None:
    """Site symbols; sites at one place are fanned out around it so none hides another."""
    positions = xy.copy()
    spread = SYMBOL_PX * SYMBOL_SCALE * 0.75 * m_per_unit
    for group in cluster_points(xy[:, 0], xy[:, 1], SYMBOL_PX * SYMBOL_SCALE * 0.5 * m_per_unit):
        if len(group) < 2:
            continue
        cx, cy = xy[group].mean(axis=0)
        for k, i in enumerate(group):
            angle = math.pi / 2 + 2 * math.pi * k / len(group)
            positions[i] = (cx + spread * math.cos(angle), cy + spread * math.sin(angle))
            ax.plot([cx, positions[i, 0]], [cy, positions[i, 1]], color=GREY, linewidth=_pt(1.2), zorder=6.9)
        ax.scatter([cx], [cy], s=_pt(5) ** 2, color=GREY, zorder=6.9)
    for i, site in enumerate(sites.itertuples(index=False)):
        symbol, style = SITE_SYMBOLS[site.kind], CONFIDENCE_STYLES[site.confidence]
        # Hollow sites would vanish behind rings: a faint fill even for claims (as on the map).
        _scatter(
            ax,
            positions[i, 0],
            positions[i, 1],
            shape=symbol.shape,
            size=SYMBOL_PX * SYMBOL_SCALE,
            colour=symbol.colour,
            fill=max(style.fill_opacity, 0.15),
            dashed=style.dash_array is not None,
            z=7,
        )


def _draw_scale_bar(ax, x0, x1, y0, y1, width_u, unit, measure: Callable[..., float]) -> None:
    """A bar true at the map's centre latitude (Mercator's scale changes with latitude)."""
    centre_lat = latitude_of((y0 + y1) / 2)
    length_m, label = scale_bar(x1 - x0, centre_lat, unit)
    bar = length_m / (x1 - x0) * width_u  # canvas units
    where = f"at {abs(centre_lat):.0f}°{'N' if centre_lat >= 0 else 'S'}"
    label_w = measure(label, SCALE_PT, "bold")
    where_w = measure(where, SCALE_PT * 0.85)
    inner_w = max(bar, label_w + 8 + where_w)
    sx = 1 / width_u  # axes fraction per canvas unit, across and up
    sy = sx * (x1 - x0) / (y1 - y0)
    left, bottom = 20.0, 18.0
    ax.add_patch(
        Rectangle(
            ((left - 10) * sx, (bottom - 8) * sy),
            (inner_w + 20) * sx,
            56 * sy,
            transform=ax.transAxes,
            facecolor=_rgba("white", 0.94),
            edgecolor="#bbbbbb",
            linewidth=_pt(0.8),
            zorder=9,
        )
    )
    bar_y, tick, text_y = bottom + 4, 7, bottom + 20
    ax.plot(
        [left * sx, left * sx, (left + bar) * sx, (left + bar) * sx],
        [(bar_y + tick) * sy, bar_y * sy, bar_y * sy, (bar_y + tick) * sy],
        transform=ax.transAxes,
        color=INK,
        linewidth=_pt(2.5),
        solid_capstyle="butt",
        zorder=10,
    )
    _text(
        ax,
        left * sx,
        text_y * sy,
        label,
        transform=ax.transAxes,
        fontsize=SCALE_PT,
        fontweight="bold",
        color=INK,
        ha="left",
        va="baseline",
        zorder=10,
    )
    _text(
        ax,
        (left + label_w + 8) * sx,
        text_y * sy,
        where,
        transform=ax.transAxes,
        fontsize=SCALE_PT * 0.85,
        color=GREY,
        ha="left",
        va="baseline",
        zorder=10,
    )


def _draw_legend(layout: _Layout, box, entries: list[LegendRow]) -> None:
    x0, y0, x1, y1 = box
    width = x1 - x0
    row_h, line_h, head_h, gap, pad = 31.0, 18.0, 30.0, 14.0, 16.0
    symbol_x, text_x = 34.0, 64.0
    # Long labels (a free ring's title and site) wrap onto a second line before they are cut.
    lines = [
        [layout.ellipsize(label, LEGEND_PT, width - 32, "bold")]
        if key.kind == "header"
        else layout.wrap(label, LEGEND_PT, width - text_x - 12)
        for label, key in entries
    ]
    heights = [
        head_h + gap if key.kind == "header" else row_h + line_h * (len(text) - 1)
        for (_label, key), text in zip(entries, lines, strict=True)
    ]
    needed = 2 * pad - gap + sum(heights)
    scale = min(1.0, (y1 - y0) / needed) if entries else 1.0
    # The panel is as tall as its rows (top-aligned with the map), never taller than the map.
    height = min(y1 - y0, needed * scale) if entries else 60.0
    ax = layout.axes((x0, y1 - height, x1, y1))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)  # rows go down
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor("white")
    for spine in ax.spines.values():
        spine.set_edgecolor(PANEL_EDGE)
        spine.set_linewidth(_pt(1))
    if not entries:
        _text(ax, 16, height / 2, "Nothing shown in this window", fontsize=LEGEND_PT, color=GREY, va="center")
        return
    font = LEGEND_PT * scale
    y = (pad - gap) * scale
    for (_label, key), text, h in zip(entries, lines, heights, strict=True):
        top, y = y, y + h * scale
        if key.kind == "header":
            cy = top + (gap + head_h / 2) * scale
            _text(ax, 16, cy, text[0], fontsize=font, fontweight="bold", color="#333333", va="center")
            continue
        cy = top + row_h * scale / 2
        _legend_symbol(ax, key, symbol_x, cy, scale)
        for k, line in enumerate(text):
            _text(ax, text_x, cy + k * line_h * scale, line, fontsize=font, color=INK, va="center")


def _legend_symbol(ax: Axes, key: Key, x: float, y: float, scale: float) -> None:
    half = 16 * scale
    if key.kind in ("site", "strike", "confidence"):
        size = (SYMBOL_PX if key.kind == "site" else 14) * SYMBOL_SCALE * scale
        _scatter(
            ax,
            [x],
            [y],
            shape=key.shape,
            size=size,
            colour=key.colour,
            fill=key.fill_opacity,
            dashed=key.dashed,
            z=3,
        )
    elif key.kind == "cluster":
        _cluster_disc(ax, x, y, 3, z=3, scale=0.8 * scale)
    elif key.kind == "band":
        ax.add_patch(
            Rectangle(
                (x - half, y - 8 * scale),
                2 * half,
                16 * scale,
                facecolor=_rgba(key.colour, 0.25),
                edgecolor="none",
                zorder=3,
            )
        )
    else:
        style = ring_style("free" if key.kind == "free" else "ring", key.colour)
        dashed = "dashArray" in style
        ax.plot(
            [x - half, x + half],
            [y, y],
            color=key.colour,
            linewidth=_pt(2.8 * scale),
            linestyle=(0, tuple(float(v) * 0.6 for v in style["dashArray"].split())) if dashed else "-",
            solid_capstyle="butt",
            zorder=3,
        )
