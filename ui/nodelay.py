"""The one private Streamlit internal the server relies on: its listening-socket factory.

Streamlit binds its listening socket with ``socket.socket(family)``, whose protocol number is
0, and asyncio sets TCP_NODELAY only on sockets that say IPPROTO_TCP. Without it, on a
kept-alive connection each small file waits for the browser's delayed ACK: 40 ms per
request, about 0.5 s for the ~100 scripts of Streamlit's page (measured with curl reusing a
connection: 44 ms per file before, under 5 ms after). Accepted sockets inherit the option
on Linux. Should Streamlit move the internal, the server starts without the patch and says
so; tests/unit/test_internals.py fails with a clear message.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable

from streamlit.web.server.starlette import starlette_server

INTERNAL = "streamlit.web.server.starlette.starlette_server._bind_socket"
EXPECTED_PARAMETERS = ("address", "port", "backlog")
log = logging.getLogger(__name__)


def without_nagle(bind: Callable[..., socket.socket]) -> Callable[..., socket.socket]:
    """``bind``, whose socket then has TCP_NODELAY set."""

    def bind_without_nagle(*args, **kwargs) -> socket.socket:
        sock = bind(*args, **kwargs)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    return bind_without_nagle


def patch_listening_socket() -> bool:
    """Make Streamlit's server bind its listening socket with TCP_NODELAY (call before it
    starts); False, with a warning, when the internal is not where it was."""
    bind = getattr(starlette_server, "_bind_socket", None)
    if not callable(bind):
        log.warning("%s not found: serving without TCP_NODELAY (slower pages)", INTERNAL)
        return False
    starlette_server._bind_socket = without_nagle(bind)
    return True
