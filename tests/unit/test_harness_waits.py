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

# Where a page of the harness may be open: the browser tests, the harness, and the
# benchmarks that drive pages through it (bench/load.py drives its own async pages).
WITH_OPEN_PAGES = [
    *sorted((ROOT / "tests" / "browser").glob("*.py")),
    ROOT / "harness" / "__init__.py",
    *(ROOT / "bench" / f"{name}.py" for name in ("busy", "first_map", "floor", "memory", "scale")),
]
# Sleeps with no page open: the server's health check, the pauses between two visits (each
# visit's page is closed by then), the wait for a closed page's session to end.
ALLOWED = {
    ("__init__.py", "_wait_healthy"),
    ("floor.py", "run"),
    ("memory.py", "measure_upload"),
}


def _is_sleep(node: ast.AST) -> bool:
    """``time.sleep(...)``, or ``sleep(...)`` as imported by ``from time import sleep``."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr == "sleep" and isinstance(func.value, ast.Name) and func.value.id == "time"
    return isinstance(func, ast.Name) and func.id == "sleep"


def sleeps_in(path: Path) -> list[str]:
    """``file:line function`` of every sleep call in ``path`` outside ALLOWED (module-level
    code counts as ``<module>``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    owner = {}
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(function):
                owner.setdefault(node, function.name)  # the outermost function: walk goes outer first
    found = []
    for node in ast.walk(tree):
        name = owner.get(node, "<module>")
        if _is_sleep(node) and (path.name, name) not in ALLOWED:
            found.append(f"{path.name}:{node.lineno} {name}")
    return found


def test_the_rule_finds_every_kind_of_sleep(tmp_path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import time\nfrom time import sleep\n\n"
        "def poll():\n    time.sleep(0.2)\n\n"
        "async def apoll():\n    sleep(0.2)\n\n"
        "time.sleep(1)\n",
        encoding="utf-8",
    )
    assert sorted(sleeps_in(sample)) == ["sample.py:10 <module>", "sample.py:5 poll", "sample.py:8 apoll"]


def test_no_sleep_while_a_page_is_open() -> None:
    assert all(path.is_file() for path in WITH_OPEN_PAGES), WITH_OPEN_PAGES
    assert len(WITH_OPEN_PAGES) > 15  # the browser tests were found
    found = [sleep for path in WITH_OPEN_PAGES for sleep in sleeps_in(path)]
    assert found == [], f"wait with OfflinePage.pause instead: {found}"
