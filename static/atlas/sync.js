/*
 * Compare mode: maps side by side that pan and zoom together. Each map is in a frame of its
 * own (Streamlit's components, or a standalone compare file's srcdoc frames), all of the
 * same origin as the page that holds them, so a map finds its siblings through
 * window.parent.frames: the frames whose synced map (DroneAtlas.sync.map, set by link)
 * joined the same group.
 *
 * Pure part, exported for tests: siblingMaps.
 */
(function (root) {
    "use strict";

    var atlas = root.DroneAtlas || (typeof require === "function" && require("./atlas.js"));

    /** The maps of ``frames`` (window-like objects) in ``group``, other than ``map``. A frame
     * of another origin throws on access: it is skipped, never an error. */
    function siblingMaps(frames, map, group) {
        var maps = [];
        for (var k = 0; k < frames.length; k++) {
            var other = null;
            try { other = frames[k].DroneAtlas && frames[k].DroneAtlas.sync.map; } catch (e) { other = null; }
            if (other && other !== map && other.atlas && other.atlas.syncGroup === group) { maps.push(other); }
        }
        return maps;
    }

    /** Joins ``map`` to ``group``: moving it moves the other maps of the group to the same view. */
    function link(map, group) {
        var state = atlas.of(map);
        state.syncGroup = group;
        atlas.sync.map = map;
        map.on("move", function () {
            if (state.syncing) { return; }  // this move came from a sibling: do not echo it
            var parent = root.parent && root.parent !== root ? root.parent : null;
            if (!parent) { return; }
            siblingMaps(parent.frames, map, group).forEach(function (other) {
                other.atlas.syncing = true;
                try { other.setView(map.getCenter(), map.getZoom(), {animate: false}); }
                finally { other.atlas.syncing = false; }
            });
        });
    }

    atlas.sync = {link: link, siblingMaps: siblingMaps, map: null};
    if (typeof module !== "undefined" && module.exports) { module.exports = atlas.sync; }
})(typeof globalThis !== "undefined" ? globalThis : this);
