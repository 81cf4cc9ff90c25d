"""`make run`: the Streamlit server, with the app's libraries loaded before anyone visits.

`streamlit run app.py` imports pandas, geopandas, folium and the rest only when the first
page opens, which then waits seconds for them. Imported here, in the server's own process,
they are ready; the data directory's catalog is checked in the background too (into the
disk cache, droneatlas.catalogcache), so even a new data set opens quickly. Arguments are
passed on to `streamlit run`.
"""

from __future__ import annotations

import logging
import sys
import threading

# Only libraries that do not need a running Streamlit: streamlit_folium, imported before
# the server exists, would register its component where the server never looks.
import folium  # noqa: F401  (loaded once, for every session)
import geopandas  # noqa: F401
from streamlit.web import cli

import layers.compose  # noqa: F401
from droneatlas import settings
from droneatlas.catalog import default_data_dir
from droneatlas.catalogcache import load_catalog_cached
from ui.nodelay import patch_listening_socket

APP = settings.PROJECT_ROOT / "app.py"
log = logging.getLogger("droneatlas.serve")


def warm_catalog() -> None:
    """Check the data once into the disk cache (the app reads it from there)."""
    try:
        load_catalog_cached(default_data_dir())
    except Exception as exc:  # the app reports data problems itself; never stop the server
        log.warning("data not checked in advance (%s: %s)", type(exc).__name__, exc)


if __name__ == "__main__":
    # Our loggers (droneatlas.*) to stderr; Streamlit keeps its own handlers.
    logging.basicConfig(level=settings.LOG_LEVEL, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    patch_listening_socket()
    threading.Thread(target=warm_catalog, name="warm-catalog", daemon=True).start()
    sys.argv = ["streamlit", "run", str(APP), *sys.argv[1:]]
    sys.exit(cli.main())
