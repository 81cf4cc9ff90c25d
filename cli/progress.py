"""Progress on a terminal: a bar on stderr when it is a terminal, nothing in a pipe or a log."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from tqdm import tqdm


@contextmanager
def steps(total: int, what: str) -> Iterator[tqdm]:
    """A bar of ``total`` named steps: ``bar.set_description(step)`` then ``bar.update()``."""
    with tqdm(total=total, desc=what, unit="step", disable=not sys.stderr.isatty(), leave=False) as bar:
        yield bar


@contextmanager
def rows(what: str) -> Iterator[tqdm]:
    """A running count of rows (the total is often unknown before reading)."""
    with tqdm(desc=what, unit=" rows", unit_scale=True, disable=not sys.stderr.isatty(), leave=False) as bar:
        yield bar
