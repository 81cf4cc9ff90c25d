"""Browser tier: a real Streamlit server and Debian's chromium driven by Playwright.

Never `playwright install`: the browser is /usr/bin/chromium (apt-get install chromium).
Without it these tests skip locally; with ATLAS_REQUIRE_BROWSER=1 (set by .ci/run) they fail.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from harness import CHROMIUM, AppServer, OfflinePage, launch_chromium
from tests.conftest import PROJECT_DATA


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("ATLAS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium); browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = launch_chromium(playwright)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def app_server(browser) -> Iterator[AppServer]:
    server = AppServer(PROJECT_DATA)
    yield server
    server.stop()


@pytest.fixture
def start_server(browser) -> Iterator[Callable[[Path], AppServer]]:
    servers: list[AppServer] = []

    def start(data_dir: Path) -> AppServer:
        servers.append(AppServer(data_dir))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def offline_page(browser) -> Iterator[OfflinePage]:
    page = OfflinePage(browser)
    yield page
    page.close()
