"""Place names on the slide (droneatlas.export.png.labels): the briefing's October 2022 slide
names Kyiv, the oblasts and the base in Crimea, and no two names overlap."""

from __future__ import annotations

from matplotlib.text import Text

from droneatlas.export.png import build_figure
from droneatlas.export.png.labels import PLACE_NAMES_CREDIT, slide_zoom
from droneatlas.view import MapOptions


def _map_texts(fig) -> list[Text]:
    ax = fig.axes[0]  # the map's axes come first (layout.axes(map_box))
    return [t for t in ax.texts if t.get_text() and t.get_zorder() == 3.8]


def test_the_october_2022_slide_names_kyiv_the_oblasts_and_the_crimea_base(project, october) -> None:
    fig = build_figure(project, october, MapOptions(), title="October 2022")
    texts = _map_texts(fig)
    names = [t.get_text().replace("\n", " ") for t in texts]
    assert "Kyiv" in names
    oblasts = [n for n in names if n.endswith("OBLAST")]
    ukraine = {"KYIV OBLAST", "KHARKIV OBLAST", "POLTAVA OBLAST", "VINNYTSIA OBLAST", "LUHANSK OBLAST"}
    assert len(oblasts) >= 10 and len(ukraine & set(names)) >= 3
    assert any(n.startswith("Dzhankoi") for n in names)  # the site's own name, at its marker
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in texts]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b), "two place names overlap"
    footer = " ".join(t.get_text() for t in fig.texts)
    assert PLACE_NAMES_CREDIT in footer


def test_names_sit_under_the_strikes_and_sites(project, october) -> None:
    fig = build_figure(project, october, MapOptions(), title="October 2022")
    ax = fig.axes[0]
    names = _map_texts(fig)
    markers = [a for a in [*ax.collections, *ax.patches, *ax.lines] if a.get_zorder() >= 4]
    assert names and markers  # strikes (4), discs (6) and sites (7) are on this slide
    assert max(t.get_zorder() for t in names) < min(a.get_zorder() for a in markers)


def test_the_slide_zoom_is_the_maps_at_that_scale() -> None:
    assert slide_zoom(156_543.034 / 2**5) == 5
    assert slide_zoom(5881.0) == 5  # the October 2022 slide's frame (4.73)
