"""Add data in the app: uploads are imported beside the curated data, with a visible report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.test_app import APP, caption
from tests.conftest import PROJECT_DATA

GEOJSON = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [30.5238, 50.45466]},
            "properties": {"date": "2022-10-17", "place": "Kyiv test", "url": "https://example.org/a"},
        },
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [30.5238, 150.0]},
            "properties": {"date": "2022-10-18", "place": "Nowhere", "url": "https://example.org/b"},
        },
    ],
}


class _Upload:
    """What st.file_uploader hands the app: a name and a buffer."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name, self._data = name, data

    def getbuffer(self) -> memoryview:
        return memoryview(self._data)


def test_uploaded_points_join_the_map_and_curated_files_stay_untouched(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("ATLAS_DATA_DIR", raising=False)
    before = {p.name: p.read_bytes() for p in PROJECT_DATA.glob("*.csv")}
    app = AppTest.from_file(APP, default_timeout=60).run()
    baseline = int(caption(app).split()[0])
    # A page that imports nothing gets no upload directory (one per page filled the temp folder).
    assert "upload_dir" not in app.session_state
    # AppTest cannot drive a file_uploader: call the same import the button runs, into the
    # directory the session would have made.
    (tmp_path / "session").mkdir()
    app.session_state["upload_dir"] = str(tmp_path / "session")
    import_path = Path(app.session_state["upload_dir"]) / "data"
    from droneatlas.importers import import_files

    upload = tmp_path / "events.geojson"
    upload.write_text(json.dumps(GEOJSON), encoding="utf-8")
    report = import_files([upload], import_path)
    assert (report.read, report.accepted, report.rejected) == (2, 1, 1)
    app.run()
    assert not app.exception
    assert int(caption(app).split()[0]) == baseline + 1
    assert {p.name: p.read_bytes() for p in PROJECT_DATA.glob("*.csv")} == before
    # The upload's strike index (the sources' count asks for it on every run) is the session's:
    # the server-wide cache has no entry for its key, so asking it computes (and fails on None).
    from ui import data, state

    with pytest.raises(AttributeError):
        data._strike_index(app.session_state[state.UPLOAD_DATA_KEY], None)
