"""`python -m droneatlas snapshot` writes the same files as the buttons; bad arguments exit 2."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PIL import Image

from tests.conftest import ROOT


def snapshot(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "droneatlas", "snapshot", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_png_and_html_for_october_2022(tmp_path) -> None:
    png = tmp_path / "slide.png"
    done = snapshot("--start", "2022-10-01", "--end", "2022-10-31", "--format", "png", "--out", str(png),
                    "--title", "Shahed strikes, October 2022", "--size", "1280x720")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "1 Oct – 31 Oct 2022" in done.stdout
    assert Image.open(png).size == (1280, 720)
    html = tmp_path / "view.html"
    done = snapshot("--start", "2022-10-01", "--end", "2022-10-31", "--format", "html", "--out", str(html),
                    "--layers", "sites,strikes")  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = html.read_text(encoding="utf-8")
    assert "<script src=" not in text and "atlas-playback" in text
    assert '"style": "points"' in text


def test_density_html_opens_as_density(tmp_path) -> None:
    html = tmp_path / "density.html"
    done = snapshot("--format", "html", "--strikes", "density", "--out", str(html))
    assert done.returncode == 0, done.stderr
    text = html.read_text(encoding="utf-8")
    assert '"style": "density"' in text and "DroneAtlas.strikes.setStyle(" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "2022-13-01", "--format", "png"], "not a date"),
        (["--format", "gif"], "invalid choice"),
        (["--format", "png", "--layers", "sites,heat"], "unknown layer(s) heat"),
        (["--format", "png", "--drones", "shahed-999"], "unknown drone id(s) shahed-999"),
        (["--format", "png", "--start", "2022-10-31", "--end", "2022-10-01"], "before --start"),
        (["--format", "png", "--strikes", "heat"], "invalid choice"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(tmp_path, args: list[str], message: str) -> None:
    out = tmp_path / "x.png"
    done = snapshot(*args, "--out", str(out))
    assert done.returncode == 2
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not out.exists() and not list(tmp_path.iterdir())  # nothing half-written


def test_compare_png_puts_two_windows_side_by_side(tmp_path) -> None:
    png = tmp_path / "compare.png"
    done = snapshot("--start", "2022-10-01", "--end", "2022-10-31", "--compare-start", "2024-10-01",
                    "--compare-end", "2024-10-31", "--format", "png", "--out", str(png),
                    "--size", "1280x720")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert Image.open(png).size == (1280, 720)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--compare-start", "2024-10-01"], "needs both --compare-start and --compare-end"),
        (["--compare-start", "2024-10-31", "--compare-end", "2024-10-01"], "before --compare-start"),
    ],
)
def test_a_half_or_reversed_compare_window_exits_2(tmp_path, args: list[str], message: str) -> None:
    done = snapshot(*args, "--format", "png", "--out", str(tmp_path / "x.png"))
    assert done.returncode == 2 and message in done.stderr and not list(tmp_path.iterdir())


def test_a_killed_runs_temporary_is_removed_by_the_next_run(tmp_path) -> None:
    """A snapshot killed mid-write leaves `.NAME.partial-*` beside its file: the next run of
    the same export removes it (nobody holds its lock) and writes the file whole."""
    out = tmp_path / "view.csv"
    leftover = tmp_path / ".view.csv.partial-killed1"
    leftover.write_text("id,date\nhalf a")
    done = snapshot("--format", "csv", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").startswith("type,id,") and not leftover.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["view.csv"]
