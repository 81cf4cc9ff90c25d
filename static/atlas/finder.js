/*
 * "Find a place" (layers.places, with the place names of places.js): a search box on the
 * map over the gazetteer droneatlas.placenames writes, in Latin or Cyrillic. Picking a
 * place centres the map on it and labels it (places.js draws the found place first).
 *
 * Pure parts, exported for tests: searchKey, findPlaces.
 */
(function (root) {
    "use strict";

    var atlas = root.DroneAtlas || (typeof require === "function" && require("./atlas.js"));

    var MAX_RESULTS = 8;

    /** As droneatlas.placenames.search_key: lower case, no accents or apostrophes. */
    function searchKey(text) {
        return String(text).normalize("NFKD").toLowerCase().replace(/[\u0300-\u036f]/g, "")
            .replace(/['’ʼ`\-\s]+/g, " ").trim();
    }

    /**
     * Gazetteer rows matching query, best first: a whole name, then a name's start, then a
     * word's start, then anywhere; within each, the file's order (largest place first).
     * entries: [name, detail, lat, lon, zoom, population, "key|key"].
     */
    function findPlaces(entries, query, limit) {
        var q = searchKey(query);
        if (!q) { return []; }
        var tiers = [[], [], [], []];
        entries.forEach(function (e) {
            var keys = e[6].split("|"), tier = 4;
            keys.forEach(function (k) {
                if (k === q) { tier = Math.min(tier, 0); }
                else if (k.indexOf(q) === 0) { tier = Math.min(tier, 1); }
                else if (k.indexOf(" " + q) >= 0) { tier = Math.min(tier, 2); }
                else if (k.indexOf(q) >= 0) { tier = Math.min(tier, 3); }
            });
            if (tier < 4) { tiers[tier].push(e); }
        });
        return [].concat.apply([], tiers).slice(0, limit || MAX_RESULTS);
    }

    /**
     * Adds the search box to map (after places.add, whose state it shares: the found place is
     * labelled). The gazetteer (gzipped JSON at gazetteerUrl) is fetched when the box is first used.
     */
    function add(map, gazetteerUrl) {
        var state = atlas.of(map).places, entries = null, results = [], active = -1;
        var control = L.control({position: "topleft"});
        control.onAdd = function () {
            var div = L.DomUtil.create("div", "atlas-finder");
            var input = L.DomUtil.create("input", "atlas-finder-input", div);
            input.type = "search";
            input.placeholder = "Find a place";
            input.setAttribute("aria-label", "Find a place (Latin or Cyrillic)");
            input.autocomplete = "off";
            var list = L.DomUtil.create("ul", "atlas-finder-results", div);
            list.setAttribute("role", "listbox");
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            var ready = function () {
                return atlas.fetchOnce(map, gazetteerUrl)
                    .then(function (g) { entries = g; return g; });
            };
            var show = function (saySoWhenNone) {
                list.textContent = "";
                active = Math.min(active, results.length - 1);
                results.forEach(function (e, i) {
                    var li = atlas.el("li", i === active ? "atlas-finder-active" : null, e[0]);
                    li.appendChild(atlas.el("span", "atlas-finder-detail", e[1]));
                    li.setAttribute("role", "option");
                    li.addEventListener("mousedown", function (ev) { ev.preventDefault(); go(e); });
                    list.appendChild(li);
                });
                if (saySoWhenNone && !results.length && input.value.trim()) { list.appendChild(atlas.el("li", "atlas-finder-none", "No place found")); }
            };
            var search = function () {
                ready().then(function () { results = findPlaces(entries, input.value); active = -1; show(true); });
            };
            var go = function (e) {
                state.found = {name: e[0], tip: e[1], lat: e[2], lon: e[3]};
                results = []; show();
                input.value = e[0];
                input.blur();
                map.setView([e[2], e[3]], Math.max(map.getZoom(), e[4]));
                state.redraw();
                map.fire("atlas:found", {name: e[0]});
            };
            input.addEventListener("focus", function () { ready(); });
            input.addEventListener("input", search);
            input.addEventListener("keydown", function (ev) {
                ev.stopPropagation();  // the map's own keys (arrows, +/-) stay with the box
                if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
                    ev.preventDefault();
                    active = (active + (ev.key === "ArrowDown" ? 1 : -1) + results.length) % Math.max(results.length, 1);
                    show();
                } else if (ev.key === "Enter") {
                    ev.preventDefault();
                    ready().then(function () {
                        results = results.length ? results : findPlaces(entries, input.value);
                        if (results.length) { go(results[Math.max(active, 0)]); }
                        else { show(true); }
                    });
                } else if (ev.key === "Escape") {
                    input.value = ""; results = []; show();
                }
            });
            return div;
        };
        control.addTo(map);
    }

    atlas.finder = {add: add, searchKey: searchKey, findPlaces: findPlaces};
    if (typeof module !== "undefined" && module.exports) { module.exports = atlas.finder; }
})(typeof globalThis !== "undefined" ? globalThis : this);
