"""Map furniture as small Leaflet controls and elements: borders, legend, title stamp.

Each is a folium MacroElement with its own short template. Text reaches the page only
as an escaped JSON string (folium's ``tojavascript``) and, where it is data, already made
literal by droneatlas.text; the stamp writes with ``textContent``, which never parses HTML.
"""

from __future__ import annotations

from branca.element import MacroElement
from folium.template import Template


class Borders(MacroElement):
    """Country borders fetched from a local URL (or inlined data) into a pane below the overlays.

    A pane of its own keeps borders under the rings and markers even though they arrive
    after them (fetch is asynchronous); not interactive, so they never steal a click.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            if (map.attributionControl) {
                map.attributionControl.addAttribution({{ this.attribution|tojavascript }});
            }
            var pane = map.createPane("atlas-borders");
            pane.style.zIndex = 250;
            var draw = function (data) {
                L.geoJSON(data, {pane: "atlas-borders", interactive: false,
                                 style: {{ this.style|tojavascript }}}).addTo(map);
            };
            {% if this.data is not none %}
            draw({{ this.data|tojavascript }});
            {% else %}
            fetch({{ this.url|tojavascript }}).then(function (r) { return r.json(); }).then(draw);
            {% endif %}
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self, url: str | None = None, *, data: dict | None = None, style: dict, attribution: str
    ) -> None:
        super().__init__()
        self._name = "Borders"
        self.url, self.data, self.style, self.attribution = url, data, style, attribution


class HtmlControl(MacroElement):
    """A Leaflet control in one corner holding HTML that we built and escaped ourselves."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var control = L.control({position: {{ this.position|tojavascript }}});
            control.onAdd = function () {
                var div = L.DomUtil.create("div", {{ this.css_class|tojavascript }});
                div.innerHTML = {{ this.html|tojavascript }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            control.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html: str, *, position: str, css_class: str) -> None:
        super().__init__()
        self._name = "HtmlControl"
        self.html, self.position, self.css_class = html, position, css_class


class SetText(MacroElement):
    """Sets the text of an element of the map page by id: how a dynamic layer updates the stamp."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var el = document.getElementById({{ this.element_id|tojavascript }});
            if (el) { el.textContent = {{ this.text|tojavascript }}; }
        })();
        {% endmacro %}
        """
    )

    def __init__(self, element_id: str, text: str) -> None:
        super().__init__()
        self._name = "SetText"
        self.element_id, self.text = element_id, text


class BindPopup(MacroElement):
    """Binds a popup to its parent layer; the HTML travels as a JSON string.

    folium.Popup would put the HTML in a JS template literal parsed by jQuery (which the
    map does not load); a JSON string needs neither and cannot be broken out of.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.bindPopup(
            {{ this.html|tojavascript }}, {{ this.options|tojavascript }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str, *, max_width: int) -> None:
        super().__init__()
        self._name = "BindPopup"
        self.html, self.options = html, {"maxWidth": max_width}


class BindTooltip(MacroElement):
    """Binds a tooltip (escaped HTML, as a JSON string) to its parent layer."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.bindTooltip(
            {{ this.html|tojavascript }}, {{ this.options|tojavascript }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str, *, sticky: bool = True) -> None:
        super().__init__()
        self._name = "BindTooltip"
        self.html, self.options = html, {"sticky": sticky}
