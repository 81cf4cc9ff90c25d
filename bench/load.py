"""Many users at once: N pages in one Chromium against one server, as a class would open it.

One server as `make run` serves it (serve.py, default data, ATLAS_TIMING on) and one
Debian Chromium with N contexts (one per user, nothing shared between them). All N open the
map at the same moment; each then moves the timeline's end a step back 5 times, one change
after the other, waiting for the map to redraw each time. Printed:

- first map: from asking for the page until the map stamps itself drawn and painted
  (``map.atlas.drawnAt``, as harness.OfflinePage.open_until_drawn), p50/p95/max;
- change: from the key press until the map's strikes show the new window, p50/p95/max;
- errors: page errors, Streamlit exceptions on the page, timeouts, requests to other hosts;
- the server's peak memory (RSS, sampled) and who spent the time: the server's and the
  browser's CPU seconds against the wall time, and the app's own runs (ATLAS_TIMING: the
  wall time of each run and the CPU time of its thread; the difference is waiting, mostly
  for the GIL other sessions' runs hold).

Beside each N, the floor: N pages of a bare Streamlit page with one date slider
(bench/bare_page.py, as bench.floor) opened at once in the same way, timed to the slider's
paint. Every page here runs on the server's own cores, so the floor says how much of the
first-map figure any Streamlit page would take on this machine.

``python -m bench load`` runs N = ATLAS_LOAD_SESSIONS (default 10);
``python -m bench.load --sessions 10 20`` runs each N given.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

import psutil

from bench.floor import STAMP_SLIDER_JS
from harness import CHROMIUM, CHROMIUM_ARGS, LOCAL_HOSTS, MAP_FRAME, ROOT, AppServer

DEFAULT_SESSIONS = int(os.environ.get("ATLAS_LOAD_SESSIONS", "10"))
CHANGES = 5
TIMEOUT_MS = 180_000  # per step: a benchmark reports a failure, it does not hang
END_THUMB = '[data-testid="stSlider"] input[type=range]'
DRAWN_JS = "() => !!(window.map && window.map.atlas && window.map.atlas.drawnAt)"
WINDOW_JS = "() => JSON.stringify(window.map && window.map.atlas.strikes && window.map.atlas.strikes.window)"


@dataclass
class Session:
    """What one simulated user saw."""

    first_map_s: float | None = None
    changes_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def _figures(values: list[float]) -> str:
    if not values:
        return "none measured"
    return (
        f"p50 {_percentile(values, 0.5):.2f} s, p95 {_percentile(values, 0.95):.2f} s, "
        f"max {max(values):.2f} s ({len(values)})"
    )


class MemoryWatch:
    """Samples a process's resident memory in a thread; ``peak`` in bytes."""

    def __init__(self, pid: int, every_s: float = 0.2) -> None:
        self.process, self.every_s, self.peak = psutil.Process(pid), every_s, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            try:
                self.peak = max(self.peak, self.process.memory_info().rss)
            except psutil.Error:
                return
            self._stop.wait(self.every_s)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def errors_line(errors: list[str], tracebacks: int = 0) -> str:
    """How many errors, the first of them, and the server's tracebacks if any."""
    line = f"errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else "")
    return line + (f"; server tracebacks: {tracebacks}" if tracebacks else "")


def _cpu_s(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            continue
    return total


def _browser_processes() -> list[psutil.Process]:
    """Chromium's processes (children of Playwright's driver, a child of this process)."""
    return [p for p in psutil.Process().children(recursive=True) if "chrom" in p.name().lower()]


async def _route(route) -> None:
    url = route.request.url
    if url.startswith(("data:", "blob:", "about:")) or (urlsplit(url).hostname or "") in LOCAL_HOSTS:
        await route.continue_()
    else:
        await route.abort()


async def _map_frame(page):
    """The component's frame, where the Leaflet map is ``window.map`` (the newest one)."""
    await page.wait_for_selector(MAP_FRAME, timeout=TIMEOUT_MS)
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while True:
        frames = [frame for frame in page.frames if "st_folium" in frame.url]
        if frames:
            return frames[-1]
        if time.monotonic() > deadline:
            raise TimeoutError("the map's frame never loaded")
        await asyncio.sleep(0.05)


async def _wait_idle(page) -> None:
    """Until Streamlit shows no run in progress (its status widget is gone)."""
    await page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached", timeout=TIMEOUT_MS)


async def _user(context, url: str, start: asyncio.Event) -> Session:
    """One user's visit in ``context`` (left open: its renderer's CPU time is counted after)."""
    session = Session()
    try:
        await context.route("**/*", _route)
        page = await context.new_page()
        page.on("pageerror", lambda error: session.errors.append(f"page error: {error}"))
        page.on(
            "request",
            lambda r: (
                session.errors.append(f"foreign request: {r.url}")
                if (urlsplit(r.url).hostname or "") not in LOCAL_HOSTS and r.url.startswith("http")
                else None
            ),
        )
        await start.wait()
        asked = time.time()
        await page.goto(url, timeout=TIMEOUT_MS)
        frame = await _map_frame(page)
        await frame.wait_for_function(DRAWN_JS, timeout=TIMEOUT_MS, polling=50)
        session.first_map_s = await frame.evaluate("() => window.map.atlas.drawnAt") / 1000 - asked
        thumb = page.locator(END_THUMB).nth(1)
        await thumb.wait_for(timeout=TIMEOUT_MS)
        await _wait_idle(page)
        for _ in range(CHANGES):
            frame = await _map_frame(page)
            before = await frame.evaluate(WINDOW_JS)
            await thumb.focus()
            pressed = time.monotonic()
            await thumb.press("PageDown")
            await frame.wait_for_function(
                f"() => ({WINDOW_JS})() !== {json.dumps(before)}", timeout=TIMEOUT_MS, polling=20
            )
            session.changes_s.append(time.monotonic() - pressed)
            await _wait_idle(page)
        if await page.locator('[data-testid="stException"]').count():
            session.errors.append("an exception shown on the page")
    except Exception as exc:  # one user's failure is a figure, not the end of the benchmark
        session.errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
    return session


async def _bare_user(context, url: str, start: asyncio.Event) -> Session:
    """One visit of the bare page: ``first_map_s`` is the time to its slider's paint."""
    session = Session()
    try:
        await context.route("**/*", _route)
        page = await context.new_page()
        await page.add_init_script(STAMP_SLIDER_JS)
        await start.wait()
        asked = time.time()
        await page.goto(url, timeout=TIMEOUT_MS)
        await page.wait_for_function("() => !!window.__sliderAt", timeout=TIMEOUT_MS, polling=50)
        session.first_map_s = await page.evaluate("() => window.__sliderAt") / 1000 - asked
    except Exception as exc:
        session.errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
    return session


async def _drive(url: str, sessions: int, user=_user) -> tuple[list[Session], float, float]:
    """Every user at once; returns what each saw, the wall time and the browser's CPU seconds."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        contexts = [
            await browser.new_context(viewport={"width": 1600, "height": 1000}) for _ in range(sessions)
        ]
        start = asyncio.Event()
        users = [asyncio.create_task(user(context, url, start)) for context in contexts]
        await asyncio.sleep(1)  # every context ready before anyone asks for the page
        cpu_before, started = _cpu_s(_browser_processes()), time.monotonic()
        start.set()
        done = list(await asyncio.gather(*users))
        wall = time.monotonic() - started
        # Renderers started during the run count whole (they began after cpu_before was read).
        browser_cpu = _cpu_s(_browser_processes()) - cpu_before
        for context in contexts:
            await context.close()
        await browser.close()
    return done, wall, browser_cpu


def _machine_busy_s() -> float:
    """CPU seconds every process on the machine has used so far (guest time is in user's)."""
    times = psutil.cpu_times()
    return times.user + times.nice + times.system + getattr(times, "irq", 0) + getattr(times, "softirq", 0)


def _runs(log: str) -> tuple[list[int], list[int]]:
    runs = [int(ms) for ms in re.findall(r"run_ms=(\d+)", log)]
    cpu = [int(ms) for ms in re.findall(r"cpu_ms=(\d+)", log)]
    return runs, cpu


def measure(sessions: int) -> list[str]:
    """One server, ``sessions`` users at once: the figures as lines."""
    server = AppServer(ROOT / "data", extra_env={"ATLAS_TIMING": "1"})
    try:
        warm = asyncio.run(_drive(server.url, 1))[0][0]  # the server's first page, before the class
        process = psutil.Process(server.process.pid)
        runs_before = len(_runs(server.log_text())[0])
        cpu_before = _cpu_s([process])
        memory = MemoryWatch(server.process.pid)
        machine_before = _machine_busy_s()
        users, wall, browser_cpu = asyncio.run(_drive(server.url, sessions))
        machine = _machine_busy_s() - machine_before
        peak = memory.stop()
        server_cpu = _cpu_s([process]) - cpu_before
        runs, run_cpu = (values[runs_before:] for values in _runs(server.log_text()))
        tracebacks = server.log_text().count("Traceback")
    finally:
        server.stop()
    errors = [error for user in users for error in user.errors] + warm.errors
    firsts = [user.first_map_s for user in users if user.first_map_s is not None]
    changes = [change for user in users for change in user.changes_s]
    lines = [
        f"## {sessions} sessions at once, {CHANGES} timeline changes each (first map alone: "
        f"{warm.first_map_s or float('nan'):.2f} s)",
        f"first map: {_figures(firsts)}",
        f"change: {_figures(changes)}",
        errors_line(errors, tracebacks),
        f"server peak RSS: {peak / 1e6:,.0f} MB",
        f"wall {wall:.1f} s; CPU seconds: server {server_cpu:.1f}, browser {browser_cpu:.1f}, "
        f"whole machine {machine:.0f} (other work included) of {wall * (os.cpu_count() or 1):.0f}",
    ]
    if runs:
        line = f"app runs: {len(runs)}, wall p50 {statistics.median(runs):.0f} ms"
        line += f" / p95 {_percentile(runs, 0.95):.0f} ms, sum {sum(runs) / 1000:.1f} s"
        if run_cpu:
            line += f"; CPU of the run's thread p50 {statistics.median(run_cpu):.0f} ms"
            line += f", sum {sum(run_cpu) / 1000:.1f} s"
        lines.append(line)
    return lines


def measure_floor(sessions: int) -> list[str]:
    """``sessions`` bare Streamlit pages opened at once: Streamlit's own share of the figures."""
    server = AppServer(ROOT / "data", script=ROOT / "bench" / "bare_page.py")
    try:
        asyncio.run(_drive(server.url, 1, _bare_user))
        users, wall, browser_cpu = asyncio.run(_drive(server.url, sessions, _bare_user))
    finally:
        server.stop()
    errors = [error for user in users for error in user.errors]
    firsts = [user.first_map_s for user in users if user.first_map_s is not None]
    return [
        f"floor, {sessions} bare pages at once (one date slider): {_figures(firsts)}; "
        f"browser CPU {browser_cpu:.1f} s in {wall:.1f} s; {errors_line(errors)}"
    ]


def run(sessions: list[int] | None = None) -> list[str]:
    lines = [f"# many users at once (default data, {date.today()})"]
    for n in sessions or [DEFAULT_SESSIONS]:
        lines += measure(n)
        lines += measure_floor(n)
    return lines


def command_line(description: str, figures: Callable[[list[int]], list[str]]) -> None:
    """``--sessions N ...``: prints the figures for each N given."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--sessions", type=int, nargs="+", default=[DEFAULT_SESSIONS], help="N users at once")
    for line in figures(parser.parse_args().sessions):
        print(line, flush=True)


if __name__ == "__main__":
    command_line(__doc__.splitlines()[0], run)
