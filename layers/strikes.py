"""Strikes layer: drawn in the page from a pack sent once (droneatlas.strikepack).

Colour = drone, fill = confidence, size = precision. Only exact and city strikes are in the
pack (droneatlas.regions.only_points): region-level records shade their oblast instead
(layers.regions) and country-level ones are only counted. At any zoom, strikes that would
overlap are drawn as one numbered disc: a click zooms in, or lists the strikes when they all
sit on one place (most sit on a town centre). Individual strikes open their popup. The
renderer is static/atlas/strikes.js (``DroneAtlas.strikes``; its density view is
static/atlas/density.js); these elements only pass it options. A timeline change only moves
the window (StrikesWindow), a switch to the density view only restyles it (StrikesStyle);
playback narrows it in the page.
"""

from __future__ import annotations

from folium.template import Template

from droneatlas.strikepack import DETAIL_CHUNK
from droneatlas.style import DENSITY_COLOURS, DENSITY_HEX_RADIUS_PX, DENSITY_LOWER_BOUNDS
from layers.macro import Macro

NAME = "strikes"
CELL_PX = 44  # strikes closer than this on screen share a disc
MAX_MARKERS = 4000  # beyond this many single strikes in view, keep grouping

_TEMPLATE = """
{% macro script(this, kwargs) %}
DroneAtlas.strikes.add({{ this._parent.get_name() }}, {{ this.options|tojson }});
{% endmacro %}
"""


class StrikesLayer(Macro):
    """Every strike of the pack, drawn and filtered in the page (add it to the map once)."""

    _template = Template(_TEMPLATE)

    def __init__(
        self,
        *,
        pack_url: str | None = None,
        core: dict | None = None,
        details: dict | None = None,
        window: tuple[int, int] | None = None,
        style: str = "points",
    ) -> None:
        """``pack_url``: the folder a pack was written to (write_pack), ending in "/"; or the
        pack itself, ``core`` and ``details``, inlined (a standalone export)."""
        super().__init__()
        self._name = "StrikesLayer"
        self.pack_url, self.core, self.details = pack_url, core, details
        self.window = list(window) if window else None
        self.options = {
            "packUrl": pack_url,
            "core": core,
            "details": details,
            "window": self.window,
            "cellPx": CELL_PX,
            "maxMarkers": MAX_MARKERS,
            "chunk": DETAIL_CHUNK,
            "style": style,
            "density": {
                "lowerBounds": list(DENSITY_LOWER_BOUNDS),
                "colours": list(DENSITY_COLOURS),
                "radiusPx": DENSITY_HEX_RADIUS_PX,
            },
        }


class StrikesFilter(Macro):
    """Filters the strikes layer (StrikeFilter.for_page; None shows every strike of the
    window): all a filter change sends, the pack stays as it is."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        DroneAtlas.strikes.setFilter({{ this._parent._parent.get_name() }}, {{ this.filter|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, strike_filter: dict | None) -> None:
        super().__init__()
        self._name = "StrikesFilter"
        self.filter = strike_filter


class StrikesWindow(Macro):
    """Moves the strikes layer to a window (None hides it): all a timeline change sends."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        DroneAtlas.strikes.setWindow({{ this._parent._parent.get_name() }}, {{ this.window|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, window: tuple[int, int] | None) -> None:
        super().__init__()
        self._name = "StrikesWindow"
        self.window = list(window) if window else None


class StrikesStyle(Macro):
    """Draws the strikes layer as points or as density (droneatlas.view.STRIKE_STYLES)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        DroneAtlas.strikes.setStyle({{ this._parent._parent.get_name() }}, {{ this.style|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, style: str) -> None:
        super().__init__()
        self._name = "StrikesStyle"
        self.style = style
