"""The deck's offline slideshow in Chromium, every request to another host blocked
(harness.OfflinePage): arrow keys and the on-screen buttons step through the slides, and the
map shows each slide's window, sites, rings, stamp and notes."""

from __future__ import annotations

from droneatlas.catalog import load_catalog
from droneatlas.deck import check_deck, read_deck
from droneatlas.regions import only_points
from droneatlas.view import spec_view
from harness import COUNT_LAYERS_JS
from layers.slideshow import slideshow_html
from tests.conftest import PROJECT_DATA

SHIPPED = PROJECT_DATA / "decks" / "autumn-2022.toml"
MAP_JS = "Object.values(window).find(v => v instanceof L.Map)"
SLIDE_JS = "() => {{ const m = " + MAP_JS + "; return m && m.atlas && m.atlas.slide === {index}; }}"


def test_slideshow_steps_through_every_slide_offline(offline_page, tmp_path) -> None:
    catalog = load_catalog(PROJECT_DATA)
    deck, _ = read_deck(SHIPPED)
    slides, refused = check_deck(deck, catalog)
    assert refused == [] and len(slides) >= 4
    path = tmp_path / "briefing.html"
    path.write_text(slideshow_html(catalog, slides, title=deck.title), encoding="utf-8")

    page = offline_page.page
    page.goto(path.as_uri())
    page.locator(".leaflet-atlas-borders-pane path").first.wait_for(state="attached", timeout=60_000)

    def wait_for_slide(index: int) -> None:
        page.wait_for_function(SLIDE_JS.format(index=index))

    for index, slide in enumerate(slides):
        if index:
            page.keyboard.press("ArrowRight")
        wait_for_slide(index)
        view = spec_view(catalog, slide.spec)
        layers = slide.spec.options.layers
        counts = page.evaluate(COUNT_LAYERS_JS)
        points = len(only_points(view.strikes))  # region records are counted, not drawn
        assert counts["strikes"] == (points if "strikes" in layers else 0), slide.slide.title
        assert counts["sites"] == (len(view.sites) if "sites" in layers else 0), slide.slide.title
        assert (counts["rings"] > 0) == ("rings" in layers), slide.slide.title
        assert page.locator(".atlas-stamp-title").inner_text() == slide.slide.title
        assert view.window.label() in page.locator(".atlas-stamp-window").inner_text()
        assert page.locator(".atlas-slides-counter").inner_text() == f"{index + 1} / {len(slides)}"

    page.keyboard.press("ArrowRight")  # past the last slide: stays
    wait_for_slide(len(slides) - 1)
    assert page.get_by_role("button", name="Next ▶").is_disabled()
    page.get_by_role("button", name="◀ Previous").click()
    wait_for_slide(len(slides) - 2)
    page.get_by_role("button", name="Notes").click()
    notes = page.locator(".atlas-slides-notes")
    assert notes.is_visible() and "Sources" in notes.inner_text()
    assert notes.locator("a").count() == len(slides[-2].slide.sources)
    page.keyboard.press("Home")
    wait_for_slide(0)
    assert offline_page.foreign_requests == [] and offline_page.errors == []
