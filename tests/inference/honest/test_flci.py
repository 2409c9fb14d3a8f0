"""Tests of evalkit.inference.honest.flci: exact folded-normal quantiles and invariances.

Delta^SD(M) bounds second differences of the trend difference, so it contains every linear
trend through the reference period: an estimator with bounded worst-case bias must ignore
such a trend, and the FLCI of ``beta + a * t`` is the FLCI of ``beta``. Scaling ``beta`` by
``c`` and ``Sigma`` by ``c**2`` scales the interval by ``c``.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import optimize, stats

from evalkit.inference.honest import flci as flci_module
from evalkit.inference.honest.flci import flci, folded_normal_quantile
from evalkit.inference.honest.rng import r_quantile, r_rnorm

N_PRE, N_POST = 3, 2
EVENT_TIME = np.array([-3, -2, -1, 1, 2])  # the reference period 0 is left out


def _exact_folded_quantile(prob: float, mean: float) -> float:
    """Solve P(|N(mean, 1)| <= q) = prob for q."""

    def coverage(q: float) -> float:
        return stats.norm.cdf(q - mean) - stats.norm.cdf(-q - mean) - prob

    return optimize.brentq(coverage, 0.0, abs(mean) + 10.0)


@pytest.mark.parametrize(("prob", "mean"), [(0.95, 0.0), (0.95, 1.0), (0.9, 2.5), (0.99, -0.5)])
def test_folded_normal_quantile_matches_the_exact_one_to_simulation_accuracy(prob, mean):
    # 10**6 draws: the quantile's sd is below 0.005 for these densities
    assert folded_normal_quantile(prob, mean) == pytest.approx(
        _exact_folded_quantile(prob, mean), abs=0.01
    )


def test_folded_normal_quantile_is_the_full_partition_quantile_bit_for_bit():
    # the order-statistic search must give R's type-7 quantile of all 10**6 folded draws
    draws = r_rnorm(10**6, 0)
    means = [0.0, -0.0, 1e-12, -3.7, 0.41, 2.5, 12.0, -float(draws[17]), float(draws[99])]
    for mean in means:
        folded = np.abs(draws + mean)
        for prob in (0.0, 0.5, 0.9, 0.95, 0.975, 1.0):
            assert folded_normal_quantile(prob, mean) == r_quantile(folded, prob)


def test_intervals_do_not_depend_on_the_order_of_the_searches():
    # the bias programme's solutions are shared between searches for different M
    rng = np.random.default_rng(3)
    root = rng.normal(size=(4, 4)) * 0.05
    sigma = root @ root.T + np.eye(4) * 0.003
    betahat, l_vec = np.array([0.01, -0.02, 0.1, 0.2]), np.array([0.5, 0.5])
    forward = [flci(betahat, sigma, 2, l_vec, m) for m in (0.0, 0.05, 0.2)]
    flci_module._PROBLEMS.clear()
    backward = [flci(betahat, sigma, 2, l_vec, m) for m in (0.2, 0.05, 0.0)][::-1]
    assert forward == backward


@pytest.fixture(scope="module")
def event_study():
    rng = np.random.default_rng(12)
    root = rng.normal(size=(5, 5)) * 0.05
    sigma = root @ root.T + np.eye(5) * 0.002
    betahat = np.array([0.02, -0.01, 0.01, 0.15, 0.22])
    return betahat, sigma


def test_a_linear_trend_through_the_reference_period_does_not_move_the_interval(event_study):
    betahat, sigma = event_study
    l_vec = np.array([0.5, 0.5])
    base = flci(betahat, sigma, N_PRE, l_vec, 0.1)
    trended = flci(betahat + 0.3 * EVENT_TIME, sigma, N_PRE, l_vec, 0.1)
    assert trended == pytest.approx(base, abs=1e-6)


def test_interval_scales_with_the_data(event_study):
    betahat, sigma = event_study
    l_vec = np.array([1.0, 0.0])
    low, high = flci(betahat, sigma, N_PRE, l_vec, 0.0)
    scaled = flci(3.0 * betahat, 9.0 * sigma, N_PRE, l_vec, 0.0)
    assert scaled == pytest.approx((3.0 * low, 3.0 * high), rel=1e-5)
