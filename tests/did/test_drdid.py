"""2x2 panel estimators: logit against statsmodels, influence functions as weight derivatives."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from evalkit.did.drdid import logit, panel_did


@pytest.fixture(scope="module")
def sample():
    rng = np.random.default_rng(5)
    n = 400
    x = rng.normal(size=(n, 2))
    covariates = np.column_stack([np.ones(n), x])
    treated = (rng.random(n) < 1 / (1 + np.exp(-(0.3 * x[:, 0] - 0.5)))).astype(float)
    delta_y = (
        0.5 * x[:, [0]] + 1.0 * treated[:, None] + rng.normal(size=(n, 2)) + np.array([[0.0, 0.4]])
    )
    weights = rng.uniform(0.5, 2.0, n)
    return delta_y, treated, covariates, weights


def test_logit_matches_statsmodels_glm(sample):
    _, treated, covariates, weights = sample
    glm = sm.GLM(treated, covariates, family=sm.families.Binomial(), freq_weights=weights).fit(
        tol=1e-14
    )
    np.testing.assert_allclose(logit(covariates, treated, weights), glm.params, atol=1e-10)


@pytest.mark.parametrize("method", ["dr", "ipw", "reg"])
def test_influence_function_is_the_weight_derivative(sample, method):
    # for a weighted estimator psi_i = w_i * n * d(att)/d(w_i)
    delta_y, treated, covariates, weights = sample
    weights = weights / weights.mean()
    att, influence = panel_did(delta_y, treated, covariates, weights, method)
    n, step = treated.size, 1e-6
    for unit in (0, 7, 123, 399):
        bumped = weights.copy()
        bumped[unit] += step
        moved, _ = panel_did(delta_y, treated, covariates, bumped * n / bumped.sum(), method)
        np.testing.assert_allclose(
            weights[unit] * (moved - att) / step * n, influence[unit], rtol=1e-4, atol=1e-6
        )
    np.testing.assert_allclose(influence.mean(axis=0), 0.0, atol=1e-10)


@pytest.mark.parametrize("method", ["dr", "ipw", "reg"])
def test_intercept_only_is_the_difference_in_mean_changes(sample, method):
    delta_y, treated, _, weights = sample
    att, influence = panel_did(delta_y, treated, np.ones((treated.size, 1)), weights, method)
    w_t, w_c = weights * treated, weights * (1 - treated)
    expected = w_t @ delta_y / w_t.sum() - w_c @ delta_y / w_c.sum()
    np.testing.assert_allclose(att, expected, atol=1e-13)
    n = treated.size
    closed = (
        w_t[:, None] * (delta_y - w_t @ delta_y / w_t.sum()) * n / w_t.sum()
        - w_c[:, None] * (delta_y - w_c @ delta_y / w_c.sum()) * n / w_c.sum()
    )
    np.testing.assert_allclose(influence, closed, atol=1e-10)


def test_batched_columns_equal_separate_fits(sample):
    delta_y, treated, covariates, weights = sample
    both, psi = panel_did(delta_y, treated, covariates, weights, "dr")
    second, psi2 = panel_did(delta_y[:, [1]], treated, covariates, weights, "dr")
    assert both[1] == pytest.approx(second[0], abs=1e-13)
    np.testing.assert_allclose(psi[:, 1], psi2[:, 0], atol=1e-12)
