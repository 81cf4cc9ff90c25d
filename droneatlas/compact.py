"""Text columns that share their repeated values: a million rows naming a few hundred places
hold a few hundred strings, not a million copies.

csv.reader and pyarrow make one Python string per cell; an object column of a million
cells then costs ~60 bytes a cell even when it holds three distinct values. Pointing equal
cells at one string object keeps the column's dtype (object) at 8 bytes a cell. The strikes
table goes further: its repeated columns (precision, drone, country, an import's constant
extras) are categoricals, a byte or two a cell, ~100 MB less per million strikes (code
that reads them as text uses ``text_cells``).
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

from droneatlas import memory

MOSTLY_DISTINCT = 0.5  # above this share of distinct values, sharing saves too little to pay for
FEW_ROWS = 64  # a column this short is shared whatever it holds


def shared_strings(values: pd.Series) -> pd.Series:
    """``values`` as an object column whose equal strings are one object; a column that is
    mostly distinct (ids, free text) is returned as object unchanged. TypeError for cells
    that are not hashable (lists, arrays)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if len(values) > FEW_ROWS and len(uniques) > MOSTLY_DISTINCT * len(values):
        return values.astype(object)
    table = np.empty(len(uniques) + 1, dtype=object)
    table[:-1] = list(uniques)
    table[-1] = np.nan if values.hasnans else None  # codes of -1 (missing) take the last slot
    return pd.Series(table[codes], index=values.index, name=values.name, dtype=object)


def compact_text(values: pd.Series) -> pd.Series:
    """``values`` as a categorical (object categories, sorted) when it repeats its values,
    else as shared_strings gives it. TypeError for cells that are not hashable."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        values = values.astype(object)  # its categories may be Arrow strings (a Parquet read)
    if len(values) <= FEW_ROWS:  # too short for codes to save anything: ids stay plain text
        return shared_strings(values)
    # Unsorted first: a column of distinct ids is found distinct without sorting a million of them.
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if len(uniques) > MOSTLY_DISTINCT * len(values):
        return values.astype(object)
    categories = pd.Index(np.asarray(uniques, dtype=object), dtype=object)
    coded = pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories))
    del codes
    # Sorted categories (a few hundred): the same codes for the same text, whatever the row order.
    return pd.Series(coded.reorder_categories(categories.sort_values()), index=values.index, name=values.name)


def text_cells(values: pd.Series) -> pd.Series:
    """``values`` as plain object text, '' where missing: what a popup, table or lookup reads
    (a categorical's ``fillna("")`` or ``map`` would keep it categorical, or fail)."""
    return values.astype(object).fillna("")


def share_text_in_place(frame: pd.DataFrame, skip: Collection[str] = (), *, categories: bool = False) -> None:
    """Every text column of ``frame`` but ``skip`` through shared_strings (``categories``:
    compact_text), a column at a time into the frame itself: each old array (Arrow strings of
    a million rows) is freed as soon as its replacement exists, instead of all of them living
    beside the new ones until the end."""
    compact = compact_text if categories else shared_strings
    for name in frame.columns:
        if name in skip:
            continue
        column = frame[name]
        if column.dtype == object or isinstance(column.dtype, (pd.StringDtype, pd.CategoricalDtype)):
            try:
                frame[name] = compact(column)
            except TypeError:  # not text: cells holding lists or arrays stay as they are
                continue
            del column
            memory.trim()  # the old array's heap goes back before the next column's is made
