// The pure part of static/atlas/sync.js: which maps of the page's frames are siblings.
const test = require("node:test");
const assert = require("node:assert/strict");
const sync = require("../../static/atlas/sync.js");

test("siblingMaps finds the other maps of the group and skips frames it cannot read", () => {
    const mine = {atlas: {syncGroup: "compare"}};
    const sibling = {atlas: {syncGroup: "compare"}};
    const stranger = {atlas: {syncGroup: "other"}};
    const foreign = {get DroneAtlas() { throw new Error("SecurityError: cross-origin frame"); }};
    const frame = map => ({DroneAtlas: {sync: {map: map}}});
    const frames = [frame(mine), frame(sibling), frame(stranger), foreign, {}, frame(null), frame({})];
    assert.deepEqual(sync.siblingMaps(frames, mine, "compare"), [sibling]);
    assert.deepEqual(sync.siblingMaps(frames, stranger, "compare"), [mine, sibling]);
    assert.deepEqual(sync.siblingMaps([], mine, "compare"), []);
});
