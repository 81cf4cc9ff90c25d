"""Strikes layer: one marker per reported strike, colour by drone, fill by confidence.

Many strikes share a town centroid (precision=city), so markers are grouped with
Leaflet.markercluster: a numbered circle stands for strikes at (nearly) one place and
spreads out into the individual markers on click.
"""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd
from folium.plugins import MarkerCluster

from droneatlas.schema import Precision
from droneatlas.style import CONFIDENCE_STYLES, UNKNOWN_DRONE_COLOUR
from layers.controls import TimeTag
from layers.popups import format_count, format_day, popup, source_list, tooltip

NAME = "strikes"
RADIUS_PX = {Precision.EXACT: 5, Precision.CITY: 7, Precision.REGION: 11}
MAX_REGION_RADIUS_PX = 28
PRECISION_NOTES = {
    Precision.EXACT: "exact (geolocated point)",
    Precision.CITY: "town or city centre, not the impact point",
    Precision.REGION: "region only: the marker is a regional centre, not an impact point",
}
CLUSTER_RADIUS_PX = 24

# Our own JS (no data in it): a dark numbered disc that reads as "several strikes here".
_CLUSTER_ICON = """
function (cluster) {
    var n = cluster.getChildCount();
    var size = n < 10 ? 26 : (n < 100 ? 32 : 40);
    return L.divIcon({
        html: '<div><span>' + n + '</span></div>',
        className: 'atlas-cluster',
        iconSize: L.point(size, size)
    });
}
"""


def _number(value: object) -> float | None:
    """A count from an optional column (imported data), or None."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if number != number else number


def region_radius(launched: float | None) -> float:
    """Region-level discs grow with the number of drones launched (area ~ count), capped."""
    if not launched:
        return RADIUS_PX[Precision.REGION]
    return min(MAX_REGION_RADIUS_PX, RADIUS_PX[Precision.REGION] + 1.5 * launched**0.5)


def build_strikes_layer(
    strikes: gpd.GeoDataFrame,
    *,
    drones: pd.DataFrame,
    sources: pd.DataFrame,
    colours: dict[str, str],
) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="Strikes")
    cluster = MarkerCluster(
        name="Strikes",
        control=False,
        icon_create_function=_CLUSTER_ICON,
        options={
            "maxClusterRadius": CLUSTER_RADIUS_PX,
            "spiderfyOnMaxZoom": True,
            "showCoverageOnHover": False,
            "zoomToBoundsOnClick": True,
        },
    ).add_to(group)
    for strike in strikes.itertuples(index=False):
        drone_name = drones.loc[strike.drone_id, "name"] if strike.drone_id in drones.index else ""
        style = CONFIDENCE_STYLES[strike.confidence]
        colour = colours.get(strike.drone_id, UNKNOWN_DRONE_COLOUR)
        rows = [
            ("Date", format_day(strike.date)),
            ("Place", ", ".join(p for p in (strike.place, strike.region, strike.country) if p)),
            ("Drone", drone_name),
            ("Target", strike.target_type),
            ("Killed", format_count(strike.killed)),
            ("Injured", format_count(strike.injured)),
            ("Confidence", strike.confidence),
            ("Location", PRECISION_NOTES[strike.precision]),
        ]
        launched = getattr(strike, "launched", None)
        destroyed = getattr(strike, "destroyed", None)
        rows += [
            (label, format_count(_number(v)))
            for label, v in (("Launched", launched), ("Destroyed", destroyed))
            if _number(v) is not None
        ]
        region = strike.precision == Precision.REGION
        marker = folium.CircleMarker(
            location=(strike.lat, strike.lon),
            radius=region_radius(_number(launched)) if region else RADIUS_PX[strike.precision],
            color=colour,
            # A region-level record is a pale disc with a thin rim: an area, not an impact point.
            weight=1 if region else 2,
            fill=True,
            fill_color=colour,
            fill_opacity=min(style.fill_opacity, 0.2) if region else style.fill_opacity,
            dash_array=style.dash_array,
        ).add_to(cluster)
        title = f"{strike.place or strike.region} · {format_day(strike.date)}"
        marker.add_child(popup(title, rows, strike.summary, source_list(strike.source_ids, sources)))
        marker.add_child(tooltip(f"{title} · {drone_name} ({strike.confidence})"))
        marker.add_child(TimeTag(strike.date, strike.date))
    return group
