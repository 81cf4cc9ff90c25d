"""The arguments that say which view a command renders (snapshot, animate), checked alike."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from droneatlas.catalog import Catalog
from droneatlas.timeline import Window
from droneatlas.view import ALL_LAYERS, DEFAULT_TITLE, STRIKE_STYLES, MapOptions, ViewSpec


class BadView(ValueError):
    """The arguments name a view the data cannot show (the message says why, in one line);
    ``status`` 2 for bad arguments, 1 when the data has nothing to show."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def _names(text: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in text.split(",") if v.strip())


def add_view_arguments(parser: argparse.ArgumentParser) -> None:
    """--start, --end, --title, --layers, --drones, --unit, --strikes, --compare-start,
    --compare-end and --data."""
    parser.add_argument("--start", type=_day, help="first day (YYYY-MM-DD); default: start of the data")
    parser.add_argument("--end", type=_day, help="last day (YYYY-MM-DD); default: end of the data")
    parser.add_argument("--title", default=DEFAULT_TITLE)
    parser.add_argument(
        "--layers", type=_names, default=tuple(ALL_LAYERS), help="comma list: sites,strikes,rings"
    )
    parser.add_argument("--drones", type=_names, help="drone ids whose rings are drawn (default: all)")
    parser.add_argument("--unit", choices=("km", "mi"), default="km")
    parser.add_argument(
        "--strikes",
        choices=STRIKE_STYLES,
        default="points",
        help="strikes as points or as density (hexagons)",
    )
    parser.add_argument("--compare-start", type=_day, help="compare mode: first day of a second window")
    parser.add_argument("--compare-end", type=_day, help="compare mode: last day of the second window")
    parser.add_argument(
        "--data", type=Path, default=None, help="data directory (default: ATLAS_DATA_DIR or data/)"
    )


def unknown_layers(args: argparse.Namespace) -> str | None:
    """What is wrong with --layers, before any data is read; None when nothing is."""
    unknown = [name for name in args.layers if name not in ALL_LAYERS]
    return f"unknown layer(s) {', '.join(unknown)}; use {','.join(ALL_LAYERS)}" if unknown else None


def view_spec(args: argparse.Namespace, catalog: Catalog, data_dir: Path) -> ViewSpec:
    """The view the arguments ask for in ``catalog``, or BadView."""
    span = catalog.span()
    if span is None:
        raise BadView(f"no dated records in {data_dir}", status=1)
    start, end = args.start or span[0], args.end or span[1]
    if end < start:
        raise BadView(f"--end {end} is before --start {start}")
    if args.drones is not None:
        unknown = [d for d in args.drones if d not in catalog.drones.index]
        if unknown:
            raise BadView(
                f"unknown drone id(s) {', '.join(unknown)}; known: {', '.join(catalog.drones.index)}"
            )
    options = MapOptions(
        layers=args.layers, ring_drones=args.drones, unit=args.unit, strike_style=args.strikes
    )
    return ViewSpec(Window(start, end), options, title=args.title, compare=_compared(args))


def _compared(args: argparse.Namespace) -> Window | None:
    """The second window of compare mode: both ends or neither, in order."""
    ends = (args.compare_start, args.compare_end)
    if ends == (None, None):
        return None
    if None in ends:
        raise BadView("compare mode needs both --compare-start and --compare-end")
    if ends[1] < ends[0]:
        raise BadView(f"--compare-end {ends[1]} is before --compare-start {ends[0]}")
    return Window(*ends)
