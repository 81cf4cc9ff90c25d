"""Uploaded files leave the server's memory once imported.

Streamlit keeps every uploaded file's bytes in memory until the page deletes it or the
session ends: after a 150 MB upload was imported, its bytes sat beside the catalog being
checked (the import's next run) for the rest of the session. Once an import has added the
files' records, ``release`` drops them from Streamlit's upload store
(``ScriptRunContext.uploaded_file_mgr``, the store the page's own delete button empties) and
from the widget's state, and the uploader is drawn anew, empty (its key takes the next
round number). An import that added nothing keeps them (ui/add_data.py).

The only Streamlit internal used here; tests/unit/test_internals.py checks it is still there.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ui import state

log = logging.getLogger(__name__)
INTERNAL = "streamlit ScriptRunContext.uploaded_file_mgr.remove_file(session_id, file_id)"


def uploader_key() -> str:
    """The file uploader's key in this round (a new round draws an empty uploader)."""
    return f"{state.UPLOAD_FILES}_{st.session_state.get(state.UPLOAD_ROUND, 0)}"


def release(files: Sequence) -> bool:
    """Forget ``files`` (st.file_uploader's UploadedFile objects, already imported):
    the upload store's copies, the widget's state, and the uploader for the next run.
    False (and a warning in the log) when Streamlit's store is not where this expects it."""
    key = uploader_key()
    st.session_state[state.UPLOAD_ROUND] = st.session_state.get(state.UPLOAD_ROUND, 0) + 1
    st.session_state.pop(key, None)  # the widget's value: the same files
    ctx = get_script_run_ctx()
    remove = getattr(getattr(ctx, "uploaded_file_mgr", None), "remove_file", None)
    if not callable(remove):  # also when there is no run context
        log.warning("%s is gone: uploaded files stay in memory until the session ends", INTERNAL)
        return False
    for upload in files:
        remove(session_id=ctx.session_id, file_id=upload.file_id)
    return True
