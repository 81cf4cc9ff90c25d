"""The `droneatlas` command (also `python -m droneatlas`): import, snapshot, animate, check-data, deck.

This package composes the domain (droneatlas) with the map's rendering (layers), as app.py
does for the Streamlit side. Bad arguments exit 2 with one line; logging goes to stderr.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version

from cli import animate, check_data, snapshot
from cli import deck as deck_command
from cli import import_data as import_command
from droneatlas import settings

PROG = "droneatlas"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, status 2, no usage dump
        self.exit(2, f"{self.prog}: error: {message}\n")


def package_version() -> str:
    """The installed distribution's version, or the checkout's."""
    try:
        return version("droneatlas")
    except PackageNotFoundError:
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Drone Atlas tools")
    parser.add_argument("--version", action="version", version=f"{PROG} {package_version()}")
    subparsers = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for command in (import_command, snapshot, animate, check_data, deck_command):
        command.add_parser(subparsers)
    return parser


def configure_logging() -> None:
    """Messages to stderr, one line each; the level from ATLAS_LOG_LEVEL."""
    logging.basicConfig(
        level=settings.LOG_LEVEL, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )


def main(argv: list[str] | None = None) -> int:
    """Run one command; whatever goes wrong ends in one line on stderr, never a traceback."""
    configure_logging()
    args = build_parser().parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except BrokenPipeError:  # the reader stopped early (`| head`): say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug or an unforeseen input: one line, and the details in the log
        logging.getLogger("droneatlas.cli").debug("unexpected error", exc_info=True)
        print(f"{PROG} {args.command}: error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
