"""How well a data directory covers the campaign: counts per month and year, how sure and how
precise, sources per row, gaps, and sources nobody cites (``droneatlas check-data``)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from droneatlas.catalog import Catalog
from droneatlas.schema import Period


@dataclass(frozen=True)
class Coverage:
    """The figures ``check-data`` prints; ``gaps`` and ``unsourced`` are what must be fixed."""

    strikes_per_month: pd.Series  # Period[M] -> count, every month from first to last
    strikes_per_year: pd.Series
    by_confidence: dict[str, int]
    by_precision: dict[str, int]
    sources_per_row: dict[str, tuple[int, float, int]]  # table -> (min, median, max)
    unsourced: dict[str, list[str]]  # table -> ids of rows citing no source
    uncited_sources: list[str]
    launch_months: list[str]  # months with a reported monthly total
    launch_nights: int
    months_without_launches: list[str]  # strike months with no launch figure at all

    @property
    def gaps(self) -> list[str]:
        """Months between the first and last strike without any strike."""
        return [str(month) for month, n in self.strikes_per_month.items() if n == 0]


def _tables(catalog: Catalog) -> dict[str, pd.DataFrame]:
    return {
        "strikes": catalog.strikes,
        "sites": catalog.sites,
        "drones": catalog.drones,
        "launches": catalog.launches,
    }


def coverage(catalog: Catalog) -> Coverage:
    """Count what the catalog holds (valid rows only: invalid ones are in its report)."""
    strikes = catalog.strikes
    months = strikes["date"].dt.to_period("M").value_counts().sort_index()
    if len(months):
        full = pd.period_range(months.index.min(), months.index.max(), freq="M")
        months = months.reindex(full, fill_value=0)
    years = strikes["date"].dt.year.value_counts().sort_index()
    per_row, unsourced, cited = {}, {}, set()
    for name, table in _tables(catalog).items():
        counts = table["source_ids"].map(len) if len(table) else pd.Series(dtype=int)
        per_row[name] = (
            (int(counts.min()), float(counts.median()), int(counts.max())) if len(counts) else (0, 0, 0)
        )
        unsourced[name] = [str(i) for i in table.index[counts == 0]] if len(counts) else []
        cited.update(s for ids in table["source_ids"] for s in ids)
    launches = catalog.launches
    figured = set(launches["date"].dt.to_period("M"))
    return Coverage(
        strikes_per_month=months,
        strikes_per_year=years,
        # As plain text: a categorical lists equal counts in its categories' order, not the data's.
        by_confidence=strikes["confidence"].astype(object).value_counts().to_dict(),
        by_precision=strikes["precision"].astype(object).value_counts().to_dict(),
        sources_per_row=per_row,
        unsourced=unsourced,
        uncited_sources=sorted(set(catalog.sources.index) - cited),
        launch_months=[f"{d:%Y-%m}" for d in launches.loc[launches["period"] == Period.MONTH, "date"]],
        launch_nights=int((launches["period"] == Period.NIGHT).sum()),
        months_without_launches=[str(m) for m in months.index if m not in figured],
    )


def coverage_lines(catalog: Catalog) -> list[str]:
    """The report as text lines, in the order a reader checks them."""
    found = coverage(catalog)
    counts = {name: len(table) for name, table in _tables(catalog).items()}
    launch_days = catalog.launches["date"]
    series_span = (
        f"{launch_days.min():%Y-%m-%d} to {launch_days.max():%Y-%m-%d}" if len(launch_days) else "none"
    )
    lines = [
        f"rows: {counts['strikes']:,} strikes, {counts['sites']:,} sites, {counts['drones']:,} drones, "
        f"{counts['launches']:,} launch figures, {len(catalog.sources):,} sources",
        "strikes per year: " + ", ".join(f"{y}: {n}" for y, n in found.strikes_per_year.items()),
        "strikes per month: " + ", ".join(f"{m}: {n}" for m, n in found.strikes_per_month.items()),
        f"months without a strike: {', '.join(found.gaps) or 'none'}",
        "strikes by confidence: " + ", ".join(f"{k} {v}" for k, v in found.by_confidence.items()),
        "strikes by precision: " + ", ".join(f"{k} {v}" for k, v in found.by_precision.items()),
        "sources per row (min / median / max): "
        + "; ".join(f"{t} {lo} / {mid:g} / {hi}" for t, (lo, mid, hi) in found.sources_per_row.items()),
        f"rows without a source: {sum(map(len, found.unsourced.values()))}"
        + "".join(f" ({t}: {', '.join(ids)})" for t, ids in found.unsourced.items() if ids),
        f"sources cited by no row: {len(found.uncited_sources)}"
        + (f" ({', '.join(found.uncited_sources)})" if found.uncited_sources else ""),
        f"launch figures ({series_span}): monthly totals for {len(found.launch_months)} months "
        f"({', '.join(found.launch_months) or 'none'}), {found.launch_nights} single nights",
        f"strike months without any launch figure: {', '.join(found.months_without_launches) or 'none'}",
    ]
    return lines
