/*
 * The strikes layer (layers.strikes.StrikesLayer): every strike of a pack
 * (droneatlas.strikepack), drawn and filtered in the page.
 *
 * Colour = drone, fill = confidence, size = precision. At any zoom, strikes that would
 * overlap are drawn as one numbered disc: a click zooms in, or lists the strikes when they
 * all sit on one place (most sit on a town centre). Single strikes open their popup, built
 * from the pack's details (fetched a piece at a time on first use, or inlined) with every
 * value set as text and links only http(s). A timeline change only calls setWindow, a
 * filter change setFilter; playback calls setPlay.
 *
 * Pure parts, exported for tests: decodeCore, mercator, selectDays, cellSizeFor, byPlace,
 * groupCells, cellBounds, discSize, filterMask, applyMask.
 */
(function (root) {
    "use strict";

    var atlas = root.DroneAtlas || (typeof require === "function" && require("./atlas.js"));

    /** Web Mercator position of a point, in world units (0..1 both ways, y down). */
    function mercator(lat, lon) {
        var s = Math.sin(lat * Math.PI / 180);
        s = Math.max(Math.min(s, 0.9999), -0.9999);
        return [(lon + 180) / 360, 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)];
    }

    var COLUMN_TYPES = {i1: Int8Array, u1: Uint8Array, i2: Int16Array, u2: Uint16Array,
        i4: Int32Array, u4: Uint32Array, f8: Float64Array};

    /**
     * The pack's core from its binary form (droneatlas.binarycore: "DAC1", the head's
     * length, the head as JSON, then the columns): the head's fields, and each column as a
     * typed array over buffer (no copy). "places.lat" becomes core.places.lat.
     */
    function decodeCore(buffer) {
        var view = new DataView(buffer);
        if (buffer.byteLength < 8 || String.fromCharCode(view.getUint8(0), view.getUint8(1), view.getUint8(2),
            view.getUint8(3)) !== "DAC1") {
            throw new Error("not a strike pack core");
        }
        var length = view.getUint32(4, true), start = 8 + length;
        var core = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 8, length)));
        core.columns.forEach(function (column) {
            var name = column[0].split("."), Type = COLUMN_TYPES[column[1]];
            var values = new Type(buffer, start + column[2], column[3]);
            if (name.length === 2) { (core[name[0]] = core[name[0]] || {})[name[1]] = values; } else { core[name[0]] = values; }
        });
        delete core.columns;
        return core;
    }

    /**
     * Indexes of the days within the window [first, last] (inclusive), narrowed by the
     * playback window when there is one. No window: nothing is shown.
     */
    function selectDays(days, window, play) {
        var out = [];
        if (!window) { return out; }
        var a = window[0], b = window[1];
        if (play) { a = Math.max(a, play[0]); b = Math.min(b, play[1]); }
        for (var i = 0; i < days.length; i++) {
            if (days[i] >= a && days[i] <= b) { out.push(i); }
        }
        return out;
    }

    /**
     * Screen cell size for grouping: strikes on (almost) the same pixel always share a disc;
     * when there are too many to draw one by one, strikes in the same cell share one too.
     */
    function cellSizeFor(count, cellPx, maxMarkers) {
        return count > maxMarkers ? cellPx : 2;
    }

    /**
     * The selected strikes by place (most strikes share a town centre): a Map of place index
     * -> [strike index...], in the order places are first met. Grouping places, not strikes,
     * keeps a redraw of 100,000 strikes to a pass over them and a few thousand cells.
     */
    function byPlace(selected, place) {
        var places = new Map();
        for (var k = 0; k < selected.length; k++) {
            var i = selected[k], list = places.get(place[i]);
            if (!list) { list = []; places.set(place[i], list); }
            list.push(i);
        }
        return places;
    }

    /**
     * Groups points [items, x, y] (the strikes of one place, at screen pixels) into cells of
     * cellSize pixels: a Map of key -> {items: [index...], x: sum of x, y: sum of y} (sums
     * over strikes, so that x / items.length is the cell's centre), in the order cells are
     * first met.
     */
    function groupCells(points, cellSize) {
        var cells = new Map();
        points.forEach(function (p) {
            var key = Math.floor(p[1] / cellSize) + ":" + Math.floor(p[2] / cellSize);
            var cell = cells.get(key);
            if (!cell) { cell = {items: [], x: 0, y: 0}; cells.set(key, cell); }
            for (var k = 0; k < p[0].length; k++) { cell.items.push(p[0][k]); }
            cell.x += p[1] * p[0].length; cell.y += p[2] * p[0].length;
        });
        return cells;
    }

    /** [south, west, north, east] of the items. A loop, not Math.min.apply: a cell may hold
     * more strikes than a call takes arguments. */
    function cellBounds(items, lat, lon) {
        var south = Infinity, west = Infinity, north = -Infinity, east = -Infinity;
        items.forEach(function (i) {
            south = Math.min(south, lat[i]); north = Math.max(north, lat[i]);
            west = Math.min(west, lon[i]); east = Math.max(east, lon[i]);
        });
        return [south, west, north, east];
    }

    /**
     * Which strikes the filter keeps: a Uint8Array of 1 (kept) and 0 over core's strikes, or
     * null when the filter keeps every strike. filter: {drones: [drone id...], conf:
     * [confidence...], prec: [precision...], targets: [target type...], casualties: bool}
     * (droneatlas.filters.StrikeFilter.for_page); an empty list means any value. A value the
     * pack does not know keeps nothing of its kind, as the same filter does in Python.
     */
    function filterMask(core, filter) {
        if (!filter) { return null; }
        function allowed(values, names) {  // the indexes of values in names, or null for any
            if (!values || !values.length) { return null; }
            var set = new Set();
            values.forEach(function (v) { var k = names.indexOf(v); if (k >= 0) { set.add(k); } });
            return set;
        }
        var tests = [
            [allowed(filter.drones, core.droneIds), core.drone],
            [allowed(filter.conf, core.confidences), core.conf],
            [allowed(filter.prec, core.precisions), core.prec],
            [allowed(filter.targets, core.targets), core.target]
        ].filter(function (t) { return t[0] !== null; });
        if (!tests.length && !filter.casualties) { return null; }
        var mask = new Uint8Array(core.n);
        for (var i = 0; i < core.n; i++) {
            var keep = !filter.casualties || core.hurt[i] === 1;
            for (var t = 0; keep && t < tests.length; t++) { keep = tests[t][0].has(tests[t][1][i]); }
            mask[i] = keep ? 1 : 0;
        }
        return mask;
    }

    /** The indexes of selected that mask keeps (all of them without a mask). */
    function applyMask(selected, mask) {
        return mask ? selected.filter(function (i) { return mask[i] === 1; }) : selected;
    }

    /** Diameter in pixels of the disc for n strikes. */
    function discSize(n) {
        return n < 10 ? 26 : (n < 100 ? 32 : (n < 1000 ? 40 : 48));
    }

    /**
     * Adds the strikes layer to map as map.atlas.strikes. options: packUrl (the pack's folder,
     * ending in "/") or core and details (inlined); window [first, last] or null; cellPx,
     * maxMarkers, chunk (strikes per details file); style "points" or "density" and density
     * {lowerBounds, colours, radiusPx} (density.js).
     */
    function add(map, options) {
        var el = atlas.el, CELL = options.cellPx, MAX_MARKERS = options.maxMarkers;
        var S = atlas.of(map).strikes = {
            core: null, window: options.window || null, play: null, style: options.style || "points",
            filter: options.filter || null, mask: null, selected: [], group: L.layerGroup().addTo(map),
            renderer: L.canvas({padding: 0.2})
        };

        function load(core) {
            atlas.mark("core-data");
            var n = core.n, lat = new Float64Array(n), lon = new Float64Array(n);
            var places = core.places.lat.length, mx = new Float64Array(places), my = new Float64Array(places);
            for (var p = 0; p < places; p++) {  // per place, not per strike: a few thousand
                var m = mercator(core.places.lat[p], core.places.lon[p]);
                mx[p] = m[0]; my[p] = m[1];
            }
            for (var i = 0; i < n; i++) {
                lat[i] = core.places.lat[core.place[i]]; lon[i] = core.places.lon[core.place[i]];
            }
            core.lat = lat; core.lon = lon; core.mx = mx; core.my = my;  // mx, my: by place
            S.core = core;
            S.mask = filterMask(core, S.filter);
            S.update();
            atlas.mark("strikes-drawn");
            map.fire("atlas:strikesdrawn");
        }
        // Each run of the app sends its window and filter: the same again redraws nothing (a
        // full redraw of 100,000 strikes takes the page ~0.1 s).
        S.setWindow = function (first, last) {
            var window = first === null ? null : [first, last];
            if (JSON.stringify(window) === JSON.stringify(S.window)) { return; }
            S.window = window;
            S.update();
        };
        S.setStyle = function (style) { if (style !== S.style) { S.style = style; S.render(); } };
        S.setFilter = function (filter) {
            if (JSON.stringify(filter || null) === JSON.stringify(S.filter)) { return; }
            S.filter = filter || null;
            if (S.core) { S.mask = filterMask(S.core, S.filter); }
            S.update();
        };
        S.setPlay = function (first, last) { S.play = first === null ? null : [first, last]; S.update(); };
        S.selectedCount = function () { return S.selected.length; };
        S.update = function () {
            if (!S.core) { return; }
            S.selected = applyMask(selectDays(S.core.day, S.window, S.play), S.mask);
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
            var n = cell.items.length, size = discSize(n);
            var m = L.marker(latlng, {icon: L.divIcon({
                html: "<div><span>" + n + "</span></div>", className: "atlas-cluster", iconSize: L.point(size, size)
            }), keyboard: false});
            m.on("click", function () {  // bounds on click, not per disc drawn: a pass over every strike
                var b = cellBounds(cell.items, S.core.lat, S.core.lon), bounds = L.latLngBounds([b[0], b[1]], [b[2], b[3]]);
                var samePlace = bounds.getSouthWest().equals(bounds.getNorthEast(), 1e-6) || map.getZoom() >= map.getMaxZoom();
                if (samePlace) { openList(cell.items, latlng); } else { map.fitBounds(bounds.pad(0.2)); }
            });
            return m;
        }
        S.render = function () {
            S.group.clearLayers();
            var core = S.core;
            if (!core || !S.selected.length) { return; }
            var zoom = map.getZoom(), scale = 256 * Math.pow(2, zoom), origin = map.getPixelBounds();
            var min = origin.min.subtract([CELL, CELL]), max = origin.max.add([CELL, CELL]);
            var visible = [], count = 0;
            byPlace(S.selected, core.place).forEach(function (items, p) {
                var x = core.mx[p] * scale, y = core.my[p] * scale;
                if (x >= min.x && x <= max.x && y >= min.y && y <= max.y) {
                    visible.push([items, x, y]);
                    count += items.length;
                }
            });
            if (S.style === "density" && options.density) { atlas.density.draw(map, S, visible, options.density); return; }
            var cellSize = cellSizeFor(count, CELL, MAX_MARKERS);
            groupCells(visible, cellSize).forEach(function (cell) {
                var n = cell.items.length, first = cell.items[0];
                if (n === 1) {
                    S.group.addLayer(marker(first, [core.lat[first], core.lon[first]]));
                    return;
                }
                var centre = map.unproject([cell.x / n, cell.y / n], zoom);
                S.group.addLayer(disc(cell, cellSize === 2 ? [core.lat[first], core.lon[first]] : centre));
            });
        };
        map.on("moveend", S.render);

        // Popups: details arrive on first use, a piece at a time (or were inlined).
        var pieces = {};
        function piece(name) {
            if (!pieces[name]) {
                pieces[name] = atlas.fetchJson(options.packUrl + name + ".gz", {priority: "high"});
                // A failed piece is asked for again next time, not remembered as failed.
                pieces[name].catch(function () { delete pieces[name]; });
            }
            return pieces[name];
        }
        function withDetails(i, then) {  // then(details, index of strike i in them)
            if (options.details) { then(options.details, i); return; }
            var k = Math.floor(i / options.chunk);
            Promise.all([piece("sources.json"), piece("details-" + k + ".json")]).then(function (got) {
                got[1].sourceList = got[0];
                then(got[1], i - k * options.chunk);
            }, function (error) {
                L.popup().setLatLng(map.getCenter())
                    // The server's files may have been cleared: its next run writes them again.
                    .setContent(el("p", null, "Details not available (" + error.message + "): reload the page,"
                        + " or try again after changing the view.")).openOn(map);
            });
        }
        function strikeNode(d, i) {
            var box = el("div", "atlas-popup");
            box.appendChild(el("div", "atlas-popup-title", (d.place[i].split(",")[0] || "Strike") + " · " + d.date[i]));
            var table = el("table");
            [["Date", d.date[i]], ["Place", d.place[i]], ["Drone", d.drone[i]], ["Target", d.target[i]],
                ["Killed", d.killed[i]], ["Injured", d.injured[i]], ["Launched", d.launched[i]],
                ["Destroyed", d.destroyed[i]], ["Confidence", d.confidence[i]], ["Location", d.location[i]],
                ["Launched from", d.launchedFrom ? d.launchedFrom[i] : ""]
            ].forEach(function (row) {
                if ((row[0] === "Launched" || row[0] === "Destroyed") && row[1] === null) { return; }
                if (row[0] === "Launched from" && !row[1]) { return; }  // most strikes name no launch site
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
                    if (atlas.isWebLink(s.url)) {
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
                        var li = el("li");
                        var link = el("a", null, atlas.dayText(core.day[i]) + " · " + drone + " · " + core.confidences[core.conf[i]]);
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

        if (options.core) { load(options.core); } else {
            atlas.fetchBytes(options.packUrl + "core.bin.gz", {priority: "high"}).then(decodeCore).then(load);
        }
        return S;
    }

    /** Moves the strikes layer of map to [first, last] (null hides every strike). The layer
     * is made by the base map's script; should an update come first, it waits for it. */
    function setWindow(map, window) {
        var S = atlas.of(map).strikes;
        if (!S) { setTimeout(function () { setWindow(map, window); }, 50); return; }
        if (window) { S.setWindow(window[0], window[1]); } else { S.setWindow(null); }
    }

    /** Draws the strikes layer of map as "points" or "density" (waits for the layer, as setWindow). */
    function setStyle(map, style) {
        var S = atlas.of(map).strikes;
        if (!S) { setTimeout(function () { setStyle(map, style); }, 50); return; }
        S.setStyle(style);
    }

    /** Filters the strikes layer of map (null: every strike of the window); as setWindow,
     * it waits for the layer should the update come first. */
    function setFilter(map, filter) {
        var S = atlas.of(map).strikes;
        if (!S) { setTimeout(function () { setFilter(map, filter); }, 50); return; }
        S.setFilter(filter);
    }

    atlas.strikes = {
        add: add, setWindow: setWindow, setStyle: setStyle, setFilter: setFilter, filterMask: filterMask,
        applyMask: applyMask, decodeCore: decodeCore,
        mercator: mercator, selectDays: selectDays, cellSizeFor: cellSizeFor,
        byPlace: byPlace, groupCells: groupCells, cellBounds: cellBounds, discSize: discSize
    };
    if (typeof module !== "undefined" && module.exports) { module.exports = atlas.strikes; }
})(typeof globalThis !== "undefined" ? globalThis : this);
