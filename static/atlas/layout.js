/*
 * How the map sits in its page: the app's map fills the window's height below what comes
 * before it (the frame of streamlit-folium has a fixed height otherwise), and a control
 * (the legend) folds to its title, remembered in the browser and folded at first on a
 * narrow screen.
 *
 * Pure parts, exported for tests: frameHeight, startsFolded.
 */
(function (root) {
    "use strict";

    var atlas = root.DroneAtlas || (typeof require === "function" && require("./atlas.js"));
    var NARROW_PX = 640;  // below this the map is a phone's: the legend starts folded

    /**
     * The map frame's height: the viewport below the frame's top, less a gap, never less
     * than minPx (a short window scrolls rather than shrinking the map to nothing).
     */
    function frameHeight(viewportPx, frameTopPx, options) {
        return Math.max(options.minPx, Math.floor(viewportPx - frameTopPx - options.gapPx));
    }

    /** Folded or not, at first: as remembered ("1"/"0"), else folded on a narrow map. */
    function startsFolded(remembered, widthPx) {
        if (remembered === "1" || remembered === "0") { return remembered === "1"; }
        return widthPx < NARROW_PX;
    }

    // localStorage may be missing or refuse (a file opened from disk, privacy settings).
    function recall(key) {
        try { return root.localStorage ? root.localStorage.getItem(key) : null; } catch (e) { return null; }
    }
    function remember(key, value) {
        try { if (root.localStorage) { root.localStorage.setItem(key, value); } } catch (e) { /* not kept */ }
    }

    /** The frame element holding this map in the app's page, or null (a standalone file). */
    function hostFrame() {
        try {
            return root.parent !== root && root.frameElement ? root.frameElement : null;
        } catch (e) {
            return null;
        }
    }

    /** The frame's top in its page's document: its place on screen plus what is scrolled. */
    function documentTop(frame) {
        var top = frame.getBoundingClientRect().top, el = frame.parentElement;
        for (; el; el = el.parentElement) { top += el.scrollTop || 0; }
        return top;
    }

    /**
     * In the app, sizes the map's frame (and the map) to the window's height below the
     * frame's top; again whenever the page's window or content changes size.
     * options: minPx, gapPx. Does nothing in a standalone file.
     */
    function fillWindow(map, options) {
        var frame = hostFrame();
        if (!frame) { return; }
        var page = root.parent, scheduled = false;
        var fit = function () {
            scheduled = false;
            var px = frameHeight(page.innerHeight, documentTop(frame), options);
            if (frame.style.height === px + "px") { return; }
            frame.style.height = px + "px";
            map.getContainer().style.height = px + "px";
            map.invalidateSize({pan: false});
            atlas.of(map).frameHeight = px;
        };
        var later = function () {
            if (!scheduled) { scheduled = true; root.requestAnimationFrame(fit); }
        };
        page.addEventListener("resize", later);
        var block = frame.closest('[data-testid="stMainBlockContainer"]') || page.document.body;
        if (page.ResizeObserver) { new page.ResizeObserver(later).observe(block); }
        fit();
    }

    /**
     * Makes a control foldable: a button (label) that shows or hides the body, the fold
     * remembered under storageKey. The button and body are built here; the body gets id.
     */
    function foldable(div, options) {
        var button = atlas.el("button", "atlas-fold", options.label);
        button.type = "button";
        var body = atlas.el("div", "atlas-fold-body");
        if (options.id) { body.id = options.id; }
        body.innerHTML = options.html;
        var set = function (folded) {
            div.classList.toggle("atlas-folded", folded);
            button.setAttribute("aria-expanded", folded ? "false" : "true");
            button.title = folded ? "Show the " + options.label.toLowerCase() : "Fold the " + options.label.toLowerCase();
        };
        set(startsFolded(recall(options.storageKey), root.innerWidth || NARROW_PX));
        button.onclick = function () {
            var folded = !div.classList.contains("atlas-folded");
            set(folded);
            remember(options.storageKey, folded ? "1" : "0");
        };
        div.appendChild(button);
        div.appendChild(body);
    }

    atlas.layout = {frameHeight: frameHeight, startsFolded: startsFolded, fillWindow: fillWindow, foldable: foldable};
    if (typeof module !== "undefined" && module.exports) { module.exports = atlas.layout; }
})(typeof globalThis !== "undefined" ? globalThis : this);
