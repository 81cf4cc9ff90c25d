"""`make run`: the Streamlit server, with the app's libraries loaded before anyone visits.

`streamlit run app.py` imports pandas, geopandas, folium and the rest only when the first
page opens, which then waits seconds for them. Imported here, in the server's own process,
they are ready; the data directory's catalog is checked in the background too (into the
disk cache, droneatlas.catalogcache), so even a new data set opens quickly. Arguments are
passed on to `streamlit run`.
"""

from __future__ import annotations

import logging
import socket
import sys
import threading

# Only libraries that do not need a running Streamlit: streamlit_folium, imported before
# the server exists, would register its component where the server never looks.
import folium  # noqa: F401  (loaded once, for every session)
import geopandas  # noqa: F401
from streamlit.web import cli
from streamlit.web.server.starlette import starlette_server

import layers.compose  # noqa: F401
from droneatlas import settings
from droneatlas.catalog import default_data_dir
from droneatlas.catalogcache import load_catalog_cached

APP = settings.PROJECT_ROOT / "app.py"
log = logging.getLogger("droneatlas.serve")


def warm_catalog() -> None:
    """Check the data once into the disk cache (the app reads it from there)."""
    try:
        load_catalog_cached(default_data_dir())
    except Exception as exc:  # the app reports data problems itself; never stop the server
        log.warning("data not checked in advance (%s: %s)", type(exc).__name__, exc)


def bind_without_nagle(*args, **kwargs) -> socket.socket:
    """Streamlit's listening socket, with TCP_NODELAY set (connections inherit it on Linux).

    Streamlit binds with ``socket.socket(family)``, whose protocol number is 0, and asyncio
    sets TCP_NODELAY only on sockets that say IPPROTO_TCP. Without it, on a kept-alive
    connection each small file waits for the browser's delayed ACK: 40 ms per request,
    about 0.5 s for the ~100 scripts of Streamlit's page (measured with curl reusing a
    connection: 44 ms per file before, under 5 ms after).
    """
    sock = _bind_socket(*args, **kwargs)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


_bind_socket = starlette_server._bind_socket

if __name__ == "__main__":
    # Our loggers (droneatlas.*) to stderr; Streamlit keeps its own handlers.
    logging.basicConfig(level=settings.LOG_LEVEL, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    starlette_server._bind_socket = bind_without_nagle
    threading.Thread(target=warm_catalog, name="warm-catalog", daemon=True).start()
    sys.argv = ["streamlit", "run", str(APP), *sys.argv[1:]]
    sys.exit(cli.main())
