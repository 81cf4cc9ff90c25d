"""The disk cache of validated catalogs: same tables back, re-read on any change, never in the way."""

from __future__ import annotations

import gc
import os
import threading
import time
from datetime import date

import pandas as pd
import pytest

from droneatlas import catalogcache
from droneatlas.catalog import load_catalog
from droneatlas.catalogcache import load_catalog_cached
from droneatlas.schema import Table
from tests.conftest import SOURCE, STRIKE, write_table

TODAY = date(2026, 11, 24)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    directory = tmp_path / "cache"
    monkeypatch.setenv("ATLAS_CACHE_DIR", str(directory))
    catalogcache._recent.clear()
    yield directory
    catalogcache._recent.clear()


def test_second_load_comes_from_the_cache_and_equals_the_first(cache, make_data_dir, monkeypatch) -> None:
    data = make_data_dir(strikes=[STRIKE, {**STRIKE, "id": "bad", "lat": "north"}])
    first = load_catalog_cached(data, today=TODAY)
    assert len(_entries(cache)) == 1
    monkeypatch.setattr(catalogcache, "load_catalog", lambda *a, **k: pytest.fail("files read again"))
    assert load_catalog_cached(data, today=TODAY) is first  # kept in memory
    catalogcache._recent.clear()  # a new process: from the disk
    second = load_catalog_cached(data, today=TODAY)
    pd.testing.assert_frame_equal(first.strikes, second.strikes)
    assert second.report.summary() == first.report.summary()  # the skipped row is still reported


def test_a_cached_catalog_keeps_the_compact_columns_of_a_fresh_check(cache, make_data_dir) -> None:
    # More strikes than compact.FEW_ROWS: repeated text is categorical, source URLs Arrow text.
    strikes = [{**STRIKE, "id": f"s-{k}", "place": f"Place {k % 3}"} for k in range(100)]
    data = make_data_dir(strikes=strikes)
    first = load_catalog_cached(data, today=TODAY)
    catalogcache._recent.clear()
    second = load_catalog_cached(data, today=TODAY)
    assert second is not first
    pd.testing.assert_frame_equal(first.strikes, second.strikes)
    pd.testing.assert_frame_equal(first.sources, second.sources)
    assert isinstance(second.strikes["place"].dtype, pd.CategoricalDtype)
    assert second.strikes["place"].cat.categories.dtype == object
    assert isinstance(second.sources["url"].dtype, pd.StringDtype)


def test_a_changed_file_or_day_reads_the_files_again(cache, make_data_dir) -> None:
    data = make_data_dir()
    assert len(load_catalog_cached(data, today=TODAY).strikes) == 1
    make_data_dir(strikes=[STRIKE, {**STRIKE, "id": "second"}])
    stamp = (data / "strikes.csv").stat().st_mtime_ns + 10**9  # a coarse clock may not tick
    os.utime(data / "strikes.csv", ns=(stamp, stamp))
    assert len(load_catalog_cached(data, today=TODAY).strikes) == 2
    load_catalog_cached(data, today=date(2026, 11, 25))
    assert len(_entries(cache)) == 3


def _entries(cache) -> list:
    return [path for path in cache.iterdir() if path.is_dir() and not path.name.startswith(".")]


@pytest.mark.parametrize(
    "damage",
    [
        lambda entry: (entry / "strikes.parquet").write_bytes(b"PAR1 cut short"),  # truncated
        lambda entry: (entry / "strikes.parquet").unlink(),  # missing
        lambda entry: (entry / "manifest.json").write_text("{not json"),  # corrupt manifest
        lambda entry: (entry / "manifest.json").write_text('{"format": "x", "key": "y"}'),  # foreign
        lambda entry: (entry / "sites.parquet").write_bytes(
            (entry / "strikes.parquet").read_bytes()
        ),  # swapped
    ],
    ids=["truncated", "missing", "corrupt-manifest", "foreign", "swapped-table"],
)
def test_a_damaged_entry_is_logged_discarded_and_rebuilt(cache, make_data_dir, caplog, damage) -> None:
    data = make_data_dir()
    load_catalog_cached(data, today=TODAY)
    [entry] = _entries(cache)
    damage(entry)
    catalogcache._recent.clear()
    with caplog.at_level("WARNING", logger="droneatlas.catalogcache"):
        assert len(load_catalog_cached(data, today=TODAY).strikes) == 1
    assert [r.message for r in caplog.records if "discarded" in r.message]  # said once, in the log
    catalogcache._recent.clear()
    assert len(catalogcache.read_entry(entry, entry.name).strikes) == 1  # rebuilt whole


def test_a_planted_pickle_never_runs(cache, make_data_dir, tmp_path) -> None:
    """Whoever can write .cache/ must not run code in the server: no entry is a pickle."""
    import pickle

    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (marker.write_text, ("pwned",))

    data = make_data_dir()
    key = catalogcache.cache_key(data, TODAY)
    cache.mkdir(parents=True, exist_ok=True)
    (cache / f"{key}.pickle").write_bytes(pickle.dumps(Payload()))
    (cache / key).mkdir()
    for name in ("manifest.json", "strikes.parquet"):
        (cache / key / name).write_bytes(pickle.dumps(Payload()))
    catalogcache._recent.clear()
    assert len(load_catalog_cached(data, today=TODAY).strikes) == 1
    assert not marker.exists()
    # What the cache writes is only Parquet tables and a JSON manifest: nothing that runs code.
    written = {path.suffix for entry in _entries(cache) for path in entry.iterdir()}
    assert written == {".parquet", ".json"}


def test_an_unwritable_cache_still_loads(tmp_path, make_data_dir, monkeypatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("ATLAS_CACHE_DIR", str(blocker / "cache"))  # cannot be created
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "home-cache"))  # nor the user's own
    catalogcache._recent.clear()
    assert len(load_catalog_cached(make_data_dir(), today=TODAY).strikes) == 1


def test_an_unwritable_project_cache_falls_back_to_the_users_own(
    tmp_path, make_data_dir, monkeypatch, caplog
) -> None:
    """A read-only checkout (or a .cache/ of another user) still gets its catalogs cached."""
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("ATLAS_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    catalogcache._recent.clear()
    data = make_data_dir()
    with caplog.at_level("WARNING", logger="droneatlas.catalogcache"):
        load_catalog_cached(data, today=TODAY)
        catalogcache._recent.clear()
        load_catalog_cached(data, today=TODAY)
    fallback = tmp_path / "home-cache" / "droneatlas" / "catalog"
    assert len(_entries(fallback)) == 1 and catalogcache.is_cached(data, today=TODAY)
    said = [r.message for r in caplog.records if "cannot be written" in r.message]
    assert len(said) == 1  # once, not at every load
    catalogcache._recent.clear()


def test_two_callers_for_new_data_read_the_files_once(cache, make_data_dir, monkeypatch) -> None:
    data, reads = make_data_dir(), []

    def slow_load(*args, **kwargs):
        reads.append(1)
        time.sleep(0.3)  # long enough for the second caller to arrive meanwhile
        return load_catalog(*args, **kwargs)

    monkeypatch.setattr(catalogcache, "load_catalog", slow_load)
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(load_catalog_cached(data, today=TODAY))) for _ in "ab"
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(reads) == 1 and results[0] is results[1]


def test_a_loaded_catalog_is_kept_out_of_full_collections(cache, make_data_dir) -> None:
    gc.unfreeze()
    strikes = [{**STRIKE, "id": f"s{i}"} for i in range(50)]
    catalog = load_catalog_cached(make_data_dir(strikes=strikes), today=TODAY)
    point = catalog.sites.geometry.iloc[0]
    assert gc.is_tracked(point)  # shapely points are collector-tracked objects...
    assert gc.get_freeze_count() > 0
    assert not any(obj is point for obj in gc.get_objects())  # ...that full collections skip now


def test_strikes_cite_the_sources_own_id_strings_after_a_check_and_from_the_cache(
    cache, make_data_dir, monkeypatch
) -> None:
    sources = [SOURCE, *({**SOURCE, "id": f"src-{n}", "url": f"https://example.org/{n}"} for n in range(3))]
    strikes = [{**STRIKE, "id": f"s{n}", "source_ids": f"src-{n}", "import_id": f"src-{n}"} for n in range(3)]
    strikes.append({**STRIKE, "id": "s-both", "source_ids": "src-0 | src-2", "import_id": ""})
    data = make_data_dir(sources=sources)
    write_table(data, Table.STRIKES, strikes, columns=[*strikes[0]])  # with the importer's import_id
    checked = load_catalog_cached(data, today=TODAY)
    catalogcache._recent.clear()  # the memory tier emptied: the next load reads the disk entry
    monkeypatch.setattr(catalogcache, "load_catalog", lambda *_, **__: pytest.fail("not from the cache"))
    for catalog in (checked, load_catalog_cached(data, today=TODAY)):
        assert len(catalog.strikes) == 4
        own = {source_id: source_id for source_id in catalog.sources.index}
        for strike in catalog.strikes.drop(index="s-both").itertuples():
            (cited,) = strike.source_ids
            assert cited is own[cited] and strike.import_id is own[cited]  # one string, not three
        both = catalog.strikes.loc["s-both"]
        assert both["source_ids"] == ("src-0", "src-2") and both["import_id"] == ""
        assert all(cited is own[cited] for cited in both["source_ids"])
