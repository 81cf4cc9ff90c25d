"""Import speed and peak memory: a generated 100,000-row ACLED-shaped CSV and the Ivaniuk file.

Target: 100,000 rows in at most 10 s and 1 GB. Each import runs in a fresh subprocess so that
its peak resident memory (resource.getrusage of the child) is the import's alone. The
generated file lives in a temporary directory and is never committed.
"""

from __future__ import annotations

import csv
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IVANIUK = ROOT.parent / "shared" / "data" / "ivaniuk" / "missile_attacks_daily.csv"
ROWS = 100_000
ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "event_type",
    "sub_event_type",
    "actor1",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
)


def write_acled(path: Path, rows: int = ROWS, seed: int = 1) -> Path:
    """A synthetic ACLED-shaped export: made-up events, half of them drone strikes."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(ACLED_COLUMNS)
        for n in range(rows):
            drone = n % 2 == 0
            writer.writerow(
                (
                    f"SYN{n}",
                    f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    "2023",
                    "Explosions/Remote violence",
                    "Air/drone strike" if drone else "Shelling/artillery/missile attack",
                    "Synthetic actor",
                    "Ukraine",
                    "Synthetic oblast",
                    f"Place {n % 500}",
                    f"{rng.uniform(44.5, 52):.4f}",
                    f"{rng.uniform(22.5, 40):.4f}",
                    str(rng.randint(1, 3)),
                    "Synthetic source",
                    ("Shahed drones hit a synthetic target." if drone else "Shelling."),
                    str(rng.randint(0, 3)),
                )
            )
    return path


def _measure(files: list[Path], into: Path) -> tuple[float, float, str]:
    """Seconds, peak MB and summary line of one import in a child process."""
    code = (
        "import resource, sys; from pathlib import Path; from droneatlas.importers import import_files;"
        "r = import_files([Path(p) for p in sys.argv[2:]], Path(sys.argv[1]));"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss);"
        "print(f'read {r.read}, accepted {r.accepted}, rejected {r.rejected}')"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, str(into), *map(str, files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - started
    # The child reports its own peak (RUSAGE_CHILDREN would give the largest child so far).
    peak_kb, summary = done.stdout.strip().split("\n", 1)
    return seconds, int(peak_kb) / 1024, summary


def run() -> list[str]:
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        acled = write_acled(Path(tmp) / "acled_100k.csv")
        seconds, peak_mb, summary = _measure([acled], Path(tmp) / "out-acled")
        verdict = "ok" if seconds <= 10 and peak_mb <= 1024 else "OVER TARGET"
        lines.append(
            f"import ACLED-shaped {ROWS:,} rows: {seconds:.1f} s, peak {peak_mb:.0f} MB "
            f"({summary}) [{verdict}]"
        )
        if IVANIUK.is_file():
            seconds, peak_mb, summary = _measure([IVANIUK], Path(tmp) / "out-ivaniuk")
            lines.append(
                f"import Ivaniuk ({IVANIUK.name}): {seconds:.1f} s, peak {peak_mb:.0f} MB ({summary})"
            )
        else:
            lines.append("import Ivaniuk: skipped (../shared/data/ivaniuk not present)")
    return lines


if __name__ == "__main__":
    print("\n".join(run()))
