"""ui.uploads.release on Streamlit's real upload store: an imported file's bytes leave the
server's memory and the uploader is drawn anew.

A plain dict stands for st.session_state here, so deleting a drawn widget's state is not
Streamlit's own: tests/browser/test_sessions.py runs it in the real app (the uploader empty
after an import, the file kept after an import that added nothing)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import streamlit as st
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFile, UploadedFileRec

from ui import state, uploads

SESSION = "session-1"


@pytest.fixture
def store(monkeypatch) -> MemoryUploadedFileManager:
    """Streamlit's own in-memory upload store, holding two files of this session and one of
    another, seen through a script-run context as a run of this session sees it."""
    manager = MemoryUploadedFileManager("/_stcore/upload_file")
    for session, file_id in ((SESSION, "a"), (SESSION, "b"), ("session-2", "c")):
        manager.add_file(session, UploadedFileRec(file_id, f"{file_id}.csv", "text/csv", b"x" * 1000))
    context = SimpleNamespace(session_id=SESSION, uploaded_file_mgr=manager)
    monkeypatch.setattr(uploads, "get_script_run_ctx", lambda: context)
    monkeypatch.setattr(st, "session_state", {})
    return manager


def held(manager: MemoryUploadedFileManager, session: str) -> list[str]:
    return sorted(f.file_id for f in manager.get_files(session, ["a", "b", "c"]))


def test_released_files_leave_the_store_and_the_uploader_starts_empty(store) -> None:
    first_key = uploads.uploader_key()
    files = [UploadedFile(r, None) for r in store.get_files(SESSION, ["a", "b"])]
    st.session_state[first_key] = files  # the widget's value: the same files
    assert uploads.release(files) is True
    assert held(store, SESSION) == []
    assert held(store, "session-2") == ["c"]  # another session's upload is not touched
    assert first_key not in st.session_state
    assert uploads.uploader_key() != first_key  # the next run draws a new, empty uploader
    assert st.session_state[state.UPLOAD_ROUND] == 1


def test_without_streamlits_store_the_files_stay_and_the_log_says_so(store, monkeypatch, caplog) -> None:
    monkeypatch.setattr(uploads, "get_script_run_ctx", lambda: SimpleNamespace(session_id=SESSION))
    files = [UploadedFile(r, None) for r in store.get_files(SESSION, ["a"])]
    with caplog.at_level("WARNING", logger="ui.uploads"):
        assert uploads.release(files) is False
    assert uploads.INTERNAL in caplog.text
    assert held(store, SESSION) == ["a", "b"]
