"""Faults while pages are open: caches deleted, folders that cannot be written, a data file
replaced, a server restarted. The page recovers or says what to do; never a traceback.

Each test runs a real server on a copy of the project (harness.project_copy), so that
breaking its folders breaks nothing else.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import stat
import time
from datetime import date
from pathlib import Path

import pytest

from droneatlas.catalog import load_catalog
from droneatlas.regions import only_points
from droneatlas.timeline import Window, view_of
from harness import AppServer, project_copy

pytestmark = pytest.mark.browser

OCTOBER_2022 = Window(date(2022, 10, 1), date(2022, 10, 31))
UNWRITABLE_MESSAGE = "The map cannot be drawn: the server cannot write its map files in"
RUNNING_AS_ROOT = os.geteuid() == 0


def page_text(offline_page) -> str:
    return offline_page.page.locator("body").inner_text()


def assert_no_traceback(offline_page) -> None:
    text = page_text(offline_page)
    assert "Traceback" not in text and 'File "' not in text, text[:2000]
    assert offline_page.page.locator('[data-testid="stException"]').count() == 0
    assert offline_page.errors == []


def points_in(data_dir: Path, window: Window | None = None) -> int:
    """The strikes the map draws for ``window`` (default: the whole span); region records
    shade their oblast instead."""
    catalog = load_catalog(data_dir)
    return len(only_points(view_of(catalog, window or Window(*catalog.span())).strikes))


def wait_for_strikes(offline_page, count: int, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if offline_page.layer_counts()["strikes"] == count:
                return
        except Exception:  # the map's frame is being replaced: ask again
            pass
        offline_page.pause(0.3)
    assert offline_page.layer_counts()["strikes"] == count


def show_october_2022(offline_page) -> None:
    offline_page.page.get_by_role("button", name="October 2022").click()


@pytest.fixture
def project(tmp_path) -> tuple[Path, dict[str, str]]:
    """A copy of the project and the environment of a server on it (its own user cache)."""
    root = tmp_path / "project"
    env = project_copy(root)
    env["XDG_CACHE_HOME"] = str(tmp_path / "user-cache")  # the fallback of an unwritable .cache/
    return root, env


def serve(project: tuple[Path, dict[str, str]], **kwargs) -> AppServer:
    root, env = project
    return AppServer(root / "data", extra_env=env, **kwargs)


def test_caches_in_the_way_say_what_to_fix_and_the_page_recovers_once_fixed(
    browser, offline_page, project, tmp_path
) -> None:
    """Files where static/cache and .cache/ should be: no folder can be made there (as root
    too). The page says what to fix instead of a traceback; the catalog is cached in the
    user's own folder; the map comes once the folder is fixed."""
    root, _ = project
    (root / "static" / "cache").write_text("not a folder")
    (root / ".cache").write_text("not a folder")
    server = serve(project)
    try:
        offline_page.page.goto(server.url)
        message = offline_page.page.get_by_text(UNWRITABLE_MESSAGE)
        message.wait_for(timeout=120_000)
        assert str(root / "static" / "cache") in message.inner_text()
        offline_page.page.get_by_text(re.compile(r"^\d+ strikes · \d+ sites · ")).wait_for(timeout=30_000)
        offline_page.wait_for_controls(60_000)  # the rest of the page works without the map
        assert_no_traceback(offline_page)
        assert any((tmp_path / "user-cache" / "droneatlas" / "catalog").iterdir())
        (root / "static" / "cache").unlink()  # fixed as the message says
        offline_page.open_map(server.url)
        assert offline_page.layer_counts()["strikes"] == points_in(root / "data")
        assert_no_traceback(offline_page)
        assert "cannot be written" in server.log_text()  # what was wrong is in the server's log
    finally:
        server.stop()


@pytest.mark.skipif(RUNNING_AS_ROOT, reason="running as root: chmod does not stop root from writing")
def test_a_project_folder_the_server_cannot_write(browser, offline_page, project) -> None:
    root, _ = project
    (root / "static").chmod(stat.S_IRUSR | stat.S_IXUSR)
    root.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        server = serve(project)
        try:
            offline_page.page.goto(server.url)
            offline_page.page.get_by_text(UNWRITABLE_MESSAGE).wait_for(timeout=120_000)
            offline_page.wait_for_controls(60_000)
            assert_no_traceback(offline_page)
        finally:
            server.stop()
    finally:
        root.chmod(stat.S_IRWXU)
        (root / "static").chmod(stat.S_IRWXU)


@pytest.mark.skipif(RUNNING_AS_ROOT, reason="running as root: chmod does not stop root from writing")
def test_a_read_only_data_directory_is_shown(browser, offline_page, project) -> None:
    root, _ = project
    data = root / "data"
    data.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        server = serve(project)
        try:
            offline_page.open_map(server.url)
            assert offline_page.layer_counts()["strikes"] > 0
            assert_no_traceback(offline_page)
        finally:
            server.stop()
    finally:
        data.chmod(stat.S_IRWXU)


def test_caches_deleted_while_a_page_is_open_are_written_again(browser, offline_page, project) -> None:
    root, _ = project
    server = serve(project)
    try:
        offline_page.open_map(server.url)
        offline_page.wait_for_controls()
        shutil.rmtree(root / "static" / "cache")
        shutil.rmtree(root / ".cache")
        popups = offline_page.map_frame().locator(".leaflet-popup-content")
        frame = offline_page.leaflet_frame()
        frame.evaluate("() => window.map.atlas.strikes.openStrike(0)")  # its details are gone
        popups.filter(has_text="reload the page").wait_for(timeout=30_000)  # says what to do
        show_october_2022(offline_page)  # the next run of the open page
        wait_for_strikes(offline_page, points_in(root / "data", OCTOBER_2022))
        assert (root / "static" / "cache").is_dir()
        offline_page.leaflet_frame().evaluate("() => window.map.atlas.strikes.openStrike(0)")
        popups.filter(has_text="Killed").wait_for(timeout=30_000)  # the details are there again
        assert_no_traceback(offline_page)
    finally:
        server.stop()


def test_a_data_file_replaced_while_the_server_runs_is_what_the_page_shows(
    browser, offline_page, project
) -> None:
    root, _ = project
    strikes = root / "data" / "strikes.csv"
    server = serve(project)
    try:
        offline_page.open_map(server.url)
        offline_page.wait_for_controls()
        with strikes.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header, rows = reader.fieldnames, list(reader)
        october = [r for r in rows if r["date"].startswith("2022-10")]
        kept = october[: len(october) // 2]
        assert kept and len(kept) < len(october)
        replacement = strikes.with_name(".strikes.csv.new")
        with replacement.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header)
            writer.writeheader()
            writer.writerows(kept)
        os.replace(replacement, strikes)  # as an editor or a sync tool replaces a file
        show_october_2022(offline_page)
        offline_page.page.get_by_text(re.compile(rf"^{len(kept)} strikes? · ")).wait_for(timeout=60_000)
        wait_for_strikes(offline_page, points_in(root / "data", OCTOBER_2022))
        assert_no_traceback(offline_page)
    finally:
        server.stop()


def test_a_page_open_across_a_server_restart_recovers(browser, offline_page, project) -> None:
    root, _ = project
    server = serve(project)
    try:
        offline_page.open_map(server.url)
        offline_page.wait_for_controls()
        server.stop()
        server = serve(project, port=server.port)  # the same address: the page reconnects
        show_october_2022(offline_page)
        wait_for_strikes(offline_page, points_in(root / "data", OCTOBER_2022), timeout_s=120)
        assert_no_traceback(offline_page)
    finally:
        server.stop()


def test_a_strike_pack_cut_short_is_written_again_by_the_server_and_after_a_restart(
    browser, offline_page, project
) -> None:
    """The case reported: a core file cut short left every new page without a map, even
    after a restart. The running server and a restarted one both write the pack again."""
    root, _ = project
    server = serve(project)
    try:
        offline_page.open_map(server.url)
        expected = points_in(root / "data")
        [core] = (root / "static" / "cache").glob("*/core.bin.gz")
        whole = core.read_bytes()
        core.write_bytes(whole[: len(whole) // 2])
        offline_page.open_map(server.url)  # a new page, same server
        assert offline_page.layer_counts()["strikes"] == expected and core.read_bytes() == whole
        core.write_bytes(whole[: len(whole) // 2])
        server.stop()
        server = serve(project, port=server.port)
        offline_page.open_map(server.url)  # a new page after a restart
        assert offline_page.layer_counts()["strikes"] == expected and core.read_bytes() == whole
        assert "discarded" in server.log_text()  # said in the log
        assert_no_traceback(offline_page)
    finally:
        server.stop()
