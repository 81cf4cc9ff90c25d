"""A busy machine, as a reviewer makes one (issue #15, point 8): a second app and a second
Chromium that open the map and step the timeline, visit after visit, until stopped.

    .venv/bin/python -m bench.busy [SECONDS]     # stops after SECONDS, or on Ctrl-C / SIGTERM

Run it beside `make test` in a fresh clone; it prints how many visits it made. Not part of
`make bench`: it measures nothing, it only loads the machine.
"""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

from harness import AppServer, OfflinePage, launch_chromium

ROOT = Path(__file__).resolve().parent.parent
VISIT_TIMEOUT_MS = 120_000
STEPS = 3  # timeline steps per visit


def visit(browser, url: str) -> None:
    """Open the map, wait for the controls, step the timeline's end back a few times."""
    page = OfflinePage(browser)
    try:
        page.open_until_drawn(url, VISIT_TIMEOUT_MS)
        page.wait_for_controls(VISIT_TIMEOUT_MS)
        thumb = page.page.locator(".st-key-window input[type=range]").nth(1)
        for _ in range(STEPS):
            thumb.focus()
            thumb.press("PageDown")
            page.page.wait_for_timeout(1000)
    finally:
        page.close()


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    deadline = time.monotonic() + float(argv[0]) if argv else float("inf")
    stop = []

    def stopping(signum: int, _frame: object) -> None:
        # Between visits, not inside one: Playwright's own calls are not interrupted halfway.
        print("stopping after this visit", flush=True)
        stop.append(signum)

    signal.signal(signal.SIGINT, stopping)
    signal.signal(signal.SIGTERM, stopping)
    visits = failures = 0
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        server = AppServer(ROOT / "data")
        try:
            while not stop and time.monotonic() < deadline:
                try:
                    visit(browser, server.url)
                    visits += 1
                except Exception as exc:  # a slow visit is part of a busy machine: go on
                    failures += 1
                    print(f"visit failed: {type(exc).__name__}", flush=True)
        finally:
            server.stop()
            browser.close()
    print(f"{visits} visits, {failures} failed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
