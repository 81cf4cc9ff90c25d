/*
 * The live map follows the page's timeline slider as it moves: the strikes of the new window
 * are drawn at once, while the app's run for it (the stamp, legend, sites and rings, and the
 * strikes' window again, which stays the authority) is still on its way. A drag shows the
 * strikes moving with it. The map's frame is of the same origin as the page that holds it
 * (Streamlit's components), so it listens to the page's slider inputs directly.
 *
 * Streamlit's date range slider holds each end as microseconds since 1970 in a range input
 * (value), inside the element of the widget's key (class "st-key-KEY").
 * Pure part, exported for tests: windowOf.
 */
(function (root) {
    "use strict";

    var atlas = root.DroneAtlas || (typeof require === "function" && require("./atlas.js"));
    var DAY_US = 86400e6;

    /** The slider's two ends (microseconds since 1970, as text) as days [first, last]; null
     * for anything else (one end, a value that is not a number, ends out of order). */
    function windowOf(values) {
        if (!values || values.length !== 2) { return null; }
        var days = [];
        for (var k = 0; k < 2; k++) {
            var us = Number(values[k]);
            if (values[k] === "" || !isFinite(us)) { return null; }
            days.push(Math.floor(us / DAY_US));
        }
        return days[0] <= days[1] ? days : null;
    }

    /** Moves the strikes of ``map`` with the page's range slider of widget key ``key``, while
     * the strikes are shown (a hidden layer stays hidden) and this frame lives. */
    function follow(map, key) {
        var page;
        try { page = root.parent && root.parent !== root ? root.parent.document : null; } catch (e) { page = null; }
        if (!page) { return; }  // a standalone file, or a page of another origin
        var selector = ".st-key-" + key;
        function moved(input) {
            if (!input || input.type !== "range" || !input.closest || !input.closest(selector)) { return; }
            var inputs = input.closest(selector).querySelectorAll("input[type=range]");
            var days = windowOf(Array.prototype.map.call(inputs, function (i) { return i.value; }));
            var strikes = atlas.of(map).strikes;
            var shown = strikes && strikes.window;
            if (days && shown && (days[0] !== shown[0] || days[1] !== shown[1])) { strikes.setWindow(days[0], days[1]); }
        }
        function onInput(event) { moved(event.target); }
        // A drag fires input events; keys move the slider through its state, which the page
        // then writes to the thumbs' aria-valuetext: both are followed.
        var observer = new root.MutationObserver(function (changes) {
            changes.forEach(function (change) { moved(change.target); });
        });
        page.addEventListener("input", onInput, true);
        observer.observe(page.body, {subtree: true, attributes: true, attributeFilter: ["aria-valuetext"]});
        // A remounted map is a new frame: the old one's listeners go with it.
        root.addEventListener("pagehide", function () {
            page.removeEventListener("input", onInput, true);
            observer.disconnect();
        });
    }

    atlas.follow = {follow: follow, windowOf: windowOf};
    if (typeof module !== "undefined" && module.exports) { module.exports = atlas.follow; }
})(typeof globalThis !== "undefined" ? globalThis : this);
