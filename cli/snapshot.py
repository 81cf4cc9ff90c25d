"""`droneatlas snapshot`: the same files as the app's download buttons, from a script."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tqdm import tqdm

from cli import progress
from cli.view_args import BadView, add_view_arguments, unknown_layers, view_spec
from droneatlas import atomicfile
from droneatlas.catalog import Catalog, default_data_dir, load_catalog
from droneatlas.view import ViewSpec, spec_view, stamp_text

FORMATS = ("png", "html", "geojson", "csv", "launches-csv")  # launches-csv: the reported scale


def add_parser(subparsers) -> None:
    from droneatlas.export.png import SIZES

    parser = subparsers.add_parser("snapshot", help="write a PNG, HTML, GeoJSON or CSV of one view")
    add_view_arguments(parser)
    parser.add_argument("--format", choices=FORMATS, required=True)
    parser.add_argument("--out", type=Path, required=True, help="file to write")
    parser.add_argument("--size", choices=tuple(SIZES), default="1920x1080", help="PNG size")
    parser.set_defaults(func=run)


def fail(message: str, status: int = 2) -> int:
    """One line on stderr; the exit status (2: bad arguments, 1: the data or the file)."""
    print(f"droneatlas snapshot: error: {message}", file=sys.stderr)
    return status


def run(args: argparse.Namespace) -> int:
    problem = unknown_layers(args)
    if problem:
        return fail(problem)
    data_dir = args.data or default_data_dir()
    with progress.steps(3, "snapshot") as bar:
        bar.set_description("checking the data")
        catalog = load_catalog(data_dir)
        bar.update()
        return _snapshot(args, catalog, data_dir, bar)


def _snapshot(args: argparse.Namespace, catalog: Catalog, data_dir: Path, bar: tqdm) -> int:
    """The view the arguments ask for, rendered and written (steps 2 and 3 of the bar)."""

    for message in catalog.report.file_errors:
        print(f"warning: {message}", file=sys.stderr)
    if catalog.report.rejected_rows:
        print(f"warning: {catalog.report.summary()}", file=sys.stderr)
    try:
        spec = view_spec(args, catalog, data_dir)
    except BadView as exc:
        return fail(str(exc), exc.status)
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
    """Never a half-written file, nor one left behind by a killed run (droneatlas.atomicfile)."""
    atomicfile.write_atomically(path, content)
