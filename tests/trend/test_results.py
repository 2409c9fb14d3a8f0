"""Tests of evalkit.trend.results.ITSResult on a hand-made result with known numbers."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from evalkit.trend.results import ITSResult

TERMS = ["intercept", "pre_slope", "level_change", "slope_change"]


def _result(placebos: pd.DataFrame | None = None, **settings) -> ITSResult:
    covariance = pd.DataFrame(np.diag([4.0, 0.01, 0.25, 0.04]), index=TERMS, columns=TERMS)
    return ITSResult(
        outcome="log_loans",
        start=2015,
        lag=1,
        coef=pd.Series([10.0, 0.1, 1.0, -0.2], index=TERMS),
        covariance=covariance,
        estimate=0.8,
        se=0.4,
        df_resid=12,
        hac_lags=2,
        path=pd.DataFrame({"time": np.arange(2000, 2016)}),
        placebos=placebos,
        settings={"lag_rule": "Newey-West 1994", **settings},
    )


def test_tidy_uses_the_covariance_diagonal_and_a_t_reference():
    tidy = _result().tidy()
    assert list(tidy["term"]) == [*TERMS, "average_effect"]
    assert tidy["std_error"].to_numpy() == pytest.approx([2.0, 0.1, 0.5, 0.2, 0.4])
    level = tidy.set_index("term").loc["level_change"]
    t_crit = stats.t.ppf(0.975, 12)
    assert level["statistic"] == pytest.approx(2.0)
    assert level["p_value"] == pytest.approx(2 * stats.t.sf(2.0, 12))
    assert (level["conf_low"], level["conf_high"]) == pytest.approx(
        (1.0 - 0.5 * t_crit, 1.0 + 0.5 * t_crit)
    )
    average = tidy.set_index("term").loc["average_effect"]
    assert (average["estimate"], average["statistic"]) == pytest.approx((0.8, 2.0))


def test_alpha_comes_from_the_settings_unless_given():
    t90 = stats.t.ppf(0.95, 12)
    from_settings = _result(alpha=0.10).tidy().set_index("term").loc["average_effect"]
    assert from_settings["conf_high"] == pytest.approx(0.8 + 0.4 * t90)
    given = _result(alpha=0.10).tidy(alpha=0.05).set_index("term").loc["average_effect"]
    assert given["conf_high"] == pytest.approx(0.8 + 0.4 * stats.t.ppf(0.975, 12))


def test_level_and_slope_change_read_from_the_coefficients():
    result = _result()
    assert (result.level_change, result.slope_change) == (1.0, -0.2)


def test_placebo_p_value_is_the_rank_of_the_real_level_t_among_fake_breaks():
    # real |t(level)| = 1.0 / 0.5 = 2: fake breaks with |t| 2.5 and -2.0 are at least as large
    fakes = pd.DataFrame({"placebo_start": [2005, 2006, 2007, 2008],
                          "level_statistic": [0.3, 2.5, -2.0, 1.9]})  # fmt: skip
    assert _result(fakes).placebo_p_value == pytest.approx((1 + 2) / (1 + 4))
    assert np.isnan(_result(None).placebo_p_value)
    assert np.isnan(_result(fakes.iloc[:0]).placebo_p_value)


def test_summary_names_the_series_lags_and_placebos():
    fakes = pd.DataFrame({"placebo_start": [2005], "level_statistic": [3.0]})
    lines = _result(fakes).summary().splitlines()
    assert lines[0] == "Interrupted time series: log_loans, start 2015, lag 1"
    assert (
        lines[1] == "  16 periods, Newey-West SE with 2 lag(s) (Newey-West 1994), t(12) reference"
    )
    assert lines[-1] == "  placebo breaks: 1; share with |t(level)| >= the real one: 1.000"
    assert _result()._display_text() == lines[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        _result().estimate = 0.0
