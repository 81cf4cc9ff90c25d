"""Place names of the base map: oblast outlines, city, oblast and site names, "Find a place".

The labels, the outlines and the gazetteer are files installed under static/basemap
(droneatlas.assets.PLACE_URLS), fetched once the first map is drawn (never sent over the
websocket on a rerun); a standalone file inlines them (as data: addresses). The drawing and the placement are
static/atlas/places.js (``DroneAtlas.places``), the search box static/atlas/finder.js
(``DroneAtlas.finder``); this element passes options.
"""

from __future__ import annotations

import base64
from functools import lru_cache

from folium.template import Template

from droneatlas.assets import PLACE_URLS, local_path
from droneatlas.style import OBLAST_LINE
from layers.macro import Macro

# Light: the oblasts are the base map's, under the data and any shading of them.
OBLAST_STYLE = {"color": OBLAST_LINE, "weight": 0.7, "opacity": 0.9, "fill": False, "dashArray": "3 3"}


@lru_cache(maxsize=1)
def _inlined() -> dict[str, str]:
    """The installed files as data: addresses, for a standalone file. Gzipped and in base64
    they are a third of the JSON (whose Cyrillic names JSON would escape to six bytes each);
    the page fetches and decompresses them as it does the app's."""
    return {
        key: "data:application/gzip;base64," + base64.b64encode(local_path(url).read_bytes()).decode("ascii")
        for key, url in PLACE_URLS.items()
    }


class PlaceNames(Macro):
    """Oblast outlines (their own pane, 260: above the borders, under the data), place names
    placed without overlap (pane 395: over the oblasts' shading, 390; under rings, strikes
    and sites), and the search box."""

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
            "urls": _inlined() if inline else PLACE_URLS,
            "oblastStyle": OBLAST_STYLE,
            "labels": labels,
            "finder": finder,
            "wait": not inline,  # the live map: after its first drawing
        }
