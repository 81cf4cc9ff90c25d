"""The browser tests' waits keep the page's requests flowing.

Every request of a harness.OfflinePage passes through its route handler, which Playwright's
sync API runs only inside one of its own calls: a ``time.sleep`` while a page is open holds
the page's requests (a remounted map's frame never loaded, and Streamlit gave up on it after
60 s). Pages wait with ``OfflinePage.pause``.
"""

from __future__ import annotations

import ast
from pathlib import Path

from harness import ROOT

# Where a page of the harness is open; bench/busy.py and bench/floor.py sleep between visits.
WITH_OPEN_PAGES = [
    *sorted((ROOT / "tests" / "browser").glob("*.py")),
    ROOT / "harness" / "__init__.py",
    ROOT / "bench" / "first_map.py",
    ROOT / "bench" / "scale.py",
]
# harness.AppServer waits for its server's health check before any page exists.
ALLOWED = {("__init__.py", "_wait_healthy")}


def sleeps_in(path: Path) -> list[str]:
    """``file:line function`` of every ``time.sleep(...)`` call in ``path``."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef):
            continue
        for node in ast.walk(function):
            is_sleep = (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "sleep"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "time"
            )
            if is_sleep and (path.name, function.name) not in ALLOWED:
                found.append(f"{path.name}:{node.lineno} {function.name}")
    return found


def test_the_rule_finds_a_sleep(tmp_path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import time\n\ndef poll():\n    time.sleep(0.2)\n", encoding="utf-8")
    assert sleeps_in(sample) == ["sample.py:4 poll"]


def test_no_time_sleep_while_a_page_is_open() -> None:
    assert len(WITH_OPEN_PAGES) > 10  # the browser tests were found
    found = [sleep for path in WITH_OPEN_PAGES for sleep in sleeps_in(path)]
    assert found == [], f"wait with OfflinePage.pause instead: {found}"
