"""Parse numbers as statistical yearbooks and data vendors write them."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from evalkit.errors import RawDataError

MISSING_MARKERS = frozenset({"", "-", "--", "—", "…", "...", "NA", "N/A", "nan", "NaN", "null", "无"})
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
