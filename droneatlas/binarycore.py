"""The strike pack's core (strikepack.pack_core) as the page reads it: binary columns.

As JSON, the core of 100,000 strikes is 2.4 MB of digits that the page must inflate and
parse before the first map (~50 ms in a fresh page here, ten times that at a million);
as typed columns it is 1.3 MB that the page only inflates and views (~30 ms).

Layout (all numbers little-endian, as every browser's typed arrays are):

    "DAC1"                       4 bytes, the format
    head length                  uint32
    head                         UTF-8 JSON, padded with spaces to a multiple of 8 bytes
    columns                      each at its offset from here, padded to 8 bytes

The head holds the core's small fields as they are and ``columns``: one
``[name, type, offset, length]`` per column, type one of TYPES ("places.lat" is
``places["lat"]``). Each integer column takes the smallest type that holds its values.
"""

from __future__ import annotations

import json
import struct

import numpy as np

MAGIC = b"DAC1"
ALIGN = 8  # the widest column type's size: every column starts on a multiple of it
# The core's per-strike and per-place number lists; the rest of the core goes in the head.
COLUMNS = (
    *("places.lat", "places.lon"),
    *("place", "day", "drone", "conf", "radius", "region", "prec", "target", "hurt"),
)
FLOAT_COLUMNS = frozenset({"places.lat", "places.lon"})
TYPES = {"i1": "<i1", "u1": "<u1", "i2": "<i2", "u2": "<u2", "i4": "<i4", "u4": "<u4", "f8": "<f8"}
INTEGER_TYPES = ("i1", "u1", "i2", "u2", "i4", "u4")


def smallest_integer_type(values: np.ndarray) -> str:
    """The narrowest of INTEGER_TYPES that holds every value (u1 for none)."""
    if values.size == 0:
        return "u1"
    low, high = int(values.min()), int(values.max())
    for name in INTEGER_TYPES:
        info = np.iinfo(np.dtype(TYPES[name]))
        if info.min <= low and high <= info.max:
            return name
    raise ValueError(f"values {low}..{high} do not fit a 32-bit column")


def _column(core: dict, name: str) -> list | None:
    if "." in name:
        outer, inner = name.split(".")
        return core.get(outer, {}).get(inner)
    return core.get(name)


def encode_core(core: dict) -> bytes:
    """The core in the layout above."""
    head = {key: value for key, value in core.items() if key not in COLUMNS and key != "places"}
    columns, descriptions, offset = [], [], 0
    for name in COLUMNS:
        values = _column(core, name)
        if values is None:
            continue
        if name in FLOAT_COLUMNS:
            kind, array = "f8", np.asarray(values, dtype=TYPES["f8"])
        else:
            integers = np.asarray(values)
            if integers.size and integers.dtype.kind not in "iu":  # a float or a bool would be cut silently
                raise TypeError(f"column {name} holds values that are not integers ({integers.dtype})")
            integers = integers.astype(np.int64)
            kind = smallest_integer_type(integers)
            array = integers.astype(TYPES[kind])
        data = array.tobytes()
        columns.append(data + b"\0" * (-len(data) % ALIGN))
        descriptions.append([name, kind, offset, len(array)])
        offset += len(columns[-1])
    head["columns"] = descriptions
    text = json.dumps(head, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    text += b" " * (-(len(MAGIC) + 4 + len(text)) % ALIGN)
    return MAGIC + struct.pack("<I", len(text)) + text + b"".join(columns)


def decode_core(blob: bytes) -> dict:
    """The core back from ``encode_core``'s bytes, columns as lists (the page reads the same
    columns as typed arrays: strikes.js decodeCore)."""
    if blob[:4] != MAGIC:
        raise ValueError("not a strike pack core (DAC1)")
    (length,) = struct.unpack_from("<I", blob, 4)
    start = 8 + length
    head = json.loads(blob[8:start].decode("utf-8"))
    core = {key: value for key, value in head.items() if key != "columns"}
    for name, kind, offset, count in head["columns"]:
        values = np.frombuffer(blob, dtype=TYPES[kind], count=count, offset=start + offset).tolist()
        if "." in name:
            outer, inner = name.split(".")
            core.setdefault(outer, {})[inner] = values
        else:
            core[name] = values
    return core
