// The pure parts of static/atlas/regions.js: which oblasts are shaded, what their popups say.
const test = require("node:test");
const assert = require("node:assert/strict");
const regions = require("../../static/atlas/regions.js");

const geometry = {features: [
    {properties: {code: "UA-51", name: "Odesa Oblast"}, geometry: null},
    {properties: {code: "UA-46", name: "Lviv Oblast"}, geometry: null},
    {properties: {code: "UA-30", name: "Kyiv"}, geometry: null},
]};

test("only oblasts the shading names are drawn, each with its own shade", () => {
    const shading = {measure: "records", oblasts: {
        "UA-51": {colour: "#54278f", value: 3, count: 3, records: []},
        "UA-30": {colour: "#dadaeb", value: 1, count: 1, records: []},
        "toString": {colour: "#000", value: 1, count: 1, records: []},  // a code no oblast has
    }};
    const drawn = regions.shadedFeatures(geometry, shading);
    assert.deepEqual(drawn.map((pair) => [pair[0].properties.code, pair[1].colour]),
        [["UA-51", "#54278f"], ["UA-30", "#dadaeb"]]);
    assert.deepEqual(regions.shadedFeatures(geometry, {measure: "", oblasts: {}}), []);
    assert.deepEqual(regions.shadedFeatures(null, shading), []);
});

test("a popup counts the oblast's records, lists the newest and says how many are left out", () => {
    const shade = {colour: "#54278f", value: 835, count: 77,
        records: [["4 Apr 2026", "Shahed-136 · 12 launched · <b>Odesa</b> oblast"], ["1 Apr 2026", "drone not named"]]};
    const lines = regions.popupLines("Odesa Oblast", shade, {measure: "drones launched"});
    assert.equal(lines.title, "Odesa Oblast · 835 drones launched");
    assert.match(lines.count, /^77 region-level records in this window/);
    assert.deepEqual(lines.records, ["4 Apr 2026 · Shahed-136 · 12 launched · <b>Odesa</b> oblast", "1 Apr 2026 · drone not named"]);
    assert.equal(lines.more, "… and 75 more");
    const one = regions.popupLines("Kyiv", {value: 1, count: 1, records: [["1 Oct 2022", "x"]]}, {measure: "records"});
    assert.equal(one.title, "Kyiv · 1 record");
    assert.equal(one.more, "");
});

test("playback recounts an oblast for its frame and colours it on the window's classes", () => {
    const days = [[100, 40], [101, 2], [130, 5]];
    assert.deepEqual(regions.frameValue(days, 100, 101), [2, 42]);
    assert.deepEqual(regions.frameValue(days, 102, 129), [0, 0]);  // nothing in the frame: hidden
    assert.deepEqual(regions.frameValue(undefined, 0, 1000), [0, 0]);
    const breaks = [1, 5, 42], colours = ["#a", "#b", "#c"];
    assert.equal(regions.classColour(1, breaks, colours), "#a");
    assert.equal(regions.classColour(2, breaks, colours), "#b");
    assert.equal(regions.classColour(42, breaks, colours), "#c");
    assert.equal(regions.classColour(0, breaks, colours), "#a");
    assert.equal(regions.classColour(900, breaks, colours), "#c");
});
