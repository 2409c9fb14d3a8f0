import numpy as np
import pytest
from scipy import optimize, stats

from evalkit.did.bootstrap import (
    MAMMEN_HIGH,
    MAMMEN_LOW,
    MAMMEN_P_LOW,
    analytic_se,
    cluster_sums,
    covariance,
    multiplier_bootstrap,
)


def test_mammen_weights_have_mean_zero_and_variance_one():
    mean = MAMMEN_P_LOW * MAMMEN_LOW + (1 - MAMMEN_P_LOW) * MAMMEN_HIGH
    second = MAMMEN_P_LOW * MAMMEN_LOW**2 + (1 - MAMMEN_P_LOW) * MAMMEN_HIGH**2
    third = MAMMEN_P_LOW * MAMMEN_LOW**3 + (1 - MAMMEN_P_LOW) * MAMMEN_HIGH**3
    assert mean == pytest.approx(0, abs=1e-15)
    assert second == pytest.approx(1) and third == pytest.approx(1)


def test_clustered_analytic_se_and_covariance_match_brute_force():
    rng = np.random.default_rng(3)
    psi = rng.normal(size=(30, 2))
    clusters = rng.integers(0, 7, size=30)
    sums = np.array([psi[clusters == c].sum(axis=0) for c in range(7)])
    brute = np.sqrt((sums**2).sum(axis=0)) / 30
    np.testing.assert_allclose(analytic_se(psi, clusters), brute)
    np.testing.assert_allclose(cluster_sums(psi, clusters), sums)
    np.testing.assert_allclose(covariance(psi, clusters), sums.T @ sums / 900)
    np.testing.assert_allclose(np.sqrt(np.diag(covariance(psi))), analytic_se(psi))


def test_zero_influence_gives_nan_standard_error():
    psi = np.column_stack([np.random.default_rng(0).normal(size=50), np.zeros(50)])
    assert np.isnan(analytic_se(psi)[1])
    out = multiplier_bootstrap(psi, biters=200, random_state=0)
    assert np.isnan(out.std_error[1]) and np.isfinite(out.std_error[0])


def test_bootstrap_se_converges_to_the_clustered_analytic_se():
    rng = np.random.default_rng(5)
    clusters = np.repeat(np.arange(200), 3)
    psi = rng.normal(size=(600, 1)) + rng.normal(size=(200, 1))[clusters]
    out = multiplier_bootstrap(psi, clusters, biters=4000, random_state=2)
    assert out.std_error[0] / analytic_se(psi, clusters)[0] == pytest.approx(1, abs=0.05)


def test_sup_t_critical_value_of_independent_columns():
    # m independent normal t-statistics: P(max |t| <= c) = (2 Phi(c) - 1)^m = 0.95.
    m = 4
    truth = optimize.brentq(lambda c: (2 * stats.norm.cdf(c) - 1) ** m - 0.95, 1, 5)
    psi = np.random.default_rng(11).normal(size=(3000, m))
    out = multiplier_bootstrap(psi, biters=4000, random_state=4)
    assert out.crit_val == pytest.approx(truth, abs=0.08)
    one = multiplier_bootstrap(psi, biters=4000, random_state=4, band=np.eye(m, dtype=bool)[0])
    assert one.crit_val == pytest.approx(stats.norm.ppf(0.975), abs=0.08)


def test_same_seed_same_draws():
    psi = np.random.default_rng(1).normal(size=(100, 3))
    a = multiplier_bootstrap(psi, biters=300, random_state=9)
    b = multiplier_bootstrap(psi, biters=300, random_state=9)
    np.testing.assert_array_equal(a.std_error, b.std_error)
    assert a.crit_val == b.crit_val and a.biters == 300
