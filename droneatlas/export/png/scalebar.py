"""The scale bar: a round distance, true at the map's centre latitude, in a white box.

Web Mercator stretches distances by 1/cos(latitude), so no one bar is true everywhere on
the map; ours is true at the centre latitude and says which ("at 47°N"). Its length comes
from ``projection.scale_bar``, which the tests check against geodesy.

Drawn here, not by matplotlib-scalebar (0.9.0 tried): given ``dx = cos(centre latitude)``
and our round distance as ``fixed_value`` it does draw a true bar (170 px for 1,000 km at
47°N, as ours), but only with our projection maths fed in (its own round values, 1 2 5 10
15 20 25 50 75 ..., are not the map's 1-2-5), and it draws a filled bar with one font for
value and caption: the slide's bracket with a bold distance and a grey latitude would
change, for a new dependency that would draw one box, one line and two texts.
"""

from __future__ import annotations

from collections.abc import Callable

from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from droneatlas.export.png.layout import SCALE_PT, literal_text, pt
from droneatlas.export.png.projection import Extent, latitude_of, scale_bar
from droneatlas.export.png.symbols import GREY, rgba
from droneatlas.style import INK

LEFT, BOTTOM = 20.0, 18.0  # the bar's start, canvas units from the map's lower left corner
TICK = 7.0


def draw_scale_bar(
    ax: Axes, extent: Extent, width_u: float, unit: str, measure: Callable[..., float]
) -> None:
    """The bar and its labels at the map's lower left; ``measure`` gives text widths in units."""
    x0, x1, y0, y1 = extent
    centre_lat = latitude_of((y0 + y1) / 2)
    length_m, label = scale_bar(x1 - x0, centre_lat, unit)
    bar = length_m / (x1 - x0) * width_u  # canvas units
    where = f"at {abs(centre_lat):.0f}°{'N' if centre_lat >= 0 else 'S'}"
    label_w = measure(label, SCALE_PT, "bold")
    where_w = measure(where, SCALE_PT * 0.85)
    inner_w = max(bar, label_w + 8 + where_w)
    sx = 1 / width_u  # axes fraction per canvas unit, across and up
    sy = sx * (x1 - x0) / (y1 - y0)
    ax.add_patch(
        Rectangle(
            ((LEFT - 10) * sx, (BOTTOM - 8) * sy),
            (inner_w + 20) * sx,
            56 * sy,
            transform=ax.transAxes,
            facecolor=rgba("white", 0.94),
            edgecolor="#bbbbbb",
            linewidth=pt(0.8),
            zorder=9,
        )
    )
    bar_y, text_y = BOTTOM + 4, BOTTOM + 20
    ax.plot(
        [LEFT * sx, LEFT * sx, (LEFT + bar) * sx, (LEFT + bar) * sx],
        [(bar_y + TICK) * sy, bar_y * sy, bar_y * sy, (bar_y + TICK) * sy],
        transform=ax.transAxes,
        color=INK,
        linewidth=pt(2.5),
        solid_capstyle="butt",
        zorder=10,
    )
    text = {"transform": ax.transAxes, "ha": "left", "va": "baseline", "zorder": 10}
    literal_text(ax, LEFT * sx, text_y * sy, label, fontsize=SCALE_PT, fontweight="bold", color=INK, **text)
    literal_text(
        ax, (LEFT + label_w + 8) * sx, text_y * sy, where, fontsize=SCALE_PT * 0.85, color=GREY, **text
    )
