/*
 * Oblasts shaded by the window's region-level records (layers.regions.RegionShading).
 *
 * A record known only by its oblast is never drawn at a point: it is counted in its oblast,
 * and the oblast is shaded in classed colours (droneatlas.regions). The oblasts' outlines
 * are fetched once per page (or inlined in a standalone file); each view brings only the
 * shading: per oblast code its colour, value, count and newest records (by address, fetched
 * once, or inlined). Popups list the records with every value set as text.
 *
 * Pure parts, exported for tests: shadedFeatures, popupLines.
 */
(function (root) {
    "use strict";

    var atlas = root.DroneAtlas || (typeof require === "function" && require("./atlas.js"));
    var PANE = "atlas-regions";
    var PANE_Z = 390;  // over the borders and tiles (200s), under rings, sites and strikes (400+)

    /** [feature, shade] for every feature of geometry whose code the shading has. */
    function shadedFeatures(geometry, shading) {
        var oblasts = (shading && shading.oblasts) || {};
        return ((geometry && geometry.features) || []).filter(function (f) {
            return Object.prototype.hasOwnProperty.call(oblasts, f.properties.code);
        }).map(function (f) { return [f, oblasts[f.properties.code]]; });
    }

    function plural(n, word) { return n.toLocaleString("en-GB") + " " + word + (n === 1 ? "" : "s"); }

    /** The popup's text: a title, a count line, the records' lines and what is left out. */
    function popupLines(name, shade, shading) {
        var value = shade.value.toLocaleString("en-GB");
        var title = name + " · " + (shading.measure === "drones launched"
            ? value + " drones launched" : plural(shade.value, "record"));
        var count = plural(shade.count, "region-level record") + " in this window, counted in the oblast"
            + " (where in it is not known)";
        var records = shade.records.map(function (r) { return r[0] + " · " + r[1]; });
        var more = shade.count > records.length ? "… and " + (shade.count - records.length) + " more" : "";
        return {title: title, count: count, records: records, more: more};
    }

    function popupNode(name, shade, shading) {
        var lines = popupLines(name, shade, shading), el = atlas.el;
        var box = el("div", "atlas-popup");
        box.appendChild(el("div", "atlas-popup-title", lines.title));
        box.appendChild(el("p", null, lines.count));
        var list = el("ol", "atlas-strike-list");
        lines.records.forEach(function (text) { list.appendChild(el("li", null, text)); });
        box.appendChild(list);
        if (lines.more) { box.appendChild(el("p", null, lines.more)); }
        return box;
    }

    function draw(map, group, geometry, shading, options) {
        if (!map.getPane(PANE)) { map.createPane(PANE).style.zIndex = PANE_Z; }
        shadedFeatures(geometry, shading).forEach(function (pair) {
            var feature = pair[0], shade = pair[1];
            var layer = L.geoJSON(feature, {pane: PANE, style: function () {
                return {color: "#ffffff", weight: 0.6, opacity: 0.8, fillColor: shade.colour,
                    fillOpacity: options.opacity};
            }});
            layer.options.atlasCode = feature.properties.code;
            layer.bindPopup(function () { return popupNode(feature.properties.name, shade, shading); },
                {maxWidth: 360, maxHeight: 320});
            group.addLayer(layer);
        });
        map.fire("atlas:regionsdrawn");
    }

    /**
     * Shades oblasts into group, a feature group of map. options: geometry (inlined) or
     * geometryUrl (gzipped, fetched once per page); shading (inlined) or shadingUrl (fetched
     * once per address); opacity of the fill.
     */
    function add(map, group, options) {
        var fetched = atlas.of(map).fetched;
        function get(url, gzip) {
            if (!fetched[url]) {
                fetched[url] = atlas.fetchJson(url, {gzip: gzip});
                fetched[url].catch(function () { delete fetched[url]; });
            }
            return fetched[url];
        }
        var geometry = options.geometry ? Promise.resolve(options.geometry) : get(options.geometryUrl, true);
        var shading = options.shading ? Promise.resolve(options.shading) : get(options.shadingUrl, false);
        Promise.all([geometry, shading]).then(function (got) { draw(map, group, got[0], got[1], options); },
            function (error) { console.error(error); });
    }

    atlas.regions = {add: add, shadedFeatures: shadedFeatures, popupLines: popupLines};
    if (typeof module !== "undefined" && module.exports) { module.exports = atlas.regions; }
})(typeof globalThis !== "undefined" ? globalThis : this);
