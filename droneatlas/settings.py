"""Settings read once: the project's folders, environment variables and tunables.

Every other module takes its paths and knobs from here, so a deployment changes them in
one place (or through the environment) and the code never computes the project root twice.

Environment variables:

- ``ATLAS_PROJECT_ROOT``: the checkout whose ``data/`` (curated tables, borders, gazetteer)
  and ``static/`` (the map's scripts, built by ``make install``) an installed ``droneatlas``
  command uses; default: the checkout the package runs from, else the working directory.
- ``ATLAS_DATA_DIR``: the data directory shown by the app and used by the CLI (default
  the project's ``data/``).
- ``ATLAS_CACHE_DIR``: where checked catalogs are kept (default ``.cache/catalog``; when
  that cannot be written, the user's own cache folder, ``user_cache_dir``).
- ``ATLAS_TIMING``: when set, each app run logs its Python time (for ``make bench``).
- ``ATLAS_LOG_LEVEL``: logging level of the server and the CLI (default ``INFO``).
- ``ATLAS_UPLOAD_GRACE_S``: seconds a page session's uploads outlive the session (default
  180: a page that reconnects within Streamlit's two minutes keeps them).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

PACKAGE_DIR = Path(__file__).resolve().parent


def _project_root() -> Path:
    """ATLAS_PROJECT_ROOT, else the checkout this package runs from, else the working directory."""
    if os.environ.get("ATLAS_PROJECT_ROOT"):
        return Path(os.environ["ATLAS_PROJECT_ROOT"]).expanduser()
    checkout = PACKAGE_DIR.parent
    return checkout if (checkout / "pyproject.toml").is_file() else Path.cwd()


def _path(variable: str, default: Path) -> Path:
    value = os.environ.get(variable)
    return Path(value).expanduser() if value else default


PROJECT_ROOT = _project_root()
PROJECT_DATA_DIR = PROJECT_ROOT / "data"
# Streamlit serves the app's own static/ folder at /app/static (server.enableStaticServing).
STATIC_DIR = PROJECT_ROOT / "static"
STATIC_URL = "/app/static"
NODE_MODULES = PROJECT_ROOT / "node_modules"
BASEMAP_FILE = PROJECT_DATA_DIR / "basemap" / "countries_50m.geojson"
OBLASTS_FILE = PROJECT_DATA_DIR / "basemap" / "oblasts.geojson"
LABELS_FILE = PROJECT_DATA_DIR / "basemap" / "labels.csv"
GAZETTEER_DIR = PROJECT_DATA_DIR / "gazetteer"
CITIES_FILE = GAZETTEER_DIR / "places.csv"
TIMING = bool(os.environ.get("ATLAS_TIMING"))
LOG_LEVEL = os.environ.get("ATLAS_LOG_LEVEL", "INFO").upper()


def data_dir() -> Path:
    """The data directory to show: ``ATLAS_DATA_DIR`` or the project's ``data/``.

    Read on each call (not frozen at import): tests and the CLI set it per process.
    """
    return _path("ATLAS_DATA_DIR", PROJECT_DATA_DIR)


def cache_dir() -> Path:
    """Where checked catalogs are kept (``ATLAS_CACHE_DIR`` or ``.cache/catalog``)."""
    return _path("ATLAS_CACHE_DIR", PROJECT_ROOT / ".cache" / "catalog")


def user_cache_dir() -> Path:
    """The server's user's own cache folder (platformdirs: ``~/.cache/droneatlas/catalog`` on
    Linux): where checked catalogs go when the project's ``.cache/`` cannot be written."""
    return platformdirs.user_cache_path("droneatlas") / "catalog"


# Tunables of the app (sizes and counts that trade speed against completeness).
KEPT_PACKS = 16  # strike packs kept in static/cache (an open page may still ask for its details)
KEPT_OVERLAYS = 256  # published site/ring files per data set (a page fetches a few)
MAX_TABLE_ROWS = 200  # rows a panel table shows; its CSV download has them all
DENSITY_PROPOSAL_STRIKES = 20_000  # a window with more strikes is offered the density view
CONTROLS_AFTER_S = 4.0  # at the latest; normally the map asks for the controls once drawn
UPLOAD_GRACE_S = float(os.environ.get("ATLAS_UPLOAD_GRACE_S", "180"))  # see the docstring
UPLOAD_MAX_AGE_S = 24 * 3600  # an upload directory no session holds, untouched this long, is removed
CATALOG_CHUNK_ROWS = 50_000  # rows of a data file checked at a time (memory stays bounded)
MAX_EXPORT_RECORDS = 100_000  # strikes in the app's GeoJSON/CSV download (200,049 took 40 s, +315 MB)
