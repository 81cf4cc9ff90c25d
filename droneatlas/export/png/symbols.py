"""The PNG's marker symbols, drawn as the map's SVG symbols look: white halo, fill, edge."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.colors import to_rgb

from droneatlas.export.png.grouping import disc_radius
from droneatlas.export.png.layout import SYMBOL_SCALE, literal_text, pt

GREY = "#555555"  # secondary text, spokes of fanned-out sites
PANEL_EDGE = "#c8c8c8"
CLUSTER_FILL = "#222222"

MARKERS = {"circle": "o", "square": "s", "triangle": "^", "diamond": "D", "pentagon": "p", "hexagon": "h"}
# Matplotlib's marker shapes differ in size at one markersize; these match the SVG symbols.
MARKER_SCALE = {
    "circle": 1.0,
    "square": 0.78,
    "triangle": 0.98,
    "diamond": 0.72,
    "pentagon": 0.95,
    "hexagon": 0.95,
}


def rgba(colour: str, alpha: float) -> tuple[float, float, float, float]:
    """``colour`` with opacity ``alpha``."""
    return (*to_rgb(colour), alpha)


def marker(
    ax: Axes,
    x: float | Sequence[float],
    y: float | Sequence[float],
    *,
    shape: str,
    size: float,
    colour: str,
    fill: float,
    dashed: bool,
    z: float,
) -> None:
    """Markers of ``size`` canvas units with a white halo, as the map's SVG symbols have."""
    symbol, diameter = MARKERS[shape], pt(size * MARKER_SCALE[shape])
    ax.scatter(
        x,
        y,
        s=diameter**2,
        marker=symbol,
        facecolors="none",
        edgecolors="white",
        linewidths=pt(4.5),
        zorder=z,
    )
    ax.scatter(
        x,
        y,
        s=diameter**2,
        marker=symbol,
        facecolors=[rgba(colour, fill)],
        edgecolors=[colour],
        linewidths=pt(2.2),
        linestyles=(0, (2.2, 1.6)) if dashed else "solid",
        zorder=z + 0.1,
    )


def cluster_disc(ax: Axes, x: float, y: float, n: int, z: float, scale: float = 1.0) -> None:
    """The map's numbered disc (atlas-cluster): dark, white edge, white count."""
    diameter = 2 * disc_radius(n) * scale
    ax.scatter(
        [x],
        [y],
        s=pt(diameter) ** 2,
        marker="o",
        facecolors=[rgba(CLUSTER_FILL, 0.85)],
        edgecolors="white",
        linewidths=pt(2 * SYMBOL_SCALE),
        zorder=z,
    )
    literal_text(
        ax,
        x,
        y,
        str(n),
        fontsize=pt(12.5 * SYMBOL_SCALE * scale),
        fontweight="bold",
        color="white",
        ha="center",
        va="center_baseline",
        zorder=z + 0.1,
    )
