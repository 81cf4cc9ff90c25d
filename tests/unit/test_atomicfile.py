"""Files written whole, and what a killed writer left removed by the next writer (never a
live writer's): the CLI's exports and the app's caches rely on it."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from droneatlas import atomicfile, catalogcache
from droneatlas.publish import publish_json
from tests.conftest import ROOT

OLD, NEW = b"old\n" * 1000, b"new\n" * 2_000_000  # 8 MB: the kills land inside the write
KILLS = 8
KILL_BUDGET_S = 30.0

# A writer of NEW that says when it starts, so that a kill lands in the write, not in start-up.
WRITE_WHEN_READY = """
import sys
from pathlib import Path
from droneatlas.atomicfile import write_atomically

print("ready", flush=True)
for _ in range(int(sys.argv[2])):
    write_atomically(Path(sys.argv[1]), b"new\\n" * 2_000_000)
"""

# A writer that holds a temporary open, as a live process writing the same file would.
HOLD_A_PARTIAL = """
import sys, time
from pathlib import Path
from droneatlas.atomicfile import replaced_at_the_end

with replaced_at_the_end(Path(sys.argv[1])) as partial:
    partial.write_bytes(b"half")
    print(partial, flush=True)
    time.sleep(60)
"""


def partials(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if f".{atomicfile.PARTIAL}-" in p.name)


def killed_writer(target: Path, *, after_s: float) -> None:
    """A writer of ``target`` killed ``after_s`` seconds into its writing."""
    argv = [sys.executable, "-c", WRITE_WHEN_READY, str(target), "100000"]
    process = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert process.stdout is not None and process.stdout.readline() == b"ready\n"
    time.sleep(after_s)
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stdout.close()


def test_random_kills_leave_the_old_or_the_new_file_and_the_next_write_cleans_up(tmp_path) -> None:
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    deadline = time.monotonic() + KILL_BUDGET_S
    left, kills = 0, 0
    while kills < KILLS and time.monotonic() < deadline:
        target = tmp_path / f"export-{kills}.html"
        target.write_bytes(OLD)
        killed_writer(target, after_s=rng.uniform(0.05, 0.3))
        kills += 1
        assert target.read_bytes() in (OLD, NEW), f"seed {seed}"
        left += len(partials(tmp_path))
        atomicfile.write_atomically(target, b"next run\n")  # the next run of the same export
        assert target.read_bytes() == b"next run\n" and partials(tmp_path) == [], f"seed {seed}"
    assert kills >= 3, f"only {kills} kills within {KILL_BUDGET_S} s"
    print(f"random kills (seed {seed}): {kills}, temporaries left by them: {left}, all removed")


def test_a_live_writers_temporary_is_left_alone(tmp_path) -> None:
    target = tmp_path / "slide.png"
    argv = [sys.executable, "-c", HOLD_A_PARTIAL, str(target)]
    process = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        held = Path(process.stdout.readline().strip())
        atomicfile.write_atomically(target, b"mine")
        assert held.read_bytes() == b"half"  # still the other writer's
        assert atomicfile.remove_stale_partials(tmp_path) == []
    finally:
        process.kill()
        process.wait()
    assert atomicfile.remove_stale_partials(tmp_path) == [held]  # its writer is gone now
    assert target.read_bytes() == b"mine" and partials(tmp_path) == []


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path) -> None:
    target = tmp_path / "deck.pptx"
    target.write_bytes(OLD)
    with pytest.raises(RuntimeError), atomicfile.replaced_at_the_end(target) as partial:
        partial.write_bytes(b"half")
        raise RuntimeError("the renderer failed")
    assert target.read_bytes() == OLD and partials(tmp_path) == []


def test_a_published_file_that_is_not_its_content_is_replaced(tmp_path, caplog) -> None:
    """Overlay files are named by content: one cut short or planted under that name is not served."""
    url = publish_json({"sites": [1, 2, 3]}, tmp_path, "/app/static/cache/k/layers")
    path = tmp_path / url.rsplit("/", 1)[1]
    whole = path.read_bytes()
    path.write_bytes(whole[:5])
    with caplog.at_level("WARNING", logger="droneatlas.publish"):
        assert publish_json({"sites": [1, 2, 3]}, tmp_path, "/app/static/cache/k/layers") == url
    assert path.read_bytes() == whole
    assert [r for r in caplog.records if "discarded" in r.message]


def test_a_catalog_entry_a_killed_server_was_writing_is_removed(tmp_path, make_data_dir, monkeypatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("ATLAS_CACHE_DIR", str(cache))
    catalogcache._recent.clear()
    cache.mkdir()
    stale = cache / f"{atomicfile.partial_prefix('0123abcd')}x1"  # its writer died mid-way
    stale.mkdir()
    (stale / "strikes.parquet").write_bytes(b"PAR1 half")
    catalogcache.load_catalog_cached(make_data_dir())
    catalogcache._recent.clear()
    assert not stale.exists() and partials(cache) == []
