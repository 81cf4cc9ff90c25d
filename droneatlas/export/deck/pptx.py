"""The deck as one PowerPoint file (python-pptx): per slide, its title, the briefing PNG of
its view, and the notes with the cited sources as the speaker notes."""

from __future__ import annotations

import io
from collections.abc import Callable

from pptx import Presentation
from pptx.util import Emu, Inches, Pt

from droneatlas.catalog import Catalog
from droneatlas.deck import ReadySlide, paragraphs, source_lines
from droneatlas.export.png import render_png

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)  # 16:9, PowerPoint's default widescreen
TITLE_H = Inches(0.85)
PICTURE_SIZE = "1920x1080"
TITLE_ONLY_LAYOUT = 5  # in python-pptx's default template: "Title Only"


def speaker_notes(catalog: Catalog, ready: ReadySlide) -> str:
    """The notes' paragraphs, then 'Sources:' and one line per cited source."""
    parts = paragraphs(ready.slide.notes)
    sources = source_lines(catalog, ready.slide.sources)
    if sources:
        parts.append("Sources:\n" + "\n".join(sources))
    return "\n\n".join(parts)


def deck_pptx(
    catalog: Catalog,
    slides: list[ReadySlide],
    *,
    title: str,
    on_slide: Callable[[ReadySlide], None] | None = None,
) -> bytes:
    """A 16:9 presentation, one slide per deck slide."""
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = SLIDE_W, SLIDE_H
    presentation.core_properties.title = title or "Drone Atlas briefing"
    presentation.core_properties.author = "Drone Atlas"
    layout = presentation.slide_layouts[TITLE_ONLY_LAYOUT]
    for ready in slides:
        slide = presentation.slides.add_slide(layout)
        heading = slide.shapes.title
        heading.left, heading.top, heading.width, heading.height = (
            Inches(0.4),
            Inches(0.1),
            SLIDE_W - Inches(0.8),
            TITLE_H,
        )
        heading.text = ready.slide.title
        for paragraph in heading.text_frame.paragraphs:
            paragraph.font.size = Pt(30)
        picture = render_png(catalog, ready.spec, size=PICTURE_SIZE)
        height = SLIDE_H - TITLE_H - Inches(0.2)
        width = Emu(int(height * 16 / 9))
        slide.shapes.add_picture(
            io.BytesIO(picture), (SLIDE_W - width) // 2, TITLE_H + Inches(0.1), width, height
        )
        slide.notes_slide.notes_text_frame.text = speaker_notes(catalog, ready)
        if on_slide is not None:
            on_slide(ready)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()
