"""Add data: upload CSV or GeoJSON exports; the importers turn them into records shown with
the curated data, in a directory of this session's own (the curated files are never touched)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from droneatlas import memory
from droneatlas.text import spreadsheet_value
from ui import data, state, uploads


def parse_column_map(text: str) -> dict[str, str] | None:
    """ "lat=Latitude, date=Event Date" -> {"lat": "Latitude", "date": "Event Date"}; None if empty."""
    pairs = [part.split("=", 1) for part in text.split(",") if "=" in part]
    return {key.strip(): value.strip() for key, value in pairs} or None


def add_data_panel() -> None:
    """The uploader, built only when its expander is opened."""
    adding = st.sidebar.expander("Add data: CSV or GeoJSON", key=state.ADD_DATA_OPEN, on_change="rerun")
    if not adding.open:
        return
    from droneatlas.importers import FORMATS  # on use, like every importer: a lighter first page

    with adding:
        files = st.file_uploader(
            "Event exports (Ivaniuk, ACLED, UCDP GED, GeoJSON points, CSV with lat/lon/date)",
            type=["csv", "geojson", "json"],
            accept_multiple_files=True,
            key=uploads.uploader_key(),
        )
        fmt = st.selectbox("Format", ["auto", *FORMATS], key=state.UPLOAD_FORMAT)
        mapping = st.text_input(
            "Column names (optional)",
            key=state.UPLOAD_MAP,
            placeholder="lat=Latitude,lon=Longitude,date=Event Date",
        )
        if st.button("Import", disabled=not files, width="stretch"):
            run_import(files, fmt, parse_column_map(mapping))
        if state.IMPORT_LINES in st.session_state:
            show_report()


def run_import(files: list, fmt: str, column_map: dict[str, str] | None) -> None:
    """Import the uploads (their base names only: no directories from the browser). Once
    records were added, the files leave the server's memory and the uploader empties; an
    import that added none keeps them, for another try with other column names or format."""
    from droneatlas.importers import InputError, import_files, incoming_path

    size_mb = sum(upload.size for upload in files) / 1e6
    with st.status(f"Importing {len(files)} file(s), {size_mb:,.1f} MB…", expanded=False) as status:
        with tempfile.TemporaryDirectory(prefix="droneatlas-incoming-") as incoming:
            paths, refused = [], []
            for upload in files:
                try:
                    path = incoming_path(Path(incoming), upload.name)
                except InputError as exc:  # a name with folders in it: nothing is written
                    refused.append(f"refused: {exc}")  # kept in the report: st.rerun() clears an st.error
                    continue
                path.write_bytes(upload.getvalue())  # the stored bytes themselves (getbuffer copies)
                paths.append(path)
            if not paths:
                status.update(label="Nothing imported", state="error")
                st.session_state[state.IMPORT_LINES] = refused
                return

            def tell(rows: int) -> None:
                status.update(label=f"Importing {len(paths)} file(s), {size_mb:,.1f} MB: {rows:,} rows read…")

            report = import_files(paths, data.upload_dir(), fmt, column_map, progress=tell)
        status.update(label="Imported: " + "; ".join(report.lines()[:1]), state="complete")
    if report.written and report.accepted:
        uploads.release(files)  # imported: the upload store's copy goes (st.rerun ends this run's)
        # The upload's bytes and the import's work leave ~0.28 GB of freed heap that the
        # process keeps: given back a second later, as the next run starts checking the
        # imported records (it started at 615 MB, 332 MB with this).
        memory.release_soon()
    st.session_state[state.IMPORT_LINES] = refused + report.lines()
    st.rerun()  # load the catalog again, with the imported records


def show_report() -> None:
    """What the last import did, the first rejected rows, and the full report as CSV."""
    st.code("\n".join(st.session_state[state.IMPORT_LINES]), language=None, wrap_lines=True)
    uploads = data.session_uploads()
    report_file = uploads / "import-report.csv" if uploads is not None else None
    if report_file is None or not report_file.is_file():
        return
    report = pd.read_csv(report_file, dtype=str, keep_default_na=False)
    rejected = report[report["status"] == "rejected"]
    if not rejected.empty:
        st.caption("First rejected rows:")
        # As the file had them: the report's cells are spreadsheet-safe ("'=1+1" for "=1+1").
        st.dataframe(rejected.head(10).map(spreadsheet_value), hide_index=True, width="stretch")
    st.download_button(
        "Download the full import report (CSV)",
        report_file.read_bytes(),
        file_name="import-report.csv",
        mime="text/csv",
        width="stretch",
        on_click="ignore",
    )
