"""Tests of evalkit.panel.columns: default transformations, column names, analysis columns."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from evalkit.errors import PanelError
from evalkit.panel import Panel
from evalkit.panel.codebook import canonical_units, derived_codebook
from evalkit.panel.columns import (
    TRANSFORMATIONS,
    column_name,
    default_transformation,
    outcome_columns,
)


def _panel(values: dict[tuple[str, str, int], float]) -> Panel:
    rows = [
        {"unit_code": unit, "unit_name": "c", "province_code": "330000", "indicator": indicator,
         "year": year, "value": value, "source": "f.csv:2"}
        for (unit, indicator, year), value in values.items()
    ]  # fmt: skip
    return Panel(pd.DataFrame(rows))


def test_derived_indicators_keep_their_kind_and_percent_units_are_not_logged():
    for row in derived_codebook().itertuples():
        assert default_transformation(row.id) == row.kind
    units = canonical_units()
    for indicator, unit in units.items():
        if indicator in set(derived_codebook()["id"]):
            continue
        expected = "level" if unit in ("%", "上年=100", "批次") else "log"
        assert default_transformation(indicator) == expected, indicator
    assert default_transformation("my_own_series") == "log"  # a user's count: a level


@pytest.mark.parametrize(
    ("transformation", "name"),
    [("log", "log_x"), ("growth", "growth_x"), ("share", "x"), ("ratio", "x"), ("level", "x")],
)
def test_column_names(transformation, name):
    assert transformation in TRANSFORMATIONS
    assert column_name("x", transformation) == name


def test_growth_is_the_log_change_between_consecutive_years_only():
    panel = _panel(
        {
            ("330100", "loans", 2010): 1.0,
            ("330100", "loans", 2011): np.e,
            ("330100", "loans", 2013): np.e**3,
            ("330200", "loans", 2011): 5.0,
        }
    )
    growth = outcome_columns(panel, ["loans"], transformations={"loans": "growth"})
    by_key = growth.set_index(["unit_code", "year"])["growth_loans"]
    assert by_key[("330100", 2011)] == pytest.approx(1.0)
    assert np.isnan(by_key[("330100", 2010)])  # no previous year
    assert np.isnan(by_key[("330100", 2013)])  # 2012 missing: not a one-year change
    assert np.isnan(by_key[("330200", 2011)])  # another unit's value is not its past


def test_non_positive_values_are_missing_with_a_warning_that_counts_them():
    panel = _panel({("330100", "loans", 2010): 0.0, ("330100", "loans", 2011): -2.0,
                    ("330100", "loans", 2012): 4.0})  # fmt: skip
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        columns = outcome_columns(panel, ["loans"])
    assert [str(w.message) for w in caught] == [
        "loans: 2 non-positive value(s) cannot be logged and are treated as missing"
    ]
    assert columns["log_loans"].isna().tolist() == [True, True, False]
    assert columns["log_loans"].iloc[2] == pytest.approx(np.log(4.0))


def test_ratio_and_level_values_pass_through_unchanged():
    panel = _panel({("330100", "loans_to_gdp", 2010): -0.5, ("330100", "gdp", 2010): 3.0})
    columns = outcome_columns(panel, ["loans_to_gdp", "gdp"], transformations={"gdp": "level"})
    assert columns[["loans_to_gdp", "gdp"]].to_numpy().tolist() == [[-0.5, 3.0]]


def test_an_unknown_transformation_is_refused_before_reading_the_panel():
    panel = _panel({("330100", "loans", 2010): 1.0})
    with pytest.raises(PanelError) as error:
        outcome_columns(panel, ["loans", "gdp"], transformations={"gdp": "sqrt"})
    assert str(error.value) == (
        "outcome_columns: transformation(s) {'gdp': 'sqrt'} unknown; rule: one of "
        "['log', 'share', 'ratio', 'level', 'growth']; fix: correct the outcome catalogue"
    )


FLAGS = dict(interpolated=False, rounded=False, break_suspected=False, conflict=False,
             jump=False)  # fmt: skip


def _city_rows(values: dict[tuple[str, int], float], **flags: bool) -> list[dict]:
    """Long rows of 杭州 (one unit) from ``{(indicator, year): value}``."""
    return [{"unit_code": "330100", "unit_name": "杭州市", "province_code": "330000",
             "indicator": indicator, "year": year, "value": value, "source": "f.csv:2",
             **{**FLAGS, **flags}} for (indicator, year), value in values.items()]  # fmt: skip


def test_outcome_columns_transform_and_name_the_columns() -> None:
    rows = _city_rows({("loans", 2012): 10.0, ("loans", 2013): 20.0, ("night_lights", 2012): 5.0,
                  ("night_lights", 2013): 8.0, ("share_primary", 2013): 3.5})  # fmt: skip
    panel = Panel(pd.DataFrame(rows))
    columns = outcome_columns(panel, ["loans", "night_lights", "share_primary"])
    assert list(columns.columns) == ["unit_code", "year", "log_loans", "log_night_lights",
                                     "share_primary"]  # fmt: skip
    assert columns["log_loans"].tolist() == [np.log(10.0), np.log(20.0)]
    assert np.isnan(columns["log_night_lights"].iloc[0])  # before the 2013 window
    assert columns["log_night_lights"].iloc[1] == np.log(8.0)
    growth = outcome_columns(panel, ["loans"], transformations={"loans": "growth"})
    assert growth["growth_loans"].iloc[1] == pytest.approx(np.log(2.0))
    unwindowed = outcome_columns(panel, ["night_lights"], windows=False)
    assert unwindowed["log_night_lights"].iloc[0] == np.log(5.0)
    with pytest.raises(PanelError, match=r"transformation\(s\) \{'loans': 'cube'\} unknown"):
        outcome_columns(panel, ["loans"], transformations={"loans": "cube"})
    assert panel.wide(["loans"], log=True)["log_loans"].iloc[1] == np.log(20.0)
