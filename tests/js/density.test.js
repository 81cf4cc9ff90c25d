// The pure parts of static/atlas/density.js: binning by place, classes, hexagon corners.
const test = require("node:test");
const assert = require("node:assert/strict");
const density = require("../../static/atlas/density.js");

test("binPlaces sums each place's weight into the hexagon it falls in", () => {
    // Two places in one hexagon (4 and 3 strikes), one far away (1 strike).
    const bins = density.binPlaces([[10, 10, 4], [12, 11, 3], [500, 500, 1]], 14);
    const counts = bins.map(b => b.n).sort((a, b) => a - b);
    assert.deepEqual(counts, [1, 7]);
    assert.equal(bins.reduce((n, b) => n + b.n, 0), 8);  // nothing lost, nothing counted twice
});

test("binPlaces lays the same grid wherever the points are (panning does not move hexagons)", () => {
    const alone = density.binPlaces([[100, 100, 1]], 14)[0];
    const withOthers = density.binPlaces([[100, 100, 1], [900, 40, 2]], 14).find(b => b.n === 1);
    assert.deepEqual([alone.x, alone.y], [withOthers.x, withOthers.y]);
});

test("classOf puts a count in the decade class whose lower bound it reaches", () => {
    const bounds = [1, 10, 100, 1000, 10000];
    assert.equal(density.classOf(1, bounds), 0);
    assert.equal(density.classOf(9, bounds), 0);
    assert.equal(density.classOf(10, bounds), 1);
    assert.equal(density.classOf(999, bounds), 2);
    assert.equal(density.classOf(1000, bounds), 3);
    assert.equal(density.classOf(250000, bounds), 4);
});

test("hexCorners are six points at the radius, pointy side up as d3-hexbin lays them", () => {
    const corners = density.hexCorners(10);
    assert.equal(corners.length, 6);
    corners.forEach(([x, y]) => assert.ok(Math.abs(Math.hypot(x, y) - 10) < 1e-9));
    assert.deepEqual(corners[0].map(v => Math.round(v * 1e9) / 1e9), [0, -10]);
    // d3-hexbin's own outline has the same first corner.
    const d3 = require("d3-hexbin");
    assert.match(d3.hexbin().radius(10).hexagon(), /^m0,-10l/);
});
