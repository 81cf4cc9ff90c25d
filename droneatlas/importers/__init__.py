"""Importers for big event data sets (Ivaniuk, ACLED, UCDP GED, GeoJSON, generic CSV).

``import_files`` is the pure entry point (no printing, no streamlit): it reads the files,
merges what it accepts into a data directory of the app's shape (DESIGN.md §3) atomically,
and returns an ImportReport whose counts reconcile (read = accepted + rejected per file).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path, PurePosixPath, PureWindowsPath
from types import ModuleType

from droneatlas.importers import acled, generic_csv, geojson, ivaniuk, ucdp, writer
from droneatlas.importers.batch import Batch, FileContext
from droneatlas.importers.csvio import InputError, check_file, normalise_name, open_csv
from droneatlas.importers.report import REPORT_FILE, FileReport, ImportReport

__all__ = ["FORMATS", "ImportReport", "detect_format", "import_files", "incoming_path"]

FORMATS: dict[str, ModuleType] = {m.NAME: m for m in (ivaniuk, acled, ucdp, geojson, generic_csv)}
SNIFFED = (ivaniuk, acled, ucdp)  # recognised by their header; anything else is generic CSV


def detect_format(path: Path, encoding: str = "utf-8-sig") -> str:
    """The format of ``path`` from its extension and header (call after check_file)."""
    if path.suffix.lower() in (".geojson", ".json"):
        return geojson.NAME
    columns = {normalise_name(h) for h in open_csv(path, encoding).header}
    return next((m.NAME for m in SNIFFED if m.sniff(columns)), generic_csv.NAME)


def incoming_path(directory: Path, name: str) -> Path:
    """Where an uploaded file called ``name`` is saved in ``directory``.

    A browser sends whatever name it likes; one that is not a plain file name ("../../x.csv",
    "C:\\x.csv", "..", "") raises InputError with a message to show, so nothing can be written
    outside ``directory``.
    """
    plain = PureWindowsPath(PurePosixPath(name).name).name
    if not name or name != plain or name in (".", "..") or "\0" in name:
        raise InputError(f"{name!r} is not a plain file name (no folders, no '..'): rename the file")
    return directory / name


def _import_one(
    path: Path, fmt: str, batch: Batch, column_map: dict[str, str] | None, crs: str | None
) -> FileReport:
    file_report = FileReport(file=path.name, format=fmt if fmt != "auto" else "")
    batch.report.files.append(file_report)
    try:
        info = check_file(path)
        file_report.encoding = info.label
        batch.report.note(file_report, f"read as {info.label}")
        file_report.format = detect_format(path, info.encoding) if fmt == "auto" else fmt
        ctx = FileContext(path, info.sha256, batch, file_report, column_map, crs, encoding=info.encoding)
        FORMATS[file_report.format].import_file(ctx)
    except InputError as exc:
        file_report.error = str(exc)
    except OSError as exc:
        file_report.error = f"cannot be read ({exc.strerror or exc})"
    return file_report


def import_files(
    paths: list[Path],
    into: Path,
    fmt: str = "auto",
    column_map: dict[str, str] | None = None,
    *,
    crs: str | None = None,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import ``paths`` into the data directory ``into`` (created if missing).

    ``fmt`` is "auto" or one of FORMATS; ``column_map`` names columns for generic CSV and
    GeoJSON ({"lat": "Latitude"}); ``crs`` is the CRS of generic coordinates when not WGS84;
    ``progress`` is told the number of rows read so far, every few thousand rows.
    Never raises for bad input: problems are in the report. ``into`` is rewritten only when
    at least one row was read from some file; a failure leaves it untouched.
    """
    if fmt != "auto" and fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use auto or one of {', '.join(FORMATS)}")
    into = Path(into)
    report = ImportReport(into=into)
    try:
        with writer.locked(into):
            writer.recover(into)
            _import_into(paths, into, fmt, column_map, crs, report, today or date.today(), progress)
    except (InputError, OSError) as exc:
        report.error = str(exc)
    return report


def _import_into(
    paths: list[Path],
    into: Path,
    fmt: str,
    column_map: dict[str, str] | None,
    crs: str | None,
    report: ImportReport,
    today: date,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Read ``paths`` into a staging directory and swap it in (the lock is held)."""
    staging = writer.make_staging(into)
    batch = Batch(staging=staging, report=report, today=today, progress=progress)
    try:
        report.open_sink(staging / REPORT_FILE)
        batch.open()
        for path in paths:
            _import_one(Path(path), fmt, batch, column_map, crs)
        batch.close()
        report.close_sink()
        if report.read == 0:
            return  # nothing to merge: leave the directory as it is
        writer.write_tables(into, staging, batch)
        writer.swap(staging, into)
        report.written = True
    except (InputError, OSError) as exc:
        report.error = f"{into} left unchanged: {exc}"
    finally:
        batch.discard()
        report.close_sink()
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
