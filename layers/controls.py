"""Map furniture as small Leaflet controls and elements: borders, legend, title stamp,
playback, the view link and the "drawn" moment.

Each is a folium MacroElement (layers.macro.Macro) with a template of a line or two that
calls into the page's ``DroneAtlas`` namespace (static/atlas/controls.js, playback.js,
loaded once with the base map: droneatlas.assets) with its options. Text reaches the page
only as escaped JSON (Jinja's ``tojson`` for options: compact, fast on a large inlined pack;
folium's ``tojavascript``; both escape <, >, & and ') and, where it is data, already made
literal by droneatlas.text; the stamp writes with ``textContent``, which never parses HTML.
"""

from __future__ import annotations

import pandas as pd
from folium.template import Template

from layers.macro import Macro


class Borders(Macro):
    """Country borders fetched from local URLs (or inlined data) into a pane below the overlays.

    ``urls``: the first is drawn before the map counts as drawn, the others once it is
    (droneatlas.assets.split_borders). ``coarse`` ({url, maxZoom}): a simplified first file
    drawn instead while the zoom is at most maxZoom, the first url swapped in beyond.
    A pane of its own keeps borders under the rings and markers even though they arrive
    after them; not interactive, so they never steal a click.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        DroneAtlas.controls.borders({{ this._parent.get_name() }}, {{ this.options|tojson }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        urls: list[str] | None = None,
        *,
        coarse: dict | None = None,
        data: dict | None = None,
        style: dict,
        attribution: str,
    ) -> None:
        super().__init__()
        self._name = "Borders"
        self.urls, self.data, self.style, self.attribution = urls, data, style, attribution
        self.options = {
            "urls": urls,
            "coarse": coarse,
            "data": data,
            "style": style,
            "attribution": attribution,
        }


class HtmlControl(Macro):
    """A Leaflet control in one corner holding HTML that we built and escaped ourselves."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        DroneAtlas.controls.htmlControl({{ this._parent.get_name() }}, {{ this.options|tojson }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        html: str,
        *,
        position: str,
        css_class: str,
        element_id: str | None = None,
        fold: dict[str, str] | None = None,
    ) -> None:
        """``fold``: {"label", "storageKey"} makes the control fold to a button (layout.js)."""
        super().__init__()
        self._name = "HtmlControl"
        self.html, self.position, self.css_class, self.element_id = html, position, css_class, element_id
        self.options = {
            "position": position,
            "className": css_class,
            "id": element_id,
            "html": html,
            "fold": fold,
        }


class SetText(Macro):
    """Sets the text of an element of the map page by id: how a dynamic layer updates the stamp."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        DroneAtlas.controls.setText({{ this.element_id|tojson }}, {{ this.text|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, element_id: str, text: str) -> None:
        super().__init__()
        self._name = "SetText"
        self.element_id, self.text = element_id, text


class SetHtml(Macro):
    """Replaces the content of an element of the map page by id with HTML we built and
    escaped ourselves (droneatlas.text): how a dynamic layer updates the legend."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        DroneAtlas.controls.setHtml({{ this.element_id|tojson }}, {{ this.html|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, element_id: str, html: str) -> None:
        super().__init__()
        self._name = "SetHtml"
        self.element_id, self.html = element_id, html


class BindTooltip(Macro):
    """Binds a tooltip (escaped HTML, as a JSON string) to its parent layer."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.bindTooltip(
            {{ this.html|tojavascript }}, {{ this.options|tojavascript }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str, *, sticky: bool = True) -> None:
        super().__init__()
        self._name = "BindTooltip"
        self.html, self.options = html, {"sticky": sticky}


def day_number(stamp: object) -> int | None:
    """Days since 1970-01-01 for a date (None for a missing one): compact and easy to compare in JS."""
    if stamp is None or pd.isna(stamp):
        return None
    return int(pd.Timestamp(stamp).normalize().value // 86_400_000_000_000)


class Playback(Macro):
    """Play the shown period back in time: play/pause, speed, cumulative or moving window.

    It finds the layers tagged with the days they are shown (options.atlasFrom/atlasTo,
    set by layers.overlay) each time play starts (in the app the layers are
    replaced on every slider move) and shows those active at the current day; pause keeps
    the frame, stop shows everything again. Our own code (static/atlas/playback.js); no data in it.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        DroneAtlas.playback.add({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "Playback"


class ViewLink(Macro):
    """Keeps the page's address in step with the map view, and a "Copy link" button.

    On every pan or zoom the parent page's URL gets lat, lon and zoom (replaceState: no
    reload, no rerun), so the address bar is always a link to what is on screen. Inside
    a standalone file there is no parent app: the control is then left out.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        DroneAtlas.controls.viewLink({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "ViewLink"


class LargeLabels(Macro):
    """Presenter view: larger legend and stamp (CSS class atlas-large on the map)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.getContainer().classList.add("atlas-large");
        {% endmacro %}
        """
    )


class AnnounceDrawn(Macro):
    """Marks the moment the map is drawn: borders (when the map has them), strikes and the
    overlays fetched so far (sites, rings) are on screen and painted. Sets
    ``map.atlas.drawnAt`` (ms since the epoch) and fires ``atlas:drawn``."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        DroneAtlas.controls.announceDrawn({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "AnnounceDrawn"


class ReportDrawn(Macro):
    """Once the map is drawn (AnnounceDrawn), tells Streamlit, as the map component's value.

    A new value is a rerun: the app sends a new page's controls with it, so that the
    browser builds them after the map rather than at the same time (ui.map.controls_after_the_map).
    The message is the component protocol's own (what streamlit-folium's frame sends when
    a map is clicked), posted from the component's frame to the Streamlit page.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        DroneAtlas.controls.reportDrawn({{ this._parent._parent.get_name() }}, {{ this.value|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, value: dict) -> None:
        super().__init__()
        self._name = "ReportDrawn"
        self.value = value


class SyncSiblings(Macro):
    """Pans and zooms this map with the other maps of ``group`` on the page (compare mode)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        DroneAtlas.sync.link({{ this._parent.get_name() }}, {{ this.group|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, group: str) -> None:
        super().__init__()
        self._name = "SyncSiblings"
        self.group = group


class FillWindow(Macro):
    """The app's map fills the window below what comes before it, whatever the screen
    (static/atlas/layout.js); a standalone file has no page around the map and ignores it."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        DroneAtlas.layout.fillWindow({{ this._parent.get_name() }}, {{ this.options|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, *, min_px: int, gap_px: int) -> None:
        super().__init__()
        self._name = "FillWindow"
        self.options = {"minPx": min_px, "gapPx": gap_px}


class FollowTimeline(Macro):
    """The app's map draws the strikes of the window as the page's timeline slider (widget
    key ``key``) moves, before the run for it arrives (static/atlas/follow.js)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        DroneAtlas.follow.follow({{ this._parent.get_name() }}, {{ this.key|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, key: str) -> None:
        super().__init__()
        self._name = "FollowTimeline"
        self.key = key
