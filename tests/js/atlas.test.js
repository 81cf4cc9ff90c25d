// The shared helpers of static/atlas/atlas.js: date text, links, the map's namespace.
const test = require("node:test");
const assert = require("node:assert/strict");
const atlas = require("../../static/atlas/atlas.js");

test("dayText writes a day number as a UTC date, day month year", () => {
    assert.equal(atlas.dayText(0), "1 Jan 1970");
    assert.equal(atlas.dayText(19296), "31 Oct 2022");
    assert.equal(atlas.dayText(19266), "1 Oct 2022");
});

test("isWebLink accepts http(s) addresses only", () => {
    for (const url of ["https://example.org/a", "http://example.org", "HTTPS://EXAMPLE.ORG"]) {
        assert.equal(atlas.isWebLink(url), true, url);
    }
    for (const url of ["javascript:alert(1)", "data:text/html,x", " https://x.org", "//x.org", "", null, undefined, 7]) {
        assert.equal(atlas.isWebLink(url), false, String(url));
    }
});

test("of(map) makes the map's namespace once, with every documented field", () => {
    const map = {};
    const state = atlas.of(map);
    assert.equal(map.atlas, state);
    assert.deepEqual(state, {
        strikes: null, fetched: {}, bordersDrawn: false, bordersComplete: false, bordersDetailed: false,
        drawnAt: null, reported: false
    });
    state.drawnAt = 5;
    assert.equal(atlas.of(map).drawnAt, 5);
});

test("every atlas file adds itself to the one namespace", () => {
    for (const name of ["strikes", "playback", "overlay", "controls"]) {
        assert.equal(require(`../../static/atlas/${name}.js`), atlas[name], name);
    }
});
