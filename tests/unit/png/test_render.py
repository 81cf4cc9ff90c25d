"""The briefing PNG as callers use it: exact sizes, a real picture, literal text, the legend."""

from __future__ import annotations

import io
import warnings
from datetime import date

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import pytest
import shapely
from matplotlib.colors import to_rgb
from PIL import Image

import droneatlas.export.png as png_package
from droneatlas.catalog import load_catalog
from droneatlas.export.png import SIZES, build_figure, mercator, render_png, shown_source_ids
from droneatlas.legend import legend_rows as legend_entries
from droneatlas.rings import FreeRing
from droneatlas.style import LAND, SEA, SITE_SYMBOLS
from droneatlas.timeline import Window, view_of
from droneatlas.view import MapOptions, ViewSpec, stamp_caption, view_rings
from tests.conftest import DRONE, SITE, SOURCE, STRIKE
from tests.unit.png.conftest import EMPTY_WINDOW, TODAY

HOSTILE_TITLE = "$\\alpha$ <script>{{x}}"


def _image(png: bytes) -> Image.Image:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return Image.open(io.BytesIO(png))


def _png(catalog, view, options, *, title: str, size: str = "1920x1080") -> bytes:
    return render_png(catalog, ViewSpec(view.window, options, title=title), size=size)


def _labels(entries) -> list[str]:
    return [label for label, _key in entries]


# ---------------------------------------------------------------- rendering


@pytest.mark.parametrize("size", list(SIZES))
def test_png_has_exactly_the_requested_pixels(project, october, size):
    png = _png(project, october, MapOptions(), title="Briefing", size=size)
    image = _image(png)
    assert image.size == (SIZES[size].width_px, SIZES[size].height_px)
    if SIZES[size].print_dpi:
        assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)


def test_a4_is_a4_landscape_at_300_dpi():
    a4 = SIZES["a4"]
    assert (a4.width_px, a4.height_px) == (3508, 2480)
    assert a4.width_px / 300 * 25.4 == pytest.approx(297, abs=0.1)
    assert a4.height_px / 300 * 25.4 == pytest.approx(210, abs=0.1)


def test_unknown_size_is_refused(project, october):
    with pytest.raises(ValueError, match="unknown size"):
        _png(project, october, MapOptions(), title="x", size="800x600")


def test_image_is_a_map_not_a_blank_page(project, october):
    pixels = np.asarray(_image(_png(project, october, MapOptions(), title="Briefing")).convert("RGB"))
    assert pixels.std() > 20
    sea = np.array([round(c * 255) for c in to_rgb(SEA)])
    sea_share = np.all(np.abs(pixels.astype(int) - sea) <= 2, axis=-1).mean()
    assert sea_share > 0.02  # the Black Sea at least
    # Something drawn in each drone/site colour family: more than two distinct colours.
    assert len(np.unique(pixels.reshape(-1, 3)[::97], axis=0)) > 50


def test_empty_view_renders(project):
    view = view_of(project, EMPTY_WINDOW)
    assert view.strikes.empty and view.sites.empty
    image = _image(_png(project, view, MapOptions(), title="Nothing here"))
    assert image.size == (1920, 1080)
    assert legend_entries(project, view, MapOptions(), view_rings(project, view, MapOptions())[0]) == []


def test_hostile_title_renders_literally(project, october):
    for title in (HOSTILE_TITLE, "$\\notacommand$ <script>{{x}}"):  # the second breaks mathtext
        png = _png(project, october, MapOptions(), title=title)
        assert _image(png).size == (1920, 1080)
    fig = build_figure(project, october, MapOptions(), title=HOSTILE_TITLE)
    titles = [t for t in fig.texts if t.get_text() == HOSTILE_TITLE]
    assert len(titles) == 1
    assert titles[0].get_parse_math() is False
    assert titles[0].get_usetex() is False


def test_data_text_is_literal_too(make_data_dir):
    """Drone, site and publisher names that would break mathtext render as written."""
    hostile = "$\\notacommand$ <b>{{x}}</b>"
    catalog = load_catalog(
        make_data_dir(
            sources=[{**SOURCE, "publisher": hostile}],
            drones=[{**DRONE, "name": hostile}],
            sites=[{**SITE, "name": hostile}],
            strikes=[STRIKE],
        ),
        today=TODAY,
    )
    view = view_of(catalog, Window(date(2022, 10, 1), date(2022, 10, 31)))
    options = MapOptions(free_rings=(FreeRing("site-a", 300, "km", hostile),))
    assert _image(_png(catalog, view, options, title=hostile)).size == (1920, 1080)
    fig = build_figure(catalog, view, options, title="Briefing")
    texts = [
        t for t in [*fig.texts, *(t for ax in fig.axes for t in ax.texts)] if "notacommand" in t.get_text()
    ]
    assert texts and all(t.get_parse_math() is False for t in texts)


def test_header_and_footer_say_window_as_of_and_sources(project, october):
    fig = build_figure(project, october, MapOptions(), title="Briefing")
    texts = [t.get_text() for t in fig.texts]
    assert stamp_caption(project, october) in texts  # counts, window and the reported launches
    assert stamp_caption(project, october).startswith(october.caption())
    assert f"Data as of {project.as_of():%-d %b %Y}" in texts
    sources = next(t for t in texts if t.startswith("Sources ("))
    cited = shown_source_ids(project, october, MapOptions(), view_rings(project, october, MapOptions())[0])
    assert sources.startswith(f"Sources ({len(cited)}): ")
    assert sources.endswith("more")  # 28 sources do not fit on one line
    assert any("Natural Earth" in t and "GeoNames.org" in t for t in texts)


def test_map_frame_has_the_axes_aspect(project, october):
    fig = build_figure(project, october, MapOptions(), title="Briefing")
    ax = fig.axes[0]
    box = ax.get_window_extent()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert (x1 - x0) / (y1 - y0) == pytest.approx(box.width / box.height, rel=1e-3)


def test_frame_shows_every_strike_and_site(project):
    view = view_of(project, Window(*project.span()))
    fig = build_figure(project, view, MapOptions(), title="Briefing")
    (x0, x1), (y0, y1) = fig.axes[0].get_xlim(), fig.axes[0].get_ylim()
    for frame in (view.strikes, view.sites):
        xs, ys = mercator(frame["lon"], frame["lat"])
        assert (xs > x0).all() and (xs < x1).all() and (ys > y0).all() and (ys < y1).all()


# ---------------------------------------------------------------- legend


def test_legend_lists_only_the_layers_shown(project, october):
    def entries(options):
        return legend_entries(project, october, options, view_rings(project, october, options)[0])

    everything = _labels(entries(MapOptions()))
    assert "Sites · shape = kind" in everything
    assert "Strikes · colour = drone" in everything
    assert "Geodesic range rings" in everything
    shown_kinds = {SITE_SYMBOLS[kind].label for kind in october.sites["kind"]}
    all_kinds = {symbol.label for symbol in SITE_SYMBOLS.values()}
    assert "Base" in shown_kinds  # Dzhankoi
    assert shown_kinds <= set(everything) and not (all_kinds - shown_kinds) & set(everything)
    assert "Shahed-136" in everything
    assert "Shahed-136 · 2,000 km" in everything
    assert "spread of range claims" in everything

    strikes_only = entries(MapOptions(layers=("strikes",)))
    labels = _labels(strikes_only)
    assert "Sites · shape = kind" not in labels and "Geodesic range rings" not in labels
    assert "Base" not in labels and not any("km" in label for label in labels)
    assert "Shahed-136" in labels
    kinds = {key.kind for _label, key in strikes_only}
    assert kinds == {"header", "strike", "confidence"}

    rings_only = entries(MapOptions(layers=("rings",)))
    kinds = [key.kind for _label, key in rings_only]
    drawn = view_rings(project, october, MapOptions(layers=("rings",)))[0]
    one_per_drone = drawn.loc[drawn["kind"] == "ring", "drone_id"].nunique()
    assert kinds == ["header", *["ring"] * one_per_drone, "band"] and one_per_drone >= 1


def test_legend_confidence_rows_are_the_levels_shown(project, october):
    rings = view_rings(project, october, MapOptions())[0]
    entries = legend_entries(project, october, MapOptions(), rings)
    confidence = [label for label, key in entries if key.kind == "confidence"]
    shown = set(october.strikes["confidence"]) | set(october.sites["confidence"])
    assert len(confidence) == len(shown)
    claimed = next(key for label, key in entries if label.startswith("Claimed"))
    assert claimed.dashed and claimed.fill_opacity == 0


def test_legend_rings_follow_ring_drones_and_free_rings(project):
    view = view_of(project, Window(*project.span()))
    options = MapOptions(
        layers=("rings",),
        ring_drones=("shahed-131",),
        unit="mi",
        free_rings=(FreeRing("kashan-airfield", 300, "mi", "Reach"),),
    )
    rings, messages = view_rings(project, view, options)
    assert messages == []
    labels = _labels(legend_entries(project, view, options, rings))
    assert "Shahed-131 · 559 mi" in labels
    assert not any(label.startswith("Shahed-136") for label in labels)
    assert "spread of range claims" not in labels  # Shahed-131 has a single published figure
    assert any(label.startswith("Reach · 300 mi from Kashan") for label in labels)


def test_legend_shows_the_cluster_disc_only_when_drawn(project, october):
    rings = view_rings(project, october, MapOptions())[0]
    assert "strikes at one place" not in _labels(legend_entries(project, october, MapOptions(), rings))
    labels = _labels(legend_entries(project, october, MapOptions(), rings, clustered=True))
    assert "strikes at one place" in labels


# ---------------------------------------------------------------- the package


def test_callers_imports_still_work():
    """app.py, cli/snapshot.py, bench/png.py and the tests import these from the package."""
    for name in ("render_png", "build_figure", "SIZES", "PngSize", "mercator", "frame_extent", "scale_bar"):
        assert hasattr(png_package, name), name
    assert set(png_package.__all__) <= set(dir(png_package))


def test_rendering_keeps_no_pyplot_figure(project, october):
    """geopandas' plotting imports pyplot; our figures still never register with it."""
    before = plt.get_fignums()
    _png(project, october, MapOptions(), title="Briefing")
    assert plt.get_fignums() == before


def test_a_frame_out_at_sea_renders_without_warnings(project, october):
    """No border in the frame (a base map elsewhere): nothing to plot, and no warning about it."""
    far_away = gpd.GeoDataFrame(geometry=[shapely.box(-80, -40, -70, -30)], crs=4326)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = render_png(project, ViewSpec(october.window, MapOptions(), title="Sea"), basemap=far_away)
    pixels = np.asarray(_image(png).convert("RGB"))
    land = np.array([round(c * 255) for c in to_rgb(LAND)])
    assert not np.all(np.abs(pixels.astype(int) - land) <= 1, axis=-1).any()


def test_density_draws_hexagons_in_the_class_colours_instead_of_strikes(project):
    from matplotlib.collections import PolyCollection
    from matplotlib.colors import to_hex

    from droneatlas.style import DENSITY_COLOURS

    view = view_of(project, Window(date(2025, 1, 1), date(2026, 3, 31)))

    def hexagons(options: MapOptions) -> list:
        """The map's hexagon cells (matplotlib's hexbin) and their fill colours."""
        fig = build_figure(project, view, options, title="x", size="1280x720")
        cells = [
            c
            for ax in fig.axes
            for c in ax.collections
            if isinstance(c, PolyCollection) and c.get_offsets().size
        ]
        return [to_hex(colour[:3]) for c in cells for colour in c.get_facecolors()]

    density = MapOptions(layers=("strikes",), strike_style="density")
    fills = hexagons(density)
    assert fills and set(fills) <= set(DENSITY_COLOURS)
    assert hexagons(MapOptions(layers=("strikes",))) == []
    labels = _labels(legend_entries(project, view, density, view_rings(project, view, density)[0]))
    assert labels[:2] == ["Strikes · count per hexagon", "1–9"] and "Fill = confidence" not in labels
