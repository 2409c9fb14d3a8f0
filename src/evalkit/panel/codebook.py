"""The committed indicator codebook: canonical ids, names, units and source columns."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

CODEBOOK_PATH = Path(__file__).with_name("indicators.csv")


@cache
def _codebook() -> pd.DataFrame:
    return pd.read_csv(CODEBOOK_PATH, dtype=str, keep_default_na=False)


def indicator_codebook() -> pd.DataFrame:
    """Return the indicator codebook, one row per (indicator, source column).

    Returns
    -------
    pandas.DataFrame
        Columns ``id, name_zh, name_en, unit, source_file, source_column, source_label``.

    Examples
    --------
    >>> book = indicator_codebook()
    >>> book.set_index("id").loc["urban_individual_workers", "name_zh"]
    '城镇个体劳动者'
    """
    return _codebook().copy()


def indicator_label(indicator: str, language: str = "en") -> str:
    """Return the display name of an indicator with its unit, in Chinese or English.

    Parameters
    ----------
    indicator : str
        Canonical indicator id, e.g. ``"night_lights"``.
    language : {"en", "zh"}
        Label language.
    """
    book = _codebook().drop_duplicates("id").set_index("id")
    if indicator not in book.index:
        return indicator
    row = book.loc[indicator]
    name = row["name_zh"] if language == "zh" else row["name_en"]
    return f"{name} ({row['unit']})"
