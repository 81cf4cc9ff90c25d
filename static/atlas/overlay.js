/*
 * Overlay data drawn into a feature group (layers.overlay.OverlayLayer): site markers and
 * ring shapes as plain JSON, inlined or fetched by address.
 *
 * The app publishes each overlay once as a content-addressed file and a run sends only its
 * address; the page keeps what it fetched (map.atlas.fetched), so a timeline change that
 * shows the same sites and rings fetches nothing. Popup and tooltip HTML in the data was
 * built by layers.popups, every value escaped there; nothing here builds markup from data.
 *
 * Pure part, exported for tests: tag.
 */
(function (root) {
    "use strict";

    var atlas = root.DroneAtlas || (typeof require === "function" && require("./atlas.js"));

    /** Marks layer with the days item is shown (for playback.js), when the item has them. */
    function tag(layer, item) {
        if (item.from !== undefined) { layer.options.atlasFrom = item.from; layer.options.atlasTo = item.to; }
        return layer;
    }

    function draw(map, group, data, maxWidth) {
        function bind(layer, item) {
            if (item.popup) { layer.bindPopup(item.popup, {maxWidth: maxWidth}); }
            if (item.tooltip) { layer.bindTooltip(item.tooltip, {sticky: true}); }
            return tag(layer, item);
        }
        (data.shapes || []).forEach(function (item) {
            var style = item.style;
            group.addLayer(bind(L.geoJSON(item.geometry, {style: function () { return style; }}), item));
        });
        (data.markers || []).forEach(function (item) {
            var half = item.size / 2;
            var icon = L.divIcon({html: item.icon, className: item.className,
                iconSize: [item.size, item.size], iconAnchor: [half, half]});
            var marker = bind(L.marker([item.lat, item.lon], {icon: icon}), item);
            // Its name labels it at mid zoom (places.js), placed with the map's other names.
            if (item.label && atlas.places) { atlas.places.register(map, marker, item.label); }
            group.addLayer(marker);
        });
    }

    /**
     * Draws overlay data into group, a feature group of map. options: data (inlined) or url (gzipped,
     * fetched once for the life of the page: later runs reuse it); maxWidth of popups.
     */
    function add(map, group, options) {
        if (options.data) { draw(map, group, options.data, options.maxWidth); return; }
        var fetched = atlas.of(map).fetched, url = options.url;
        if (!fetched[url]) { fetched[url] = atlas.fetchJson(url, {priority: "high"}); }
        fetched[url].then(function (data) { draw(map, group, data, options.maxWidth); },
            function (error) { delete fetched[url]; console.error(error); });
    }

    atlas.overlay = {add: add, tag: tag};
    if (typeof module !== "undefined" && module.exports) { module.exports = atlas.overlay; }
})(typeof globalThis !== "undefined" ? globalThis : this);
