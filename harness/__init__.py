"""Dev harness shared by the browser tests and the benchmarks: the real app, a real Chromium.

Never `playwright install`: the browser is Debian's /usr/bin/chromium.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MAP_FRAME = 'iframe[title="ui.mapframe.st_folium"]'
# What a new page shows once its controls have come (they follow the drawn map).
CONTROLS = (
    '[data-testid="stSlider"]',
    '[data-testid="stSidebar"] [data-testid="stMultiSelect"]',
    '[data-testid="stTab"]',
)
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
# Streamlit marks its root with the run's state: this matches once no run is in progress.
APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# How long a page's waits last unless a test says otherwise: a busy machine (a second app and
# browser beside the tests) has taken more than Playwright's 30 s for a lazy panel's rerun.
DEFAULT_TIMEOUT_MS = 90_000
SERVER_START_TIMEOUT_S = 120


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    """The app as `make run` serves it (serve.py), or ``script`` under a plain `streamlit run`,
    on a free loopback port, stopped at teardown."""

    def __init__(
        self,
        data_dir: Path,
        extra_env: dict[str, str] | None = None,
        *,
        script: Path | None = None,
        port: int | None = None,
    ) -> None:
        """``port``: a given one (a restarted server, for the pages it had), else a free one."""
        self.port = port or _free_port()
        self.url = f"http://localhost:{self.port}/"
        env = {**os.environ, "ATLAS_DATA_DIR": str(data_dir), **(extra_env or {})}
        # A file, not a pipe: a pipe nobody reads would stall the server once full.
        self.log = tempfile.NamedTemporaryFile(prefix="droneatlas-server-", suffix=".log")  # noqa: SIM115
        serve = [sys.executable, str(ROOT / "serve.py")]  # as `make run` does
        launcher = [sys.executable, "-m", "streamlit", "run", str(script)] if script else serve
        self.process = subprocess.Popen(
            [
                *launcher,
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                # A test or benchmark server must not reload when a file changes under it.
                "--server.fileWatcherType",
                "none",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )
        self._wait_healthy()

    def log_text(self) -> str:
        return Path(self.log.name).read_text(encoding="utf-8", errors="replace")

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited: {self.log_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("streamlit did not become healthy in time")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def project_copy(destination: Path) -> dict[str, str]:
    """A copy of the project's app.py, static/ (without its cache) and data/ in
    ``destination``, for a server whose folders a test breaks; returns the environment that
    points a server at it (ATLAS_PROJECT_ROOT, its data and its .cache/). The code is the
    checkout's: the server still runs from ROOT."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "app.py", destination / "app.py")
    shutil.copytree(ROOT / "static", destination / "static", ignore=shutil.ignore_patterns("cache"))
    shutil.copytree(ROOT / "data", destination / "data")
    return {
        "ATLAS_PROJECT_ROOT": str(destination),
        "ATLAS_DATA_DIR": str(destination / "data"),
        "ATLAS_CACHE_DIR": str(destination / ".cache" / "catalog"),
    }


# What the overlay groups of the drawn map hold now (run by page.evaluate; see the file).
COUNT_LAYERS_JS = (Path(__file__).parent / "count_layers.js").read_text(encoding="utf-8")


class OfflinePage:
    """A page on which every request to another host is blocked and remembered."""

    def __init__(
        self, browser, *, viewport: tuple[int, int] = (1600, 1200), color_scheme: str | None = None
    ) -> None:
        """``viewport``: the window's width and height; ``color_scheme``: "dark" or "light"
        for the system's preference the page sees (Chromium's own otherwise)."""
        width, height = viewport
        self.context = browser.new_context(
            viewport={"width": width, "height": height},
            **({"color_scheme": color_scheme} if color_scheme else {}),
        )
        self.context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        self.page = self.context.new_page()
        self.foreign_requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _route(self, route) -> None:
        url = route.request.url
        host = urlsplit(url).hostname or ""
        # file: an export saved to disk (the deck's slideshow, a snapshot) is local too
        if url.startswith(("data:", "blob:", "about:", "file:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            self.foreign_requests.append(url)
            route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def pause(self, seconds: float) -> None:
        """Wait ``seconds`` while the page's requests go on being answered.

        Every request of the page passes through ``_route``, which Playwright's sync API runs
        only inside one of its own calls: a ``time.sleep`` in a polling loop holds them all
        (a remounted map's frame then never loads, and Streamlit gives up on it after 60 s).
        """
        self.page.wait_for_timeout(seconds * 1000)

    def map_frame(self):
        # When the map remounts (a new key), the old frame lingers for a moment: use the newest.
        return self.page.frame_locator(MAP_FRAME).last

    def leaflet_frame(self):
        """The component's frame, where the Leaflet map is ``window.map``."""
        return [frame for frame in self.page.frames if "st_folium" in frame.url][-1]

    def wait_for_single_map(self, timeout_ms: int = 30_000) -> None:
        """Wait until a remounted map has replaced the old one and is drawn."""
        self.page.wait_for_function(
            f"() => document.querySelectorAll('{MAP_FRAME}').length === 1", timeout=timeout_ms
        )
        self.map_frame().locator(".atlas-site").first.wait_for(timeout=timeout_ms)

    def open_map(self, url: str, timeout_ms: int = 60_000) -> float:
        """Open ``url``; return seconds until the map shows its sites and borders."""
        started = time.monotonic()
        self.page.goto(url)
        self.wait_for_map(timeout_ms)
        return time.monotonic() - started

    def wait_for_map(self, timeout_ms: int = 60_000) -> None:
        """Wait until the opened page's map shows its sites and all its borders."""
        frame = self.map_frame()
        frame.locator(".atlas-site").first.wait_for(timeout=timeout_ms)
        frame.locator(".leaflet-atlas-borders-pane path").first.wait_for(state="attached", timeout=timeout_ms)
        # The rest of the world's borders come once the map is drawn: counts are taken after.
        self.leaflet_frame().wait_for_function(
            "() => !!(window.map && window.map.atlas && window.map.atlas.bordersComplete)", timeout=timeout_ms
        )

    def open_until_drawn(self, url: str, timeout_ms: int = 300_000) -> float:
        """Open ``url``; return seconds until the map says it is drawn and painted.

        The map stamps that moment itself (``map.atlas.drawnAt``, layers.controls.AnnounceDrawn,
        on this machine's clock): polling for it from here would add the wait for the page's
        busy main thread, which by then is building the page's controls.
        """
        asked = time.time()
        self.page.goto(url)
        self.page.wait_for_selector(MAP_FRAME, timeout=timeout_ms)
        deadline = time.monotonic() + timeout_ms / 1000
        while not any("st_folium" in frame.url for frame in self.page.frames):
            if time.monotonic() > deadline:
                raise TimeoutError("the map's frame never loaded")
            self.pause(0.02)
        frame = self.leaflet_frame()
        frame.wait_for_function(
            "() => !!(window.map && window.map.atlas && window.map.atlas.drawnAt)",
            timeout=timeout_ms,
            polling=50,
        )
        return frame.evaluate("() => window.map.atlas.drawnAt") / 1000 - asked

    def wait_for_controls(self, timeout_ms: int = 60_000) -> None:
        """Wait until the timeline, the sidebar and the tabs are on the page."""
        for control in CONTROLS:
            self.page.locator(control).first.wait_for(timeout=timeout_ms)

    def wait_for_run(self, timeout_ms: int = 120_000) -> None:
        """Wait until the app has no run in progress. Call it once a run is known to have
        started (its first output is on the page): just after a click, the old state shows."""
        self.page.locator(APP_IDLE).wait_for(state="attached", timeout=timeout_ms)

    def open_lazy(self, label: str, shows, timeout_ms: int = 120_000) -> None:
        """Open the lazy expander or tab ``label`` (its content comes with the rerun the click
        asks for, and may import a library first) and wait until the locator ``shows`` is in
        the page (attached: a file input is never visible)."""
        self.page.get_by_text(label, exact=True).first.click()
        shows.first.wait_for(state="attached", timeout=timeout_ms)

    def tick(self, label: str, box, attempts: int = 4) -> None:
        """Tick the checkbox ``box`` by clicking its ``label`` until the page shows it ticked.

        A click that lands while a rerun replaces the widget is lost (seen once in a fresh-clone
        run of the whole suite). A box already ticked is not clicked again, and each click is given
        5 s to show before the next."""
        for _ in range(attempts):
            if box.first.is_checked():
                return
            self.wait_for_run()
            self.page.get_by_text(label, exact=True).first.click()
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                if box.first.is_checked():
                    return
                self.pause(0.2)
        raise AssertionError(f"the box {label!r} was not ticked after {attempts} clicks")

    def layer_counts(self) -> dict:
        """Strikes, sites, rings, border shapes and shaded oblasts drawn on the map right now."""
        return self.leaflet_frame().evaluate(COUNT_LAYERS_JS)

    def close(self) -> None:
        self.context.close()


def launch_chromium(playwright):
    """Debian's chromium, headless, with no background traffic."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
