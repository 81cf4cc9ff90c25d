/*
 * Oblasts shaded by the window's region-level records (layers.regions.RegionShading).
 *
 * A record known only by its oblast is never drawn at a point: it is counted in its oblast,
 * and the oblast is shaded in classed colours (droneatlas.regions). The oblasts' outlines
 * are fetched once per page (or inlined in a standalone file); each view brings only the
 * shading: per oblast code its colour, value, count and newest records (by address, fetched
 * once, or inlined). Popups list the records with every value set as text.
 *
 * Playback (playback.js) fires "atlas:playframe" {first, last} on the map: each oblast is
 * then recounted from its records' [day, weight] for that frame and coloured on the
 * window's classes (an oblast with no record in the frame is hidden); {first: null} restores
 * the window's shading. map.atlas.regionDays lists the records' days (playback's period).
 *
 * Pure parts, exported for tests: shadedFeatures, popupLines, frameValue, classColour.
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

    /** [records, weight] of days ([day, weight] pairs) within [first, last]. */
    function frameValue(days, first, last) {
        var n = 0, total = 0;
        (days || []).forEach(function (d) { if (d[0] >= first && d[0] <= last) { n += 1; total += d[1]; } });
        return [n, total];
    }

    /** The colour of the first class whose upper bound holds value (the last one beyond). */
    function classColour(value, breaks, colours) {
        for (var i = 0; i < breaks.length; i++) { if (value <= breaks[i]) { return colours[i]; } }
        return colours[colours.length - 1];
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

    function styleFor(shade, colour, options) {
        return {color: "#ffffff", weight: 0.6, opacity: colour ? 0.8 : 0, fillColor: colour || shade.colour,
            fillOpacity: colour ? options.opacity : 0};
    }

    /** Recolours the drawn oblasts for a playback frame (first null: the whole window). */
    function showFrame(state, first, last) {
        state.regionLayers.forEach(function (entry) {
            var colour = entry.shade.colour;
            if (first !== null && entry.breaks) {
                var got = frameValue(entry.shade.days, first, last);
                colour = got[0] ? classColour(got[1], entry.breaks, entry.colours) : null;
            }
            entry.layer.setStyle(styleFor(entry.shade, colour, entry.options));
        });
    }

    function draw(map, group, geometry, shading, options) {
        if (!map.getPane(PANE)) { map.createPane(PANE).style.zIndex = PANE_Z; }
        var state = atlas.of(map);
        if (!state.regionLayers) {
            map.on("atlas:playframe", function (e) { showFrame(state, e.first, e.last); });
        }
        state.regionLayers = [];  // this view's oblasts (the app replaces the group on every run)
        state.regionDays = [];
        shadedFeatures(geometry, shading).forEach(function (pair) {
            var feature = pair[0], shade = pair[1];
            var layer = L.geoJSON(feature, {pane: PANE, style: function () {
                return {color: "#ffffff", weight: 0.6, opacity: 0.8, fillColor: shade.colour,
                    fillOpacity: options.opacity};
            }});
            layer.options.atlasCode = feature.properties.code;
            state.regionLayers.push({layer: layer, shade: shade, breaks: shading.breaks,
                colours: shading.colours, options: options});
            (shade.days || []).forEach(function (d) { state.regionDays.push(d[0]); });
            layer.bindPopup(function () { return popupNode(feature.properties.name, shade, shading); },
                {maxWidth: 360, maxHeight: 320});
            group.addLayer(layer);
        });
        map.fire("atlas:regionsdrawn");
    }

    /**
     * Shades oblasts into group, a feature group of map. options: geometry (inlined) or
     * geometryUrl (gzipped, fetched once per page); shading (inlined) or shadingUrl
     * (gzipped, fetched once per address); opacity of the fill.
     */
    function add(map, group, options) {
        // A cache of its own, not map.atlas.fetched: the drawn map (controls.announceDrawn)
        // does not wait for the outlines, as it does not wait for the far borders; the shading
        // paints a moment later, and the controls are not held back by it.
        var state = atlas.of(map);
        var fetched = state.regionFetched = state.regionFetched || {};
        function get(url) {
            if (!fetched[url]) {
                fetched[url] = atlas.fetchJson(url);
                fetched[url].catch(function () { delete fetched[url]; });
            }
            return fetched[url];
        }
        var geometry = options.geometry ? Promise.resolve(options.geometry) : get(options.geometryUrl);
        var shading = options.shading ? Promise.resolve(options.shading) : get(options.shadingUrl);
        Promise.all([geometry, shading]).then(function (got) { draw(map, group, got[0], got[1], options); },
            function (error) { console.error(error); });
    }

    atlas.regions = {
        add: add, shadedFeatures: shadedFeatures, popupLines: popupLines, frameValue: frameValue,
        classColour: classColour
    };
    if (typeof module !== "undefined" && module.exports) { module.exports = atlas.regions; }
})(typeof globalThis !== "undefined" ? globalThis : this);
