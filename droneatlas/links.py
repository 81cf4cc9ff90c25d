"""A view spec as a link's state and back: what an address, a deck slide and a script mean
by the same keys (droneatlas.urlstate parses and encodes them)."""

from __future__ import annotations

from droneatlas.filters import StrikeFilter
from droneatlas.timeline import Window
from droneatlas.urlstate import ViewState
from droneatlas.view import DEFAULT_BASEMAP, DEFAULT_LAYERS, DEFAULT_TITLE, MapOptions, ViewSpec


def state_of(spec: ViewSpec) -> ViewState:
    """Every part of ``spec`` a link carries (the position only when the spec has one)."""
    options, chosen = spec.options, spec.options.strike_filter
    center = spec.center or (None, None)
    return ViewState(
        start=spec.window.start,
        end=spec.window.end,
        layers=options.layers,
        drones=options.ring_drones,
        lat=center[0],
        lon=center[1],
        zoom=spec.zoom,
        unit=options.unit,
        basemap=spec.basemap,
        presenter=spec.presenter,
        title=spec.title if spec.title != DEFAULT_TITLE else None,
        density=options.strike_style == "density",
        compare_start=spec.compare.start if spec.compare else None,
        compare_end=spec.compare.end if spec.compare else None,
        strike_drones=chosen.drones,
        confidence=chosen.confidence,
        precision=chosen.precision,
        targets=chosen.targets,
        casualties=chosen.casualties,
    )


def spec_of(state: ViewState, window: Window, *, title: str | None = None) -> ViewSpec:
    """The view a link's state names over ``window`` (its start and end, or the caller's
    default); what the link leaves out takes the app's defaults."""
    chosen = StrikeFilter(
        drones=state.strike_drones or (),
        confidence=state.confidence or (),
        precision=state.precision or (),
        targets=state.targets or (),
        casualties=state.casualties,
    )
    options = MapOptions(
        layers=state.layers if state.layers is not None else DEFAULT_LAYERS,
        ring_drones=state.drones,
        unit=state.unit or "km",
        strike_style="density" if state.density else "points",
        strike_filter=chosen,
    )
    has_centre = state.lat is not None and state.lon is not None
    compared = state.compare_start and state.compare_end
    return ViewSpec(
        window,
        options,
        title=title or state.title or DEFAULT_TITLE,
        basemap=state.basemap or DEFAULT_BASEMAP,
        center=(state.lat, state.lon) if has_centre else None,
        zoom=state.zoom,
        presenter=state.presenter,
        compare=Window(state.compare_start, state.compare_end) if compared else None,
    )
