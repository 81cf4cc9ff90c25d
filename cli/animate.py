"""`droneatlas animate`: the timeline of a view as an MP4 video or an animated GIF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tqdm import tqdm

from cli.view_args import BadView, add_view_arguments, unknown_layers, view_spec
from droneatlas.catalog import default_data_dir, load_catalog

DEFAULT_FPS = 4.0


def add_parser(subparsers) -> None:
    from droneatlas.export.animation import MODES, SIZES, STEPS
    from droneatlas.export.video import FORMATS

    parser = subparsers.add_parser("animate", help="write the timeline of a view as an MP4 or a GIF")
    add_view_arguments(parser)
    parser.add_argument("--step", choices=tuple(STEPS), default="week", help="how far each frame moves")
    parser.add_argument(
        "--mode", choices=MODES, default="cumulative", help="cumulative, or moving (the last 30 days)"
    )
    parser.add_argument("--format", choices=FORMATS, required=True)
    parser.add_argument("--out", type=Path, required=True, help="file to write")
    parser.add_argument("--size", choices=SIZES, default="1920x1080")
    pace = parser.add_mutually_exclusive_group()
    pace.add_argument("--fps", type=_positive, help=f"frames per second (default {DEFAULT_FPS:g})")
    pace.add_argument("--seconds", type=_positive, help="length of the video (sets the frames per second)")
    parser.set_defaults(func=run)


def _positive(text: str) -> float:
    try:
        number = float(text)
    except ValueError:
        number = float("nan")
    if not 0 < number < 10_000:
        raise argparse.ArgumentTypeError(f"not a positive number: {text!r}")
    return number


def fail(message: str, status: int = 2) -> int:
    """One line on stderr; the exit status (2: bad arguments, 1: the data or the file)."""
    print(f"droneatlas animate: error: {message}", file=sys.stderr)
    return status


def run(args: argparse.Namespace) -> int:
    from droneatlas.export.animation import Animation, AnimationError, render_frames
    from droneatlas.export.video import write_video

    problem = unknown_layers(args)
    if problem:
        return fail(problem)
    data_dir = args.data or default_data_dir()
    catalog = load_catalog(data_dir)
    for message in catalog.report.file_errors:
        print(f"warning: {message}", file=sys.stderr)
    try:
        animation = Animation(
            view_spec(args, catalog, data_dir), step=args.step, mode=args.mode, size=args.size
        )
        count = len(animation.windows())
    except BadView as exc:
        return fail(str(exc), exc.status)
    except AnimationError as exc:
        return fail(str(exc))
    fps = count / args.seconds if args.seconds else (args.fps or DEFAULT_FPS)
    with tqdm(
        total=count, desc="frames", unit=" frames", disable=not sys.stderr.isatty(), leave=False
    ) as bar:
        frames = (
            frame.pixels for frame in render_frames(catalog, animation, lambda done, _total: bar.update())
        )
        try:
            write_video(frames, args.out, fps=fps, fmt=args.format)
        except OSError as exc:
            return fail(f"cannot write {args.out}: {exc.strerror or exc}", 1)
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({size:,} bytes): {count} frames at {fps:.3g} fps, {count / fps:.1f} s")
    return 0
