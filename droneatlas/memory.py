"""Giving memory back to the system once a big data set is dropped.

A catalog of a million strikes is millions of small allocations; freed, they stay in the
process (glibc keeps freed heap pages for reuse) and the server's resident memory stays at
its peak. ``release`` collects cycles and asks glibc to return free pages (malloc_trim):
measured on a 941,670-row upload's catalog (1.47 GB resident once checked), dropping it
and collecting left 611 MB resident, malloc_trim then 182 MB. Where glibc is not the C
library it only collects.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
import threading

log = logging.getLogger(__name__)


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


_LIBC = _libc()


def release() -> None:
    """Free unreachable objects and return the free heap to the system (glibc only)."""
    gc.collect()
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def release_soon(delay_s: float = 1.0) -> None:
    """``release`` in a moment, from a timer thread: the caller may still hold what it drops."""
    timer = threading.Timer(delay_s, release)
    timer.daemon = True
    timer.start()


def trim() -> None:
    """Return the free heap to the system now (glibc only), without a garbage collection."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def use_system_allocator() -> None:
    """Let pyarrow allocate with malloc instead of its own jemalloc pool, which kept the
    memory of freed Arrow strings: checking 1.1 million strikes peaked at 1.40 GB with the
    pool and 1.16 GB without (load_catalog alone, in a fresh process)."""
    import pyarrow

    if pyarrow.default_memory_pool().backend_name != "system":
        pyarrow.set_memory_pool(pyarrow.system_memory_pool())
