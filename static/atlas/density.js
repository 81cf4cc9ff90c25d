/*
 * The density view of the strikes layer (DroneAtlas.strikes, style "density"): the
 * strikes of the window counted in hexagons of a fixed size on screen (d3-hexbin), each
 * shaded by its class of count. The classes and colours come from Python
 * (droneatlas.style.DENSITY_CLASSES), so the map, its legend and the PNG agree.
 *
 * The grid is laid on world pixels, not on the screen, so that panning does not move the
 * hexagons; a zoom lays a new grid (finer on the ground). Strikes are binned by place
 * (most share a town centre), weighted by how many strikes each place holds.
 *
 * Pure parts, exported for tests: binPlaces, classOf, hexCorners.
 */
(function (root) {
    "use strict";

    var atlas = root.DroneAtlas || (typeof require === "function" && require("./atlas.js"));
    var hexbinOf = function () {
        var d3 = root.d3 || (typeof require === "function" && require("d3-hexbin"));
        return d3.hexbin;
    };

    /**
     * Hexagons of ``radius`` pixels over points [x, y, weight]: a list of {x, y, n} (the
     * hexagon's centre and the sum of the weights of the points in it).
     */
    function binPlaces(points, radius) {
        var bins = hexbinOf()().radius(radius)(points);
        return bins.map(function (bin) {
            var n = 0;
            for (var k = 0; k < bin.length; k++) { n += bin[k][2]; }
            return {x: bin.x, y: bin.y, n: n};
        });
    }

    /** Index of the class of a count, given the classes' lower bounds in rising order. */
    function classOf(n, lowerBounds) {
        var index = 0;
        for (var k = 0; k < lowerBounds.length; k++) {
            if (n >= lowerBounds[k]) { index = k; }
        }
        return index;
    }

    /** The six corners of a hexagon of ``radius`` around (0, 0), as d3-hexbin lays them. */
    function hexCorners(radius) {
        var corners = [];
        for (var k = 0; k < 6; k++) {
            var angle = k * Math.PI / 3;
            corners.push([Math.sin(angle) * radius, -Math.cos(angle) * radius]);
        }
        return corners;
    }

    /**
     * Draws S.selected (the strikes layer's state) as hexagons into S.group. ``visible``:
     * [[strike indexes of a place, world x, world y], ...] in view, as the strikes layer
     * gathered them; ``density``: {lowerBounds, colours, radiusPx}.
     */
    function draw(map, S, visible, density) {
        var zoom = map.getZoom(), corners = hexCorners(density.radiusPx);
        var points = visible.map(function (v) { return [v[1], v[2], v[0].length]; });
        binPlaces(points, density.radiusPx).forEach(function (bin) {
            var latlngs = corners.map(function (c) { return map.unproject([bin.x + c[0], bin.y + c[1]], zoom); });
            var fill = density.colours[classOf(bin.n, density.lowerBounds)];
            var hexagon = L.polygon(latlngs, {
                renderer: S.renderer, color: "#ffffff", weight: 0.8, fillColor: fill, fillOpacity: 0.8,
                bubblingMouseEvents: false
            });
            var centre = map.unproject([bin.x, bin.y], zoom);
            var label = bin.n.toLocaleString("en-GB") + (bin.n === 1 ? " strike" : " strikes");
            hexagon.bindTooltip(label + " here: click to zoom in", {sticky: true});
            hexagon.on("click", function () { map.setView(centre, Math.min(zoom + 2, map.getMaxZoom())); });
            S.group.addLayer(hexagon);
        });
    }

    atlas.density = {draw: draw, binPlaces: binPlaces, classOf: classOf, hexCorners: hexCorners};
    if (typeof module !== "undefined" && module.exports) { module.exports = atlas.density; }
})(typeof globalThis !== "undefined" ? globalThis : this);
