"""HonestDiD smoothness restrictions (FLCI) against R HonestDiD 0.2.6 on mpdta."""

from __future__ import annotations

import numpy as np
import pytest

from evalkit.errors import EstimationError
from evalkit.inference.honest import original_cs, sensitivity_smoothness
from evalkit.inference.honest.rng import r_rmvnorm, r_rnorm, r_runif

L_VEC = np.array([1.0, 0.0, 0.0, 0.0])


def test_r_random_numbers_match_r():
    # set.seed(0); runif(3) and set.seed(42); rnorm(4) printed by R 4.x
    assert r_runif(3, 0) == pytest.approx([0.8966972, 0.2655087, 0.3721239], abs=5e-8)
    assert r_rnorm(4, 42) == pytest.approx([1.3709584, -0.5646982, 0.3631284, 0.6328626], abs=5e-8)
    draws = r_rmvnorm(2, np.diag([4.0, 1.0]), 42)
    assert draws.ravel() == pytest.approx([2 * 1.3709584, -0.5646982, 2 * 0.3631284, 0.6328626])


def test_original_interval_equals_r(honest_reference):
    betahat, sigma, n_pre, n_post = honest_reference.event_study()
    expected = honest_reference.table("original_cs.csv").iloc[0]
    low, high = original_cs(betahat, sigma, n_pre, n_post, l_vec=L_VEC)
    assert low == pytest.approx(expected["lb"], abs=1e-12)
    assert high == pytest.approx(expected["ub"], abs=1e-12)


def test_flci_bounds_within_1e5_of_r(honest_reference):
    betahat, sigma, n_pre, n_post = honest_reference.event_study()
    expected = honest_reference.table("smoothness_flci.csv")
    result = sensitivity_smoothness(betahat, sigma, n_pre, n_post, expected["M"], l_vec=L_VEC)
    assert np.abs(result.conf_low - expected["lb"]).max() < 1e-5
    assert np.abs(result.conf_high - expected["ub"]).max() < 1e-5
    tidy = result.tidy()
    assert list(tidy["method"]) == ["Original"] + ["FLCI"] * 4
    assert tidy["conf_low"].iloc[0] == pytest.approx(
        honest_reference.table("original_cs.csv")["lb"][0]
    )


def test_flci_with_m_zero_is_linear_extrapolation():
    # Two pre-periods, Delta^SD(0): the best unbiased estimator is
    # beta_1 + (2 beta_-2 + beta_-1) / 5 with variance 0.01 * 1.2.
    sigma = np.eye(3) * 0.01
    betahat = np.array([0.3, -0.2, 1.0])
    result = sensitivity_smoothness(betahat, sigma, 2, 1, [0.0])
    centre = 1.0 + (2 * 0.3 - 0.2) / 5
    half = (result.conf_high[0] - result.conf_low[0]) / 2
    assert (result.conf_low[0] + result.conf_high[0]) / 2 == pytest.approx(centre, abs=1e-7)
    assert half == pytest.approx(1.96 * np.sqrt(0.012), rel=2e-3)  # simulated quantile


def test_flci_widens_with_m(honest_reference):
    betahat, sigma, n_pre, n_post = honest_reference.event_study()
    result = sensitivity_smoothness(betahat, sigma, n_pre, n_post, [0.0, 0.02, 0.05])
    assert np.all(np.diff(result.conf_high - result.conf_low) > 0)


def test_wrong_length_names_the_rule():
    with pytest.raises(EstimationError, match="betahat has 3 coefficients but num_pre_periods"):
        sensitivity_smoothness([0.0, 0.0, 0.0], np.eye(3), 2, 2, [0.0])
