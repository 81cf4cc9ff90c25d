"""Overlay data drawn in the page: site markers and ring shapes as plain JSON.

The app publishes each overlay once as a content-addressed file (static/cache/…) and a
run sends only its address; the page keeps what it fetched, so a timeline change that
shows the same sites and rings moves a few bytes and fetches nothing. A standalone export
inlines the same data instead.

Popup and tooltip HTML in the data was built by layers.popups, every value escaped
there; the page never builds markup from data itself. Icons are our own SVG symbols.
"""

from __future__ import annotations

from folium.template import Template

from layers.macro import Macro
from layers.popups import POPUP_MAX_WIDTH_PX

_TEMPLATE = """
{% macro script(this, kwargs) %}
(function () {
    var group = {{ this._parent.get_name() }};
    function tag(layer, item) {  // the days it is shown, for playback
        if (item.from !== undefined) { layer.options.atlasFrom = item.from; layer.options.atlasTo = item.to; }
        return layer;
    }
    function bind(layer, item) {
        if (item.popup) { layer.bindPopup(item.popup, {maxWidth: {{ this.max_width }}}); }
        if (item.tooltip) { layer.bindTooltip(item.tooltip, {sticky: true}); }
        return tag(layer, item);
    }
    function draw(data) {
        (data.shapes || []).forEach(function (item) {
            var style = item.style;
            group.addLayer(bind(L.geoJSON(item.geometry, {style: function () { return style; }}), item));
        });
        (data.markers || []).forEach(function (item) {
            var half = item.size / 2;
            var icon = L.divIcon({html: item.icon, className: item.className,
                                  iconSize: [item.size, item.size], iconAnchor: [half, half]});
            group.addLayer(bind(L.marker([item.lat, item.lon], {icon: icon}), item));
        });
    }
    {% if this.data is not none %}
    draw({{ this.data|tojavascript }});
    {% else %}
    // One fetch per address for the life of the page: later runs reuse it.
    var fetched = window.atlasFetched = window.atlasFetched || {};
    var url = {{ this.url|tojavascript }};
    if (!fetched[url]) {
        fetched[url] = fetch(url).then(function (r) {
            if (!r.ok) { throw new Error(url + ": " + r.status); }
            return r.json();
        });
    }
    fetched[url].then(draw, function (error) { delete fetched[url]; console.error(error); });
    {% endif %}
})();
{% endmacro %}
"""


class OverlayLayer(Macro):
    """Draws overlay data (by address, or inlined) into its parent feature group."""

    _template = Template(_TEMPLATE)

    def __init__(self, *, url: str | None = None, data: dict | None = None) -> None:
        super().__init__()
        if (url is None) == (data is None):
            raise ValueError("give the overlay data or its address, not both")
        self._name = "OverlayLayer"
        self.url, self.data, self.max_width = url, data, POPUP_MAX_WIDTH_PX
