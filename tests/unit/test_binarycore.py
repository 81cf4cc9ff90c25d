"""The strike pack's core in binary columns: the same core back, in Python and in the page."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date

import numpy as np
import pytest

from droneatlas.binarycore import decode_core, encode_core, smallest_integer_type
from droneatlas.catalog import load_catalog
from droneatlas.strikepack import pack_core
from droneatlas.style import drone_colours
from tests.conftest import PROJECT_DATA, ROOT


@pytest.fixture(scope="module")
def core() -> dict:
    catalog = load_catalog(PROJECT_DATA, today=date(2026, 11, 24))
    return pack_core(catalog.strikes, catalog.drones, drone_colours(list(catalog.drones.index)))


def test_the_project_core_comes_back_whole(core) -> None:
    blob = encode_core(core)
    assert decode_core(blob) == core
    assert len(blob) % 8 == 0  # every column on an 8-byte boundary, the last one padded too
    assert len(blob) < len(json.dumps(core)) / 2


def test_columns_take_the_smallest_type_that_holds_them() -> None:
    assert smallest_integer_type(np.array([0, 1, 255])) == "u1"
    assert smallest_integer_type(np.array([-1, 0, 3])) == "i1"  # "drone not specified" is -1
    assert smallest_integer_type(np.array([0, 65_535])) == "u2"
    assert smallest_integer_type(np.array([19_000, 20_500])) == "i2"  # day numbers until 2059
    assert smallest_integer_type(np.array([0, 40_000])) == "u2"
    assert smallest_integer_type(np.array([-40_000, 1])) == "i4"
    assert smallest_integer_type(np.array([], dtype=int)) == "u1"
    with pytest.raises(ValueError, match="32-bit"):
        smallest_integer_type(np.array([0, 2**33]))


def test_a_core_with_wide_values_and_no_strikes_comes_back() -> None:
    wide = {
        "n": 2,
        "places": {"lat": [48.12345, -0.5], "lon": [37.5, 179.99999]},
        "place": [70_000, 1],
        "day": [-1, 2**31 - 1],
        "drones": [{"name": "<b>x</b>"}],
    }
    assert decode_core(encode_core(wide)) == wide
    assert decode_core(encode_core({"n": 0, "day": [], "places": {"lat": [], "lon": []}})) == {
        "n": 0,
        "day": [],
        "places": {"lat": [], "lon": []},
    }


@pytest.mark.parametrize("values", [[7.6, 1.0], [True, False]])
def test_an_integer_column_of_other_values_is_refused_not_cut(values) -> None:
    with pytest.raises(TypeError, match="radius holds values that are not integers"):
        encode_core({"n": 2, "radius": values})


def test_bytes_of_another_kind_are_refused() -> None:
    with pytest.raises(ValueError, match="not a strike pack core"):
        decode_core(b'{"n": 1}')


@pytest.mark.skipif(shutil.which("node") is None, reason="node runs the page's decoder")
def test_the_page_reads_the_same_core(core, tmp_path) -> None:
    """strikes.js decodeCore over the bytes Python wrote gives the core Python packed."""
    (tmp_path / "core.bin").write_bytes(encode_core(core))
    script = (
        "const s = require('./static/atlas/strikes.js');"
        "const b = require('fs').readFileSync(process.argv[1]);"
        "const core = s.decodeCore(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));"
        "const plain = (v) => ArrayBuffer.isView(v) ? Array.from(v) : v;"
        "core.places = {lat: plain(core.places.lat), lon: plain(core.places.lon)};"
        "for (const k of Object.keys(core)) { core[k] = plain(core[k]); }"
        "console.log(JSON.stringify(core));"
    )
    done = subprocess.run(
        ["node", "-e", script, str(tmp_path / "core.bin")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    assert json.loads(done.stdout) == core
