"""The private internals of libraries this project relies on, each in one module of ours:
these tests fail with a message that names the internal when a library changes it."""

from __future__ import annotations

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

    assert callable(getattr(starlette_server, "_bind_socket", None)), (
        f"{nodelay.INTERNAL} is gone: ui/nodelay.py must find Streamlit's new listening-socket factory"
    )
    parameters = list(inspect.signature(starlette_server._bind_socket).parameters)
    assert parameters, f"{nodelay.INTERNAL} changed its signature: {parameters}"


def test_the_patched_factory_gives_a_no_delay_socket(monkeypatch) -> None:
    made = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0)  # protocol 0, as Streamlit binds
    monkeypatch.setattr(nodelay, "_bind_socket", lambda *args, **kwargs: made)
    with nodelay.bind_without_nagle() as sock:
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def test_streamlit_components_still_take_the_message_the_drawn_map_posts() -> None:
    """static/atlas/controls.js posts Streamlit's component message to ask for a rerun."""
    message = "streamlit:setComponentValue"
    assert message in (ROOT / "static" / "atlas" / "controls.js").read_text(encoding="utf-8")
    frontend = Path(streamlit.__file__).parent / "static"
    assert any(message in path.read_text(errors="ignore") for path in frontend.rglob("*.js")), (
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
