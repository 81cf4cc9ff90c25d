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
