from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evalkit.errors import RawDataError
from evalkit.panel.numbers import (
    header_unit,
    parse_numeric,
    remove_float_noise,
    significant_digits,
    unit_factor,
)


def test_parse_numeric_handles_full_width_separators_footnotes_and_missing_markers() -> None:
    cells = pd.Series(["１,234.5", "-", "7*", "", "…", "12[1]", 3.25])
    parsed = parse_numeric(cells, file="f.csv", column="x")
    assert parsed.tolist()[:3] == [1234.5, pytest.approx(np.nan, nan_ok=True), 7.0]
    assert np.isnan(parsed.iloc[3]) and np.isnan(parsed.iloc[4])
    assert parsed.iloc[5] == 12.0 and parsed.iloc[6] == 3.25


def test_parse_numeric_names_file_column_row_and_value() -> None:
    with pytest.raises(RawDataError, match=r"f.csv: column 'x', row 1: 'n/a\?' is not a number"):
        parse_numeric(pd.Series(["1", "n/a?"]), file="f.csv", column="x")


def test_float_noise_is_removed_but_real_precision_kept() -> None:
    values = np.array([74.7600021362305, 74.76, 1023.70001220703, 0.0241930577903986, 4871.9836])
    assert remove_float_noise(values).tolist() == [74.76, 74.76, 1023.7, 0.0241930577903986,
                                                   4871.9836]  # fmt: skip


def test_header_units_and_conversion_factors() -> None:
    assert header_unit("地区生产总值(万元)") == "万元"
    assert header_unit("常住人口（万人）") == "万人"
    assert header_unit("人均道路面积（平方米）") is None
    assert unit_factor("万元", "亿元", file="f", column="c") == 1e-4
    assert unit_factor("百万美元", "万美元", file="f", column="c") == 100.0
    with pytest.raises(RawDataError, match=r"f: column 'c' is in '万元', which evalkit cannot "
                       r"convert to the canonical unit '万人'"):  # fmt: skip
        unit_factor("万元", "万人", file="f", column="c")


def test_significant_digits_spot_rounded_values() -> None:
    assert significant_digits(np.array([53700000.0, 48719836.0, 0.5, np.nan])).tolist() == [
        3, 8, 1, 0,
    ]  # fmt: skip
