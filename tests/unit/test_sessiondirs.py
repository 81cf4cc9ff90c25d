"""Upload directories of page sessions: removed after their session ends, or when left behind."""

from __future__ import annotations

import os
import tempfile
import time

import pytest

from droneatlas import sessiondirs


@pytest.fixture
def temp_root(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def _age(path, seconds: float) -> None:
    then = time.time() - seconds
    for item in [path, *path.rglob("*")]:
        os.utime(item, (then, then))


def test_a_released_directory_goes_after_the_grace_period(temp_root) -> None:
    path = sessiondirs.make(max_age_s=3600)
    (path / "data").mkdir()
    (path / "data" / "strikes.csv").write_text("id\n", encoding="utf-8")
    sessiondirs.hold(str(path))
    sessiondirs.release(str(path), grace_s=0.2)
    assert path.is_dir()  # not at once: a page that reconnects keeps its uploads
    deadline = time.monotonic() + 10
    while path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not path.exists()


def test_a_session_that_reconnects_keeps_its_directory(temp_root) -> None:
    path = sessiondirs.make(max_age_s=3600)
    sessiondirs.release(str(path), grace_s=0.1)
    sessiondirs.hold(str(path))  # reconnected within the grace period
    time.sleep(0.3)
    assert sessiondirs.remove_released(grace_s=0.1) == []
    assert path.is_dir()
    sessiondirs.release(str(path), grace_s=0)
    sessiondirs.remove_released(grace_s=0)
    assert not path.exists()


def test_directories_left_behind_are_swept_when_a_new_one_is_made(temp_root) -> None:
    left_behind = temp_root / f"{sessiondirs.PREFIX}old"
    (left_behind / "data").mkdir(parents=True)
    (left_behind / "data" / "strikes.csv").write_text("id\n", encoding="utf-8")
    _age(left_behind, 7200)
    recent = temp_root / f"{sessiondirs.PREFIX}recent"
    recent.mkdir()
    held = temp_root / f"{sessiondirs.PREFIX}held"
    held.mkdir()
    _age(held, 7200)
    sessiondirs.hold(str(held))  # an idle page still open: its uploads stay
    other = temp_root / "someone-elses-dir"
    other.mkdir()
    _age(other, 7200)

    made = sessiondirs.make(max_age_s=3600)

    assert not left_behind.exists()
    assert recent.is_dir() and held.is_dir() and other.is_dir() and made.is_dir()
    sessiondirs.release(str(held), grace_s=0)
    sessiondirs.remove_released(grace_s=0)


def test_a_file_touched_recently_keeps_an_old_directory(temp_root) -> None:
    path = temp_root / f"{sessiondirs.PREFIX}busy"
    (path / "data").mkdir(parents=True)
    _age(path, 7200)
    (path / "data" / "strikes.csv").write_text("id\n", encoding="utf-8")  # just written
    assert sessiondirs.sweep_stale(3600) == []
    assert path.is_dir()
