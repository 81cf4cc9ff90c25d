"""The timeline as a video: frame windows, frames burned with their date, GIF and MP4 read back."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image

from droneatlas.catalog import load_catalog
from droneatlas.export.animation import MAX_FRAMES, Animation, AnimationError, frame_windows, render_frames
from droneatlas.export.video import write_video
from droneatlas.timeline import OCTOBER_2022, Window, view_of
from droneatlas.view import ViewSpec, stamp_caption
from tests.conftest import PROJECT_DATA, ROOT

OCTOBER = Window(*OCTOBER_2022)


@pytest.fixture(scope="module")
def project():
    return load_catalog(PROJECT_DATA)


@pytest.fixture(scope="module")
def october_frames(project):
    animation = Animation(ViewSpec(OCTOBER), step="week", size="1280x720")
    return list(render_frames(project, animation))


def test_weekly_cumulative_frames_grow_from_the_start_and_end_on_the_last_day() -> None:
    windows = frame_windows(OCTOBER, "week", "cumulative")
    assert [w.end.day for w in windows] == [7, 14, 21, 28, 31]  # the short last week has its frame
    assert {w.start for w in windows} == {date(2022, 10, 1)}


def test_moving_frames_show_the_last_30_days_within_the_window() -> None:
    windows = frame_windows(Window(date(2022, 9, 1), date(2022, 12, 31)), "day", "moving")
    assert len(windows) == 122
    assert windows[0] == Window(date(2022, 9, 1), date(2022, 9, 1))  # never before the window
    assert windows[-1] == Window(date(2022, 12, 2), date(2022, 12, 31))
    assert all((w.end - w.start).days <= 29 for w in windows)


@pytest.mark.parametrize(("step", "mode", "message"), [("month", "cumulative", "unknown step"),
                                                       ("day", "rolling", "unknown mode")])  # fmt: skip
def test_unknown_step_or_mode_is_refused_by_name(step: str, mode: str, message: str) -> None:
    with pytest.raises(AnimationError, match=message):
        frame_windows(OCTOBER, step, mode)


def test_too_many_frames_are_refused_before_any_rendering() -> None:
    with pytest.raises(AnimationError, match=f"at most {MAX_FRAMES:,}"):
        frame_windows(Window(date(2020, 1, 1), date(2025, 12, 31)), "day", "cumulative")


def test_each_frame_burns_in_its_window_and_counts(project, october_frames) -> None:
    assert [f.window for f in october_frames] == frame_windows(OCTOBER, "week", "cumulative")
    for frame in october_frames:
        assert frame.caption == stamp_caption(project, view_of(project, frame.window))
        assert frame.pixels.shape == (720, 1280, 3) and frame.pixels.dtype == np.uint8
    assert "1 Oct – 7 Oct 2022" in october_frames[0].caption
    assert "1 Oct – 31 Oct 2022" in october_frames[-1].caption
    # The caption and the big date differ between frames: the pixels of the header and the
    # map's top-left corner change, the legend and the footer do not.
    first, last = october_frames[0].pixels.astype(int), october_frames[-1].pixels.astype(int)
    header, corner = (slice(60, 100), slice(0, 600)), (slice(90, 150), slice(30, 300))
    footer = slice(680, 720)
    assert np.abs(first[header] - last[header]).sum() > 0
    assert np.abs(first[corner] - last[corner]).sum() > 0
    assert np.abs(first[footer] - last[footer]).sum() == 0


def test_mp4_reads_back_with_its_frames_size_and_duration(tmp_path, october_frames) -> None:
    out = tmp_path / "october.mp4"
    assert write_video((f.pixels for f in october_frames), out, fps=2.5, fmt="mp4") == 5
    frames, seconds = imageio_ffmpeg.count_frames_and_secs(str(out))
    assert frames == 5 and seconds == pytest.approx(2.0, abs=0.05)
    reader = imageio_ffmpeg.read_frames(str(out))
    meta = next(reader)
    assert meta["size"] == (1280, 720) and meta["fps"] == pytest.approx(2.5)
    decoded = np.frombuffer(next(reader), np.uint8).reshape(720, 1280, 3).astype(int)
    assert np.abs(decoded - october_frames[0].pixels).mean() < 4  # lossy, but the same picture
    assert [p.name for p in tmp_path.iterdir()] == ["october.mp4"]  # no temporary file left


def test_gif_reads_back_with_its_frames_size_and_duration(tmp_path, october_frames) -> None:
    out = tmp_path / "october.gif"
    assert write_video((f.pixels for f in october_frames), out, fps=4, fmt="gif") == 5
    with Image.open(out) as gif:
        assert (gif.n_frames, gif.size, gif.info["loop"]) == (5, (1280, 720), 0)
        durations = []
        for k in range(gif.n_frames):
            gif.seek(k)
            durations.append(gif.info["duration"])
        assert durations == [250] * 5
        gif.seek(4)
        last = np.asarray(gif.convert("RGB")).astype(int)
    assert np.abs(last - october_frames[-1].pixels).mean() < 6  # one shared palette, no dithering


def test_a_failed_encoding_leaves_no_file(tmp_path, october_frames) -> None:
    out = tmp_path / "broken.mp4"

    def frames_then_failure():
        yield october_frames[0].pixels
        raise RuntimeError("the renderer failed")

    with pytest.raises(RuntimeError):
        write_video(frames_then_failure(), out, fps=2, fmt="mp4")
    assert list(tmp_path.iterdir()) == []


def animate(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "droneatlas", "animate", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_cli_writes_a_video_of_the_asked_length(tmp_path) -> None:
    out = tmp_path / "wave.mp4"
    done = animate("--start", "2022-10-01", "--end", "2022-10-31", "--step", "week", "--format", "mp4",
                   "--out", str(out), "--size", "1280x720", "--seconds", "2")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "5 frames at 2.5 fps, 2.0 s" in done.stdout
    assert imageio_ffmpeg.count_frames_and_secs(str(out))[0] == 5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "mp4", "--step", "day", "--start", "2022-06-08"], "at most 1,000"),
        (["--format", "avi"], "invalid choice"),
        (["--format", "gif", "--fps", "-1"], "not a positive number"),
        (["--format", "gif", "--fps", "2", "--seconds", "3"], "not allowed with argument"),
        (["--format", "gif", "--layers", "heat"], "unknown layer(s) heat"),
    ],
)
def test_bad_arguments_exit_2_with_one_line_and_no_file(tmp_path, args: list[str], message: str) -> None:
    done = animate(*args, "--out", str(tmp_path / "x.gif"))
    assert done.returncode == 2
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []
