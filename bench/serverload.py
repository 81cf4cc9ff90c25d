"""The server alone under many users: N sessions speak Streamlit's protocol, no browser.

bench.load drives real Chromium pages; on this 2-core machine they share the cores with
the server, and even bare Streamlit pages then take half a minute to paint at N = 20. Here
the browsers are taken out, so that the figures are the server's: each of N sessions opens
the app's websocket (``/_stcore/stream``) as the page does and asks for its first run, then
fetches, gzipped and at most six at a time as a browser does, every file of ours the map's
frame names (its scripts and styles, the strike pack, the borders, the overlay and place
files: more than the first map waits for). It then sends what the drawn map sends (the
component's value, which brings the controls) and moves the timeline's end a day back 5
times, each time fetching the files the change names that it has not fetched yet.

Printed, for the sessions all started at once: first map served (from opening the socket
until its last file arrived), controls served, a change served (from sending it until its
run finished and its new files arrived), p50/p95/max; the server's CPU seconds and peak
RSS. ``python -m bench.serverload --sessions 10 20`` (``make bench``: ATLAS_LOAD_SESSIONS).
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date

import psutil
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from bench.load import CHANGES, DEFAULT_SESSIONS, MemoryWatch, _cpu_s, _figures, command_line, errors_line
from droneatlas.assets import BORDERS_URLS, COARSE_BORDERS_URL
from harness import ROOT, AppServer

BROWSER_CONNECTIONS = 6  # per host, as Chromium
PACK_CORE = "core.bin.gz"  # a pack's folder is named in the script; the page fetches this
OUR_FILES = re.compile(r"/app/static/[A-Za-z0-9_./-]+")
WINDOW_LABEL = "Time window"
TIMEOUT_S = 300


@dataclass
class Served:
    """What one session was served, and when."""

    first_map_s: float | None = None
    controls_s: float | None = None
    changes_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class Page:
    """One session: its socket, the files it has fetched, its widgets' values."""

    def __init__(self, port: int, socket) -> None:
        self.port, self.socket = port, socket
        self.fetched: set[str] = set()
        self.states: dict[str, WidgetState] = {}
        self.slots = asyncio.Semaphore(BROWSER_CONNECTIONS)

    async def run(self) -> list[Element]:
        """One run of the app with the current widget values; the elements it sent."""
        message = BackMsg()
        message.rerun_script.query_string = ""
        message.rerun_script.page_script_hash = ""
        message.rerun_script.widget_states.widgets.extend(self.states.values())
        await self.socket.send(message.SerializeToString())
        elements = []
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(await asyncio.wait_for(self.socket.recv(), TIMEOUT_S))
            kind = forward.WhichOneof("type")
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                elements.append(forward.delta.new_element)
            elif kind == "script_finished":
                return elements

    async def fetch_named(self, elements: list[Element]) -> None:
        """Every file of ours the map component's arguments name and this page lacks."""
        urls = set()
        for element in elements:
            if element.WhichOneof("type") == "component_instance":
                for url in OUR_FILES.findall(element.component_instance.json_args):
                    urls.add(url + PACK_CORE if url.endswith("/") else url)
        if COARSE_BORDERS_URL in urls:  # a page at the opening zoom draws these, not the full ones
            urls.discard(BORDERS_URLS[0])
        await asyncio.gather(*(self._fetch(url) for url in urls - self.fetched))

    async def _fetch(self, url: str) -> None:
        self.fetched.add(url)
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{url}", headers={"Accept-Encoding": "gzip"}
        )
        async with self.slots:
            await asyncio.to_thread(lambda: urllib.request.urlopen(request, timeout=TIMEOUT_S).read())


def _component(elements: list[Element]):
    return next(e.component_instance for e in elements if e.WhichOneof("type") == "component_instance")


def _window_slider(elements: list[Element]):
    sliders = (e.slider for e in elements if e.WhichOneof("type") == "slider")
    return next(slider for slider in sliders if slider.label == WINDOW_LABEL)


async def _session(port: int, start: asyncio.Event) -> Served:
    served = Served()
    await start.wait()
    began = time.monotonic()
    try:
        async with websockets.connect(
            f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"], max_size=2**27
        ) as socket:
            page = Page(port, socket)
            first = await page.run()
            await page.fetch_named(first)
            served.first_map_s = time.monotonic() - began
            drawn = _component(first).id  # what the drawn map reports (layers.report_drawn)
            page.states[drawn] = WidgetState(id=drawn, json_value=json.dumps({"drawn": True}))
            asked = time.monotonic()
            controls = await page.run()
            await page.fetch_named(controls)
            served.controls_s = time.monotonic() - asked
            slider = _window_slider(controls)
            first_day, last_day = slider.value
            for _ in range(CHANGES):
                last_day -= slider.step
                state = WidgetState(id=slider.id)
                state.double_array_value.data.extend([first_day, last_day])
                page.states[slider.id] = state
                asked = time.monotonic()
                await page.fetch_named(await page.run())
                served.changes_s.append(time.monotonic() - asked)
    except Exception as exc:  # a session's failure is a figure, not the end of the benchmark
        served.errors.append(f"{type(exc).__name__}: {str(exc)[:200]}")
    return served


async def _all_at_once(port: int, sessions: int) -> tuple[list[Served], float]:
    # A thread per connection a browser would open: asyncio's default pool (cores + 4
    # threads) would queue the sessions' fetches here, not at the server.
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(BROWSER_CONNECTIONS * sessions))
    start = asyncio.Event()
    tasks = [asyncio.create_task(_session(port, start)) for _ in range(sessions)]
    await asyncio.sleep(0.2)
    began = time.monotonic()
    start.set()
    done = list(await asyncio.gather(*tasks))
    return done, time.monotonic() - began


def measure(sessions: int) -> list[str]:
    server = AppServer(ROOT / "data")
    try:
        asyncio.run(_all_at_once(server.port, 1))  # the server's first page, before the class
        process = psutil.Process(server.process.pid)
        cpu_before, memory = _cpu_s([process]), MemoryWatch(server.process.pid)
        served, wall = asyncio.run(_all_at_once(server.port, sessions))
        peak, cpu = memory.stop(), _cpu_s([process]) - cpu_before
        tracebacks = server.log_text().count("Traceback")
    finally:
        server.stop()
    errors = [error for session in served for error in session.errors]
    return [
        f"## the server alone, {sessions} sessions at once ({CHANGES} changes each, no browser)",
        f"first map served: {_figures([s.first_map_s for s in served if s.first_map_s is not None])}",
        f"controls served: {_figures([s.controls_s for s in served if s.controls_s is not None])}",
        f"change served: {_figures([c for s in served for c in s.changes_s])}",
        errors_line(errors, tracebacks),
        f"server: CPU {cpu:.1f} s in {wall:.1f} s, peak RSS {peak / 1e6:,.0f} MB",
    ]


def run(sessions: list[int] | None = None) -> list[str]:
    lines = [f"# the server alone under many users (default data, {date.today()})"]
    for n in sessions or [DEFAULT_SESSIONS]:
        lines += measure(n)
    return lines


if __name__ == "__main__":
    command_line(__doc__.splitlines()[0], run)
