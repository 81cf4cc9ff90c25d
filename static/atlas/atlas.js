/*
 * Drone Atlas in the page: the namespace the other atlas files add to, and the helpers
 * they share. Plain browser scripts, no bundler: the app serves this folder as static
 * files (droneatlas.assets; loaded once, with the base map), a standalone HTML file
 * inlines them (layers.standalone), and Node's test runner requires them (tests/js/).
 * The folium elements of layers/ only call into them with options.
 *
 * window.DroneAtlas (this file and the ones it names):
 *   of(map)          the map's own state, map.atlas (below), made on first use
 *   dayText(day)     "29 Oct 2022" for a day number (days since 1970-01-01, UTC)
 *   isWebLink(url)   true for http(s) addresses only: the only links we make from data
 *   el(tag, cls, text)  a DOM element whose text is set as text, never parsed as HTML
 *   fetchJson(url, {priority})  a Promise of the gzipped JSON at url, decompressed in the
 *                    page; priority "high" for what the first map waits for (a hint to the browser)
 *   fetchOnce(map, url)  fetchJson once for the life of the page (kept in map.atlas.fetched)
 *   fetchBytes(url, {priority})  the same for gzipped bytes: a Promise of an ArrayBuffer
 *   mark(name)       a performance mark "atlas:<name>" (borders-data, borders-drawn, core-data,
 *                    strikes-drawn): when the first drawing spent its time
 *   strikes   (strikes.js)   the strikes layer: drawing, grouping, popups
 *   density   (density.js)   the strikes layer's density view: hexagons counted in the page
 *   playback  (playback.js)  the play/pause control and its stepping
 *   overlay   (overlay.js)   site markers and ring shapes from overlay data
 *   regions   (regions.js)   oblasts shaded by the window's region-level records
 *   controls  (controls.js)  borders, HTML controls, the view link, "drawn" events
 *   places    (places.js)    oblast outlines and place names, placed without overlaps
 *   finder    (finder.js)    "Find a place": the search box over the gazetteer
 *   follow    (follow.js)    the strikes follow the page's timeline slider as it moves
 *   layout    (layout.js)    the map fills the window's height; foldable controls
 *   slideshow (slideshow.js) the deck's offline slideshow: one map stepped slide by slide
 *   sync      (sync.js)      compare mode: maps that pan and zoom together
 *
 * map.atlas, what Drone Atlas keeps on a Leaflet map (of(map)):
 *   strikes       the strikes layer (DroneAtlas.strikes.add): core, window, play, style,
 *                 selected, group, setWindow(first, last), setPlay(first, last),
 *                 setStyle("points" | "density"), selectedCount(),
 *                 openStrike(k); null until the layer is added
 *   fetched       {url: Promise of JSON}: overlay data fetched by this page, kept for its
 *                 life so that later runs showing the same data fetch nothing
 *   bordersDrawn  true once the borders of the region the map opens on are drawn
 *   bordersComplete  true once every country's border is (the rest come after the first map)
 *   bordersDetailed  true once the first region's borders are the full outlines, not the
 *                 coarse ones a map opening zoomed out draws first (controls.borders)
 *   drawnAt       ms since the epoch when borders, strikes and the overlays fetched so far
 *                 were drawn and painted (controls.announceDrawn); null before
 *   reported      true once the drawn map has told Streamlit (controls.reportDrawn)
 *   regionLayers  the shaded oblasts of this view (regions.js), regionDays their records' days,
 *                 regionFetched {url: Promise}: the outlines and shadings it fetched (kept apart
 *                 from fetched: the drawn map does not wait for them)
 *
 * Events fired on the map: "atlas:strikesdrawn", "atlas:bordersdrawn", "atlas:drawn",
 * "atlas:borderscomplete", "atlas:regionsdrawn", "atlas:playframe" {first, last} (playback).
 */
(function (root) {
    "use strict";

    var DAY_MS = 86400000;
    var atlas = root.DroneAtlas = root.DroneAtlas || {};

    atlas.DAY_MS = DAY_MS;

    atlas.of = function (map) {
        if (!map.atlas) {
            map.atlas = {
                strikes: null, fetched: {}, bordersDrawn: false, bordersComplete: false, bordersDetailed: false,
                    drawnAt: null, reported: false
            };
        }
        return map.atlas;
    };

    atlas.dayText = function (day) {
        return new Date(day * DAY_MS).toLocaleDateString("en-GB",
            {day: "numeric", month: "short", year: "numeric", timeZone: "UTC"});
    };

    // Named moments of the first drawing (the benchmarks read them): no cost when absent.
    atlas.mark = function (name) {
        if (root.performance && root.performance.mark) { root.performance.mark("atlas:" + name); }
    };

    atlas.isWebLink = function (url) {
        return typeof url === "string" && /^https?:\/\//i.test(url);
    };

    atlas.el = function (tag, cls, text) {
        var e = document.createElement(tag);
        if (cls) { e.className = cls; }
        if (text !== undefined && text !== null) { e.textContent = String(text); }
        return e;
    };

    // Packs, borders, place names and the published overlays and shading are stored gzipped
    // (droneatlas.strikepack, droneatlas.assets, droneatlas.publish) and served as they are:
    // the page decompresses them.
    function fetchGunzipped(url, options) {
        return root.fetch(url, {priority: (options && options.priority) || "auto"}).then(function (r) {
            if (!r.ok) { throw new Error(url + ": " + r.status); }
            return new Response(r.body.pipeThrough(new DecompressionStream("gzip")));
        });
    }
    atlas.fetchJson = function (url, options) {
        return fetchGunzipped(url, options).then(function (r) { return r.json(); });
    };
    /** JSON at url, fetched once for the life of the page (map.atlas.fetched): later asks share it. */
    atlas.fetchOnce = function (map, url) {
        var fetched = atlas.of(map).fetched;
        if (!fetched[url]) { fetched[url] = atlas.fetchJson(url); }
        return fetched[url];
    };
    atlas.fetchBytes = function (url, options) {
        return fetchGunzipped(url, options).then(function (r) { return r.arrayBuffer(); });
    };

    if (typeof module !== "undefined" && module.exports) { module.exports = atlas; }
})(typeof globalThis !== "undefined" ? globalThis : this);
