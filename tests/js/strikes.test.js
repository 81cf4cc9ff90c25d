// The pure parts of static/atlas/strikes.js: projection, the window filter, grouping.
const test = require("node:test");
const assert = require("node:assert/strict");
const strikes = require("../../static/atlas/strikes.js");

test("mercator puts (0, 0) in the middle of the world and keeps the poles finite", () => {
    assert.deepEqual(strikes.mercator(0, 0), [0.5, 0.5]);
    assert.deepEqual(strikes.mercator(0, -180), [0, 0.5]);
    assert.equal(strikes.mercator(0, 180)[0], 1);
    const [, north] = strikes.mercator(90, 0), [, south] = strikes.mercator(-90, 0);
    assert.ok(Number.isFinite(north) && north < 0);  // clamped (sin 0.9999), past the top edge
    assert.ok(Math.abs(north + south - 1) < 1e-12);  // symmetric about the equator
    assert.ok(strikes.mercator(50, 30)[1] < strikes.mercator(40, 30)[1]);  // y grows southwards
});

test("selectDays keeps the days inside the window, both ends included", () => {
    const days = [10, 11, 12, 13, 14, 20];
    assert.deepEqual(strikes.selectDays(days, [11, 13], null), [1, 2, 3]);
    assert.deepEqual(strikes.selectDays(days, [20, 20], null), [5]);
    assert.deepEqual(strikes.selectDays(days, [15, 19], null), []);
    assert.deepEqual(strikes.selectDays(Int32Array.from(days), [0, 100], null), [0, 1, 2, 3, 4, 5]);
});

test("selectDays shows nothing without a window (the layer switched off)", () => {
    assert.deepEqual(strikes.selectDays([1, 2, 3], null, null), []);
    assert.deepEqual(strikes.selectDays([1, 2, 3], null, [0, 10]), []);
});

test("selectDays narrows the window to the playback frame, never widens it", () => {
    const days = [10, 11, 12, 13, 14];
    assert.deepEqual(strikes.selectDays(days, [11, 14], [0, 12]), [1, 2]);
    assert.deepEqual(strikes.selectDays(days, [11, 12], [0, 100]), [1, 2]);
    assert.deepEqual(strikes.selectDays(days, [11, 12], [13, 14]), []);
});

test("strikes share cells only when there are too many to draw one by one", () => {
    assert.equal(strikes.cellSizeFor(4000, 44, 4000), 2);
    assert.equal(strikes.cellSizeFor(4001, 44, 4000), 44);
    assert.equal(strikes.cellSizeFor(0, 44, 4000), 2);
});

test("byPlace lists the selected strikes of each place, in the order places are met", () => {
    const place = [3, 1, 3, 0, 1];
    const places = strikes.byPlace([0, 1, 2, 4], place);
    assert.deepEqual([...places.entries()], [[3, [0, 2]], [1, [1, 4]]]);
    assert.equal(strikes.byPlace([], place).size, 0);
});

test("groupCells gathers places by screen cell, summing positions per strike for the centre", () => {
    const points = [[[0], 1, 1], [[1, 5], 43, 10], [[2], 44, 10], [[3], 0.5, 43.9], [[4], -1, 0]];
    const cells = [...strikes.groupCells(points, 44).entries()];
    assert.deepEqual(cells.map(([key]) => key), ["0:0", "1:0", "-1:0"]);
    // The place of strikes 1 and 5 weighs twice: the centre is the strikes' mean.
    assert.deepEqual(cells[0][1], {items: [0, 1, 5, 3], x: 1 + 86 + 0.5, y: 1 + 20 + 43.9});
    assert.deepEqual(cells[1][1].items, [2]);
    assert.deepEqual(cells[2][1].items, [4]);
    // Two-pixel cells: only (almost) the same pixel is shared.
    assert.equal(strikes.groupCells(points, 2).size, 5);
    assert.equal(strikes.groupCells([], 44).size, 0);
});

test("cellBounds spans its items, however many (no argument-count limit)", () => {
    const lat = [48, 50, 49], lon = [30, 31, 35];
    assert.deepEqual(strikes.cellBounds([0, 1, 2], lat, lon), [48, 30, 50, 35]);
    assert.deepEqual(strikes.cellBounds([2], lat, lon), [49, 35, 49, 35]);
    const n = 300000, many = Array.from({length: n}, (_, i) => i);
    const big = Float64Array.from(many, (i) => i / n);
    assert.deepEqual(strikes.cellBounds(many, big, big), [0, 0, (n - 1) / n, (n - 1) / n]);
});

test("discs grow with the number of strikes they hold", () => {
    assert.deepEqual([2, 9, 10, 99, 100, 999, 1000, 50000].map(strikes.discSize), [26, 26, 32, 32, 40, 40, 48, 48]);
});

// Five strikes of a pack (droneatlas.strikepack.pack_core): drone, confidence, precision,
// target type as indexes, and the casualties flag.
const CORE = {
    n: 5,
    droneIds: ["shahed-136", "lancet"],
    drone: [0, 1, 0, -1, 0],
    confidences: ["verified", "reported", "claimed"],
    conf: [0, 0, 1, 2, 2],
    precisions: ["exact", "city", "region"],
    prec: [1, 0, 1, 2, 1],
    targets: ["energy", "residential"],
    target: [0, 1, 1, -1, 0],
    hurt: [1, 0, 1, 0, 0],
};

test("filterMask keeps every strike without a filter, or with one that names nothing", () => {
    assert.equal(strikes.filterMask(CORE, null), null);
    assert.equal(strikes.filterMask(CORE, {drones: [], conf: [], prec: [], targets: [], casualties: false}), null);
});

test("filterMask keeps the strikes that match every part of the filter", () => {
    const kept = (filter) => [...strikes.filterMask(CORE, filter)];
    assert.deepEqual(kept({drones: ["shahed-136"]}), [1, 0, 1, 0, 1]);
    assert.deepEqual(kept({conf: ["verified", "reported"]}), [1, 1, 1, 0, 0]);
    assert.deepEqual(kept({prec: ["city"]}), [1, 0, 1, 0, 1]);
    assert.deepEqual(kept({targets: ["residential"]}), [0, 1, 1, 0, 0]);
    assert.deepEqual(kept({casualties: true}), [1, 0, 1, 0, 0]);
    // Parts combine with "and": a Shahed-136, verified or reported, with casualties.
    assert.deepEqual(kept({drones: ["shahed-136"], conf: ["verified", "reported"], casualties: true}), [1, 0, 1, 0, 0]);
    // A strike without a known drone (-1) or target type is never kept by a list that names one.
    assert.equal(kept({drones: ["shahed-136", "lancet"]})[3], 0);
    // A value the pack does not know keeps nothing.
    assert.deepEqual(kept({drones: ["mohajer-6"]}), [0, 0, 0, 0, 0]);
});

test("applyMask narrows the window's strikes to the filter, keeping their order", () => {
    const mask = strikes.filterMask(CORE, {casualties: true});
    assert.deepEqual(strikes.applyMask([0, 1, 2, 3, 4], mask), [0, 2]);
    assert.deepEqual(strikes.applyMask([4, 2], mask), [2]);
    assert.deepEqual(strikes.applyMask([1, 3], null), [1, 3]);
});

test("decodeCore views each column of the binary core and refuses other bytes", () => {
    // "DAC1", the head's length, the head (padded so the columns start on 8 bytes), then a u1
    // column of 3 at offset 0 and an f8 column of 1 at offset 8
    const head = JSON.stringify({n: 3, columns: [["conf", "u1", 0, 3], ["places.lat", "f8", 8, 1]]});
    const text = head + " ".repeat((8 - (8 + head.length) % 8) % 8);
    const buffer = new ArrayBuffer(8 + text.length + 16), view = new DataView(buffer);
    [68, 65, 67, 49].forEach((c, i) => view.setUint8(i, c));
    view.setUint32(4, text.length, true);
    new Uint8Array(buffer, 8, text.length).set(new TextEncoder().encode(text));
    const start = 8 + text.length;
    new Uint8Array(buffer, start, 3).set([2, 0, 1]);
    view.setFloat64(start + 8, 48.5, true);
    const core = strikes.decodeCore(buffer);
    assert.equal(core.n, 3);
    assert.deepEqual(Array.from(core.conf), [2, 0, 1]);
    assert.ok(core.conf instanceof Uint8Array);
    assert.deepEqual(Array.from(core.places.lat), [48.5]);
    assert.equal(core.columns, undefined);
    assert.throws(() => strikes.decodeCore(new TextEncoder().encode('{"n": 3}').buffer), /not a strike pack core/);
});
