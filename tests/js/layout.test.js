// The pure parts of static/atlas/layout.js: the map frame's height and the legend's first fold.
const test = require("node:test");
const assert = require("node:assert/strict");
const layout = require("../../static/atlas/layout.js");

test("the map fills the window below its top, less a gap, and never shrinks below a minimum", () => {
    const options = {minPx: 340, gapPx: 12};
    assert.equal(layout.frameHeight(768, 292, options), 464);
    assert.equal(layout.frameHeight(1080, 292.6, options), 775);  // whole pixels, rounded down
    assert.equal(layout.frameHeight(500, 400, options), 340);  // a short window scrolls instead
});

test("the legend starts as remembered, else folded on a narrow map only", () => {
    assert.equal(layout.startsFolded(null, 358), true);
    assert.equal(layout.startsFolded(null, 1500), false);
    assert.equal(layout.startsFolded("0", 358), false);
    assert.equal(layout.startsFolded("1", 1500), true);
    assert.equal(layout.startsFolded("garbage", 1500), false);
});
