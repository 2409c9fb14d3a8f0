"""Benjamini-Hochberg q-values against statsmodels, and the floors of permutation p-values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.multitest import multipletests

from evalkit.errors import EstimationError
from evalkit.inference.multiplicity import adjust_batch, bh_qvalues, smallest_attainable_p


@pytest.mark.parametrize("seed", range(5))
def test_qvalues_equal_statsmodels_fdr_bh(seed):
    rng = np.random.default_rng(seed)
    p = np.concatenate([rng.uniform(size=100), rng.uniform(0, 0.01, size=10)])
    p[:5] = p[5]  # ties
    rng.shuffle(p)
    expected = multipletests(p, method="fdr_bh")[1]
    assert bh_qvalues(p) == pytest.approx(expected, abs=1e-15)


def test_qvalues_by_hand_and_missing_values_left_out():
    # m = 4 present: sorted 0.01, 0.03, 0.04, 0.5 -> 0.04, 0.06, 0.0533, 0.5 -> monotone
    q = bh_qvalues([0.04, np.nan, 0.01, 0.5, 0.03])
    assert np.isnan(q[1])
    assert q[[0, 2, 3, 4]] == pytest.approx([0.16 / 3, 0.04, 0.5, 0.16 / 3])


def test_batch_sorted_by_q_and_flags_discoveries():
    batch = pd.DataFrame({"city": list("abcd"), "p_value": [0.2, 0.001, 0.02, 0.03]})
    out = adjust_batch(batch)
    assert out["city"].tolist() == ["b", "c", "d", "a"]
    assert out["q_value"].tolist() == pytest.approx([0.004, 0.04, 0.04, 0.2])
    assert out["discovery"].tolist() == [True, True, True, False]


def test_p_outside_unit_interval_is_refused():
    with pytest.raises(EstimationError, match=r"p-value\(s\) \[1.5\] outside \[0, 1\]"):
        bh_qvalues([0.1, 1.5])


@pytest.mark.parametrize(
    ("test", "count", "floor", "cannot"),
    [
        ("its_placebo", 3, 0.25, True),
        ("placebo_in_space", 19, 0.05, False),  # p <= alpha rejects
        ("placebo_in_space", 18, 1 / 19, True),
        ("placebo_in_space", 50, 1 / 51, False),
        ("randomization", 6, 1 / 6, True),  # permuting six provinces
        ("randomization", 9999, 1 / 9999, False),
    ],
)
def test_smallest_attainable_p(test, count, floor, cannot):
    result = smallest_attainable_p(test, count)
    assert result.smallest_p == pytest.approx(floor)
    assert result.cannot_reject is cannot
    assert ("cannot reject at 5%" in result.summary()) is cannot


def test_floor_matches_an_actual_permutation_test():
    # an exact ITS-style placebo: the actual break is the most extreme of k + 1 statistics
    statistics = np.array([5.0, 0.1, -0.3, 0.2])  # actual first, 3 fake breaks
    p = np.mean(np.abs(statistics) >= abs(statistics[0]))
    assert p == smallest_attainable_p("its_placebo", 3).smallest_p


def test_bad_count_names_the_rule():
    with pytest.raises(EstimationError, match="count=1 for randomization; rule: a whole number"):
        smallest_attainable_p("randomization", 1)
