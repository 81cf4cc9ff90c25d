"""Strikes layer: drawn in the page from a pack sent once (droneatlas.strikepack).

Colour = drone, fill = confidence, size = precision (region-level discs grow with drones
launched). At any zoom, strikes that would overlap are drawn as one numbered disc: a click
zooms in, or lists the strikes when they all sit on one place (most sit on a town
centre). Individual strikes open their popup. A timeline change only calls
``setWindow(first_day, last_day)``; playback calls ``setPlay``.
"""

from __future__ import annotations

from folium.template import Template

from droneatlas.strikepack import DETAIL_CHUNK
from layers.macro import Macro

NAME = "strikes"
CELL_PX = 44  # strikes closer than this on screen share a disc
MAX_MARKERS = 4000  # beyond this many single strikes in view, keep grouping

_TEMPLATE = """
{% macro script(this, kwargs) %}
(function () {
    var map = {{ this._parent.get_name() }};
    var CELL = {{ this.cell_px }}, MAX_MARKERS = {{ this.max_markers }};
    var S = map.atlasStrikes = {
        core: null, window: {{ this.window|tojavascript }}, play: null,
        selected: [], group: L.layerGroup().addTo(map), renderer: L.canvas({padding: 0.2})
    };
    function load(core) {
        var n = core.n, lat = new Float64Array(n), lon = new Float64Array(n);
        var mx = new Float64Array(n), my = new Float64Array(n);
        for (var i = 0; i < n; i++) {
            lat[i] = core.places.lat[core.place[i]]; lon[i] = core.places.lon[core.place[i]];
            var s = Math.sin(lat[i] * Math.PI / 180);
            s = Math.max(Math.min(s, 0.9999), -0.9999);
            mx[i] = (lon[i] + 180) / 360;
            my[i] = 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
        }
        core.lat = lat; core.lon = lon; core.mx = mx; core.my = my;
        S.core = core;
        S.update();
        map.fire("atlas:strikesdrawn");
    }
    S.setWindow = function (first, last) { S.window = first === null ? null : [first, last]; S.update(); };
    S.setPlay = function (first, last) { S.play = first === null ? null : [first, last]; S.update(); };
    S.selectedCount = function () { return S.selected.length; };
    S.update = function () {
        var core = S.core;
        if (!core) { return; }
        var out = [];
        if (S.window) {
            var a = S.window[0], b = S.window[1];
            if (S.play) { a = Math.max(a, S.play[0]); b = Math.min(b, S.play[1]); }
            for (var i = 0; i < core.n; i++) {
                var d = core.day[i];
                if (d >= a && d <= b) { out.push(i); }
            }
        }
        S.selected = out;
        S.render();
    };
    function colour(i) {
        var d = S.core.drone[i];
        return d >= 0 ? S.core.drones[d].colour : S.core.unknownColour;
    }
    function marker(i, latlng) {
        var style = S.core.styles[S.core.conf[i]], region = S.core.region[i] === 1, c = colour(i);
        var m = L.circleMarker(latlng, {
            renderer: S.renderer, radius: S.core.radius[i], color: c, weight: region ? 1 : 2,
            fillColor: c, fillOpacity: region ? Math.min(style.fill, 0.2) : style.fill,
            dashArray: style.dash, bubblingMouseEvents: false
        });
        m.on("click", function () { openStrike(i, latlng); });
        return m;
    }
    function disc(cell, latlng) {
        var n = cell.items.length, size = n < 10 ? 26 : (n < 100 ? 32 : (n < 1000 ? 40 : 48));
        var m = L.marker(latlng, {icon: L.divIcon({
            html: "<div><span>" + n + "</span></div>", className: "atlas-cluster", iconSize: L.point(size, size)
        }), keyboard: false});
        m.on("click", function () {
            if (cell.samePlace) { openList(cell.items, latlng); }
            else { map.fitBounds(cell.bounds.pad(0.2)); }
        });
        return m;
    }
    S.render = function () {
        S.group.clearLayers();
        var core = S.core;
        if (!core || !S.selected.length) { return; }
        var scale = 256 * Math.pow(2, map.getZoom()), origin = map.getPixelBounds();
        var min = origin.min.subtract([CELL, CELL]), max = origin.max.add([CELL, CELL]);
        var visible = [];
        S.selected.forEach(function (i) {
            var x = core.mx[i] * scale, y = core.my[i] * scale;
            if (x >= min.x && x <= max.x && y >= min.y && y <= max.y) { visible.push([i, x, y]); }
        });
        // Strikes on (almost) the same pixel always share a disc; when there are too many
        // to draw one by one, strikes in the same screen cell share one too.
        var cellSize = visible.length > MAX_MARKERS ? CELL : 2;
        var cells = new Map();
        visible.forEach(function (v) {
            var key = Math.floor(v[1] / cellSize) + ":" + Math.floor(v[2] / cellSize);
            var cell = cells.get(key);
            if (!cell) { cell = {items: [], x: 0, y: 0}; cells.set(key, cell); }
            cell.items.push(v[0]); cell.x += v[1]; cell.y += v[2];
        });
        cells.forEach(function (cell) {
            var n = cell.items.length, first = cell.items[0];
            if (n === 1) {
                S.group.addLayer(marker(first, [core.lat[first], core.lon[first]]));
                return;
            }
            // A loop, not Math.min.apply: a cell may hold more strikes than a call takes arguments.
            var south = Infinity, west = Infinity, north = -Infinity, east = -Infinity;
            cell.items.forEach(function (i) {
                south = Math.min(south, core.lat[i]); north = Math.max(north, core.lat[i]);
                west = Math.min(west, core.lon[i]); east = Math.max(east, core.lon[i]);
            });
            cell.bounds = L.latLngBounds([south, west], [north, east]);
            cell.samePlace = cell.bounds.getSouthWest().equals(cell.bounds.getNorthEast(), 1e-6)
                || map.getZoom() >= map.getMaxZoom();
            var centre = map.unproject([cell.x / n, cell.y / n], map.getZoom());
            S.group.addLayer(disc(cell, cellSize === 2 ? [core.lat[first], core.lon[first]] : centre));
        });
    };
    map.on("moveend", S.render);

    // Popups: details arrive on first use, a piece at a time; every value is set as text,
    // links only http(s).
    {% if this.pack_url is not none %}
    var fetched = {};
    function getJson(name) {
        if (!fetched[name]) {
            // Stored gzipped (droneatlas.strikepack.write_pack), served as they are.
            fetched[name] = fetch({{ this.pack_url|tojavascript }} + name + ".gz").then(function (r) {
                if (!r.ok) { throw new Error(name + ": " + r.status); }
                return new Response(r.body.pipeThrough(new DecompressionStream("gzip"))).json();
            });
            // A failed piece is asked for again next time, not remembered as failed.
            fetched[name].catch(function () { delete fetched[name]; });
        }
        return fetched[name];
    }
    {% endif %}
    {% if this.details is not none %}
    var inlined = {{ this.details|tojavascript }};
    {% endif %}
    function withDetails(i, then) {  // then(details, index of strike i in them)
        {% if this.details is not none %}
        then(inlined, i);
        {% else %}
        var k = Math.floor(i / {{ this.chunk }});
        Promise.all([getJson("sources.json"), getJson("details-" + k + ".json")]).then(function (got) {
            got[1].sourceList = got[0];
            then(got[1], i - k * {{ this.chunk }});
        }, function (error) {
            L.popup().setLatLng(map.getCenter()).setContent(el("p", null, "Details not available: " + error.message)).openOn(map);
        });
        {% endif %}
    }
    function dayText(day) {
        return new Date(day * 86400000).toLocaleDateString("en-GB",
            {day: "numeric", month: "short", year: "numeric", timeZone: "UTC"});
    }
    function el(tag, cls, text) {
        var e = document.createElement(tag);
        if (cls) { e.className = cls; }
        if (text !== undefined && text !== null) { e.textContent = String(text); }
        return e;
    }
    function strikeNode(d, i) {
        var box = el("div", "atlas-popup");
        box.appendChild(el("div", "atlas-popup-title", (d.place[i].split(",")[0] || "Strike") + " · " + d.date[i]));
        var table = el("table");
        [["Date", d.date[i]], ["Place", d.place[i]], ["Drone", d.drone[i]], ["Target", d.target[i]],
         ["Killed", d.killed[i]], ["Injured", d.injured[i]], ["Launched", d.launched[i]],
         ["Destroyed", d.destroyed[i]], ["Confidence", d.confidence[i]], ["Location", d.location[i]]
        ].forEach(function (row) {
            if ((row[0] === "Launched" || row[0] === "Destroyed") && row[1] === null) { return; }
            var tr = el("tr");
            tr.appendChild(el("th", null, row[0]));
            tr.appendChild(el("td", null, row[1] === null || row[1] === "" ? "—" : row[1]));
            table.appendChild(tr);
        });
        box.appendChild(table);
        box.appendChild(el("p", "atlas-summary", d.summary[i]));
        if (d.sources[i].length) {
            box.appendChild(el("div", "atlas-sources-head", "Sources"));
            var list = el("ol", "atlas-sources");
            d.sources[i].forEach(function (k) {
                var s = d.sourceList[k], li = el("li");
                var label = s.title + (s.publisher || s.date ? " — " + [s.publisher, s.date].filter(Boolean).join(", ") : "");
                if (/^https?:\\/\\//i.test(s.url)) {
                    var a = el("a", null, label);
                    a.href = s.url; a.target = "_blank"; a.rel = "noopener noreferrer";
                    li.appendChild(a);
                } else { li.appendChild(document.createTextNode(label)); }
                list.appendChild(li);
            });
            box.appendChild(list);
        }
        return box;
    }
    function openStrike(i, latlng) {
        withDetails(i, function (d, j) {
            L.popup({maxWidth: 360}).setLatLng(latlng).setContent(strikeNode(d, j)).openOn(map);
        });
    }
    function openList(items, latlng) {
        // Dates, drones and confidence come from the core; the place's name from the first strike's details.
        withDetails(items[0], function (d, j) {
            var core = S.core, box = el("div", "atlas-popup");
            box.appendChild(el("div", "atlas-popup-title", items.length + " strikes at " + (d.place[j] || "this place")));
            var list = el("ol", "atlas-strike-list");
            items.slice().sort(function (a, b) { return core.day[a] - core.day[b]; }).slice(0, 200)
                .forEach(function (i) {
                    var drone = core.drone[i] >= 0 ? core.drones[core.drone[i]].name : "drone not specified";
                    var li = el("li"), link = el("a", null, dayText(core.day[i]) + " · " + drone + " · " + core.confidences[core.conf[i]]);
                    link.href = "#";
                    link.onclick = function (e) { e.preventDefault(); openStrike(i, latlng); };
                    li.appendChild(link);
                    list.appendChild(li);
                });
            box.appendChild(list);
            if (items.length > 200) { box.appendChild(el("p", null, "… and " + (items.length - 200) + " more: narrow the time window.")); }
            L.popup({maxWidth: 360, maxHeight: 320}).setLatLng(latlng).setContent(box).openOn(map);
        });
    }
    S.openStrike = function (k) { var i = S.selected[k]; openStrike(i, [S.core.lat[i], S.core.lon[i]]); };

    {% if this.core is not none %}
    load({{ this.core|tojavascript }});
    {% else %}
    getJson("core.json").then(load);
    {% endif %}
})();
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
    ) -> None:
        """``pack_url``: the folder a pack was written to (write_pack), ending in "/"; or the
        pack itself, ``core`` and ``details``, inlined (a standalone export)."""
        super().__init__()
        self._name = "StrikesLayer"
        self.pack_url, self.core, self.details, self.chunk = pack_url, core, details, DETAIL_CHUNK
        self.window = list(window) if window else None
        self.cell_px, self.max_markers = CELL_PX, MAX_MARKERS


class StrikesWindow(Macro):
    """Moves the strikes layer to a window (None hides it): all a timeline change sends."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent._parent.get_name() }};
            var apply = function () {
                if (!map.atlasStrikes) { setTimeout(apply, 50); return; }
                {% if this.window is none %}
                map.atlasStrikes.setWindow(null);
                {% else %}
                map.atlasStrikes.setWindow({{ this.window[0] }}, {{ this.window[1] }});
                {% endif %}
            };
            apply();
        })();
        {% endmacro %}
        """
    )

    def __init__(self, window: tuple[int, int] | None) -> None:
        super().__init__()
        self._name = "StrikesWindow"
        self.window = list(window) if window else None
