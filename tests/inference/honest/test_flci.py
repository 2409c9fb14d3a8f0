"""Tests of evalkit.inference.honest.flci: exact folded-normal quantiles and invariances.

Delta^SD(M) bounds second differences of the trend difference, so it contains every linear
trend through the reference period: an estimator with bounded worst-case bias must ignore
such a trend, and the FLCI of ``beta + a * t`` is the FLCI of ``beta``. Scaling ``beta`` by
``c`` and ``Sigma`` by ``c**2`` scales the interval by ``c``. (Each FLCI with ``M > 0``
searches over simulated folded-normal quantiles and takes about a second, so one is run.)
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import optimize, stats

from evalkit.inference.honest.flci import flci, folded_normal_quantile

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
