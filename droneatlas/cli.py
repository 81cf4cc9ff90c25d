"""Command line: `python -m droneatlas COMMAND ...`. Bad arguments exit 2 with one line."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, status 2, no usage dump
        self.exit(2, f"{self.prog}: error: {message}\n")


# Each command module exposes add_parser(subparsers) and sets `func` on its parser.
COMMAND_MODULES: tuple[str, ...] = ("droneatlas.importers.command", "droneatlas.export.command")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m droneatlas", description="Drone Atlas tools")
    subparsers = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    return func(args)


if __name__ == "__main__":
    sys.exit(main())
