"""An import killed at any moment leaves its directory as it was or fully updated, and the
next run removes what the killed one left behind."""

from __future__ import annotations

import csv
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from droneatlas.importers import import_files, writer

ROOT = Path(__file__).resolve().parents[2]
TODAY = date.today()  # the killed runs are subprocesses and import as of today
HEADER = ("id", "lat", "lon", "date", "source_url", "place", "summary")
NEW_ROWS = 12_000  # about half a second of importing: the kills land inside the work
KILLS = 10
KILL_BUDGET_S = 60.0

# The real import in a child that says when its libraries are loaded, so that the random
# kills fall within the import itself rather than in Python's start-up.
IMPORT_WHEN_READY = """
import sys
from pathlib import Path
from droneatlas.importers import import_files

print("ready", flush=True)
import_files([Path(sys.argv[1])], Path(sys.argv[2]))
"""

# A run killed at the n-th rename of the swap, just before or just after it.
KILL_AT_RENAME = """
import os, signal, sys
from pathlib import Path
from droneatlas.importers import import_files

point, when, count = sys.argv[1], int(sys.argv[2]), 0
real_rename = os.rename


def rename(src, dst):
    global count
    count += 1
    if point == "before" and count == when:
        os.kill(os.getpid(), signal.SIGKILL)
    real_rename(src, dst)
    if point == "after" and count == when:
        os.kill(os.getpid(), signal.SIGKILL)


os.rename = rename
import_files([Path(sys.argv[3])], Path(sys.argv[4]))
"""


def write_events(path: Path, prefix: str, rows: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        for n in range(rows):
            day = f"2023-{n % 12 + 1:02d}-{n % 28 + 1:02d}"
            out.writerow((f"{prefix}{n}", "50.45", "30.52", day, "https://example.org/a", "Kyiv", f"row {n}"))
    return path


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under ``directory`` by relative path (None when the directory is missing)."""
    if not directory.is_dir():
        return {}
    return {
        str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()
    }


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.parent.iterdir() if p.name.startswith(f".{directory.name}."))


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """An old directory (one import plus a file of the user's), a new file, and both outcomes."""
    tmp_path = tmp_path_factory.mktemp("states")
    pristine = tmp_path / "pristine"
    import_files([write_events(tmp_path / "a.csv", "a", 50)], pristine, today=TODAY)
    (pristine / "notes").mkdir()
    (pristine / "notes" / "mine.txt").write_text("kept across imports\n")
    new_file = write_events(tmp_path / "b.csv", "b", NEW_ROWS)
    expected = tmp_path / "expected"
    shutil.copytree(pristine, expected)
    started = time.monotonic()
    assert import_files([new_file], expected, today=TODAY).ok
    seconds = time.monotonic() - started
    # The killed runs are children: time one from its "ready" to its end, so that the kills
    # spread over the whole run, the swap at its end included (the in-process run is faster).
    timed = tmp_path / "timed" / "data"
    timed.parent.mkdir()
    shutil.copytree(pristine, timed)
    argv = [sys.executable, "-c", IMPORT_WHEN_READY, str(new_file), str(timed)]
    child = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert child.stdout is not None and child.stdout.readline() == b"ready\n"
    ready = time.monotonic()
    assert child.wait() == 0
    child.stdout.close()
    assert snapshot(timed) == snapshot(expected)
    return {
        "pristine": pristine,
        "new_file": new_file,
        "old": snapshot(pristine),
        "new": snapshot(expected),
        "seconds": max(seconds, time.monotonic() - ready),
    }


def fresh_target(tmp_path: Path, states: dict) -> Path:
    target = tmp_path / "work" / "data"
    shutil.rmtree(target.parent, ignore_errors=True)
    target.parent.mkdir()
    shutil.copytree(states["pristine"], target)
    return target


def recovered(target: Path) -> dict[str, bytes]:
    """What the next run finds once it has recovered (as every import_files does first)."""
    with writer.locked(target):
        writer.recover(target)
    assert leftovers(target) == []
    return snapshot(target)


def next_import(target: Path, tmp_path: Path) -> str:
    """The next real run after a kill: it recovers, then builds on the old or the new data
    ("old" or "new"), keeps the user's own files, and leaves no temporary behind."""
    report = import_files([write_events(tmp_path / "c.csv", "c", 5)], target, today=TODAY)
    assert report.ok and leftovers(target) == []
    with (target / "strikes.csv").open(encoding="utf-8", newline="") as handle:
        rows = len(list(csv.DictReader(handle)))
    assert rows in (50 + 5, 50 + NEW_ROWS + 5)
    assert (target / "notes" / "mine.txt").read_text() == "kept across imports\n"
    return "new" if rows == 50 + NEW_ROWS + 5 else "old"


@pytest.mark.parametrize("point", ["before", "after"])
@pytest.mark.parametrize("when", [1, 2, 3])
def test_a_kill_at_each_rename_of_the_swap_is_recovered(
    tmp_path: Path, states: dict, point: str, when: int
) -> None:
    target = fresh_target(tmp_path, states)
    done = subprocess.run(
        [sys.executable, "-c", KILL_AT_RENAME, point, str(when), str(states["new_file"]), str(target)],
        cwd=ROOT,
        capture_output=True,
    )
    assert done.returncode == -signal.SIGKILL
    state = recovered(target)
    assert state in (states["old"], states["new"])
    # Killed once the old directory had been moved aside, the new one is complete: kept.
    if (point, when) in (("after", 2), ("before", 3), ("after", 3)):
        assert state == states["new"]


def test_the_next_import_after_a_kill_between_the_renames_builds_on_the_data(
    tmp_path: Path, states: dict
) -> None:
    target = fresh_target(tmp_path, states)
    argv = [sys.executable, "-c", KILL_AT_RENAME, "after", "2", str(states["new_file"]), str(target)]
    subprocess.run(argv, cwd=ROOT, capture_output=True)
    assert not target.exists()  # the moment the issue describes: no DIR, the data aside
    report = import_files([write_events(tmp_path / "c.csv", "c", 5)], target, today=TODAY)
    assert report.ok and leftovers(target) == []
    with (target / "strikes.csv").open(encoding="utf-8", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 50 + NEW_ROWS + 5
    assert (target / "notes" / "mine.txt").read_text() == "kept across imports\n"


def test_leftover_temporary_directories_are_removed_by_the_next_run(tmp_path: Path, states: dict) -> None:
    target = fresh_target(tmp_path, states)
    for name in (".data.import-x1", ".data.new-00000000000000000001", ".data.old-y2"):
        (target.parent / name).mkdir()
        (target.parent / name / "strikes.csv").write_text("half written")
    (target.parent / ".database.import-keep").mkdir()  # another directory's: not ours to remove
    report = import_files([write_events(tmp_path / "c.csv", "c", 5)], target, today=TODAY)
    assert report.ok
    assert leftovers(target) == [] and (target.parent / ".database.import-keep").is_dir()


def test_random_kills_leave_the_old_or_the_new_directory(tmp_path: Path, states: dict) -> None:
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    deadline = time.monotonic() + KILL_BUDGET_S
    outcomes = []
    for _ in range(KILLS):
        if time.monotonic() > deadline:
            break
        target = fresh_target(tmp_path, states)
        argv = [sys.executable, "-c", IMPORT_WHEN_READY, str(states["new_file"]), str(target)]
        process = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert process.stdout is not None and process.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0, states["seconds"] * 1.2))
        process.send_signal(signal.SIGKILL)
        process.wait()
        process.stdout.close()
        if rng.random() < 0.5:  # what recovery alone gives
            state = recovered(target)
            assert state in (states["old"], states["new"]), f"seed {seed}"
            outcomes.append("new" if state == states["new"] else "old")
        else:  # what the next real import gives
            outcomes.append(next_import(target, tmp_path))
    assert len(outcomes) >= 3, f"only {len(outcomes)} kills within {KILL_BUDGET_S} s"
    print(f"random kills (seed {seed}): {outcomes.count('old')} old, {outcomes.count('new')} new")
