// The pure parts of static/atlas/finder.js: "Find a place".
const test = require("node:test");
const assert = require("node:assert/strict");
const finder = require("../../static/atlas/finder.js");

const GAZETTEER = [
    ["Kyiv", "UA", 50.45, 30.52, 10, 2952301, "kiev|kyiv|киев|киів"],
    ["Kyivska", "RU", 44.1, 39.0, 10, 9000, "kyivska"],
    ["Bila Tserkva", "UA", 49.8, 30.1, 10, 200000, "bila tserkva|біла церква"],
    ["Zaporizhzhia", "UA", 47.85, 35.1, 10, 710052, "zaporizhzhia|zaporizhzhya|запоріжжя"],
    ["Kyiv Oblast", "first-level unit", 50.3, 30.6, 7, 0, "kyiv oblast|киівська область"]
];

test("find a place: Latin or Cyrillic, accents and case aside, whole names first", () => {
    const found = (q) => finder.findPlaces(GAZETTEER, q).map((e) => e[0]);
    assert.deepEqual(found("Kyiv"), ["Kyiv", "Kyivska", "Kyiv Oblast"]);
    assert.deepEqual(found("Київ"), ["Kyiv", "Kyiv Oblast"]);  // ї and і meet, as in Python's search_key
    assert.deepEqual(found("КИЇВСЬКА"), ["Kyiv Oblast"]);
    assert.deepEqual(found("tserkva"), ["Bila Tserkva"]);  // a word's start
    assert.deepEqual(found("запоріжжя"), ["Zaporizhzhia"]);
    assert.deepEqual(found("  "), []);
    assert.deepEqual(found("Atlantis"), []);
    assert.equal(finder.searchKey("Ryazan’"), "ryazan");
    assert.equal(finder.searchKey("Ivano-Frankivsk"), "ivano frankivsk");
});
