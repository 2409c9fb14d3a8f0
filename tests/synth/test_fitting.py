import numpy as np
import pytest

from evalkit.synth.fitting import FitSpec, fit_batch


@pytest.fixture(scope="module")
def donors():
    rng = np.random.default_rng(8)
    return rng.normal(size=(7, 12)).cumsum(axis=1) + rng.normal(size=(7, 1)) * 3


def test_default_spec_follows_the_r_package(donors):
    noise = np.std(np.diff(donors[:, :8], axis=1), ddof=1)
    sdid = FitSpec.default("synthdid", donors, 8, 4)
    assert sdid.noise_level == pytest.approx(noise)
    assert sdid.zeta_omega == pytest.approx(4**0.25 * noise)
    assert sdid.zeta_lambda == pytest.approx(1e-6 * noise)
    assert sdid.min_decrease == pytest.approx(1e-5 * noise)
    assert sdid.omega_intercept and not FitSpec.default("sc", donors, 8, 4).omega_intercept
    assert FitSpec.default("sc", donors, 8, 4).zeta_omega == pytest.approx(1e-6 * noise)


def test_did_is_the_difference_of_mean_changes(donors):
    treated = donors.mean(axis=0) + 1.5 + np.r_[np.zeros(8), np.full(4, 0.7)]
    treated = treated + np.random.default_rng(2).normal(scale=0.3, size=12)
    fit = fit_batch(donors, treated[None], 8, FitSpec.default("did", donors, 8, 4))
    change = treated[8:].mean() - treated[:8].mean()
    control_change = donors[:, 8:].mean() - donors[:, :8].mean()
    assert fit.estimate[0] == pytest.approx(change - control_change)
    np.testing.assert_allclose(fit.gap, treated[None] - fit.synthetic)


@pytest.mark.parametrize("method", ["synthdid", "sc"])
def test_weights_are_on_the_simplex_and_recover_a_known_effect(donors, method):
    weights = np.array([0.5, 0.3, 0.2, 0, 0, 0, 0])
    treated = weights @ donors + np.r_[np.zeros(8), np.full(4, 2.0)]
    # (nearly) unpenalised unit weights, so the exact convex combination is reachable
    spec = FitSpec.default(method, donors, 8, 4, eta_omega=1e-6)
    fit = fit_batch(donors, treated[None], 8, spec)
    assert fit.omega.min() >= 0 and fit.omega.sum() == pytest.approx(1)
    assert fit.lam.min() >= 0
    assert fit.estimate[0] == pytest.approx(2.0, abs=0.05)


def test_leaving_a_donor_out_equals_dropping_its_row(donors):
    spec = FitSpec.default("synthdid", donors, 8, 4)
    treated = donors[2:5].mean(axis=0) + np.r_[np.zeros(8), np.full(4, 1.0)]
    batch = fit_batch(donors, np.vstack([treated, treated]), 8, spec, left_out=np.array([-1, 3]))
    alone = fit_batch(np.delete(donors, 3, axis=0), treated[None], 8, spec)
    assert batch.omega[1, 3] == 0
    np.testing.assert_allclose(np.delete(batch.omega[1], 3), alone.omega[0], atol=1e-8)
    assert batch.estimate[1] == pytest.approx(alone.estimate[0], abs=1e-8)
    full = fit_batch(donors, treated[None], 8, spec)
    assert batch.estimate[0] == pytest.approx(full.estimate[0], abs=1e-12)
