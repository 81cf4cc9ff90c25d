/*
 * The base map's place names (layers.places): oblast outlines in a pane of their own, city,
 * oblast and site names placed so that none overlaps another; and "Find a place" (finder.js).
 *
 * Labels sit in a pane (395) above the borders, the oblast lines (260) and their shading
 * (regions.js, 390) and under every data layer (rings and
 * strikes in the overlay pane, 400; sites and discs in the marker pane, 600), and take no
 * clicks. On every moveend (zoom included) the visible candidates are placed greedily in
 * importance order (site names, capitals, oblast names, oblast centres, then cities by
 * population; droneatlas.placenames keeps the file in that order): a label is tried right of
 * its point, then left, above and below, and kept at the first spot that overlaps nothing
 * placed before it (nor a site symbol or a control), its text clear of strike markers when
 * a spot allows; else it is left out at this zoom. A label's local
 * name shows as a tooltip when the pointer rests on it. Every name is set as text.
 *
 * Pure parts, exported for tests: place, spots, overlaps, candidates,
 * unliteral, clearMarkerAt.
 */
(function (root) {
    "use strict";

    var atlas = root.DroneAtlas || (typeof require === "function" && require("./atlas.js"));

    var CELL_PX = 64;  // the grid that keeps placement near-linear
    var PAD_PX = 2;  // the least gap between two labels
    var DOT_PX = 5;  // a city's point
    var GAP_PX = 4;  // between a point and its name
    var SITE_WRAP_PX = 170;  // site names are long ("Reported Shahed storage ..."): a few short lines

    /** True when boxes a and b ({x0, y0, x1, y1}) overlap, PAD_PX apart counting as touching. */
    function overlaps(a, b) {
        return a.x0 < b.x1 + PAD_PX && b.x0 < a.x1 + PAD_PX && a.y0 < b.y1 + PAD_PX && b.y0 < a.y1 + PAD_PX;
    }

    /**
     * The spots a label may take, best first: {at, box (the text), whole (text + point)}.
     * c: {x, y (its point, screen px), w, h (its text), centred (no point: oblast names),
     * gap (from the point to the text: half a site symbol, or GAP_PX)}.
     */
    function spots(c) {
        if (c.centred) {
            var box = {x0: c.x - c.w / 2, y0: c.y - c.h / 2, x1: c.x + c.w / 2, y1: c.y + c.h / 2};
            return [{at: "centre", box: box, whole: box}];
        }
        var g = c.gap === undefined ? GAP_PX : c.gap, r = c.point === undefined ? DOT_PX / 2 : c.point / 2;
        var point = {x0: c.x - r, y0: c.y - r, x1: c.x + r, y1: c.y + r};
        var text = {
            right: {x0: c.x + g, y0: c.y - c.h / 2},
            left: {x0: c.x - g - c.w, y0: c.y - c.h / 2},
            above: {x0: c.x - c.w / 2, y0: c.y - g - c.h},
            below: {x0: c.x - c.w / 2, y0: c.y + g}
        };
        return ["right", "left", "above", "below"].map(function (at) {
            var t = text[at], b = {x0: t.x0, y0: t.y0, x1: t.x0 + c.w, y1: t.y0 + c.h};
            var whole = {x0: Math.min(b.x0, point.x0), y0: Math.min(b.y0, point.y0),
                x1: Math.max(b.x1, point.x1), y1: Math.max(b.y1, point.y1)};
            return {at: at, box: b, whole: whole};
        });
    }

    function Grid() { this.cells = {}; }
    Grid.prototype.keys = function (b) {
        var keys = [];
        for (var i = Math.floor(b.x0 / CELL_PX); i <= Math.floor(b.x1 / CELL_PX); i++) {
            for (var j = Math.floor(b.y0 / CELL_PX); j <= Math.floor(b.y1 / CELL_PX); j++) { keys.push(i + ":" + j); }
        }
        return keys;
    };
    Grid.prototype.hits = function (b) {
        var cells = this.cells;
        return this.keys(b).some(function (k) {
            return (cells[k] || []).some(function (other) { return overlaps(b, other); });
        });
    };
    Grid.prototype.add = function (b) {
        var cells = this.cells;
        this.keys(b).forEach(function (k) { (cells[k] = cells[k] || []).push(b); });
    };

    /**
     * Greedy placement. candidates: in importance order (see spots); view: {width, height};
     * obstacles: boxes already taken (site symbols, the map's controls); markers: strike
     * dots and discs, which a name's text avoids when it can (its point may lie under one:
     * the marker then marks the place) but which never cost a name its place: when every
     * spot's text would touch a marker, the first spot free of names is taken. Returns the
     * placed labels, {index, at, box, whole}, each wholly in view and overlapping no other
     * nor an obstacle; except a label marked always (the found place), which takes its first
     * spot when none is free.
     */
    function place(candidates, view, obstacles, markers) {
        var grid = new Grid(), marks = new Grid(), placed = [];
        (obstacles || []).forEach(function (b) { grid.add(b); });
        (markers || []).forEach(function (b) { marks.add(b); });
        candidates.forEach(function (c, index) {
            var free = spots(c).filter(function (s) {
                var w = s.whole;
                var inView = w.x0 >= 0 && w.y0 >= 0 && w.x1 <= view.width && w.y1 <= view.height;
                return inView && !grid.hits(c.own ? s.box : w);  // a site's own symbol is an obstacle already
            });
            var clear = free.filter(function (s) { return !marks.hits(s.box); });
            // The place the user asked for is named even where a control or a name is in the way.
            var s = clear[0] || free[0] || (c.always ? spots(c)[0] : null);
            if (s) {
                grid.add(c.own ? s.box : s.whole);
                placed.push({index: index, at: s.at, box: s.box, whole: s.whole});
            }
        });
        return placed;
    }

    /**
     * The labels that may show at zoom, in placement order, each {kind, name, tip, lat, lon}:
     * the found place, site names, capitals, oblast names (centred: they cannot move), oblast
     * centres (which can), then other cities.
     * data: the labels file (droneatlas.placenames.labels_payload); sites: [{name, lat, lon,
     * size}]; found: {name, lat, lon} or null.
     */
    function candidates(data, zoom, sites, found) {
        var out = [];
        if (found) { out.push({kind: "found", name: found.name, tip: found.tip || "", lat: found.lat, lon: found.lon}); }
        if (zoom >= data.siteMinZoom) {
            sites.forEach(function (s) {
                out.push({kind: "site", name: s.name, tip: "", lat: s.lat, lon: s.lon, size: s.size});
            });
        }
        var named = found ? found.name : null;
        var city = function (p) {
            return {kind: p[4], name: p[0], tip: p[1], lat: p[2], lon: p[3]};
        };
        data.places.forEach(function (p) { if (p[4] === "capital" && p[5] <= zoom && p[0] !== named) { out.push(city(p)); } });
        if (zoom >= data.oblastMinZoom) {
            data.oblasts.forEach(function (o) {
                var tip = o[1] === o[0] ? o[2] : o[1] + (o[2] ? " · " + o[2] : "");
                out.push({kind: "oblast", name: o[0], tip: tip, lat: o[3], lon: o[4]});
            });
        }
        data.places.forEach(function (p) { if (p[4] === "admin" && p[5] <= zoom && p[0] !== named) { out.push(city(p)); } });
        data.places.forEach(function (p) { if (p[4] === "city" && p[5] <= zoom && p[0] !== named) { out.push(city(p)); } });
        return out;
    }

    // ---- In the page ----

    /** The page's text widths, measured once per font and text. */
    function measurer(map) {
        var ctx = document.createElement("canvas").getContext("2d"), widths = {}, fonts = {};
        return function (cls, text, maxWidth) {
            if (!fonts[cls]) {
                var probe = atlas.el("div", "atlas-label " + cls, "x");
                probe.style.visibility = "hidden";
                map.getContainer().appendChild(probe);
                var style = getComputedStyle(probe);
                fonts[cls] = {font: style.fontStyle + " " + style.fontWeight + " " + style.fontSize + " " + style.fontFamily,
                    height: parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2,
                    spacing: parseFloat(style.letterSpacing) || 0,
                    upper: style.textTransform === "uppercase"};
                probe.remove();
            }
            var f = fonts[cls], key = cls + "\n" + text + "\n" + (maxWidth || 0);
            if (widths[key] === undefined) {
                ctx.font = f.font;
                var width = function (t) {
                    var shown = f.upper ? t.toUpperCase() : t;
                    return Math.ceil(ctx.measureText(shown).width + f.spacing * shown.length) + 2;
                };
                var lines = maxWidth ? wrap(text, maxWidth, width) : [text];
                widths[key] = {w: Math.max.apply(null, lines.map(width)), h: Math.ceil(f.height) * lines.length,
                    text: lines.join("\n")};
            }
            return widths[key];
        };
    }

    /** text broken at spaces into lines no wider than maxWidth (a longer word keeps its line). */
    function wrap(text, maxWidth, width) {
        var lines = [];
        String(text).split(" ").forEach(function (word) {
            var last = lines.length - 1;
            if (last >= 0 && width(lines[last] + " " + word) <= maxWidth) { lines[last] += " " + word; }
            else { lines.push(word); }
        });
        return lines;
    }

    /** Screen boxes of the strike dots and discs drawn now (strikes.js), within bounds. */
    function strikeMarkers(map, bounds) {
        var strikes = atlas.of(map).strikes, boxes = [];
        if (!strikes || !strikes.group) { return boxes; }
        strikes.group.eachLayer(function (layer) {
            if (!layer.getLatLng) { return; }  // the density view's hexagons are areas, not markers
            var ll = layer.getLatLng(), r;
            if (!bounds.contains(ll)) { return; }
            if (layer.getRadius) { r = layer.getRadius() + 1; }
            else { r = ((layer.options.icon && layer.options.icon.options.iconSize) || L.point(20, 20)).x / 2; }
            var p = map.latLngToContainerPoint(ll);
            boxes.push({x0: p.x - r, y0: p.y - r, x1: p.x + r, y1: p.y + r});
        });
        return boxes;
    }

    /** A name whose point lies under a strike disc starts beyond the disc's edge. */
    function clearMarkerAt(c, marks) {
        if (c.centred || c.own) { return; }
        marks.forEach(function (m) {
            if (c.x >= m.x0 && c.x <= m.x1 && c.y >= m.y0 && c.y <= m.y1) {
                var reach = Math.max(c.x - m.x0, m.x1 - c.x, c.y - m.y0, m.y1 - c.y);
                c.gap = Math.max(c.gap === undefined ? GAP_PX : c.gap, reach + 2);
            }
        });
    }

    var CLASS = {found: "atlas-label-found", site: "atlas-label-site", capital: "atlas-label-capital",
        admin: "atlas-label-admin", city: "atlas-label-city", oblast: "atlas-label-oblast"};

    /** The labels layer: a div in the labels pane, redrawn on moveend. */
    function labelsLayer(map, data) {
        var state = atlas.of(map).places, measure = measurer(map);
        var box = L.DomUtil.create("div", "atlas-labels leaflet-zoom-hide", map.getPane("atlas-labels"));
        var scheduled = false;
        function redraw() {
            scheduled = false;
            var size = map.getSize(), zoom = map.getZoom(), bounds = map.getBounds().pad(0.05);
            var origin = map.containerPointToLayerPoint([0, 0]);
            var sites = [], obstacles = [];
            state.sites.forEach(function (site) {
                var marker = site.marker, ll = marker.getLatLng();
                if (!map.hasLayer(marker) || !bounds.contains(ll)) { return; }
                var size = (marker.options.icon && marker.options.icon.options.iconSize || [20, 20])[0];
                sites.push({name: site.name, lat: ll.lat, lon: ll.lng, size: size});
                var p = map.latLngToContainerPoint(ll);
                obstacles.push({x0: p.x - size / 2, y0: p.y - size / 2, x1: p.x + size / 2, y1: p.y + size / 2});
            });
            // The corner controls (legend, stamp, search) would hide a label placed under them.
            var frame = map.getContainer().getBoundingClientRect();
            Array.prototype.forEach.call(map.getContainer().querySelectorAll(".leaflet-control"), function (el) {
                var r = el.getBoundingClientRect();
                if (r.width && r.height) {
                    obstacles.push({x0: r.left - frame.left, y0: r.top - frame.top, x1: r.right - frame.left, y1: r.bottom - frame.top});
                }
            });
            var shown = candidates(data, zoom, sites, state.found).filter(function (c) {
                return bounds.contains([c.lat, c.lon]);
            });
            var boxes = shown.map(function (c) {
                var p = map.latLngToContainerPoint([c.lat, c.lon]);
                var m = measure(CLASS[c.kind], c.name, c.kind === "site" ? SITE_WRAP_PX : 0);
                var out = {x: p.x, y: p.y, w: m.w, h: m.h, text: m.text, centred: c.kind === "oblast", always: c.kind === "found"};
                if (c.kind === "site") {
                    out.gap = c.size / 2 + 2; out.point = c.size;
                    out.own = {x0: p.x - c.size / 2, y0: p.y - c.size / 2, x1: p.x + c.size / 2, y1: p.y + c.size / 2};
                }
                return out;
            });
            var marks = strikeMarkers(map, bounds);
            boxes.forEach(function (b) { clearMarkerAt(b, marks); });
            var placed = place(boxes, {width: size.x, height: size.y}, obstacles, marks);
            box.textContent = "";
            state.placed = placed.map(function (p) {
                var c = shown[p.index], b = boxes[p.index];
                var label = atlas.el("div", "atlas-label " + CLASS[c.kind], b.text);
                L.DomUtil.setPosition(label, L.point(origin.x + p.box.x0, origin.y + p.box.y0));
                label.style.width = (p.box.x1 - p.box.x0) + "px";
                box.appendChild(label);
                if (!b.centred && c.kind !== "site") {
                    var dot = atlas.el("div", "atlas-label-dot atlas-dot-" + c.kind);
                    L.DomUtil.setPosition(dot, L.point(origin.x + b.x - DOT_PX / 2, origin.y + b.y - DOT_PX / 2));
                    box.appendChild(dot);
                }
                return {name: c.name, tip: c.tip, kind: c.kind, lat: c.lat, lon: c.lon, box: p.box, at: p.at};
            });
            map.fire("atlas:labelsplaced");
        }
        state.redraw = function () {
            if (!scheduled) { scheduled = true; requestAnimationFrame(redraw); }
        };
        map.on("moveend resize atlas:sitelabels", state.redraw);
        redraw();
        tips(map, state);
    }

    /** A label's local (or full) name as a tooltip while the pointer rests on it. */
    function tips(map, state) {
        var tip = L.tooltip({direction: "top", offset: [0, -8], className: "atlas-label-tip"}), shownFor = null;
        map.on("mousemove", function (e) {
            var p = e.containerPoint, hit = null;
            state.placed.forEach(function (l) {
                if (l.tip && p.x >= l.box.x0 && p.x <= l.box.x1 && p.y >= l.box.y0 && p.y <= l.box.y1) { hit = l; }
            });
            if (hit === shownFor) { return; }
            shownFor = hit;
            if (!hit) { map.closeTooltip(tip); return; }
            var content = atlas.el("div", null, hit.name + " · " + hit.tip);
            tip.setLatLng([hit.lat, hit.lon]).setContent(content);
            map.openTooltip(tip);
        });
        map.on("mouseout zoomstart", function () { shownFor = null; map.closeTooltip(tip); });
    }

    var NAMED_REFERENCES = {amp: "&", lt: "<", gt: ">", quot: "\""};

    /** The text of droneatlas.text.literal's character references (to be set as text). */
    function unliteral(text) {
        return String(text).replace(/&(#(\d+)|amp|lt|gt|quot);/g, function (whole, ref, code) {
            return code ? String.fromCodePoint(Number(code)) : NAMED_REFERENCES[ref];
        });
    }

    /** Site names (overlay.js; made literal in Python): a marker's name follows it onto and off the map. */
    function register(map, marker, literalName) {
        var state = atlas.of(map), name = unliteral(literalName);
        state.places = state.places || emptyState();
        var id = L.stamp(marker);
        marker.on("add", function () { state.places.sites.set(id, {marker: marker, name: name}); map.fire("atlas:sitelabels"); });
        marker.on("remove", function () { state.places.sites.delete(id); map.fire("atlas:sitelabels"); });
    }

    function emptyState() { return {sites: new Map(), placed: [], found: null, redraw: function () {}}; }

    /**
     * Place names on map. options: urls {labels, oblasts, gazetteer} of gzipped JSON (the
     * app's static files, or data: addresses in a standalone file): labels and oblasts are
     * fetched at once or, with wait, once the map is drawn; the gazetteer when the finder is
     * first used. oblastStyle; labels (false: no place names, e.g. on online tiles that carry
     * their own); finder (true: the search box).
     */
    function add(map, options) {
        var state = atlas.of(map);
        state.places = state.places || emptyState();
        map.createPane("atlas-oblasts").style.zIndex = 260;
        var pane = map.createPane("atlas-labels");
        pane.style.zIndex = 395;  // over the oblasts' shading (regions.js, 390), under rings and strikes (400)
        pane.style.pointerEvents = "none";
        var draw = function () {
            atlas.fetchOnce(map, options.urls.oblasts).then(function (data) {
                L.geoJSON(data, {pane: "atlas-oblasts", interactive: false, style: options.oblastStyle}).addTo(map);
            });
            if (options.labels) {
                atlas.fetchOnce(map, options.urls.labels).then(function (data) {
                    labelsLayer(map, data);
                    state.places.loaded = true;
                    map.fire("atlas:labelsloaded");
                });
            }
        };
        if (options.finder) { atlas.finder.add(map, options.urls.gazetteer); }
        // Off the first map's path: fetched once the map is drawn (as the far borders are).
        if (state.drawnAt || !options.wait) { draw(); } else { map.once("atlas:drawn", draw); }
    }

    atlas.places = {
        add: add, register: register, unliteral: unliteral,
        place: place, spots: spots, clearMarkerAt: clearMarkerAt, overlaps: overlaps,
        candidates: candidates
    };
    if (typeof module !== "undefined" && module.exports) { module.exports = atlas.places; }
})(typeof globalThis !== "undefined" ? globalThis : this);
