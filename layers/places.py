"""Place names of the base map: oblast outlines, city, oblast and site names, "Find a place".

The labels, the outlines and the gazetteer are files installed under static/basemap
(droneatlas.assets.PLACE_URLS), fetched once the first map is drawn (never sent over the
websocket on a rerun); a standalone file inlines them. The drawing and the placement are
static/atlas/places.js (``DroneAtlas.places``); this element passes options.
"""

from __future__ import annotations

from functools import lru_cache

from folium.template import Template

from droneatlas.assets import PLACE_URLS, place_data
from droneatlas.style import OBLAST_LINE
from layers.macro import Macro

# Light: the oblasts are the base map's, under the data and any shading of them.
OBLAST_STYLE = {"color": OBLAST_LINE, "weight": 0.7, "opacity": 0.9, "fill": False, "dashArray": "3 3"}


@lru_cache(maxsize=1)
def _inlined() -> dict:
    return place_data()


class PlaceNames(Macro):
    """Oblast outlines (their own pane, 260: above the borders, under the data), place names
    placed without overlap (pane 390, under rings, strikes and sites), and the search box."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        DroneAtlas.places.add({{ this._parent.get_name() }}, {{ this.options|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, *, inline: bool, labels: bool = True, finder: bool = True) -> None:
        super().__init__()
        self._name = "PlaceNames"
        self.options = {
            "urls": None if inline else PLACE_URLS,
            "data": _inlined() if inline else None,
            "oblastStyle": OBLAST_STYLE,
            "labels": labels,
            "finder": finder,
            "wait": not inline,  # the live map: after its first drawing
        }
