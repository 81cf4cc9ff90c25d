"""`droneatlas import FILE... --into DIR`: import event data into a data directory.

Exit status: 0 all files imported (rows may still be rejected, see the report), 1 a file or
the target directory failed (said on the file's ``error:`` line, e.g. a JSON nested too
deeply), 2 bad arguments (one line, from the parser). Never a traceback: an unexpected
error is one line on stderr, status 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli import progress
from droneatlas.importers import FORMATS, import_files


def parse_map(text: str) -> dict[str, str]:
    """ "lat=Latitude,date=Event Date" -> {"lat": "Latitude", "date": "Event Date"}."""
    mapping = {}
    for item in text.split(","):
        field, sep, column = item.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise argparse.ArgumentTypeError(f"expected FIELD=COLUMN pairs, got {item!r}")
        mapping[field.strip().lower()] = column.strip()
    return mapping


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import event data (Ivaniuk, ACLED, UCDP GED, GeoJSON, CSV) into a data directory",
        description=__doc__,
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument(
        "--into", required=True, type=Path, metavar="DIR", help="data directory to create or merge into"
    )
    parser.add_argument("--format", default="auto", choices=["auto", *FORMATS], dest="fmt")
    parser.add_argument(
        "--map",
        type=parse_map,
        default=None,
        dest="column_map",
        metavar="FIELD=COLUMN,...",
        help="name the columns of a generic CSV/GeoJSON",
    )
    parser.add_argument("--crs", default=None, help="CRS of generic CSV coordinates (default WGS84)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        with progress.rows("importing") as bar:
            tell = lambda n: bar.update(n - bar.n)  # noqa: E731
            report = import_files(
                args.files, args.into, args.fmt, args.column_map, crs=args.crs, progress=tell
            )
    except Exception as exc:  # a bug must still reach the user as one line, not a traceback
        detail = " ".join(str(exc).split())[:300]
        print(f"droneatlas import: error: unexpected {type(exc).__name__}: {detail}", file=sys.stderr)
        return 1
    for line in report.lines():
        print(line)
    return 0 if report.ok else 1
