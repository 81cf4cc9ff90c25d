"""Overlay data drawn in the page: site markers and ring shapes as JSON.

The app publishes each overlay once as a content-addressed gzipped file (static/cache/…) and a
run sends only its address; the page keeps what it fetched, so a timeline change that
shows the same sites and rings moves a few bytes and fetches nothing. A standalone export
inlines the same data instead.

Popup and tooltip HTML in the data was built by layers.popups, every value escaped
there; the page never builds markup from data itself. Icons are our own SVG symbols.
The drawing is static/atlas/overlay.js (``DroneAtlas.overlay``); this element passes options.
"""

from __future__ import annotations

from folium.template import Template

from layers.macro import Macro
from layers.popups import POPUP_MAX_WIDTH_PX

_TEMPLATE = """
{% macro script(this, kwargs) %}
DroneAtlas.overlay.add({{ this._parent._parent.get_name() }}, {{ this._parent.get_name() }},
                       {{ this.options|tojson }});
{% endmacro %}
"""


class OverlayLayer(Macro):
    """Draws overlay data (by address, or inlined) into its parent feature group, which
    must be on the map (the page keeps fetched data per map)."""

    _template = Template(_TEMPLATE)

    def __init__(self, *, url: str | None = None, data: dict | None = None) -> None:
        super().__init__()
        if (url is None) == (data is None):
            raise ValueError("give the overlay data or its address, not both")
        self._name = "OverlayLayer"
        self.url, self.data = url, data
        self.options = {"url": url, "data": data, "maxWidth": POPUP_MAX_WIDTH_PX}
