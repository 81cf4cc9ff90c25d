// The pure parts of static/atlas/controls.js and overlay.js.
const test = require("node:test");
const assert = require("node:assert/strict");
const controls = require("../../static/atlas/controls.js");
const overlay = require("../../static/atlas/overlay.js");

test("the view link rounds to 4 decimals and wraps longitude as Leaflet does", () => {
    assert.deepEqual(controls.viewParams(47.5, 33, 6), {lat: "47.5000", lon: "33.0000", zoom: "6"});
    assert.deepEqual(controls.viewParams(48.123456, 36.987654, 5), {lat: "48.1235", lon: "36.9877", zoom: "5"});
    const lon = (lng) => controls.viewParams(0, lng, 3).lon;
    assert.equal(lon(190), "-170.0000");
    assert.equal(lon(-190), "170.0000");
    assert.equal(lon(180), "180.0000");
    assert.equal(lon(-180), "-180.0000");
    assert.equal(lon(540), "-180.0000");
    assert.equal(lon(725.5), "5.5000");
});

test("overlay layers carry the days they are shown, for playback", () => {
    const tagged = overlay.tag({options: {}}, {from: 19266, to: null});
    assert.deepEqual(tagged.options, {atlasFrom: 19266, atlasTo: null});
    assert.deepEqual(overlay.tag({options: {}}, {from: 1, to: 9}).options, {atlasFrom: 1, atlasTo: 9});
    assert.deepEqual(overlay.tag({options: {}}, {popup: "x"}).options, {});  // rings: always shown
});

test("setText writes text as text, setHtml writes our escaped HTML, a missing element is left alone", () => {
    const el = {textContent: "", innerHTML: ""};
    globalThis.document = {getElementById: (id) => (id === "stamp" ? el : null)};
    try {
        controls.setText("stamp", "<b>3 strikes</b>");
        assert.equal(el.textContent, "<b>3 strikes</b>");
        assert.equal(el.innerHTML, "");  // never parsed
        controls.setHtml("stamp", "<div class=\"atlas-legend-title\">Legend</div>");
        assert.equal(el.innerHTML, "<div class=\"atlas-legend-title\">Legend</div>");
        controls.setText("missing", "x");  // no element: nothing happens, nothing throws
    } finally {
        delete globalThis.document;
    }
});

// borders() against a fake map: which files it asks for, and which layers stay on the map.
function fakeMap(zoom) {
    const handlers = {};
    const map = {
        zoom, layers: new Set(),
        attributionControl: {addAttribution() {}},
        createPane: () => ({style: {}}),
        getZoom: () => map.zoom,
        on(names, fn) { names.split(" ").forEach((n) => (handlers[n] = handlers[n] || []).push(fn)); },
        off(name, fn) { handlers[name] = (handlers[name] || []).filter((f) => f !== fn); },
        once(name, fn) { const once = () => { map.off(name, once); fn(); }; map.on(name, once); },
        fire(name) { (handlers[name] || []).slice().forEach((f) => f()); },
        removeLayer(layer) { map.layers.delete(layer); },
        zoomTo(z) { map.zoom = z; map.fire("zoomend"); },
        drawn() { return [...map.layers].map((layer) => layer.data); }
    };
    return map;
}

async function withFakeFetch(run) {
    const atlas = globalThis.DroneAtlas, original = atlas.fetchJson, asked = [], pending = {};
    atlas.fetchJson = (url) => {
        asked.push(url);
        return new Promise((resolve, reject) => { pending[url] = {resolve, reject}; });
    };
    globalThis.L = {geoJSON: (data) => ({data, addTo(map) { map.layers.add(this); return this; }})};
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    try {
        await run({asked, pending, settle});
    } finally {
        atlas.fetchJson = original;
        delete globalThis.L;
    }
}

const OPTIONS = {urls: ["near", "far"], coarse: {url: "coarse", maxZoom: 5}, style: {}, attribution: ""};

test("borders open coarse at the first zoom and swap in the full outlines once zoomed in", () => withFakeFetch(
    async ({asked, pending, settle}) => {
        const map = fakeMap(5);
        controls.borders(map, OPTIONS);
        assert.deepEqual(asked, ["coarse"]);
        pending.coarse.resolve("C"); await settle();
        assert.equal(map.atlas.bordersDrawn, true);
        assert.deepEqual(map.drawn(), ["C"]);
        map.zoomTo(4); map.zoomTo(5);
        assert.deepEqual(asked, ["coarse"]);  // not past 5: nothing more
        map.zoomTo(7); map.zoomTo(8);
        assert.deepEqual(asked, ["coarse", "near"]);  // asked once
        pending.near.resolve("N"); await settle();
        assert.deepEqual(map.drawn(), ["N"]);
        assert.equal(map.atlas.bordersDetailed, true);
    }));

test("borders zoomed in before the coarse file came, or whose coarse file failed, get the full ones", () => withFakeFetch(
    async ({asked, pending, settle}) => {
        const early = fakeMap(5);
        controls.borders(early, OPTIONS);
        early.zoomTo(7);
        pending.coarse.resolve("C"); await settle();
        assert.deepEqual(asked, ["coarse", "near"]);
        pending.near.resolve("N"); await settle();
        assert.deepEqual(early.drawn(), ["N"]);

        asked.length = 0;
        const failed = fakeMap(5);
        controls.borders(failed, OPTIONS);
        pending.coarse.reject(new Error("404")); await settle();
        assert.deepEqual(asked, ["coarse", "near"]);
        pending.near.resolve("N"); await settle();
        assert.deepEqual(failed.drawn(), ["N"]);
        assert.equal(failed.atlas.bordersDrawn && failed.atlas.bordersDetailed, true);
    }));

test("borders whose full outlines fail stay coarse and ask again on the next zoom", () => withFakeFetch(
    async ({asked, pending, settle}) => {
        const map = fakeMap(5);
        controls.borders(map, OPTIONS);
        pending.coarse.resolve("C"); await settle();
        map.zoomTo(7);
        pending.near.reject(new Error("offline")); await settle();
        assert.deepEqual(map.drawn(), ["C"]);
        map.zoomTo(8);
        assert.deepEqual(asked, ["coarse", "near", "near"]);
        pending.near.resolve("N"); await settle();
        assert.deepEqual(map.drawn(), ["N"]);
    }));

test("borders opened zoomed in, or inlined in a file, are the full outlines from the start", () => withFakeFetch(
    async ({asked, pending, settle}) => {
        const map = fakeMap(7);
        controls.borders(map, OPTIONS);
        assert.deepEqual(asked, ["near"]);
        pending.near.resolve("N"); await settle();
        assert.equal(map.atlas.bordersDetailed, true);
        const file = fakeMap(5);
        controls.borders(file, {data: "D", style: {}, attribution: ""});
        assert.deepEqual(file.drawn(), ["D"]);
        assert.equal(file.atlas.bordersDetailed && file.atlas.bordersComplete, true);
        assert.deepEqual(asked, ["near"]);
    }));
