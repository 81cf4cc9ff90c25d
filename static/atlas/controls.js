/*
 * Map furniture and the map's conversation with its page (layers.controls): country
 * borders, a corner control of our own HTML, the view link ("Copy link"), and the
 * "drawn" moment (announced on the map, reported to Streamlit).
 *
 * Pure part, exported for tests: viewParams.
 */
(function (root) {
    "use strict";

    var atlas = root.DroneAtlas || (typeof require === "function" && require("./atlas.js"));

    /**
     * Country borders (inlined data, or fetched gzipped from urls) into a pane below the
     * overlays: it keeps them under the rings and markers although they arrive after them;
     * not interactive, so they never steal a click. options: urls or data, coarse, style,
     * attribution.
     * The first url (the region the map opens on) counts for the drawn map; the others
     * (the rest of the world) are fetched once it is drawn, off the first map's path.
     * coarse ({url, maxZoom}): the first url's countries simplified, drawn instead while the
     * map is at most at maxZoom; zoomed in further, the first url's outlines replace them.
     */
    function borders(map, options) {
        if (map.attributionControl) { map.attributionControl.addAttribution(options.attribution); }
        map.createPane("atlas-borders").style.zIndex = 250;
        var state = atlas.of(map);
        var add = function (data) {
            return L.geoJSON(data, {pane: "atlas-borders", interactive: false, style: options.style}).addTo(map);
        };
        var first = function (data) {
            atlas.mark("borders-data");
            var layer = add(data);
            atlas.mark("borders-drawn");
            state.bordersDrawn = true;
            map.fire("atlas:bordersdrawn");
            return layer;
        };
        if (options.data) { first(options.data); state.bordersComplete = state.bordersDetailed = true; return; }
        var rest = function () {
            Promise.all(options.urls.slice(1).map(function (url) {
                return atlas.fetchJson(url).then(add);
            })).then(function () {
                state.bordersComplete = true;
                map.fire("atlas:borderscomplete");
            });
        };
        var full = function () {
            return atlas.fetchJson(options.urls[0], {priority: "high"}).then(function (data) {
                first(data);
                state.bordersDetailed = true;
            });
        };
        if (options.coarse && map.getZoom() <= options.coarse.maxZoom) {
            atlas.fetchJson(options.coarse.url, {priority: "high"}).then(function (data) {
                var coarse = first(data);
                var zoomed = function () {
                    if (map.getZoom() <= options.coarse.maxZoom) { return; }
                    map.off("zoomend", zoomed);
                    atlas.fetchJson(options.urls[0]).then(function (outlines) {
                        add(outlines);
                        map.removeLayer(coarse);
                        state.bordersDetailed = true;
                    }, function () { map.on("zoomend", zoomed); });  // asked again on the next zoom
                };
                map.on("zoomend", zoomed);
                zoomed();  // zoomed in while the coarse outlines were on their way
            }, full);  // no coarse file (an older install): the full outlines instead
        } else {
            full();
        }
        if (state.drawnAt) { rest(); } else { map.once("atlas:drawn", rest); }
    }

    /** A control in one corner holding HTML that layers/ built and escaped itself.
     * options: position, className, id (or null), html; fold (or null): {label, storageKey}
     * makes it foldable to a button (layout.js), the html and id then on its body. */
    function htmlControl(map, options) {
        var control = L.control({position: options.position});
        control.onAdd = function () {
            var div = L.DomUtil.create("div", options.className);
            if (options.fold) {
                atlas.layout.foldable(div, {label: options.fold.label, storageKey: options.fold.storageKey,
                    id: options.id, html: options.html});
            } else {
                if (options.id) { div.id = options.id; }
                div.innerHTML = options.html;
            }
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            return div;
        };
        control.addTo(map);
    }

    /** The link's view parameters for a map centre and zoom: lat, lon (wrapped into
     * -180..180) to 4 decimals, zoom. */
    function viewParams(lat, lng, zoom) {
        var lon = lng === 180 ? 180 : ((lng + 180) % 360 + 360) % 360 - 180;  // as L.Util.wrapNum
        return {lat: lat.toFixed(4), lon: lon.toFixed(4), zoom: String(zoom)};
    }

    function copyText(text) {
        if (navigator.clipboard && navigator.clipboard.writeText) {
            return navigator.clipboard.writeText(text).catch(function () { copyByHand(text); });
        }
        copyByHand(text);
        return Promise.resolve();
    }
    function copyByHand(text) {
        var area = document.createElement("textarea");
        area.value = text;
        document.body.appendChild(area);
        area.select();
        try { document.execCommand("copy"); } catch (e) { /* nothing more to try */ }
        document.body.removeChild(area);
    }

    /**
     * Keeps the parent page's address in step with the map view (replaceState: no reload,
     * no rerun) and adds a "Copy link" button. Inside a standalone file there is no parent
     * app: nothing is added.
     *
     * The page also keeps the view itself (page.droneAtlasView): a map mounted anew in the
     * same page (measuring, presenter view, another base map) opens where the last one was.
     * The server cannot tell it: it never hears of the address the map writes.
     */
    function viewLink(map) {
        var page;
        try { page = window.parent !== window ? window.parent : null; if (page) { void page.location.href; } }
        catch (e) { page = null; }
        if (!page) { return; }
        var last = page.droneAtlasView, written = null;
        if (last) { map.setView([last.lat, last.lng], last.zoom, {animate: false}); }
        function link() {
            var url = new URL(page.location.href), c = map.getCenter();
            page.droneAtlasView = {lat: c.lat, lng: c.lng, zoom: map.getZoom()};
            var params = viewParams(c.lat, c.lng, map.getZoom());
            Object.keys(params).forEach(function (k) { url.searchParams.set(k, params[k]); });
            page.history.replaceState(page.history.state, "", url.toString());
            written = page.location.href;
            return url.toString();
        }
        map.on("moveend", link);
        // A rerun rewrites the address from the server's copy, which lacks the map's moves
        // (and no event says so): once a second, an address this map did not write gets
        // the view put back.
        setInterval(function () { if (page.location.href !== written) { link(); } }, 1000);
        var control = L.control({position: "topleft"});
        control.onAdd = function () {
            var button = L.DomUtil.create("button", "atlas-copy-link");
            button.type = "button";
            button.title = "Copy a link to this view";
            button.textContent = "Copy link";
            L.DomEvent.disableClickPropagation(button);
            button.onclick = function () {
                copyText(link()).then(function () {
                    button.textContent = "Link copied";
                    setTimeout(function () { button.textContent = "Copy link"; }, 2000);
                });
            };
            return button;
        };
        control.addTo(map);
    }

    /**
     * Marks the moment the map is drawn: borders (when the map has a borders pane), strikes
     * and the overlays fetched so far (a failed one counts as done) are on screen and
     * painted. Sets map.atlas.drawnAt and fires "atlas:drawn".
     */
    function announceDrawn(map) {
        var state = atlas.of(map), done = false;
        var check = function () {
            var drawn = state.strikes && state.strikes.core && (!map.getPane("atlas-borders") || state.bordersDrawn);
            if (!drawn || done) { return; }
            done = true;
            var overlays = Object.values(state.fetched).map(function (p) {
                return p.catch(function () { return null; });
            });
            Promise.all(overlays).then(function () {
                requestAnimationFrame(function () {  // then the paint
                    setTimeout(function () { state.drawnAt = Date.now(); map.fire("atlas:drawn"); }, 0);
                });
            });
        };
        map.on("atlas:strikesdrawn atlas:bordersdrawn", check);
        check();
    }

    /**
     * Once the map is drawn, tells Streamlit value as the map component's value, once per
     * page however often this update arrives. The message is the component protocol's own
     * (what streamlit-folium's frame sends when a map is clicked).
     */
    function reportDrawn(map, value) {
        var state = atlas.of(map);
        if (window.parent === window || state.reported) { return; }
        state.reported = true;
        var post = function () {
            window.parent.postMessage({isStreamlitMessage: true, type: "streamlit:setComponentValue",
                value: value, dataType: "json"}, "*");
        };
        if (state.drawnAt) { post(); } else { map.once("atlas:drawn", post); }
    }

    /** Sets the text of an element of the map's page by id, as text: never parsed as HTML. */
    function setText(id, text) {
        var el = root.document && root.document.getElementById(id);
        if (el) { el.textContent = text; }
    }

    /** Replaces an element's content with HTML that Python built and escaped (layers.legend). */
    function setHtml(id, html) {
        var el = root.document && root.document.getElementById(id);
        if (el) { el.innerHTML = html; }
    }

    atlas.controls = {
        setText: setText, setHtml: setHtml,
        borders: borders, htmlControl: htmlControl, viewLink: viewLink, viewParams: viewParams,
        announceDrawn: announceDrawn, reportDrawn: reportDrawn
    };
    if (typeof module !== "undefined" && module.exports) { module.exports = atlas.controls; }
})(typeof globalThis !== "undefined" ? globalThis : this);
