// The slideshow's stepping (static/atlas/slideshow.js): which slide a key shows next.
const test = require("node:test");
const assert = require("node:assert/strict");
const slideshow = require("../../static/atlas/slideshow.js");

test("arrow keys, page keys and space step one slide, and stop at the ends", () => {
    assert.equal(slideshow.step(0, 4, "ArrowRight"), 1);
    assert.equal(slideshow.step(1, 4, "PageDown"), 2);
    assert.equal(slideshow.step(2, 4, " "), 3);
    assert.equal(slideshow.step(3, 4, "ArrowRight"), 3);
    assert.equal(slideshow.step(3, 4, "ArrowLeft"), 2);
    assert.equal(slideshow.step(2, 4, "PageUp"), 1);
    assert.equal(slideshow.step(0, 4, "ArrowLeft"), 0);
});

test("Home and End jump to the first and last slide; other keys do nothing", () => {
    assert.equal(slideshow.step(2, 5, "Home"), 0);
    assert.equal(slideshow.step(0, 5, "End"), 4);
    assert.equal(slideshow.step(2, 5, "a"), 2);
    assert.equal(slideshow.step(2, 5, "Enter"), 2);
});
