/*
 * Playback (layers.controls.Playback): plays the shown period back in time, with play/pause,
 * speed, and cumulative or moving ("last 30 days") windows.
 *
 * It finds the layers tagged with the days they are shown (options.atlasFrom/atlasTo, set
 * by overlay.js) each time play starts (in the app the layers are replaced on every slider
 * move) and shows those active at the current day, and narrows the strikes layer to the
 * same days (map.atlas.strikes.setPlay). Pause keeps the frame; stop shows everything again.
 *
 * Pure parts, exported for tests: span, windowStart, isShown, advance.
 */
(function (root) {
    "use strict";

    var atlas = root.DroneAtlas || (typeof require === "function" && require("./atlas.js"));
    var TICK_MS = 100, MOVING_DAYS = 30;

    /** {first, last} of the days (nulls skipped), or null when there is none. A loop, not
     * Math.min.apply: a million days are more arguments than a call takes. */
    function span(days) {
        var first = Infinity, last = -Infinity;
        days.forEach(function (d) {
            if (d !== null && d !== undefined) { first = Math.min(first, d); last = Math.max(last, d); }
        });
        return first === Infinity ? null : {first: first, last: last};
    }

    /** First day shown at day: the start of the period (cumulative), or 30 days back (moving). */
    function windowStart(mode, day, first) {
        return mode === "moving" ? day - MOVING_DAYS : first;
    }

    /** Whether something active from `from` to `to` (null: still active) shows at day, the
     * frame starting at start. */
    function isShown(from, to, day, start) {
        return from <= day && (to === null || to === undefined || to >= start);
    }

    /** The (fractional) day after one tick at speed days per second, never beyond last. */
    function advance(day, speed, last) {
        return Math.min(day + speed * TICK_MS / 1000, last);
    }

    /** Every layer under the map's groups tagged with its days, each once, with its group. */
    function collect(map) {
        var found = [], seen = new Set();
        function walk(group) {
            group.getLayers().forEach(function (layer) {
                if (layer.options && layer.options.atlasFrom !== undefined) {
                    var id = L.stamp(layer);
                    if (!seen.has(id)) { seen.add(id); found.push({layer: layer, parent: group}); }
                } else if (layer.getLayers) {
                    walk(layer);
                }
            });
        }
        map.eachLayer(function (layer) {
            if (layer.getLayers && !(layer._map && layer._parentGroup)) { walk(layer); }
        });
        return found;
    }

    var CONTROL_HTML =
        '<button type="button" data-act="play" title="Play the period back">&#9654; Play</button>' +
        '<button type="button" data-act="stop" title="Show everything again">&#9632;</button>' +
        '<select data-act="speed" title="Speed">' +
        '<option value="1">1 day/s</option><option value="7" selected>1 week/s</option>' +
        '<option value="30">1 month/s</option></select>' +
        '<select data-act="mode" title="What is shown at each moment">' +
        '<option value="cumulative">cumulative</option>' +
        '<option value="moving">last 30 days</option></select>' +
        '<span class="atlas-playback-day"></span>';

    /** Adds the playback control to map (bottom left). */
    function add(map) {
        var control = L.control({position: "bottomleft"});
        var state = {timer: null, tagged: [], day: null, first: null, last: null};
        var ui = {};
        control.onAdd = function () {
            var div = L.DomUtil.create("div", "atlas-playback");
            div.innerHTML = CONTROL_HTML;  // our own markup, no data in it
            ui.play = div.querySelector('[data-act="play"]');
            ui.stop = div.querySelector('[data-act="stop"]');
            ui.speed = div.querySelector('[data-act="speed"]');
            ui.mode = div.querySelector('[data-act="mode"]');
            ui.day = div.querySelector(".atlas-playback-day");
            ui.play.onclick = function () { if (state.timer) { pause(); } else { play(); } };
            ui.stop.onclick = stop;
            L.DomEvent.disableClickPropagation(div);
            return div;
        };
        function show(day) {
            var start = day === null ? null : windowStart(ui.mode.value, day, state.first);
            var strikes = atlas.of(map).strikes;
            if (strikes) { strikes.setPlay(start, day); }
            map.fire("atlas:playframe", {first: start, last: day});  // the oblasts' shading (regions.js)
            state.tagged.forEach(function (tag) {
                var o = tag.layer.options;
                var on = day === null || isShown(o.atlasFrom, o.atlasTo, day, start);
                var has = tag.parent.hasLayer(tag.layer);
                if (on && !has) { tag.parent.addLayer(tag.layer); }
                if (!on && has) { tag.parent.removeLayer(tag.layer); }
            });
            ui.day.textContent = day === null ? "" : atlas.dayText(day);
        }
        function play() {
            if (state.day === null) {
                state.tagged = collect(map);
                var days = [];
                var strikes = atlas.of(map).strikes;
                if (strikes && strikes.core && strikes.window) {
                    strikes.selected.forEach(function (i) { days.push(strikes.core.day[i]); });
                }
                state.tagged.forEach(function (t) { days.push(t.layer.options.atlasFrom, t.layer.options.atlasTo); });
                (atlas.of(map).regionDays || []).forEach(function (d) { days.push(d); });  // shaded oblasts' records
                var period = span(days);
                if (!period) { return; }
                state.first = period.first; state.last = period.last;
                state.day = state.first;
            }
            ui.play.innerHTML = "&#10074;&#10074; Pause";
            state.timer = setInterval(function () {
                state.day = advance(state.day, Number(ui.speed.value), state.last);
                show(Math.floor(state.day));
                if (state.day >= state.last) { pause(); state.day = null; }
            }, TICK_MS);
        }
        function pause() {
            clearInterval(state.timer);
            state.timer = null;
            ui.play.innerHTML = "&#9654; Play";
        }
        function stop() {
            pause();
            show(null);
            state.day = null;
        }
        control.addTo(map);
    }

    atlas.playback = {
        add: add, span: span, windowStart: windowStart, isShown: isShown, advance: advance,
        TICK_MS: TICK_MS, MOVING_DAYS: MOVING_DAYS
    };
    if (typeof module !== "undefined" && module.exports) { module.exports = atlas.playback; }
})(typeof globalThis !== "undefined" ? globalThis : this);
