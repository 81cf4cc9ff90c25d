"""The real Ivaniuk file (read in place, never copied): every row accounted for, totals kept."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from droneatlas.catalog import load_catalog
from droneatlas.importers import import_files

IVANIUK = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "ivaniuk"
DAILY = IVANIUK / "missile_attacks_daily.csv"
pytestmark = pytest.mark.skipif(not DAILY.is_file(), reason="../shared/data/ivaniuk not present")


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("ivaniuk") / "data"
    return out, import_files([DAILY], out, today=date(2026, 11, 24))


def _totals(frame: pd.DataFrame) -> pd.DataFrame:
    numbers = frame[["launched", "destroyed"]].apply(pd.to_numeric, errors="coerce").fillna(0).astype(float)
    return numbers.groupby(frame["model"]).sum()


def test_every_row_is_accounted_for(imported) -> None:
    _, report = imported
    fr = report.files[0]
    source = pd.read_csv(DAILY, dtype=str, keep_default_na=False)
    assert fr.read == len(source)
    assert fr.read == fr.accepted + fr.rejected_total
    assert set(fr.rejected) <= {"not a drone model", "unknown model (not in the importer's drone table)"}
    assert fr.rejected["unknown model (not in the importer's drone table)"] <= 3
    assert report.ok


def test_per_model_totals_survive(imported) -> None:
    out, _ = imported
    source = pd.read_csv(DAILY, dtype=str, keep_default_na=False)
    strikes = pd.read_csv(out / "strikes.csv", dtype=str, keep_default_na=False)
    after = _totals(strikes)
    before = _totals(source[source["model"].isin(after.index)])
    pd.testing.assert_frame_equal(after.sort_index(), before.sort_index())
    assert after.loc["Shahed-136/131", "launched"] == before.loc["Shahed-136/131", "launched"] > 80_000


def test_result_loads_in_the_app_without_rejections(imported) -> None:
    out, report = imported
    catalog = load_catalog(out, today=date(2026, 11, 24))
    assert catalog.report.ok, catalog.report.rejected_rows[:3]
    assert len(catalog.strikes) == report.accepted
    assert (catalog.sites["kind"] == "launch_site").all() and len(catalog.sites) > 10


def test_reimport_is_byte_identical(imported, tmp_path: Path) -> None:
    out, _ = imported
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    import_files([DAILY], out, today=date(2026, 11, 24))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_launches_shade_their_oblasts_and_country_reports_are_counted_not_drawn(imported) -> None:
    from droneatlas.regions import only_points, shade

    out, _ = imported
    catalog = load_catalog(out, today=date(2026, 11, 24))
    strikes = catalog.strikes
    country = strikes[strikes["precision"] == "country"]
    region = strikes[strikes["precision"] == "region"]
    # "Ukraine" (and a row without a target) and the directions name no place.
    assert len(country) > 1000 and set(country["place"]) >= {"Ukraine", "south"}
    assert not country["place"].str.contains("oblast").any()
    shading = shade(strikes)
    assert shading.measure == "drones launched"
    assert sum(shading.counts.values()) == len(region) and shading.not_placed == len(country)
    assert sum(shading.values.values()) == pd.to_numeric(region["launched"]).sum()
    assert max(shading.values, key=shading.values.get) == "UA-51"  # Odesa oblast, the most launched at
    assert set(only_points(strikes)["precision"]) == {"city"}  # nothing else is drawn as a point
    # Counted, not drawn: the launches the country-level reports carry are still said.
    assert shading.not_placed_launched == pd.to_numeric(country["launched"]).sum() > 50_000
