"""The Share panel's animated timeline: the view's window played as an MP4 or a GIF.

Rendering takes seconds (about 0.1-0.2 s a frame), so it runs on a button with a progress
bar, and the file waits in the session for its download button until the choices change.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from droneatlas.catalog import Catalog
from droneatlas.export.animation import MODES, SIZES, STEPS, Animation, AnimationError, render_frames
from droneatlas.export.video import MIME, write_video
from droneatlas.text import markdown_literal as md
from droneatlas.view import ViewSpec
from ui import state

FORMAT_LABELS = {"mp4": "MP4 video", "gif": "Animated GIF"}
MODE_LABELS = {"cumulative": "cumulative", "moving": "last 30 days"}
DEFAULT_SECONDS = 20


def animation_controls(catalog: Catalog, spec: ViewSpec) -> None:
    """Choices, a Render button with progress, and the download once rendered."""
    st.markdown("**Animated timeline**")
    step = st.radio(
        "Step", list(STEPS), horizontal=True, key=state.ANIMATION_STEP, format_func=lambda s: f"a {s}"
    )
    mode = st.radio(
        "Strikes shown", MODES, horizontal=True, key=state.ANIMATION_MODE, format_func=MODE_LABELS.get
    )
    fmt = st.radio("Format", list(FORMAT_LABELS), horizontal=True, key=state.ANIMATION_FORMAT,
                   format_func=FORMAT_LABELS.get)  # fmt: skip
    size = st.selectbox("Video size", SIZES, key=state.ANIMATION_SIZE)
    seconds = st.number_input(
        "Length (seconds)", min_value=1, max_value=600, value=DEFAULT_SECONDS, key=state.ANIMATION_SECONDS
    )
    animation = Animation(spec, step=step, mode=mode, size=size)
    try:
        frames = len(animation.windows())
    except AnimationError as exc:
        st.warning(md(str(exc)))
        return
    st.caption(f"{frames:,} frames, {frames / seconds:.2g} a second")
    choice = (animation, fmt, seconds)
    rendered = st.session_state.get(state.ANIMATION_RESULT)
    if rendered is None or rendered[0] != choice:
        if st.button("Render the animation", key=state.ANIMATION_RENDER, width="stretch"):
            st.session_state[state.ANIMATION_RESULT] = (
                choice,
                _render(catalog, animation, fmt, frames / seconds),
            )
            rendered = st.session_state[state.ANIMATION_RESULT]
        else:
            return
    stem = f"drone-atlas-{spec.window.start}-{spec.window.end}-{step}"
    st.download_button(
        f"Download {FORMAT_LABELS[fmt]} ({len(rendered[1]) / 1e6:.1f} MB)",
        rendered[1],
        file_name=f"{stem}.{fmt}",
        mime=MIME[fmt],
        width="stretch",
        on_click="ignore",
    )


def _render(catalog: Catalog, animation: Animation, fmt: str, fps: float) -> bytes:
    """The video's bytes, with a progress bar while the frames are drawn."""
    bar = st.progress(0.0, text="Rendering the frames…")

    def progress(done: int, total: int) -> None:
        bar.progress(done / total, text=f"Frame {done:,} of {total:,}")

    with tempfile.TemporaryDirectory(prefix="droneatlas-animation-") as folder:
        path = Path(folder) / f"animation.{fmt}"
        frames = (frame.pixels for frame in render_frames(catalog, animation, progress))
        write_video(frames, path, fps=fps, fmt=fmt)
        bar.empty()
        return path.read_bytes()
