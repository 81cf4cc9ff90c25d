// The pure parts of static/atlas/playback.js: the period, each frame, each step.
const test = require("node:test");
const assert = require("node:assert/strict");
const playback = require("../../static/atlas/playback.js");

test("span is the first and last day, skipping unknown ends", () => {
    assert.deepEqual(playback.span([19300, null, 19266, 19296, undefined]), {first: 19266, last: 19300});
    assert.deepEqual(playback.span([5]), {first: 5, last: 5});
    assert.equal(playback.span([]), null);
    assert.equal(playback.span([null]), null);
});

test("span takes a million days (more than a call takes arguments)", () => {
    const days = Array.from({length: 1000000}, (_, i) => 20000 - i);
    assert.deepEqual(playback.span(days), {first: 20000 - 999999, last: 20000});
});

test("a frame starts at the period's start (cumulative) or 30 days back (moving)", () => {
    assert.equal(playback.windowStart("cumulative", 19296, 19266), 19266);
    assert.equal(playback.windowStart("moving", 19296, 19266), 19296 - 30);
    assert.equal(playback.MOVING_DAYS, 30);
});

test("something is shown once started and until it ends within the frame", () => {
    // from, to, day, start of the frame
    assert.equal(playback.isShown(10, 20, 15, 0), true);
    assert.equal(playback.isShown(16, 20, 15, 0), false);  // not yet
    assert.equal(playback.isShown(10, null, 500, 400), true);  // still active
    assert.equal(playback.isShown(10, 20, 60, 30), false);  // ended before the moving frame
    assert.equal(playback.isShown(10, 20, 60, 20), true);  // ended on its first day
    assert.equal(playback.isShown(10, 20, 60, 10), true);  // cumulative: everything since the start
});

test("advance moves speed days per second, one tick at a time, and stops at the end", () => {
    const tick = playback.TICK_MS / 1000;
    assert.ok(Math.abs(playback.advance(100, 7, 1000) - (100 + 7 * tick)) < 1e-9);
    assert.equal(playback.advance(999.9, 30, 1000), 1000);
    let day = 19266, ticks = 0;
    while (day < 19296) { day = playback.advance(day, 30, 19296); ticks += 1; }
    assert.equal(ticks, Math.ceil(30 / (30 * tick)));  // a month at 1 month/s: one second of ticks
});
