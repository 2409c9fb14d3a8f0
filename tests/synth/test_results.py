"""Tests of evalkit.synth.results.SynthResult on a hand-made result with known numbers."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from evalkit.synth.results import SynthResult

YEARS = np.array([2012, 2013, 2014, 2015])


def _result(**changes) -> SynthResult:
    fields = {
        "method": "synthdid",
        "treated_unit": "杭州市",
        "start": 2014,
        "estimate": 1.5,
        "se": 0.5,
        "p_value": 0.25,
        "pre_rmspe": 0.1,
        "post_rmspe": 1.5,
        "years": YEARS,
        "actual": np.array([1.0, 2.0, 4.5, 5.5]),
        "synthetic": np.array([1.1, 1.9, 3.0, 4.0]),
        "unit_weights": pd.Series([0.2, 0.7, 0.1], index=pd.Index(["a", "b", "c"], name="unit")),
        "time_weights": pd.Series([0.5, 0.5], index=pd.Index([2012, 2013], name="time")),
        "placebos": pd.DataFrame(
            {"unit": ["杭州市", "a", "b", "c"], "placebo": [False, True, True, True]}
        ),
        "placebo_gaps": None,
        "leave_one_out": None,
        "excluded_donors": pd.DataFrame({"unit": ["d"], "reason": ["gap in 2013"]}),
        "dropped_periods": (),
    }
    return SynthResult(**(fields | changes))


def test_tidy_att_row_uses_the_placebo_p_value_and_normal_bounds():
    tidy = _result().tidy(alpha=0.10)
    assert list(tidy.columns) == ["method", "term", "time", "estimate", "std_error",
                                  "statistic", "p_value", "conf_low", "conf_high"]  # fmt: skip
    att = tidy.iloc[0]
    z = stats.norm.ppf(0.95)
    assert (att["term"], att["estimate"], att["std_error"]) == ("att", 1.5, 0.5)
    assert att["statistic"] == pytest.approx(3.0)
    assert att["p_value"] == 0.25  # not the normal p-value 2 * (1 - Phi(3))
    assert (att["conf_low"], att["conf_high"]) == pytest.approx((1.5 - 0.5 * z, 1.5 + 0.5 * z))
    assert np.isnan(att["time"])


def test_tidy_gap_rows_are_actual_minus_synthetic_per_year_without_inference():
    gaps = _result().tidy().iloc[1:]
    assert list(gaps["term"]) == ["gap"] * 4
    assert list(gaps["time"]) == list(YEARS)
    assert gaps["estimate"].to_numpy() == pytest.approx([-0.1, 0.1, 1.5, 1.5])
    assert gaps[["std_error", "conf_low", "conf_high"]].isna().all().all()


def test_path_marks_years_from_start_as_post():
    path = _result().path()
    assert list(path["period"]) == ["pre", "pre", "post", "post"]
    assert path["gap"].to_numpy() == pytest.approx(path["actual"] - path["synthetic"])


def test_weights_largest_first_and_summary_numbers():
    result = _result()
    assert list(result.weights()["unit"]) == ["b", "a", "c"]
    assert result.n_placebos == 3
    assert result.summary().splitlines() == [
        "Synthetic difference-in-differences: 杭州市, treated from 2014",
        "  periods 2012-2015 (2 pre), donors 3",
        "  average post-period effect 1.5000 (placebo SE 0.5000)",
        "  placebo-in-space p-value 0.250 (3 placebos)",
        "  RMSPE pre 0.1000, post 1.5000",
        "  largest weights: b 0.700, a 0.200, c 0.100",
        "  excluded donors: 1 (see excluded_donors)",
    ]
    assert repr(result) == result.summary()


def test_summary_without_placebos_and_with_dropped_periods():
    result = _result(se=np.nan, p_value=np.nan, placebos=None, dropped_periods=(2013,),
                     excluded_donors=pd.DataFrame({"unit": [], "reason": []}))  # fmt: skip
    lines = result.summary().splitlines()
    assert lines[2] == "  average post-period effect 1.5000"
    assert lines[3] == "  no placebo inference"
    assert lines[-1] == "  periods without treated outcome: [2013]"
    assert result.n_placebos == 0


def test_result_is_frozen_and_html_shows_the_att_row():
    result = _result()
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.estimate = 0.0
    html = result._repr_html_()
    assert html.startswith('<div class="evalkit-result">')
    assert "att" in html and "gap" not in html.split("</p>", 1)[1]
