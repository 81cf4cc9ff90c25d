// Reads the drawn Leaflet map: the app's (window.map in the component's frame) or a
// standalone file's. Counts what the overlay groups on the map hold right now
// (harness.COUNT_LAYERS_JS: the function page.evaluate runs).
() => {
    const map = window.map instanceof L.Map ? window.map
        : Object.values(window).find(v => v instanceof L.Map);
    // Strikes are drawn from a pack by map.atlas.strikes: count what its window selects.
    const strikes = map.atlas && map.atlas.strikes ? map.atlas.strikes.selectedCount() : 0;
    const groups = [];
    map.eachLayer(l => {
        if (l instanceof L.FeatureGroup && !(l instanceof L.GeoJSON)) { groups.push(l); }
    });
    let sites = 0, rings = 0, regions = 0;
    for (const group of groups) {
        group.eachLayer(layer => {
            const icon = layer instanceof L.Marker && layer.options.icon;
            if (icon && icon.options.className === "atlas-site") { sites += 1; }
            else if (layer instanceof L.GeoJSON && layer.options.pane === "atlas-regions") { regions += 1; }
            else if (layer instanceof L.GeoJSON) { rings += 1; }
        });
    }
    const borders = document.querySelectorAll('.leaflet-atlas-borders-pane path').length;
    return {strikes, sites, rings, borders, regions};
};
