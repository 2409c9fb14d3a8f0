"""The committed indicator codebook: canonical ids, names, units and source columns.

``indicators.csv`` has one row per (indicator, source column). ``priority`` orders the
sources of one indicator: the panel keeps the value of the lowest priority that has one
(the primary source) and flags a conflict when another source disagrees (see
``UNITS.md`` beside this file for the rules).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from evalkit.i18n import check_language

CODEBOOK_PATH = Path(__file__).with_name("indicators.csv")
CODEBOOK_COLUMNS = [
    "id", "name_zh", "name_en", "unit", "level", "source_file", "source_column",
    "source_label", "source_unit", "priority", "fill_column",
]  # fmt: skip


@cache
def _codebook() -> pd.DataFrame:
    book = pd.read_csv(CODEBOOK_PATH, dtype=str, keep_default_na=False)
    book["priority"] = book["priority"].astype(int)
    return book


def indicator_codebook() -> pd.DataFrame:
    """Return the indicator codebook, one row per (indicator, source column).

    Returns
    -------
    pandas.DataFrame
        Columns ``id, name_zh, name_en, unit, level, source_file, source_column,
        source_label, source_unit, priority, fill_column``.

    Examples
    --------
    >>> book = indicator_codebook()
    >>> book.set_index("id").loc["urban_individual_workers", "name_zh"]
    '城镇个体劳动者'
    """
    return _codebook().copy()


def file_sources(relative: str) -> pd.DataFrame:
    """Return the codebook rows whose source is the raw file ``relative``.

    Examples
    --------
    >>> file_sources("remote_sensing/ntl_sum_of_lights_by_city.csv")["id"].tolist()
    ['night_lights', 'night_lights_urban', 'night_lights_agriculture']
    """
    book = _codebook()
    return book[book["source_file"] == relative].reset_index(drop=True)


def primary_sources() -> dict[str, str]:
    """Return ``{indicator: source file}`` of each indicator's primary source.

    Examples
    --------
    >>> primary_sources()["gdp"]
    'city_yearbook/2000-2023地级市产业结构 .xlsx'
    """
    book = _codebook().sort_values(["id", "priority"])
    return book.drop_duplicates("id").set_index("id")["source_file"].to_dict()


def indicator_label(indicator: str, language: str = "en") -> str:
    """Return the display name of an indicator with its unit, in Chinese or English.

    Parameters
    ----------
    indicator : str
        Canonical indicator id, e.g. ``"night_lights"``.
    language : {"en", "zh"}
        Label language.

    Examples
    --------
    >>> indicator_label("gdp", "zh")
    '地区生产总值 (亿元)'
    """
    check_language(language)
    book = pd.concat([_codebook().drop_duplicates("id"), _derived()]).set_index("id")
    if indicator not in book.index:
        return indicator
    row = book.loc[indicator]
    name = row["name_zh"] if language == "zh" else row["name_en"]
    return f"{name} ({row['unit']})"


DERIVED_PATH = Path(__file__).with_name("derived.csv")
DERIVED_COLUMNS = ["id", "name_zh", "name_en", "unit", "kind", "numerator", "denominator",
                   "scale", "note"]  # fmt: skip


@cache
def _derived() -> pd.DataFrame:
    book = pd.read_csv(DERIVED_PATH, dtype=str, keep_default_na=False)
    book["scale"] = book["scale"].astype(float)
    return book


def derived_codebook() -> pd.DataFrame:
    """Return the codebook of derived indicators, one row per indicator.

    A derived indicator is ``scale * numerator / (sum of the denominator terms)``, built
    from panel indicators of the same unit-year (``denominator`` lists terms joined by
    ``+``).

    Returns
    -------
    pandas.DataFrame
        Columns ``id, name_zh, name_en, unit, kind, numerator, denominator, scale, note``.

    Examples
    --------
    >>> derived_codebook().set_index("id").loc["loans_to_gdp", "denominator"]
    'gdp'
    """
    return _derived().copy()


def canonical_units() -> dict[str, str]:
    """Return ``{indicator: canonical unit}`` of the raw and the derived indicators.

    Examples
    --------
    >>> canonical_units()["individual_worker_share"]
    '%'
    """
    raw = _codebook().drop_duplicates("id").set_index("id")["unit"].to_dict()
    return {**raw, **_derived().set_index("id")["unit"].to_dict()}
