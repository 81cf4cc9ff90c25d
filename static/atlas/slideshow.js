/*
 * The deck's offline slideshow (layers.slideshow): one map stepped through the slides. A
 * slide shows its feature groups (sites, rings: drawn once, removed and added back), moves
 * the strikes' window, writes the stamp and the legend, and frames its view. Arrow keys,
 * Page Up/Down, space, Home and End step; so do the on-screen buttons. Every text from the
 * deck or the data is set as textContent; links are made for http(s) addresses only.
 *
 * map.atlas.slide: the index of the slide shown. Event: "atlas:slide" {index}.
 * Pure part, exported for tests: step.
 */
(function (root) {
    "use strict";

    var atlas = root.DroneAtlas || (typeof require === "function" && require("./atlas.js"));
    var NEXT = ["ArrowRight", "ArrowDown", "PageDown", " ", "Spacebar"];
    var PREVIOUS = ["ArrowLeft", "ArrowUp", "PageUp"];

    /** The slide to show after key on slide index of count (the same index: nothing to do). */
    function step(index, count, key) {
        if (NEXT.indexOf(key) >= 0) { return Math.min(index + 1, count - 1); }
        if (PREVIOUS.indexOf(key) >= 0) { return Math.max(index - 1, 0); }
        if (key === "Home") { return 0; }
        if (key === "End") { return count - 1; }
        return index;
    }

    function button(parent, text, title, onClick) {
        var b = atlas.el("button", "atlas-slide-button", text);
        b.type = "button";
        b.title = title;
        b.onclick = onClick;
        parent.appendChild(b);
        return b;
    }

    /** The panel: deck title, slide title, buttons and counter, notes and sources. */
    function panel(map, deckTitle, go) {
        var control = L.control({position: "bottomleft"}), parts = {};
        control.onAdd = function () {
            var box = atlas.el("div", "atlas-slides", null);
            L.DomEvent.disableClickPropagation(box);
            L.DomEvent.disableScrollPropagation(box);
            if (deckTitle) { box.appendChild(atlas.el("div", "atlas-slides-deck", deckTitle)); }
            parts.title = box.appendChild(atlas.el("div", "atlas-slides-title", ""));
            var bar = box.appendChild(atlas.el("div", "atlas-slides-bar", null));
            parts.previous = button(bar, "◀ Previous", "Previous slide (←)", function () { go(-1); });
            parts.counter = bar.appendChild(atlas.el("span", "atlas-slides-counter", ""));
            parts.next = button(bar, "Next ▶", "Next slide (→)", function () { go(1); });
            parts.toggle = button(bar, "Notes", "Show or hide the notes and sources", function () {
                parts.notes.hidden = !parts.notes.hidden;
            });
            parts.notes = box.appendChild(atlas.el("div", "atlas-slides-notes", null));
            parts.notes.hidden = true;
            return box;
        };
        control.addTo(map);
        return parts;
    }

    function fillNotes(box, slide) {
        box.textContent = "";
        slide.notes.forEach(function (text) { box.appendChild(atlas.el("p", null, text)); });
        if (!slide.sources.length) { return; }
        box.appendChild(atlas.el("div", "atlas-slides-sources-head", "Sources"));
        var list = box.appendChild(atlas.el("ol", "atlas-slides-sources", null));
        slide.sources.forEach(function (source) {
            var item = list.appendChild(atlas.el("li", null, null));
            if (atlas.isWebLink(source.url)) {
                var a = item.appendChild(atlas.el("a", null, source.label || source.id));
                a.href = source.url;
                a.target = "_blank";
                a.rel = "noopener noreferrer";
            } else {
                item.appendChild(atlas.el("span", null, source.label || source.id));
            }
        });
    }

    /** Adds the slideshow to map; options: title (the deck's) and slides (layers.slideshow). */
    function add(map, options) {
        var slides = options.slides, state = atlas.of(map), container = map.getContainer();
        var groups = slides.map(function (slide) {
            return slide.groups.map(function (name) { return root[name]; }).filter(Boolean);
        });
        var parts = panel(map, options.title, function (delta) { show(state.slide + delta); });

        function show(index) {
            index = Math.max(0, Math.min(slides.length - 1, index));
            var slide = slides[index];
            groups.forEach(function (list, i) {
                if (i !== index) { list.forEach(function (g) { map.removeLayer(g); }); }
            });
            groups[index].forEach(function (g) { if (!map.hasLayer(g)) { g.addTo(map); } });
            atlas.strikes.setWindow(map, slide.window);
            atlas.strikes.setStyle(map, slide.style);
            atlas.strikes.setFilter(map, slide.filter || null);
            var stampTitle = container.querySelector(".atlas-stamp-title");
            if (stampTitle) { stampTitle.textContent = slide.title; }
            atlas.controls.setText("atlas-window", slide.caption);
            atlas.controls.setHtml("atlas-legend", slide.legend);  // built and escaped by layers.legend
            if (slide.center) {
                map.setView(slide.center, slide.zoom || map.getZoom(), {animate: false});
            } else if (slide.bounds) {
                map.fitBounds(slide.bounds, {padding: [40, 40], maxZoom: slide.fitMaxZoom, animate: false});
            }
            parts.title.textContent = slide.title;
            parts.counter.textContent = (index + 1) + " / " + slides.length;
            parts.previous.disabled = index === 0;
            parts.next.disabled = index === slides.length - 1;
            fillNotes(parts.notes, slide);
            state.slide = index;
            map.fire("atlas:slide", {index: index});
        }

        root.document.addEventListener("keydown", function (event) {
            if (event.target && /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName)) { return; }
            var next = step(state.slide, slides.length, event.key);
            if (next !== state.slide) { event.preventDefault(); show(next); }
        });
        if (options.title) { root.document.title = options.title; }
        show(0);
        return show;
    }

    atlas.slideshow = {add: add, step: step};
    if (typeof module !== "undefined" && module.exports) { module.exports = atlas.slideshow; }
})(typeof globalThis !== "undefined" ? globalThis : this);
