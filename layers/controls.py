"""Map furniture as small Leaflet controls and elements: borders, legend, title stamp.

Each is a folium MacroElement (layers.macro.Macro) with its own short template. Text reaches the page only
as an escaped JSON string (folium's ``tojavascript``) and, where it is data, already made
literal by droneatlas.text; the stamp writes with ``textContent``, which never parses HTML.
"""

from __future__ import annotations

import pandas as pd
from folium.template import Template

from layers.macro import Macro


class Borders(Macro):
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
                map.atlasBordersDrawn = true;
                map.fire("atlas:bordersdrawn");
            };
            {% if this.data is not none %}
            draw({{ this.data|tojavascript }});
            {% else %}
            // Stored gzipped (droneatlas.assets), served as it is: the page decompresses.
            fetch({{ this.url|tojavascript }}).then(function (r) {
                if (!r.ok) { throw new Error("borders: " + r.status); }
                return new Response(r.body.pipeThrough(new DecompressionStream("gzip"))).json();
            }).then(draw);
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


class HtmlControl(Macro):
    """A Leaflet control in one corner holding HTML that we built and escaped ourselves."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var control = L.control({position: {{ this.position|tojavascript }}});
            control.onAdd = function () {
                var div = L.DomUtil.create("div", {{ this.css_class|tojavascript }});
                {% if this.element_id %}div.id = {{ this.element_id|tojavascript }};{% endif %}
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

    def __init__(self, html: str, *, position: str, css_class: str, element_id: str | None = None) -> None:
        super().__init__()
        self._name = "HtmlControl"
        self.html, self.position, self.css_class, self.element_id = html, position, css_class, element_id


class SetText(Macro):
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


class SetHtml(Macro):
    """Replaces the content of an element of the map page by id with HTML we built and
    escaped ourselves (droneatlas.text): how a dynamic layer updates the legend."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var el = document.getElementById({{ this.element_id|tojavascript }});
            if (el) { el.innerHTML = {{ this.html|tojavascript }}; }
        })();
        {% endmacro %}
        """
    )

    def __init__(self, element_id: str, html: str) -> None:
        super().__init__()
        self._name = "SetHtml"
        self.element_id, self.html = element_id, html


class BindTooltip(Macro):
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


def day_number(stamp: object) -> int | None:
    """Days since 1970-01-01 for a date (None for a missing one): compact and easy to compare in JS."""
    if stamp is None or pd.isna(stamp):
        return None
    return int(pd.Timestamp(stamp).normalize().value // 86_400_000_000_000)


class Playback(Macro):
    """Play the shown period back in time: play/pause, speed, cumulative or moving window.

    It finds the layers tagged with the days they are shown (options.atlasFrom/atlasTo,
    set by layers.overlay) each time play starts (in the app the layers are
    replaced on every slider move) and shows those active at the current day; pause keeps
    the frame, stop shows everything again. Our own code; no data in it.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var DAY = 86400000, TICK_MS = 100, MOVING_DAYS = 30;
            var control = L.control({position: "bottomleft"});
            var state = {timer: null, tagged: [], day: null, first: null, last: null};
            var ui = {};
            control.onAdd = function () {
                var div = L.DomUtil.create("div", "atlas-playback");
                div.innerHTML =
                    '<button type="button" data-act="play" title="Play the period back">&#9654; Play</button>' +
                    '<button type="button" data-act="stop" title="Show everything again">&#9632;</button>' +
                    '<select data-act="speed" title="Speed">' +
                    '<option value="1">1 day/s</option><option value="7" selected>1 week/s</option>' +
                    '<option value="30">1 month/s</option></select>' +
                    '<select data-act="mode" title="What is shown at each moment">' +
                    '<option value="cumulative">cumulative</option>' +
                    '<option value="moving">last 30 days</option></select>' +
                    '<span class="atlas-playback-day"></span>';
                ui.play = div.querySelector('[data-act="play"]');
                ui.stop = div.querySelector('[data-act="stop"]');
                ui.speed = div.querySelector('[data-act="speed"]');
                ui.mode = div.querySelector('[data-act="mode"]');
                ui.day = div.querySelector(".atlas-playback-day");
                ui.play.onclick = function () { state.timer ? pause() : play(); };
                ui.stop.onclick = stop;
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            function collect() {
                var found = [];
                function walk(group) {
                    group.getLayers().forEach(function (layer) {
                        if (layer.options && layer.options.atlasFrom !== undefined) {
                            found.push({layer: layer, parent: group});
                        } else if (layer.getLayers) {
                            walk(layer);
                        }
                    });
                }
                map.eachLayer(function (layer) {
                    if (layer.getLayers && !(layer._map && layer._parentGroup)) { walk(layer); }
                });
                var seen = new Set();
                return found.filter(function (t) {
                    var id = L.stamp(t.layer);
                    if (seen.has(id)) { return false; }
                    seen.add(id);
                    return true;
                });
            }
            function visible(tag, day) {
                var start = ui.mode.value === "moving" ? day - MOVING_DAYS : state.first;
                var from = tag.layer.options.atlasFrom, to = tag.layer.options.atlasTo;
                return from <= day && (to === null || to >= start);
            }
            function show(day) {
                if (map.atlasStrikes) {
                    var start = ui.mode.value === "moving" ? day - MOVING_DAYS : state.first;
                    map.atlasStrikes.setPlay(day === null ? null : start, day);
                }
                state.tagged.forEach(function (tag) {
                    var on = day === null || visible(tag, day);
                    var has = tag.parent.hasLayer(tag.layer);
                    if (on && !has) { tag.parent.addLayer(tag.layer); }
                    if (!on && has) { tag.parent.removeLayer(tag.layer); }
                });
                ui.day.textContent = day === null ? "" :
                    new Date(day * DAY).toLocaleDateString("en-GB", {day: "numeric", month: "short", year: "numeric", timeZone: "UTC"});
            }
            function play() {
                if (state.day === null) {
                    state.tagged = collect();
                    var days = [];
                    var strikes = map.atlasStrikes;
                    if (strikes && strikes.core && strikes.window) {
                        strikes.selected.forEach(function (i) { days.push(strikes.core.day[i]); });
                    }
                    state.tagged.forEach(function (t) {
                        days.push(t.layer.options.atlasFrom);
                        if (t.layer.options.atlasTo !== null) { days.push(t.layer.options.atlasTo); }
                    });
                    if (!days.length) { return; }
                    // A loop, not Math.min.apply: a million days are more arguments than a call takes.
                    state.first = Infinity; state.last = -Infinity;
                    days.forEach(function (d) {
                        if (d !== null) { state.first = Math.min(state.first, d); state.last = Math.max(state.last, d); }
                    });
                    state.day = state.first;
                }
                ui.play.innerHTML = "&#10074;&#10074; Pause";
                state.timer = setInterval(function () {
                    state.day = Math.min(state.day + Number(ui.speed.value) * TICK_MS / 1000, state.last);
                    show(Math.floor(state.day));
                    if (state.day >= state.last) { pause(); state.day = null; }
                }, TICK_MS);
            }
            function pause() {
                clearInterval(state.timer);
                state.timer = null;
                ui.play.innerHTML = "&#9654; Play";
            }
            function stop() {
                pause();
                show(null);
                state.day = null;
            }
            control.addTo(map);
            map.atlasPlayback = {play: play, pause: pause, stop: stop, state: state};
        })();
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "Playback"


class ViewLink(Macro):
    """Keeps the page's address in step with the map view, and a "Copy link" button.

    On every pan or zoom the parent page's URL gets lat, lon and zoom (replaceState: no
    reload, no rerun), so the address bar is always a link to what is on screen. Inside
    a standalone file there is no parent app: the control is then left out.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var page;
            try { page = window.parent !== window ? window.parent : null; page && page.location.href; }
            catch (e) { page = null; }
            if (!page) { return; }
            function link() {
                var url = new URL(page.location.href);
                var c = map.getCenter();
                url.searchParams.set("lat", c.lat.toFixed(4));
                url.searchParams.set("lon", L.Util.wrapNum(c.lng, [-180, 180], true).toFixed(4));
                url.searchParams.set("zoom", String(map.getZoom()));
                page.history.replaceState(page.history.state, "", url.toString());
                return url.toString();
            }
            map.on("moveend", link);
            var control = L.control({position: "topleft"});
            control.onAdd = function () {
                var button = L.DomUtil.create("button", "atlas-copy-link");
                button.type = "button";
                button.title = "Copy a link to this view";
                button.textContent = "Copy link";
                L.DomEvent.disableClickPropagation(button);
                button.onclick = function () {
                    var text = link();
                    var done = function () { button.textContent = "Link copied"; setTimeout(function () { button.textContent = "Copy link"; }, 2000); };
                    if (navigator.clipboard && navigator.clipboard.writeText) {
                        navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
                    } else { fallback(text); done(); }
                };
                return button;
            };
            function fallback(text) {
                var area = document.createElement("textarea");
                area.value = text;
                document.body.appendChild(area);
                area.select();
                try { document.execCommand("copy"); } catch (e) {}
                document.body.removeChild(area);
            }
            control.addTo(map);
            map.atlasLink = link;
        })();
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "ViewLink"


class LargeLabels(Macro):
    """Presenter view: larger legend and stamp (CSS class atlas-large on the map)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.getContainer().classList.add("atlas-large");
        {% endmacro %}
        """
    )


class AnnounceDrawn(Macro):
    """Marks the moment the map is drawn: borders (when the map has them), strikes and the
    overlays fetched so far (sites, rings) are on screen and painted. Sets
    ``map.atlasDrawnAt`` (ms since the epoch) and fires ``atlas:drawn``."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }}, done = false;
            var check = function () {
                var drawn = map.atlasStrikes && map.atlasStrikes.core
                    && (!map.getPane("atlas-borders") || map.atlasBordersDrawn);
                if (!drawn || done) { return; }
                done = true;
                // Overlay fetches (layers.overlay) draw as they land; a failed one counts as done.
                var overlays = Object.values(window.atlasFetched || {}).map(function (p) {
                    return p.catch(function () { return null; });
                });
                Promise.all(overlays).then(function () {
                    requestAnimationFrame(function () {  // then the paint
                        setTimeout(function () { map.atlasDrawnAt = Date.now(); map.fire("atlas:drawn"); }, 0);
                    });
                });
            };
            map.on("atlas:strikesdrawn atlas:bordersdrawn", check);
            check();
        })();
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "AnnounceDrawn"


class ReportDrawn(Macro):
    """Once the map is drawn (AnnounceDrawn), tells Streamlit, as the map component's value.

    A new value is a rerun: the app sends a new page's controls with it, so that the
    browser builds them after the map rather than at the same time (app.controls_after_the_map).
    The message is the component protocol's own (what streamlit-folium's frame sends when
    a map is clicked), posted from the component's frame to the Streamlit page.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent._parent.get_name() }};
            if (window.parent === window || map.atlasReported) { return; }
            map.atlasReported = true;  // once per page, however often this update arrives
            var post = function () {
                window.parent.postMessage({isStreamlitMessage: true, type: "streamlit:setComponentValue",
                                           value: {{ this.value|tojavascript }}, dataType: "json"}, "*");
            };
            if (map.atlasDrawnAt) { post(); } else { map.once("atlas:drawn", post); }
        })();
        {% endmacro %}
        """
    )

    def __init__(self, value: dict) -> None:
        super().__init__()
        self._name = "ReportDrawn"
        self.value = value
