"""The timeline played as a video: a view's window stepped by day or week, frame by frame.

Each frame is the briefing PNG of its window (droneatlas.export.png): the title, the running
window and its counts, the legend, the scale bar and the sources are burned in, and the big
date in the map's corner is the frame's last day. ``cumulative`` frames grow from the start
of the window; ``moving`` frames show the last 30 days, as the map's playback does.

Speed: what does not change between frames (borders, legend, title, footer) is drawn once;
each frame restores that background and draws only its records and its caption on top
(matplotlib's blitting on the Agg canvas): ~0.1 s a 1080p frame instead of ~0.8 s.
Encoding (droneatlas.export.video) takes the frames as they come, so memory stays at one
frame whatever the length.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from matplotlib import rc_context

from droneatlas.catalog import Catalog
from droneatlas.export.png import Briefing, lay_out
from droneatlas.export.png.content import map_content
from droneatlas.export.png.draw import draw_map
from droneatlas.export.png.layout import FONT, TITLE_PT
from droneatlas.export.png.panels import fit_caption
from droneatlas.style import INK, drone_colours
from droneatlas.timeline import View, Window, view_of
from droneatlas.view import ViewSpec, as_of_text, stamp_caption, view_rings

STEPS = {"week": 7, "day": 1}  # the first is the default
MODES = ("cumulative", "moving")
MOVING_DAYS = 30  # a moving frame shows its last 30 days (the map's playback does the same)
MAX_FRAMES = 1_000  # ~4 years by week, ~3 by day: beyond, ask for a longer step
SIZES = ("1920x1080", "1280x720")
NO_BORDERS = np.array([], dtype=object)  # each frame's layer draws records only
Progress = Callable[[int, int], None]


class AnimationError(ValueError):
    """An animation that cannot be made as asked (the message says why, for the user)."""


@dataclass(frozen=True)
class Animation:
    """What to play: the view (its window is the whole animation) and how to step through it."""

    spec: ViewSpec
    step: str = "week"  # one of STEPS
    mode: str = "cumulative"  # one of MODES
    size: str = "1920x1080"  # one of SIZES

    def windows(self) -> list[Window]:
        """Each frame's window, in order (see frame_windows)."""
        return frame_windows(self.spec.window, self.step, self.mode)


@dataclass(frozen=True)
class Frame:
    """One rendered frame: its window, the caption burned into it and its RGB pixels."""

    window: Window
    caption: str
    pixels: np.ndarray  # height x width x 3, uint8


def frame_windows(window: Window, step: str, mode: str) -> list[Window]:
    """The frames' windows: one per ``step`` from the window's start, the last ending on its
    last day; ``cumulative`` from the start, ``moving`` over the last MOVING_DAYS."""
    if step not in STEPS:
        raise AnimationError(f"unknown step {step!r}; use {' or '.join(STEPS)}")
    if mode not in MODES:
        raise AnimationError(f"unknown mode {mode!r}; use {' or '.join(MODES)}")
    days = (window.end - window.start).days + 1
    count = -(-days // STEPS[step])  # the last, shorter step still gets its frame
    if count > MAX_FRAMES:
        raise AnimationError(
            f"{count:,} frames ({days:,} days by {step}): at most {MAX_FRAMES:,}; use a longer step "
            "or a shorter window"
        )
    ends = [min(window.start + timedelta(days=STEPS[step] * (k + 1) - 1), window.end) for k in range(count)]
    if mode == "cumulative":
        return [Window(window.start, end) for end in ends]
    return [Window(max(window.start, end - timedelta(days=MOVING_DAYS - 1)), end) for end in ends]


def render_frames(
    catalog: Catalog, animation: Animation, progress: Progress | None = None
) -> Iterator[Frame]:
    """The frames of ``animation``, one at a time (``progress(done, total)`` after each)."""
    windows = animation.windows()
    spec = animation.spec
    with rc_context({"text.usetex": False, "text.parse_math": False, "font.family": FONT}):
        whole = view_of(catalog, spec.window)
        # The whole window frames the map and fills the legend: every frame shares them.
        briefing = lay_out(catalog, whole, spec.options, title=spec.title, size=animation.size, records=False)
        fig, canvas = briefing.layout.fig, briefing.layout.fig.canvas
        briefing.caption.set_visible(False)
        canvas.draw()
        background = canvas.copy_from_bbox(fig.bbox)
        colours = drone_colours(list(catalog.drones.index))
        stamp = as_of_text(catalog)
        for done, window in enumerate(windows, start=1):
            view = view_of(catalog, window)
            canvas.restore_region(background)
            caption = fit_caption(briefing.layout, stamp_caption(catalog, view), stamp)
            _draw_records(briefing, catalog, view, spec, colours)
            briefing.caption.set_text(caption)
            briefing.caption.set_visible(True)
            fig.draw_artist(briefing.caption)
            pixels = np.asarray(canvas.buffer_rgba())[..., :3].copy()
            yield Frame(window, caption, pixels)
            if progress is not None:
                progress(done, len(windows))
        fig.clear()


def _draw_records(briefing: Briefing, catalog: Catalog, view: View, spec: ViewSpec, colours: dict) -> None:
    """The frame's rings, strikes and sites, and its date, on a clear layer over the background."""
    layout, box = briefing.layout, briefing.map_box
    ax = layout.axes(box)
    rings, _messages = view_rings(catalog, view, spec.options)
    content = map_content(catalog, view, spec.options, rings)
    draw_map(ax, content, briefing.extent, NO_BORDERS, colours, box[2] - box[0])
    ax.patch.set_visible(False)  # the background's sea and borders show through
    ax.text(
        0.015,
        0.975,
        date_label(view.window.end),
        transform=ax.transAxes,
        fontsize=TITLE_PT,
        fontweight="bold",
        color=INK,
        va="top",
        ha="left",
        parse_math=False,
        bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": "#9a9a9a", "alpha": 0.9},
        zorder=20,
    )
    layout.fig.draw_artist(ax)
    layout.fig.delaxes(ax)


def date_label(day: date) -> str:
    """'17 Oct 2022': the running date a frame shows in its corner."""
    return f"{day:%-d %b %Y}"
