"""`droneatlas snapshot`: the same files as the app's download buttons, from a script."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

from tqdm import tqdm

from cli import progress
from droneatlas.catalog import Catalog, default_data_dir, load_catalog
from droneatlas.filters import CONFIDENCES, PRECISIONS, StrikeFilter, target_types
from droneatlas.view import (
    ALL_LAYERS,
    DEFAULT_LAYERS,
    DEFAULT_TITLE,
    MapOptions,
    ViewSpec,
    spec_view,
    stamp_text,
)

FORMATS = ("png", "html", "geojson", "csv", "launches-csv")  # launches-csv: the reported scale


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def _names(text: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in text.split(",") if v.strip())


def add_parser(subparsers) -> None:
    from droneatlas.export.png import SIZES

    parser = subparsers.add_parser("snapshot", help="write a PNG, HTML, GeoJSON or CSV of one view")
    parser.add_argument("--start", type=_day, help="first day (YYYY-MM-DD); default: start of the data")
    parser.add_argument("--end", type=_day, help="last day (YYYY-MM-DD); default: end of the data")
    parser.add_argument("--format", choices=FORMATS, required=True)
    parser.add_argument("--out", type=Path, required=True, help="file to write")
    parser.add_argument("--title", default=DEFAULT_TITLE)
    parser.add_argument(
        "--layers",
        type=_names,
        default=DEFAULT_LAYERS,
        help=f"comma list of {','.join(ALL_LAYERS)} (default: {','.join(DEFAULT_LAYERS)})",
    )
    parser.add_argument("--drones", type=_names, help="drone ids whose rings are drawn (default: all)")
    parser.add_argument("--unit", choices=("km", "mi"), default="km")
    parser.add_argument("--size", choices=tuple(SIZES), default="1920x1080", help="PNG size")
    add_filter_arguments(parser)
    parser.add_argument(
        "--data", type=Path, default=None, help="data directory (default: ATLAS_DATA_DIR or data/)"
    )
    parser.set_defaults(func=run)


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """The strike filter (droneatlas.filters), as the app's sidebar and links have it."""
    group = parser.add_argument_group("strike filter (default: every strike of the window)")
    group.add_argument(
        "--strike-drones", type=_names, default=(), help="comma list of drone ids whose strikes are shown"
    )
    group.add_argument("--confidence", type=_names, default=(), help=f"comma list of {','.join(CONFIDENCES)}")
    group.add_argument("--precision", type=_names, default=(), help=f"comma list of {','.join(PRECISIONS)}")
    group.add_argument(
        "--targets", type=_names, default=(), help="comma list of target types, as in the data"
    )
    group.add_argument(
        "--casualties", action="store_true", help="only strikes with reported killed or injured"
    )


def strike_filter(args: argparse.Namespace, catalog: Catalog) -> StrikeFilter | str:
    """The filter the arguments ask for, or what is wrong with it in one line."""
    for option, values, known in (
        ("--strike-drones", args.strike_drones, tuple(catalog.drones.index)),
        ("--confidence", args.confidence, CONFIDENCES),
        ("--precision", args.precision, PRECISIONS),
        ("--targets", args.targets, target_types(catalog.strikes)),
    ):
        unknown = [v for v in values if v not in known]
        if unknown:
            return f"{option}: unknown {', '.join(unknown)}; known: {', '.join(known)}"
    return StrikeFilter(
        drones=tuple(dict.fromkeys(args.strike_drones)),
        confidence=tuple(dict.fromkeys(args.confidence)),
        precision=tuple(dict.fromkeys(args.precision)),
        targets=tuple(dict.fromkeys(args.targets)),
        casualties=args.casualties,
    )


def fail(message: str, status: int = 2) -> int:
    """One line on stderr; the exit status (2: bad arguments, 1: the data or the file)."""
    print(f"droneatlas snapshot: error: {message}", file=sys.stderr)
    return status


def run(args: argparse.Namespace) -> int:
    unknown = [name for name in args.layers if name not in ALL_LAYERS]
    if unknown:
        return fail(f"unknown layer(s) {', '.join(unknown)}; use {','.join(ALL_LAYERS)}")
    data_dir = args.data or default_data_dir()
    with progress.steps(3, "snapshot") as bar:
        bar.set_description("checking the data")
        catalog = load_catalog(data_dir)
        bar.update()
        return _snapshot(args, catalog, data_dir, bar)


def _snapshot(args: argparse.Namespace, catalog: Catalog, data_dir: Path, bar: tqdm) -> int:
    """The view the arguments ask for, rendered and written (steps 2 and 3 of the bar)."""
    from droneatlas.timeline import Window

    for message in catalog.report.file_errors:
        print(f"warning: {message}", file=sys.stderr)
    if catalog.report.rejected_rows:
        print(f"warning: {catalog.report.summary()}", file=sys.stderr)
    span = catalog.span()
    if span is None:
        return fail(f"no dated records in {data_dir}", 1)
    start, end = args.start or span[0], args.end or span[1]
    if end < start:
        return fail(f"--end {end} is before --start {start}")
    if args.drones is not None:
        unknown = [d for d in args.drones if d not in catalog.drones.index]
        if unknown:
            return fail(f"unknown drone id(s) {', '.join(unknown)}; known: {', '.join(catalog.drones.index)}")
    chosen = strike_filter(args, catalog)
    if isinstance(chosen, str):
        return fail(chosen)
    spec = ViewSpec(
        Window(start, end),
        MapOptions(layers=args.layers, ring_drones=args.drones, unit=args.unit, strike_filter=chosen),
        title=args.title,
    )
    bar.set_description(f"rendering {args.format}")
    content = render(args.format, catalog, spec, size=args.size)
    bar.update()
    bar.set_description("writing")
    try:
        write_atomically(args.out, content)
    except OSError as exc:
        return fail(f"cannot write {args.out}: {exc.strerror or exc}", 1)
    shown = stamp_text(catalog, spec_view(catalog, spec), spec.options)
    print(f"wrote {args.out} ({len(content):,} bytes): {shown}")
    return 0


def render(fmt: str, catalog: Catalog, spec: ViewSpec, *, size: str) -> bytes:
    """The bytes of one export, the same the app's buttons give."""
    from droneatlas.export.data import launches_csv, to_csv, to_geojson, view_records

    if fmt == "png":
        from droneatlas.export.png import render_png  # matplotlib: imported on use

        return render_png(catalog, spec, size=size)
    if fmt == "html":
        from layers.standalone import snapshot_html

        return snapshot_html(catalog, spec).encode()
    if fmt == "launches-csv":
        return launches_csv(catalog, spec.window).encode()
    rows, label = view_records(catalog, spec)
    return (to_geojson(rows, window_label=label) if fmt == "geojson" else to_csv(rows)).encode()


def write_atomically(path: Path, content: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename: never a half-written file."""
    path = path.expanduser()
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.chmod(0o644)  # an ordinary file, not mkstemp's private mode
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
