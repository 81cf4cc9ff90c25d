"""The deck as one offline HTML slideshow: ONE live map whose window, overlays, stamp, legend
and position change per slide (static/atlas/slideshow.js), not a copy of the map per slide.

The map is layers.compose's standalone map of every strike the deck's windows hold (inlined
once); each slide adds only its sites and rings (inlined overlay data), its stamp caption
and legend rows, and where it looks. Arrow keys, Page Up/Down, Home/End and on-screen
buttons step through the slides; the notes and the cited sources show under a toggle.
"""

from __future__ import annotations

from dataclasses import replace

import folium
from folium.template import Template

from droneatlas.catalog import Catalog
from droneatlas.compare import difference_text
from droneatlas.deck import ReadySlide, paragraphs
from droneatlas.legend import legend_rows, shading_rows
from droneatlas.timeline import View, Window, view_of
from droneatlas.view import MapOptions, ViewSpec, spec_view, stamp_text, view_rings
from layers import overlay_data
from layers.compose import compose_map
from layers.controls import day_number
from layers.legend import legend_html
from layers.macro import Macro
from layers.overlay import OverlayLayer
from layers.standalone import standalone_html

OVERLAY_NAMES = {"rings": "Range rings", "sites": "Sites"}
FIT_MAX_ZOOM = 7


class Slideshow(Macro):
    """Steps the map through the slides (static/atlas/slideshow.js); added after the slides'
    feature groups, which it finds by their names."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        DroneAtlas.slideshow.add({{ this._parent.get_name() }}, {{ this.options|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, title: str, slides: list[dict]) -> None:
        super().__init__()
        self._name = "Slideshow"
        self.options = {"title": title, "slides": slides}


def _bounds(view: View) -> list[list[float]] | None:
    """South-west and north-east of the strikes and sites shown (as layers.basemap.fit_view)."""
    lats = [*view.strikes["lat"], *view.sites["lat"]]
    lons = [*view.strikes["lon"], *view.sites["lon"]]
    if not lats:
        return None
    return [[float(min(lats)), float(min(lons))], [float(max(lats)), float(max(lons))]]


def _sources(catalog: Catalog, ids: tuple[str, ...]) -> list[dict[str, str]]:
    """Each cited source as label and address; the page shows the label as text and links
    only http(s) addresses (DroneAtlas.isWebLink)."""
    out = []
    for source_id in ids:
        if source_id not in catalog.sources.index:
            continue
        row = catalog.sources.loc[source_id]
        label = " · ".join(
            str(v) for v in (row.get("title"), row.get("publisher")) if isinstance(v, str) and v
        )
        url = row.get("url")
        out.append({"id": source_id, "label": label, "url": url if isinstance(url, str) else ""})
    return out


def _slide_options(catalog: Catalog, ready: ReadySlide, fmap: folium.Map) -> dict:
    """One slide for the page: its overlay groups (added to ``fmap``) and what it shows."""
    spec, options = ready.spec, ready.spec.options
    view = spec_view(catalog, spec)
    data, _messages = overlay_data(catalog, view, options)
    names = []
    for layer, content in data.items():
        group = folium.FeatureGroup(name=f"{OVERLAY_NAMES[layer]} · slide {ready.number}", control=False)
        group.add_child(OverlayLayer(data=content))
        fmap.add_child(group)
        names.append(group.get_name())
    rings, _ = view_rings(catalog, view, options)
    # The slideshow's one map shades no oblast (a slide's shading is in its PDF/PPTX page).
    rows = [
        row
        for row in legend_rows(catalog, view, options, rings, interactive=True)
        if row not in shading_rows(view, options)
    ]
    shows_strikes = "strikes" in options.layers
    return {
        # Text from the deck and the data, set as textContent by the page (never parsed).
        "title": spec.title,
        "notes": paragraphs(ready.slide.notes),
        "sources": _sources(catalog, ready.slide.sources),
        "groups": names,
        "window": [day_number(view.window.start), day_number(view.window.end)] if shows_strikes else None,
        "style": options.strike_style,
        "filter": options.strike_filter.for_page(),
        "caption": _caption(catalog, spec, view),
        "legend": legend_html(rows),
        "center": list(spec.center) if spec.center else None,
        "zoom": spec.zoom,
        "bounds": _bounds(view),
        "fitMaxZoom": FIT_MAX_ZOOM,
    }


def _caption(catalog: Catalog, spec: ViewSpec, view: View) -> str:
    """The stamp's counts; a compare slide adds its difference in words (the slideshow's one
    map shows the first window; the PDF and PPTX show both side by side)."""
    caption = stamp_text(catalog, view, spec.options)
    if spec.compare is None:
        return caption
    second = spec_view(catalog, replace(spec, window=spec.compare))
    return f"{caption} · compared: {difference_text(catalog, view, second)}"


def slideshow_html(catalog: Catalog, slides: list[ReadySlide], *, title: str) -> str:
    """The slides as one HTML file that works offline: one map, stepped slide by slide."""
    if not slides:
        raise ValueError("no slide to show")
    span = Window(min(s.spec.window.start for s in slides), max(s.spec.window.end for s in slides))
    # The base holds every strike of the deck's windows once; each slide moves the window.
    base_spec = ViewSpec(span, MapOptions(layers=("strikes",)), title=slides[0].spec.title)
    fmap = compose_map(catalog, view_of(catalog, span), base_spec, regions_url="").base
    pages = [_slide_options(catalog, ready, fmap) for ready in slides]
    fmap.add_child(Slideshow(title, pages))
    return standalone_html(fmap)
