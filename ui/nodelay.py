"""The one private Streamlit internal the server relies on: its listening-socket factory.

Streamlit binds its listening socket with ``socket.socket(family)``, whose protocol number is
0, and asyncio sets TCP_NODELAY only on sockets that say IPPROTO_TCP. Without it, on a
kept-alive connection each small file waits for the browser's delayed ACK: 40 ms per
request, about 0.5 s for the ~100 scripts of Streamlit's page (measured with curl reusing a
connection: 44 ms per file before, under 5 ms after). Accepted sockets inherit the option
on Linux. tests/unit/test_internals.py fails with a clear message if the internal moves.
"""

from __future__ import annotations

import socket

from streamlit.web.server.starlette import starlette_server

INTERNAL = "streamlit.web.server.starlette.starlette_server._bind_socket"
_bind_socket = starlette_server._bind_socket


def bind_without_nagle(*args, **kwargs) -> socket.socket:
    """Streamlit's listening socket, with TCP_NODELAY set."""
    sock = _bind_socket(*args, **kwargs)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def patch_listening_socket() -> None:
    """Make Streamlit's server bind its listening socket with TCP_NODELAY (call before it starts)."""
    starlette_server._bind_socket = bind_without_nagle
