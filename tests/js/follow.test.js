// The pure part of static/atlas/follow.js: a date range slider's ends as the map's days.
const test = require("node:test");
const assert = require("node:assert/strict");
const follow = require("../../static/atlas/follow.js");

const US_PER_DAY = 86400e6;

test("windowOf turns the slider's two ends (microseconds since 1970) into days", () => {
    // 8 Jun 2022 and 27 Oct 2025 at midnight UTC, as Streamlit's slider holds them
    assert.deepEqual(follow.windowOf(["1654646400000000", "1761523200000000"]), [19151, 20388]);
    assert.deepEqual(follow.windowOf([String(19151 * US_PER_DAY), String(19151 * US_PER_DAY)]), [19151, 19151]);
    assert.deepEqual(follow.windowOf([String(-1 * US_PER_DAY), "0"]), [-1, 0]);  // before 1970
});

test("windowOf refuses what is not a window", () => {
    assert.equal(follow.windowOf(["1761523200000000"]), null);  // one end
    assert.equal(follow.windowOf(["1761523200000000", "1654646400000000"]), null);  // reversed
    assert.equal(follow.windowOf(["", "1654646400000000"]), null);
    assert.equal(follow.windowOf(["x", "1654646400000000"]), null);
    assert.equal(follow.windowOf(null), null);
});
