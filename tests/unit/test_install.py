"""`pip install .` in a fresh virtual environment gives a working `droneatlas` command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT_DATA, ROOT

UV = Path(sys.executable).parent / "uv"  # installed by `make install` beside the venv's python


def _tracked_copy(target: Path) -> Path:
    """The checkout's files, ignored ones left out (a build writes build/ and *.egg-info beside them)."""
    listing = ["git", "ls-files", "--cached", "--others", "--exclude-standard"]
    files = subprocess.run(listing, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for name in files.splitlines():
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def test_pip_install_gives_a_working_command(tmp_path) -> None:
    source = _tracked_copy(tmp_path / "src")
    venv = tmp_path / "venv"
    installer = [str(UV), "pip", "install", "--quiet", "--python", str(venv / "bin" / "python")]
    if UV.is_file():
        subprocess.run([str(UV), "venv", "--quiet", str(venv)], check=True)
    else:  # without uv: the standard way, slower
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        installer = [str(venv / "bin" / "pip"), "install", "--quiet"]
    subprocess.run([*installer, str(source)], check=True, timeout=600)
    command = venv / "bin" / "droneatlas"
    version = subprocess.run([str(command), "--version"], cwd=tmp_path, capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.startswith("droneatlas "), version.stderr
    out = tmp_path / "october.csv"
    window = ["--start", "2022-10-01", "--end", "2022-10-31"]
    snapshot = subprocess.run(
        [
            str(command),
            "snapshot",
            "--format",
            "csv",
            "--data",
            str(PROJECT_DATA),
            "--out",
            str(out),
            *window,
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert snapshot.returncode == 0, snapshot.stderr
    assert out.read_text(encoding="utf-8").startswith("type,id,name")
    bad = subprocess.run([str(command), "snapshot", "--format", "gif"], capture_output=True, text=True)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
    # A slide needs the borders: from a checkout named by ATLAS_PROJECT_ROOT, or one line saying so.
    png = [
        str(command),
        "snapshot",
        "--format",
        "png",
        "--data",
        str(PROJECT_DATA),
        "--out",
        str(tmp_path / "s.png"),
    ]
    lost = subprocess.run(png, cwd=tmp_path, capture_output=True, text=True)
    assert lost.returncode == 1 and len(lost.stderr.strip().splitlines()) == 1, lost.stderr
    env = {**os.environ, "ATLAS_PROJECT_ROOT": str(ROOT)}
    found = subprocess.run(png, cwd=tmp_path, capture_output=True, text=True, env=env)
    assert found.returncode == 0, found.stderr
    assert (tmp_path / "s.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_no_traceback_reaches_the_page() -> None:
    """An unforeseen error shows its kind on the page; its traceback goes to the server's log."""
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] in ("type", "none")
