"""What the pooled DiD reports share: labels, the Bacon sentence, HonestDiD bounds, headline."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evalkit.did import bacon_decomposition, etable, event_study
from evalkit.inference import sensitivity_smoothness
from evalkit.report.pooled import (
    SMOOTHNESS_BOUNDS,
    bacon_sentence,
    complete_units,
    outcome_labels,
    pooled_headline,
    smoothness_sensitivity,
)


@pytest.fixture(scope="module")
def sample():
    from evalkit.simulate import simulate_staggered_panel

    data = simulate_staggered_panel(n_units=120, n_periods=5, random_state=0).data
    return data.rename(columns={"unit": "unit_code", "first_treated": "first_treated_year"})


def test_outcome_labels_are_the_log_columns_named_in_the_report_language():
    outcomes = ["urban_individual_workers", "night_lights"]
    zh = outcome_labels(outcomes, "zh")
    assert list(zh) == ["log_urban_individual_workers", "log_night_lights"]
    assert zh["log_night_lights"] == "夜间灯光总量 (DN)"
    assert outcome_labels(outcomes, "en")["log_night_lights"] == (
        "Night-time lights (sum of lights) (DN)"
    )


def test_bacon_sentence_states_the_twfe_coefficient_its_average_and_the_weights(sample):
    bacon = bacon_decomposition(sample, "y", "year", "unit_code", "first_treated_year")
    sentence = bacon_sentence(bacon, "夜间灯光", "zh")
    assert sentence.startswith(f"夜间灯光：TWFE 系数 {bacon.twfe_estimate:.4f} 等于")
    # the decomposition is exact: its weighted average is the TWFE coefficient, weights sum to 1
    assert f"加权和（{bacon.twfe_estimate:.4f}）" in sentence
    assert "权重之和为 1.000000。" in sentence


def test_smoothness_sensitivity_uses_the_event_studys_pre_and_post_periods(sample):
    dynamic = event_study(sample, "y", "year", "unit_code", "first_treated_year")
    pre = int((dynamic.event_time < 0).sum())
    assert 0 < pre < dynamic.event_time.size
    expected = sensitivity_smoothness(
        dynamic.estimate, dynamic.vcov, pre, dynamic.event_time.size - pre, [0.0, 0.05]
    )
    result = smoothness_sensitivity(sample, "y", [0.0, 0.05])
    pd.testing.assert_frame_equal(result.tidy(), expected.tidy())
    # the original interval is the first post-period coefficient +/- 1.96 SE
    first_post = pre
    se = float(np.sqrt(dynamic.vcov[first_post, first_post]))
    original = result.tidy().iloc[0]
    assert original["conf_low"] == pytest.approx(
        dynamic.estimate[first_post] - 1.959964 * se, abs=1e-6
    )
    default = smoothness_sensitivity(sample, "y").tidy()
    assert default["M"].dropna().tolist() == list(SMOOTHNESS_BOUNDS)


def test_complete_units_keeps_only_units_observed_in_every_year():
    sample = pd.DataFrame(
        {
            "unit_code": ["a"] * 3 + ["b"] * 3 + ["c"] * 2,
            "year": [1, 2, 3] * 2 + [1, 2],
            "y": [1.0, 2.0, 3.0, 4.0, np.nan, 6.0, 7.0, 8.0],
        }
    )
    kept = complete_units(sample, "y")
    assert kept["unit_code"].tolist() == ["a", "a", "a"]
    assert kept["y"].notna().all()


def test_pooled_headline_adds_the_bacon_twfe_coefficient_to_the_etable_headline(sample):
    comparison = etable(sample, "y", "year", "unit_code", "first_treated_year", random_state=0)
    bacon = bacon_decomposition(sample, "y", "year", "unit_code", "first_treated_year")
    headline = pooled_headline({"log_y": comparison}, {"log_y": bacon})
    assert list(headline) == ["log_y"]
    assert list(headline["log_y"]) == [*comparison.headline(), "bacon_twfe"]
    assert headline["log_y"]["bacon_twfe"] == bacon.twfe_estimate
    # TWFE by regression and by its Bacon decomposition agree
    assert headline["log_y"]["TWFE"]["estimate"] == pytest.approx(bacon.twfe_estimate, abs=1e-8)
