"""Tests of evalkit.panel.breaks: the common-break test on small frames with known answers."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from evalkit.errors import PanelError
from evalkit.panel import common_breaks
from evalkit.panel.breaks import province_mean_changes

PROVINCES = ("310000", "320000", "330000")
FLAGS = dict(interpolated=False, rounded=False, break_suspected=False, conflict=False,
             jump=False)  # fmt: skip


def _lights(shift_year: int | None, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for province in PROVINCES:
        for city in range(3):
            level = 0.0
            for year in range(2010, 2016):
                level += rng.normal(0.05, 0.05) + (0.6 if year == shift_year else 0.0)
                rows.append({"unit_code": f"{province[:2]}{city + 1:02d}00",
                             "province_code": province, "indicator": "x", "year": year,
                             "value": float(np.exp(level)), "unit_name": "c",
                             "source": "t", **FLAGS})  # fmt: skip
    return pd.DataFrame(rows)


def test_a_shift_in_every_province_is_found_and_only_it() -> None:
    test = common_breaks(_lights(2013), "x", provinces=PROVINCES)
    assert test.break_years == [2013]
    assert common_breaks(_lights(None), "x", provinces=PROVINCES).break_years == []


def test_p_value_equals_brute_force_enumeration_of_year_relabellings() -> None:
    frame = _lights(2013, seed=5)
    test = common_breaks(frame, "x", provinces=PROVINCES)
    means = province_mean_changes(frame, "x", PROVINCES)
    for row in test.table.itertuples(index=False):
        if row.statistic <= 0:
            continue
        hits = [
            all(means.loc[year, province] >= row.statistic - 1e-12
                for province, year in zip(PROVINCES, years, strict=True))
            for years in itertools.product(means.index, repeat=len(PROVINCES))
        ]  # fmt: skip
        assert row.p_value == pytest.approx(np.mean(hits), rel=1e-12)


def test_no_consecutive_years_is_an_error() -> None:
    frame = _lights(None)
    with pytest.raises(PanelError, match="has no consecutive years in provinces"):
        common_breaks(frame, "missing", provinces=PROVINCES)
