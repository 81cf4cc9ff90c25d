"""`python -m droneatlas import`: exit codes and output lines."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cli import main
from tests.unit.test_import_helpers import ACLED_HEADER, ACLED_ROWS, write_csv

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "argv",
    [
        ["import"],
        ["import", "x.csv"],
        ["import", "x.csv", "--into", "d", "--format", "shapefile"],
        ["import", "x.csv", "--into", "d", "--map", "lat"],
    ],
)
def test_bad_arguments_exit_2_with_one_line(argv: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "error:" in err


def test_import_prints_counts_and_exits_0(tmp_path: Path, capsys) -> None:
    src = write_csv(tmp_path / "acled.csv", ACLED_HEADER, ACLED_ROWS)
    assert main(["import", str(src), "--into", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "acled.csv [acled]: read 3, accepted 2, rejected 1" in out
    assert "rejected 1: not a drone event" in out
    assert (tmp_path / "out" / "import-report.csv").is_file()


def test_file_error_exits_1_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"lat,lon,date\n" + bytes(range(256)) * 40)
    done = subprocess.run(
        [sys.executable, "-m", "droneatlas", "import", str(bad), "--into", str(tmp_path / "out")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert "cannot tell the text encoding" in done.stdout
    assert not (tmp_path / "out").exists()
