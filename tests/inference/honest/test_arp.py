"""Tests of evalkit.inference.honest.arp: eta by linear programming, the test's size and power.

``eta = min_delta max_i (y_i - X_i delta) / sd_i`` is computed from the dual vertices; the
primal linear programme solved by scipy is an independent oracle (LP duality). The
conditional test is checked by simulation at the boundary of the null (size) and far from it
(power).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import optimize, stats

from evalkit.errors import EstimationError
from evalkit.inference.honest.arp import MomentInequalities


def _primal_eta(y: np.ndarray, nuisance: np.ndarray, sd: np.ndarray) -> float:
    """min t over (delta, t) subject to (y_i - X_i delta) / sd_i <= t."""
    n_moments, k = nuisance.shape
    cost = np.r_[np.zeros(k), 1.0]
    a_ub = np.column_stack([-nuisance / sd[:, None], -np.ones(n_moments)])
    found = optimize.linprog(cost, A_ub=a_ub, b_ub=-y / sd, bounds=[(None, None)] * (k + 1))
    assert found.status == 0
    return float(found.fun)


def test_eta_equals_the_primal_linear_programme():
    rng = np.random.default_rng(3)
    nuisance = np.array([[1.0, 0.0], [-1.0, 0.5], [0.0, -1.0], [0.5, 1.0], [-0.5, -0.5]])
    root = rng.normal(size=(5, 5))
    moments = MomentInequalities(nuisance=nuisance, sigma=root @ root.T + np.eye(5))
    ys = rng.normal(size=(5, 20)) * 2
    eta, _ = moments.eta(ys)
    expected = [_primal_eta(ys[:, j], nuisance, moments.sd) for j in range(ys.shape[1])]
    assert eta == pytest.approx(expected, abs=1e-8)


def test_without_nuisance_eta_is_the_largest_standardised_moment():
    sigma = np.diag([1.0, 4.0, 9.0])
    moments = MomentInequalities(nuisance=np.zeros((3, 0)), sigma=sigma)
    y = np.array([[0.5, 3.0, -1.0], [-2.0, -2.0, 6.0]]).T
    eta, _ = moments.eta(y)
    assert eta == pytest.approx([max(0.5, 1.5, -1 / 3), max(-2.0, -1.0, 2.0)])


def test_nuisance_that_lowers_every_moment_is_refused():
    moments = MomentInequalities(nuisance=np.array([[1.0], [2.0]]), sigma=np.eye(2))
    with pytest.raises(EstimationError) as error:
        moments.eta(np.zeros((2, 1)))
    assert str(error.value) == (
        "ARP test: the moment inequalities leave the nuisance parameters unbounded (empty dual "
        "polytope); rule: the restriction must bound l'delta_post; fix: check "
        "numPrePeriods/numPostPeriods and l_vec"
    )


def test_least_favourable_critical_value_of_one_moment_is_the_normal_quantile():
    moments = MomentInequalities(nuisance=np.zeros((1, 0)), sigma=np.array([[4.0]]))
    # 1000 draws: the 0.9 quantile has sd about 0.05
    assert moments.least_favourable_cv(0.1) == pytest.approx(stats.norm.ppf(0.9), abs=0.2)


def test_size_at_the_boundary_of_the_null_and_power_far_from_it():
    nuisance = np.array([[1.0], [-1.0], [0.5]])
    sigma = np.array([[1.0, 0.3, 0.0], [0.3, 1.0, 0.2], [0.0, 0.2, 1.0]])
    moments = MomentInequalities(nuisance=nuisance, sigma=sigma)
    alpha, kappa = 0.05, 0.005
    lf_cv = moments.least_favourable_cv(kappa)
    draws = np.random.default_rng(9).multivariate_normal(np.zeros(3), sigma, size=600)

    def rejections(mean: np.ndarray) -> float:
        return np.mean([
            moments.conditional_test(mean + d, alpha=alpha, kappa=kappa, lf_cv=lf_cv)
            for d in draws
        ])  # fmt: skip

    # mean 0 satisfies E[y - X delta] <= 0 with equality at delta = 0: the least favourable
    # point; binomial(600, 0.05) has sd 0.9 points
    assert rejections(np.zeros(3)) <= 0.08
    # moments 1 and 2 cannot both be <= 0 when each exceeds 0 by 2 sd after any delta
    assert rejections(np.array([3.0, 3.0, 0.0])) >= 0.9
