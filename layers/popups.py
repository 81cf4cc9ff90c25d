"""Popup and tooltip HTML shared by the layers. Every data value goes through droneatlas.text."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from droneatlas.text import link, literal
from layers.controls import BindTooltip

POPUP_MAX_WIDTH_PX = 360


def format_day(stamp: object) -> str:
    """'17 Oct 2022', or '' for a missing date."""
    if stamp is None or pd.isna(stamp):
        return ""
    return f"{pd.Timestamp(stamp):%-d %b %Y}"


def source_list(source_ids: Iterable[str], sources: pd.DataFrame) -> str:
    """An HTML list of sources as links: 'Title — Publisher, 17 Oct 2022'."""
    items = []
    for source_id in source_ids:
        if source_id not in sources.index:
            continue
        source = sources.loc[source_id]
        meta = ", ".join(
            part for part in (literal(source["publisher"]), format_day(source["published"])) if part
        )
        suffix = f" — {meta}" if meta else ""
        items.append(f"<li>{link(source['url'], source['title'])}{suffix}</li>")
    return f'<ol class="atlas-sources">{"".join(items)}</ol>' if items else ""


def popup_html(title: object, rows: list[tuple[str, object]], summary: object, sources_html: str) -> str:
    """A popup: a bold title, a table of labelled values (blank values shown as '—'), summary, sources.

    Labels are our own words; values are data and are escaped here.
    """
    cells = "".join(f"<tr><th>{label}</th><td>{literal(value) or '—'}</td></tr>" for label, value in rows)
    sources_block = f'<div class="atlas-sources-head">Sources</div>{sources_html}' if sources_html else ""
    html = (
        f'<div class="atlas-popup"><div class="atlas-popup-title">{literal(title)}</div>'
        f"<table>{cells}</table>"
        f'<p class="atlas-summary">{literal(summary)}</p>'
        f"{sources_block}</div>"
    )
    return html


def tooltip_html(text: object) -> str:
    """A hover label showing ``text`` literally."""
    return literal(text)


def tooltip(text: object) -> BindTooltip:
    """``tooltip_html`` bound to a folium layer (the reach and measure layers)."""
    return BindTooltip(tooltip_html(text))
