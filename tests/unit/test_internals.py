"""The private internals of libraries this project relies on, each in one module of ours:
these tests fail with a message that names the internal when a library changes it."""

from __future__ import annotations

import dataclasses
import inspect
import socket
from pathlib import Path

import branca.element
import streamlit

from layers.macro import Macro
from tests.conftest import ROOT
from ui import nodelay


def test_streamlit_still_binds_its_listening_socket_where_ui_nodelay_patches_it() -> None:
    from streamlit.web.server.starlette import starlette_server

    bind = getattr(starlette_server, "_bind_socket", None)
    assert callable(bind), f"{nodelay.INTERNAL} is gone: ui/nodelay.py must find Streamlit's new one"
    parameters = tuple(inspect.signature(bind).parameters)
    assert parameters == nodelay.EXPECTED_PARAMETERS, f"{nodelay.INTERNAL} now takes {parameters}"


def test_streamlits_own_factory_patched_gives_a_no_delay_listening_socket() -> None:
    """Streamlit's real factory, wrapped as serve.py wraps it, on a free loopback port."""
    from streamlit.web.server.starlette import starlette_server

    with nodelay.without_nagle(starlette_server._bind_socket)("127.0.0.1", 0, 8) as sock:
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def test_a_missing_internal_leaves_the_server_unpatched_and_says_so(monkeypatch, caplog) -> None:
    from streamlit.web.server.starlette import starlette_server

    monkeypatch.delattr(starlette_server, "_bind_socket")
    with caplog.at_level("WARNING", logger="ui.nodelay"):
        assert nodelay.patch_listening_socket() is False
    assert "not found" in caplog.text


def test_streamlit_components_still_take_the_message_the_drawn_map_posts() -> None:
    """static/atlas/controls.js posts Streamlit's component message to ask for a rerun; the
    front end must still handle that message type (its component code names it). The
    browser test of the map-first page (tests/browser) shows the rerun really comes."""
    message = "streamlit:setComponentValue"
    assert message in (ROOT / "static" / "atlas" / "controls.js").read_text(encoding="utf-8")
    frontend = Path(streamlit.__file__).parent / "static"
    handlers = [p for p in frontend.rglob("ComponentInstance*.js") if message in p.read_text(errors="ignore")]
    assert handlers, (
        f"Streamlit's front end no longer handles {message!r}: the drawn map cannot ask for its controls "
        "(static/atlas/controls.js, reportDrawn)"
    )


def test_branca_still_renders_macros_the_way_layers_macro_overrides() -> None:
    """layers/macro.py reads a template's macros from ``_template.module``, as branca does."""
    source = inspect.getsource(branca.element.MacroElement.render)
    assert "_template.module" in source, (
        "branca's MacroElement.render no longer reads _template.module: check layers/macro.py"
    )
    assert Macro.render is not branca.element.MacroElement.render


def test_streamlits_upload_store_is_where_ui_uploads_releases_files() -> None:
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext

    from ui import uploads

    fields = {field.name for field in dataclasses.fields(ScriptRunContext)}
    assert {"session_id", "uploaded_file_mgr"} <= fields, f"{uploads.INTERNAL}: the context now has {fields}"
    parameters = tuple(inspect.signature(MemoryUploadedFileManager.remove_file).parameters)
    assert parameters == ("self", "session_id", "file_id"), f"{uploads.INTERNAL} now takes {parameters}"
