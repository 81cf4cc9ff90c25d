"""Fingerprints of the code and libraries that shape cached data.

A cache entry written by other code is never trusted: its key includes a hash of every
Python file of the package (not a list of file names, which goes stale when code moves)
and the versions of the libraries that read and write it.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version

from droneatlas.settings import PACKAGE_DIR

LIBRARIES = ("pandas", "geopandas", "shapely", "numpy", "pyproj", "pyarrow")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of every module of the droneatlas package (paths and contents)."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def library_fingerprint() -> str:
    """The versions of the libraries that read and write cached tables."""
    parts = []
    for library in LIBRARIES:
        try:
            parts.append(f"{library}={version(library)}")
        except PackageNotFoundError:
            parts.append(f"{library}=none")
    return ";".join(parts)
