"""The briefing PNG: exact sizes, a real picture, literal text, and the pure helpers behind it."""

from __future__ import annotations

import io
import math
from datetime import date

import numpy as np
import pytest
from matplotlib.colors import to_rgb
from PIL import Image

from droneatlas.catalog import load_catalog
from droneatlas.export.png import (
    EMPTY_VIEW_LONLAT,
    SIZES,
    build_figure,
    credits,
    frame_extent,
    gather_markers,
    latitude_of,
    mercator,
    mercator_length_m,
    render_png,
    scale_bar,
    shown_source_ids,
    sources_footer,
)
from droneatlas.geodesy import KM_PER_MILE
from droneatlas.legend import legend_rows as legend_entries
from droneatlas.rings import FreeRing
from droneatlas.style import SEA, SITE_SYMBOLS
from droneatlas.timeline import OCTOBER_2022, Window, view_of
from droneatlas.view import MapOptions, ViewSpec, view_rings
from tests.conftest import DRONE, PROJECT_DATA, SITE, SOURCE, STRIKE

TODAY = date(2026, 11, 24)
HOSTILE_TITLE = "$\\alpha$ <script>{{x}}"
EMPTY_WINDOW = Window(date(2000, 1, 1), date(2000, 1, 31))


@pytest.fixture(scope="module")
def project():
    return load_catalog(PROJECT_DATA, today=TODAY)


@pytest.fixture(scope="module")
def october(project):
    return view_of(project, Window(*OCTOBER_2022))


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


def test_empty_view_frames_ukraine_and_the_black_sea():
    x0, x1, y0, y1 = frame_extent(np.empty((0, 2)), None, 16 / 9)
    assert (x1 - x0) / (y1 - y0) == pytest.approx(16 / 9)
    _lon0, lat0, _lon1, lat1 = EMPTY_VIEW_LONLAT
    (kx, ox), (ky, oy) = mercator([30.52, 31.0], [50.45, 43.5])  # Kyiv, the Black Sea
    assert x0 < kx < x1 and y0 < ky < y1
    assert x0 < ox < x1 and y0 < oy < y1
    assert latitude_of(y0) < lat0 + 1 and latitude_of(y1) > lat1 - 1


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
    assert october.caption() in texts
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


def test_rings_widen_the_frame_only_so_far():
    points = np.column_stack(mercator([30.0, 36.0], [46.0, 51.0]))
    huge = (*mercator(-60.0, 10.0), *mercator(120.0, 80.0))
    x0, x1, _y0, _y1 = frame_extent(points, huge, 1.5)
    lon_span = math.degrees((x1 - x0) / 6378137.0)
    assert lon_span < 100  # capped, not the ring's 180°
    unbounded = frame_extent(points, None, 1.5)
    assert x1 - x0 > unbounded[1] - unbounded[0]  # but the rings did widen it


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


# ---------------------------------------------------------------- scale bar


def test_mercator_metre_is_one_over_cos_lat_true_metres():
    assert mercator_length_m(500, 60) == pytest.approx(1_000_000)
    assert mercator_length_m(500, 0) == pytest.approx(500_000)
    # Against the projection itself: 1° of latitude (~111 km) near 60°N.
    (_, y0), (_, y1) = (mercator(0, 59.5), mercator(0, 60.5))
    assert float(y1 - y0) == pytest.approx(mercator_length_m(111.4, 60), rel=0.01)


def test_scale_bar_picks_a_round_true_distance():
    length_m, label = scale_bar(map_width_m=5_000_000, centre_lat=60, unit="km", max_fraction=0.22)
    assert label == "500 km"  # 1,100 km of Mercator x is 550 true km at 60°N
    assert length_m == pytest.approx(1_000_000)
    length_m, label = scale_bar(map_width_m=5_000_000, centre_lat=0, unit="km", max_fraction=0.22)
    assert label == "1,000 km" and length_m == pytest.approx(1_000_000)


def test_scale_bar_in_miles():
    length_m, label = scale_bar(map_width_m=5_000_000, centre_lat=60, unit="mi", max_fraction=0.22)
    assert label == "200 mi"  # 550 true km = 342 mi
    assert length_m == pytest.approx(200 * KM_PER_MILE * 1000 * 2)


# ---------------------------------------------------------------- sources footer


def test_footer_lists_what_fits_and_counts_the_rest():
    labels = ["Reuters", "AP", "Reuters", "BBC", "Kyiv Independent", "Politico"]
    line = sources_footer(labels, lambda s: len(s) <= 40)
    assert len(line) <= 40
    assert line == "Sources (6): Reuters · AP … and 3 more"  # Reuters covers two sources


def test_footer_without_truncation_has_no_remainder():
    line = sources_footer(["Reuters", "AP"], lambda s: True)
    assert line == "Sources (2): Reuters · AP"


def test_footer_when_nothing_fits_or_nothing_is_cited():
    assert (
        sources_footer(["A very long publisher name"], lambda s: len(s) <= 28) == "Sources (1): … and 1 more"
    )
    assert sources_footer([], lambda s: True) == "Sources (0): none"


def test_sources_follow_the_layers_shown(project, october):
    strikes_only = MapOptions(layers=("strikes",))
    ids = shown_source_ids(project, october, strikes_only, view_rings(project, october, strikes_only)[0])
    site_only = set(october.sites.iloc[0]["source_ids"]) - {
        s for ids in october.strikes["source_ids"] for s in ids
    }
    assert site_only and not site_only & set(ids)
    everything = shown_source_ids(
        project, october, MapOptions(), view_rings(project, october, MapOptions())[0]
    )
    assert site_only <= set(everything)
    assert set(project.drones.loc["shahed-136", "source_ids"]) <= set(everything)  # the ring's radius


def test_geonames_credit_only_when_town_coordinates_are_shown(project, october):
    assert any("GeoNames" in c for c in credits(project, october, MapOptions(), ["geonames"]))
    nothing = view_of(project, EMPTY_WINDOW)
    assert not any("GeoNames" in c for c in credits(project, nothing, MapOptions(), []))


# ---------------------------------------------------------------- strikes at one place


def test_gathered_markers_never_overlap():
    rng = np.random.default_rng(1)
    x, y = rng.uniform(0, 300, 60), rng.uniform(0, 200, 60)
    radii = np.full(60, 8.0)
    groups = gather_markers(x, y, radii, lambda n: 16.0)
    assert sorted(i for g in groups for i in g) == list(range(60))
    centres = [(x[g].mean(), y[g].mean(), 8.0 if len(g) == 1 else 16.0) for g in groups]
    for a in range(len(centres)):
        for b in range(a + 1, len(centres)):
            (xa, ya, ra), (xb, yb, rb) = centres[a], centres[b]
            assert math.hypot(xa - xb, ya - yb) >= ra + rb - 1e-9


def test_same_place_gathers_and_distant_places_do_not():
    groups = gather_markers(
        np.array([0.0, 0.5, 100.0]), np.array([0.0, 0.0, 0.0]), np.full(3, 8.0), lambda n: 16
    )
    assert sorted(map(sorted, groups)) == [[0, 1], [2]]
