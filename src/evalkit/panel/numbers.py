"""Parse numbers as statistical yearbooks and data vendors write them."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from evalkit.errors import RawDataError

MISSING_MARKERS = frozenset(
    {"", "-", "--", "—", "…", "...", "NA", "N/A", "nan", "NaN", "null", "无"}
)
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．－，", "0123456789.-,")
_FOOTNOTE = re.compile(r"[*＊#†‡①②③④⑤⑥⑦⑧⑨]+$|\[\d+\]$|\(\d+\)$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def parse_numeric(values: pd.Series, *, file: str, column: str) -> pd.Series:
    """Parse a column of number-like strings into floats.

    Full-width digits, thousands separators, trailing footnote marks and the usual missing
    markers (blank, ``-``, ``…``) are handled; anything else is an error, never a silent NaN.

    Parameters
    ----------
    values : pandas.Series
        Raw cells (strings or numbers); the index is used as the row label in messages.
    file, column : str
        Where the values come from, for error messages.

    Returns
    -------
    pandas.Series
        Float values, NaN where the cell held a missing marker.

    Raises
    ------
    RawDataError
        If a cell is not a number; the message names the file, column, row and value.

    Examples
    --------
    >>> parse_numeric(pd.Series(["１,234.5", "-", "7*"]), file="f.csv", column="x").tolist()
    [1234.5, nan, 7.0]
    """
    text = values.astype("string").fillna("").str.strip().str.translate(_FULL_WIDTH)
    missing = text.isin(MISSING_MARKERS)
    cleaned = text.str.replace(",", "", regex=False).str.replace(_FOOTNOTE, "", regex=True)
    valid = cleaned.str.match(_NUMBER).fillna(False).astype(bool)
    bad = ~missing & ~valid
    if bad.any():
        row = bad.idxmax()
        raise RawDataError(
            f"{file}: column {column!r}, row {row}: {values.loc[row]!r} is not a number "
            f"({int(bad.sum())} such cells); rule: numeric columns hold numbers or a missing "
            "marker (blank, '-'); fix: correct the cell or declare its marker in "
            "evalkit.panel.numbers.MISSING_MARKERS"
        )
    out = pd.Series(np.nan, index=values.index, dtype="float64")
    out[~missing] = cleaned[~missing].astype("float64")
    return out


# Canonical unit of each source unit, with the factor that converts one into the other.
UNIT_CONVERSIONS: dict[str, tuple[str, float]] = {
    "亿元": ("亿元", 1.0),
    "万元": ("亿元", 1e-4),
    "元": ("元", 1.0),
    "万人": ("万人", 1.0),
    "人": ("万人", 1e-4),
    "万美元": ("万美元", 1.0),
    "百万美元": ("万美元", 100.0),
    "美元": ("万美元", 1e-4),
    "吨": ("万吨", 1e-4),
    "万吨": ("万吨", 1.0),
}
_HEADER_UNIT = re.compile(r"[（(]\s*(?P<unit>[^()（）]*?)\s*[)）]|[_/](?P<suffix>[^_/]+)$")
_UNIT_WORDS = sorted(UNIT_CONVERSIONS, key=len, reverse=True)


def header_unit(header: str) -> str | None:
    """Return the unit written in a column header, or None if it names none.

    Parameters
    ----------
    header : str
        A header such as ``"gdp（亿元人民币）"``, ``"地区生产总值(万元)"`` or ``"碳排放量_吨"``.

    Examples
    --------
    >>> header_unit("gdp（亿元人民币）"), header_unit("碳排放量_吨"), header_unit("year")
    ('亿元', '吨', None)
    """
    match = _HEADER_UNIT.search(str(header))
    if match is None:
        return None
    text = match["unit"] if match["unit"] is not None else match["suffix"]
    return next((word for word in _UNIT_WORDS if text.startswith(word)), None)


def unit_factor(source_unit: str, canonical_unit: str, *, file: str, column: str) -> float:
    """Return the factor that turns values in ``source_unit`` into ``canonical_unit``.

    Units that need no conversion (an index, a share, a count of lights) convert with
    factor 1 when the two units are written the same.

    Raises
    ------
    RawDataError
        If evalkit does not know how to convert between the two units.

    Examples
    --------
    >>> unit_factor("万元", "亿元", file="f.xlsx", column="GDP")
    0.0001
    """
    if source_unit == canonical_unit:
        return 1.0
    target, factor = UNIT_CONVERSIONS.get(source_unit, (None, 0.0))
    if target != canonical_unit:
        raise RawDataError(
            f"{file}: column {column!r} is in {source_unit!r}, which evalkit cannot convert "
            f"to the canonical unit {canonical_unit!r}; rule: every value is stored in its "
            "indicator's canonical unit; fix: add the conversion to "
            "evalkit.panel.numbers.UNIT_CONVERSIONS or correct the unit in the header"
        )
    return factor


def remove_float_noise(values: np.ndarray) -> np.ndarray:
    """Undo single-precision export noise without touching real precision.

    Excel and Stata exports often store a decimal such as 74.76 as a 32-bit float and
    print it with 15 digits (74.7600021362305). A value is treated as such noise only if it
    equals a 32-bit float to 13 significant digits and that float's shortest decimal has at
    most 7 significant digits; it is then replaced by that decimal. A genuine 74.76 stored
    in 64 bits is not a 32-bit float and is left alone.

    Examples
    --------
    >>> remove_float_noise(np.array([74.7600021362305, 74.76, 1023.70001220703])).tolist()
    [74.76, 74.76, 1023.7]
    """
    values = np.asarray(values, dtype="float64")
    out = values.copy()
    finite = np.isfinite(values) & (values != 0)
    with np.errstate(over="ignore"):
        single = values.astype("float32")
    near = finite & (np.abs(single.astype("float64") - values) <= 1e-13 * np.abs(values))
    for position in np.flatnonzero(near):
        text = str(single[position])
        digits = text.lstrip("-").split("e")[0].replace(".", "").strip("0")
        if len(digits) <= 7:
            out[position] = float(text)
    return out


def significant_digits(values: np.ndarray) -> np.ndarray:
    """Count the significant digits of each value as written (trailing zeros excluded).

    Examples
    --------
    >>> significant_digits(np.array([53700000.0, 48719836.0, 5510.0, 5370.32])).tolist()
    [3, 8, 3, 6]
    """
    counts = np.zeros(len(values), dtype="int64")
    for position, value in enumerate(np.asarray(values, dtype="float64")):
        if not np.isfinite(value) or value == 0:
            continue
        text = f"{abs(value):.10g}".split("e")[0]
        counts[position] = len(text.replace(".", "").strip("0"))
    return counts
