"""Oblasts shaded by the window's region-level records: short glue for static/atlas/regions.js.

The shading is tied to the Strikes layer's switch (region-level records are strikes known
only by their oblast): with strikes off, nothing is shaded. The oblasts' outlines travel
once (droneatlas.assets REGIONS_URL, or inlined in a standalone file: only the shaded
ones); a view sends its shading, by address in the app (published once per window) or
inlined in a file.
"""

from __future__ import annotations

import folium
from folium.template import Template

from droneatlas.assets import REGIONS_URL
from droneatlas.catalog import Catalog
from droneatlas.regions import SHADE_OPACITY, Shading, class_colours, page_geometry, shade
from droneatlas.timeline import View
from droneatlas.view import MapOptions
from layers.macro import Macro

NAME = "Oblasts shaded"

_TEMPLATE = """
{% macro script(this, kwargs) %}
DroneAtlas.regions.add({{ this._parent._parent.get_name() }}, {{ this._parent.get_name() }},
                       {{ this.options|tojson }});
{% endmacro %}
"""


class RegionShading(Macro):
    """Shades oblasts into its parent feature group, which must be on the map."""

    _template = Template(_TEMPLATE)

    def __init__(
        self,
        *,
        shading: dict | None = None,
        shading_url: str | None = None,
        geometry: dict | None = None,
        geometry_url: str | None = REGIONS_URL,
    ) -> None:
        super().__init__()
        if (shading is None) == (shading_url is None):
            raise ValueError("give the shading or its address, not both")
        self._name = "RegionShading"
        self.options = {
            "shading": shading,
            "shadingUrl": shading_url,
            "geometry": geometry,
            "geometryUrl": None if geometry is not None else geometry_url,
            "opacity": SHADE_OPACITY,
        }


def view_shading(catalog: Catalog, view: View, options: MapOptions) -> Shading | None:
    """The view's shading, or None when the Strikes layer is off (the switch it follows)."""
    if "strikes" not in options.layers:
        return None
    return shade(view.strikes, catalog.drones["name"])


def shading_data(shading: Shading | None) -> dict:
    """What the page needs: the measure and, per shaded oblast, colour, value, count and
    its newest records as [date, label] (data text: the page sets it as text)."""
    if shading is None or shading.empty:
        return {"measure": "", "oblasts": {}}
    return {
        "measure": shading.measure,
        # The classes, so that playback colours an oblast's frame on the window's scale.
        "breaks": list(shading.breaks),
        "colours": list(class_colours(len(shading.breaks))),
        "oblasts": {
            code: {
                "colour": shading.colour(value),
                "value": value,
                "count": shading.counts.get(code, 0),
                "records": [[day, label] for _id, day, label in shading.records.get(code, [])],
                "days": [list(pair) for pair in shading.days.get(code, [])],
            }
            for code, value in shading.values.items()
        },
    }


def regions_group(data: dict | str, *, inline_geometry: bool = False) -> folium.FeatureGroup:
    """The shading as a feature group: ``data`` inlined (a dict) or its address (a str; ""
    or a shading with no oblast: an empty group).

    ``inline_geometry``: a standalone file carries the outlines of the shaded oblasts itself.
    """
    group = folium.FeatureGroup(name=NAME, control=False)
    if not data or (isinstance(data, dict) and not data["oblasts"]):
        return group  # nothing shaded: the page fetches no outlines (the first map waits for none)
    if isinstance(data, str):
        group.add_child(RegionShading(shading_url=data))
        return group
    geometry = page_geometry(tuple(data["oblasts"])) if inline_geometry else None
    group.add_child(RegionShading(shading=data, geometry=geometry))
    return group
