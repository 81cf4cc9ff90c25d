"""`droneatlas check-data DIR`: validate a data directory, then print its coverage.

Exit status: 0 every row valid and every row sourced; 1 an invalid row, a file problem or
a row without a source (each listed); 2 bad arguments.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from droneatlas.catalog import load_catalog
from droneatlas.coverage import coverage, coverage_lines


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check-data", help="validate a data directory and print its coverage", description=__doc__
    )
    parser.add_argument("directory", type=Path, metavar="DIR")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    catalog = load_catalog(args.directory)
    report = catalog.report
    for message in report.file_errors:
        print(f"file problem: {message}")
    for issue in report.rejected_rows:
        print(f"invalid row: {issue.file} line {issue.line} id {issue.record_id or '(none)'}: {issue.reason}")
    print(f"validation: {report.summary()}")
    for name in sorted(report.read):
        print(
            f"  {name}: read {report.read[name]:,} = accepted {report.accepted[name]:,} + "
            f"rejected {report.rejected(name):,}"
        )
    for line in coverage_lines(catalog):
        print(line)
    unsourced = sum(map(len, coverage(catalog).unsourced.values()))
    return 0 if report.ok and not unsourced else 1
