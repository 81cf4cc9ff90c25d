"""`make bench`: run every benchmark module and print its figures."""

from __future__ import annotations

import importlib
import os
import platform
import sys

MODULES = (
    "bench.floor",
    "bench.first_map",
    "bench.png",
    "bench.animation",
    "bench.imports",
    "bench.memory",
    "bench.scale",
    "bench.load",
    "bench.serverload",
)


def main(argv: list[str]) -> int:
    wanted = [m for m in MODULES if not argv or any(a in m for a in argv)]
    machine = platform.processor() or platform.machine()
    print(f"machine: {machine}, {os.cpu_count()} cores, Python {platform.python_version()}")
    for name in wanted:
        for line in importlib.import_module(name).run():
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
