"""Derive data/basemap/oblasts.geojson from the first-level units in ../shared/data/basemap.

Run once by a maintainer (the output is committed with its licence in data/README.md):

    .venv/bin/python scripts/derive_oblasts.py ../shared/data/basemap/admin1_ua_region.geojson

The source (85 units of Ukraine, Belarus and western Russia; Crimea and Sevastopol as
Ukraine's, per its README) is at full Natural Earth 1:10m detail, 1.45 MB: more than a map
drawn at oblast scale needs. It is simplified as a coverage (shapely.coverage_simplify keeps
the shared borders shared: no gaps or slivers between neighbours) to ~1 km and rounded to
0.001°, and each unit gets a label point inside it (shapely's point_on_surface would sit on
an edge for thin units: the pole of inaccessibility is used instead).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import mapping
from shapely.ops import polylabel

OUT = Path(__file__).resolve().parent.parent / "data" / "basemap" / "oblasts.geojson"
TOLERANCE_DEG = 0.01  # ~1 km: below what an oblast-scale map shows
DECIMALS = 3
KEEP = ("iso_3166_2", "name", "name_uk", "name_ru", "name_ne", "admin", "iso_a2")


def derive(source: Path) -> dict:
    """The units as a FeatureCollection: simplified, rounded, each with a label point."""
    units = gpd.read_file(source)
    simplified = shapely.coverage_simplify(units.geometry.values, TOLERANCE_DEG)
    features = []
    for row, geom in zip(units.itertuples(), simplified, strict=True):
        geom = shapely.make_valid(shapely.transform(geom, lambda xy: np.round(xy, DECIMALS)))
        label = polylabel(max(getattr(geom, "geoms", [geom]), key=lambda g: g.area), 0.01)
        properties = {key: getattr(row, key) for key in KEEP}
        properties["label_lat"] = round(label.y, 3)
        properties["label_lon"] = round(label.x, 3)
        features.append(
            {"type": "Feature", "id": row.iso_3166_2, "properties": properties, "geometry": mapping(geom)}
        )
    return {"type": "FeatureCollection", "features": features}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[4].strip(), file=sys.stderr)
        return 2
    collection = derive(Path(argv[0]))
    OUT.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(collection['features'])} units, {OUT.stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
