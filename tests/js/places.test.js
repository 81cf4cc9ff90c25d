// The pure parts of static/atlas/places.js: label placement.
const test = require("node:test");
const assert = require("node:assert/strict");
const places = require("../../static/atlas/places.js");

const VIEW = {width: 400, height: 300};
const label = (x, y, w = 60, h = 14, extra = {}) => ({x, y, w, h, ...extra});

function assertNoOverlap(placed) {
    for (let i = 0; i < placed.length; i++) {
        for (let j = i + 1; j < placed.length; j++) {
            assert.ok(!places.overlaps(placed[i].whole, placed[j].whole), `labels ${i} and ${j} overlap`);
        }
    }
}

test("a label goes right of its point, then left, above, below", () => {
    const [placed] = places.place([label(100, 100)], VIEW);
    assert.equal(placed.at, "right");
    assert.ok(placed.box.x0 > 100 && Math.abs((placed.box.y0 + placed.box.y1) / 2 - 100) < 1e-9);
    // Near the right edge there is no room on the right: it goes left.
    assert.equal(places.place([label(380, 100)], VIEW)[0].at, "left");
    // Right and left of the second are taken by the first's text and by an obstacle.
    const two = places.place([label(100, 100), label(170, 100)], VIEW, [{x0: 105, y0: 90, x1: 168, y1: 110}]);
    assert.equal(two.length, 1);  // the first collides with the obstacle everywhere but ...
});

test("a label blocked on the right goes left, then above, then below; else it is left out", () => {
    // A 20 px label at (200, 150): its text right 204-224, left 176-196, above and below 190-210.
    const one = () => [label(200, 150, 20)];
    const right = {x0: 220, y0: 148, x1: 226, y1: 152}, left = {x0: 176, y0: 148, x1: 180, y1: 152};
    const above = {x0: 198, y0: 130, x1: 202, y1: 134}, below = {x0: 198, y0: 165, x1: 202, y1: 168};
    assert.equal(places.place(one(), VIEW, [right])[0].at, "left");
    assert.equal(places.place(one(), VIEW, [right, left])[0].at, "above");
    assert.equal(places.place(one(), VIEW, [right, left, above])[0].at, "below");
    assert.deepEqual(places.place(one(), VIEW, [right, left, above, below]), []);
    // Two at one point: the first (more important) is named, the second's point is under it.
    assert.deepEqual(places.place([label(200, 150), label(200, 150)], VIEW).map((p) => p.index), [0]);
});

test("placed labels never overlap and stay in view; a label left out had no free spot", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const many = Array.from({length: 800}, () => label(random() * 420 - 10, random() * 320 - 10, 20 + random() * 90, 12));
    const placed = places.place(many, VIEW);
    assert.ok(placed.length > 20 && placed.length < many.length);
    assertNoOverlap(placed);
    for (const p of placed) {
        assert.ok(p.whole.x0 >= 0 && p.whole.y0 >= 0 && p.whole.x1 <= VIEW.width && p.whole.y1 <= VIEW.height);
    }
    // Greedy by importance: every label left out was out of view or blocked by one placed before it.
    const at = new Map(placed.map((p) => [p.index, p]));
    many.forEach((c, i) => {
        if (at.has(i)) { return; }
        const before = placed.filter((p) => p.index < i);
        for (const spot of places.spots(c)) {
            const w = spot.whole;
            const inView = w.x0 >= 0 && w.y0 >= 0 && w.x1 <= VIEW.width && w.y1 <= VIEW.height;
            assert.ok(!inView || before.some((p) => places.overlaps(w, p.whole)), `label ${i} had room`);
        }
    });
});

test("oblast names are centred on their point, a site's name clears its own symbol", () => {
    const [oblast] = places.place([label(200, 150, 80, 12, {centred: true})], VIEW);
    assert.deepEqual(oblast.box, {x0: 160, y0: 144, x1: 240, y1: 156});
    const own = {x0: 90, y0: 90, x1: 110, y1: 110};
    const [site] = places.place([label(100, 100, 50, 14, {gap: 12, point: 20, own})], VIEW, [own]);
    assert.equal(site.at, "right");
    assert.equal(site.box.x0, 112);
    // Another label may not sit on a site's symbol.
    assert.equal(places.place([label(60, 100, 40, 14)], VIEW, [own])[0].at, "left");
});

const DATA = {
    siteMinZoom: 5, oblastMinZoom: 5,
    places: [["Kyiv", "Київ", 50.45, 30.52, "capital", 3], ["Kharkiv", "Харків", 49.98, 36.25, "admin", 5],
        ["Bila Tserkva", "Біла Церква", 49.8, 30.1, "city", 7]],
    oblasts: [["Kyiv Oblast", "Kyiv Oblast", "Київська область", 50.3, 30.6], ["Crimea", "Autonomous Republic of Crimea", "", 45.3, 34.3]]
};

test("which names may show grows with the zoom, in importance order", () => {
    const names = (zoom, sites = [], found = null) => places.candidates(DATA, zoom, sites, found).map((c) => c.name);
    assert.deepEqual(names(4), ["Kyiv"]);
    assert.deepEqual(names(5, [{name: "Dzhankoi airfield", lat: 45.7, lon: 34.4, size: 20}]),
        ["Dzhankoi airfield", "Kyiv", "Kyiv Oblast", "Crimea", "Kharkiv"]);
    assert.deepEqual(names(7), ["Kyiv", "Kyiv Oblast", "Crimea", "Kharkiv", "Bila Tserkva"]);
    // A found place comes first and is not named twice.
    assert.deepEqual(names(3, [], {name: "Kyiv", lat: 50.45, lon: 30.52}), ["Kyiv"]);
    const crimea = places.candidates(DATA, 5, [], null).find((c) => c.name === "Crimea");
    assert.equal(crimea.tip, "Autonomous Republic of Crimea");
});

test("a site's name made literal in Python reads back as the same text, never markup", () => {
    // droneatlas.text.literal of "<script>alert('x')</script>{{ 7*7 }}`${alert(2)}` & \\"
    const literal = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&#123;&#123; 7*7 &#125;&#125;&#96;&#36;&#123;alert(2)&#125;&#96; &amp; &#92;";
    assert.equal(places.unliteral(literal), "<script>alert('x')</script>{{ 7*7 }}`${alert(2)}` & \\");
    assert.equal(places.unliteral("Dzhankoi &amp;amp; Saky"), "Dzhankoi &amp; Saky");  // decoded once only
});

test("a name's text avoids strike markers when it can, and is never dropped for them", () => {
    // A disc right of the point: the name goes left.
    const disc = {x0: 205, y0: 140, x1: 225, y1: 160};
    assert.equal(places.place([label(200, 150, 20)], VIEW, [], [disc])[0].at, "left");
    // Discs all around: the name still shows, at its first spot free of other names.
    const around = [disc, {x0: 170, y0: 140, x1: 195, y1: 160}, {x0: 185, y0: 125, x1: 215, y1: 140},
        {x0: 185, y0: 160, x1: 215, y1: 175}];
    assert.equal(places.place([label(200, 150, 20)], VIEW, [], around)[0].at, "right");
    // The point itself under a disc is fine: the disc marks the place.
    assert.equal(places.place([label(200, 150, 20)], VIEW, [], [{x0: 198, y0: 148, x1: 201, y1: 152}])[0].at, "right");
});

test("a name whose point is under a disc starts beyond the disc", () => {
    const disc = {x0: 185, y0: 135, x1: 215, y1: 165};  // a 30 px disc centred on the point
    const c = label(200, 150, 40);
    places.clearMarkerAt(c, [disc, {x0: 0, y0: 0, x1: 10, y1: 10}]);
    assert.equal(c.gap, 17);
    const [placed] = places.place([c], VIEW, [], [disc]);
    assert.equal(placed.at, "right");
    assert.ok(!places.overlaps(placed.box, disc));
    const oblast = label(200, 150, 40, 12, {centred: true});
    places.clearMarkerAt(oblast, [disc]);
    assert.equal(oblast.gap, undefined);  // a centred name does not move
});

test("the place found is named even when every spot is taken", () => {
    const wall = {x0: 0, y0: 0, x1: 400, y1: 300};  // a control over the whole view
    assert.deepEqual(places.place([label(200, 150)], VIEW, [wall]), []);
    const [found] = places.place([label(200, 150, 60, 14, {always: true})], VIEW, [wall]);
    assert.equal(found.at, "right");
});
