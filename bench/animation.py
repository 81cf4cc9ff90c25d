"""Animated timeline: a 60-frame 1920x1080 MP4 of the default data (target: at most 30 s)."""

from __future__ import annotations

import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from droneatlas.catalog import load_catalog
from droneatlas.export.animation import Animation, render_frames
from droneatlas.export.video import write_video
from droneatlas.timeline import Window
from droneatlas.view import ViewSpec

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 30.0
FRAMES = 60


def run() -> list[str]:
    catalog = load_catalog(ROOT / "data")
    start = catalog.span()[0]
    window = Window(start, start + timedelta(days=7 * FRAMES - 1))  # 60 weekly frames
    lines = [f"# animated timeline ({FRAMES} weekly frames from {start}, default data, {date.today()})"]
    for fmt, size in (("mp4", "1920x1080"), ("mp4", "1280x720"), ("gif", "1280x720")):
        animation = Animation(ViewSpec(window), step="week", size=size)
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / f"bench.{fmt}"
            wall, cpu = time.perf_counter(), time.process_time()
            count = write_video((f.pixels for f in render_frames(catalog, animation)), out, fps=4, fmt=fmt)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            measured = (fmt, size) == ("mp4", "1920x1080")  # the one the target is for
            verdict = (" [ok]" if wall <= TARGET_S else " [OVER TARGET]") if measured else ""
            lines.append(
                f"{fmt.upper()} {size}, {count} frames: {wall:.1f} s{verdict} "
                f"(this process's CPU {cpu:.1f} s, ffmpeg's not counted), {out.stat().st_size / 1e6:.1f} MB"
            )
    return lines
