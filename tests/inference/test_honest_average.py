"""HonestDiD for the average post-period effect: calibrated grids and breakdown values.

R's reference folder has no l_vec-average case, so the average target is checked by
equivalences (closed forms) and the new entry point by R parity on the e = 0 target.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from evalkit.did import aggte, att_gt
from evalkit.errors import EstimationError
from evalkit.inference.honest import (
    average_l_vec,
    breakdown_relative_magnitude,
    breakdown_smoothness,
    calibrated_m_grid,
    event_study_inputs,
    honest_summary,
    original_cs,
    sensitivity_relative_magnitudes,
    sensitivity_smoothness,
)
from evalkit.inference.honest.flci import flci, folded_normal_quantile
from evalkit.inference.honest.relative_magnitudes import relative_magnitude_accept
from evalkit.simulate import simulate_staggered_panel


def _as_event_study(betahat, sigma, n_pre, n_post):
    """An EventStudyResult-like object (reference period -1 excluded)."""
    event_time = np.concatenate([np.arange(-1 - n_pre, -1), np.arange(n_post)])
    return SimpleNamespace(event_time=event_time, estimate=betahat, vcov=sigma)


def test_calibrated_grid_is_multiples_of_largest_pre_second_difference(honest_reference):
    betahat, _, n_pre, _ = honest_reference.event_study()
    # R's path e = -4, -3, -2 and the reference 0 at e = -1
    path = [0.0033063566925119925, 0.025021829597554193, 0.024458744971168969, 0.0]
    by_hand = max(abs(path[2] - 2 * path[1] + path[0]), abs(path[3] - 2 * path[2] + path[1]))
    grid, scale = calibrated_m_grid(betahat, n_pre)
    assert scale == pytest.approx(by_hand, rel=1e-12)
    assert grid == pytest.approx(np.array([0.0, 0.25, 0.5, 1.0, 2.0]) * by_hand)


def test_summary_of_first_effect_keeps_r_parity(honest_reference):
    # The entry point, asked for R's own bounds on the e = 0 target, prints R's numbers.
    betahat, sigma, n_pre, n_post = honest_reference.event_study()
    flci_r = honest_reference.table("smoothness_flci.csv")
    clf_r = honest_reference.table("relative_magnitudes_clf_grid100.csv")
    _, scale = calibrated_m_grid(betahat, n_pre)
    out = honest_summary(
        _as_event_study(betahat, sigma, n_pre, n_post),
        target="first",
        multiples=flci_r["M"].to_numpy() / scale,
        mbar_values=clf_r["Mbar"].tolist(),
        grid_points=100,
        tol_m=1e-3,
        tol_mbar=1e-2,
        widen=0,
    )
    table = out.tidy()
    smooth = table[table["restriction"] == "smoothness"]
    assert smooth["M"].to_numpy() == pytest.approx(flci_r["M"].to_numpy(), abs=1e-15)
    assert np.abs(smooth["conf_low"].to_numpy() - flci_r["lb"]).max() < 1e-5
    assert np.abs(smooth["conf_high"].to_numpy() - flci_r["ub"]).max() < 1e-5
    relative = table[table["restriction"] == "relative_magnitude"]
    step = 40 * np.sqrt(sigma[n_pre, n_pre]) / 99
    assert np.abs(relative["conf_low"].to_numpy() - clf_r["lb"]).max() < 1e-3 * step
    assert np.abs(relative["conf_high"].to_numpy() - clf_r["ub"]).max() < 1e-3 * step
    original = honest_reference.table("original_cs.csv").iloc[0]
    assert out.original == pytest.approx((original["lb"], original["ub"]), abs=1e-12)


def _random_covariance(size: int, seed: int) -> np.ndarray:
    root = np.random.default_rng(seed).normal(size=(size, size)) * 0.05
    return root @ root.T + np.eye(size) * 1e-3


def test_average_target_at_m_zero_is_the_gls_linear_extrapolation():
    # Delta^SD(0): delta_e = s (e + 1). Among unbiased affine estimators of mean(tau_post),
    # the FLCI takes the least-variance one: l'beta_post + v'beta_pre with x'v = -l'x_post,
    # v = -Sigma_pre^-1 (c + mu x), c = Sigma_pre,post l (closed form of the Lagrangian).
    n_pre, n_post = 4, 3
    sigma = _random_covariance(n_pre + n_post, seed=5)
    betahat = np.random.default_rng(6).normal(scale=0.1, size=n_pre + n_post)
    l_vec = average_l_vec(n_post)
    x_pre = np.arange(-1 - n_pre, -1) + 1.0  # e + 1 for e = -5..-2
    x_post = np.arange(n_post) + 1.0
    inverse = np.linalg.inv(sigma[:n_pre, :n_pre])
    c = sigma[:n_pre, n_pre:] @ l_vec
    k = -l_vec @ x_post
    mu = -(k + x_pre @ inverse @ c) / (x_pre @ inverse @ x_pre)
    v_pre = -inverse @ (c + mu * x_pre)
    weights = np.concatenate([v_pre, l_vec])
    centre = weights @ betahat
    sd = np.sqrt(weights @ sigma @ weights)
    low, high = flci(betahat, sigma, n_pre, l_vec, 0.0)
    assert (low + high) / 2 == pytest.approx(centre, abs=1e-6)
    assert (high - low) / 2 == pytest.approx(folded_normal_quantile(0.95, 0.0) * sd, rel=1e-5)
    # and the estimator really is unbiased under any linear trend through the reference period
    assert v_pre @ x_pre + l_vec @ x_post == pytest.approx(0.0, abs=1e-12)


def test_average_original_interval_by_hand():
    n_pre, n_post = 3, 4
    sigma = _random_covariance(7, seed=1)
    betahat = np.linspace(-0.1, 0.2, 7)
    l_vec = average_l_vec(n_post)
    low, high = original_cs(betahat, sigma, n_pre, n_post, l_vec=l_vec)
    estimate = betahat[n_pre:].mean()
    sd = np.sqrt(sigma[n_pre:, n_pre:].sum()) / n_post
    assert (low, high) == pytest.approx((estimate - 1.959964 * sd, estimate + 1.959964 * sd))


def test_smoothness_breakdown_is_where_zero_enters(honest_reference):
    betahat, sigma, n_pre, n_post = honest_reference.event_study()
    l_vec = average_l_vec(n_post)
    _, high = original_cs(betahat, sigma, n_pre, n_post, l_vec=l_vec)
    assert high < 0  # mpdta's average effect is detected under parallel trends
    tol = 1e-3
    value = breakdown_smoothness(betahat, sigma, n_pre, l_vec, tol=tol)
    at = flci(betahat, sigma, n_pre, l_vec, value)
    below = flci(betahat, sigma, n_pre, l_vec, value - tol)
    assert at[0] <= 0 <= at[1]
    assert below[1] < 0
    # a scan on both sides: 0 out below the breakdown value, in above it
    grid = value * np.array([0.5, 2.0])
    covered = [lo <= 0 <= hi for lo, hi in (flci(betahat, sigma, n_pre, l_vec, m) for m in grid)]
    assert covered == [False, True]


def test_relative_magnitude_breakdown_is_where_zero_is_accepted(honest_reference):
    betahat, sigma, n_pre, n_post = honest_reference.event_study()
    l_vec = average_l_vec(n_post)
    tol = 1e-2
    value = breakdown_relative_magnitude(betahat, sigma, n_pre, l_vec, tol=tol)
    zero = np.array([0.0])
    assert 0 < value < 100
    assert relative_magnitude_accept(betahat, sigma, n_pre, l_vec, value, zero)[0]
    assert not relative_magnitude_accept(betahat, sigma, n_pre, l_vec, value - tol, zero)[0]
    # the reported sets agree: 0 is outside below the breakdown value and inside above it
    grid = np.linspace(-0.3, 0.1, 201)  # contains 0
    sets = sensitivity_relative_magnitudes(
        betahat, sigma, n_pre, n_post, [value - tol, value + tol], l_vec=l_vec, grid=grid
    )
    assert sets.conf_high[0] < 0 <= sets.conf_high[1]


def test_breakdown_is_zero_when_zero_is_already_covered():
    sigma = _random_covariance(5, seed=3)
    betahat = np.array([0.01, -0.02, 0.0, 0.05, -0.03])
    assert original_cs(betahat, sigma, 3, 2, l_vec=average_l_vec(2))[0] < 0
    assert breakdown_smoothness(betahat, sigma, 3, average_l_vec(2)) == 0.0
    assert breakdown_relative_magnitude(betahat, sigma, 3, average_l_vec(2)) == 0.0


def test_summary_of_average_effect_on_a_universal_cs_event_study():
    sim = simulate_staggered_panel(
        n_units=120, n_periods=6, cohorts=[2004], effect=0.5, noise_sd=0.2, random_state=2
    )
    fit = att_gt(sim.data, "y", "year", "unit", "first_treated", base_period="universal")
    dynamic = aggte(fit, "dynamic")
    inputs = event_study_inputs(dynamic)
    # covariance from the influence functions: its diagonal gives aggte's standard errors
    keep = dynamic.labels != -1
    assert np.sqrt(np.diag(inputs.sigma)) == pytest.approx(dynamic.std_error[keep], rel=1e-10)
    out = honest_summary(
        dynamic, multiples=(0.0, 1.0), mbar_values=(1.0,), tol_m=1e-2, tol_mbar=1e-1,
        grid_points=100,
    )  # fmt: skip
    table = out.tidy()
    assert table["restriction"].tolist() == (
        ["original"] + ["smoothness"] * 2 + ["relative_magnitude"]
    )
    assert out.estimate == pytest.approx(dynamic.att[dynamic.labels >= 0].mean(), rel=1e-12)
    smooth = sensitivity_smoothness(
        inputs.betahat, inputs.sigma, inputs.num_pre_periods, inputs.num_post_periods,
        table.loc[table["restriction"] == "smoothness", "M"], l_vec=average_l_vec(3),
    )  # fmt: skip
    assert table.loc[table["restriction"] == "smoothness", "conf_low"].to_numpy() == (
        pytest.approx(smooth.conf_low)
    )
    assert out.breakdown_smoothness > 0  # a true effect of 0.5 with sd 0.2 noise is detected


def test_varying_base_period_is_refused():
    sim = simulate_staggered_panel(n_units=60, n_periods=5, random_state=0)
    dynamic = aggte(att_gt(sim.data, "y", "year", "unit", "first_treated"), "dynamic")
    with pytest.raises(EstimationError, match="base_period='varying'; rule: HonestDiD needs"):
        honest_summary(dynamic)


def test_gaps_in_event_time_are_refused():
    study = SimpleNamespace(
        event_time=np.array([-4, -2, 0, 1]), estimate=np.zeros(4), vcov=np.eye(4)
    )
    with pytest.raises(EstimationError, match=r"event times \[-4, -2, 0, 1\] are not consecutive"):
        honest_summary(study)


def test_summary_table_flags_and_widens_open_relative_magnitude_sets():
    # pre-period changes far larger than the noise: the Delta^RM set fills R's +-20 sd grid
    sigma = np.eye(6) * 1e-4
    betahat = np.array([0.3, -0.3, 0.3, 0.01, 0.0, -0.01])
    study = _as_event_study(betahat, sigma, 3, 3)
    options = {"multiples": (0.0,), "mbar_values": (0.5,), "grid_points": 200, "tol_m": 1e-2,
               "tol_mbar": 1e-1}  # fmt: skip
    narrow = honest_summary(study, widen=0, **options).tidy().iloc[-1]
    wide = honest_summary(study, widen=2, **options).tidy().iloc[-1]
    grid_end = 20 * np.sqrt(3e-4) / 3
    assert bool(narrow["open_at_grid_end"]) and narrow["conf_high"] == pytest.approx(grid_end)
    assert not bool(wide["open_at_grid_end"])
    # closed on the wider grid, near the identified set: mean effect 0 +- 0.5 * 0.6 * 2
    assert wide["conf_low"] == pytest.approx(-0.6, abs=0.03)
    assert wide["conf_high"] == pytest.approx(0.6, abs=0.03)


def test_average_target_sets_shrink_to_the_identified_sets_without_noise():
    # With Sigma -> 0 the robust sets approach the identified sets, known in closed form for
    # the average effect. Path beta_-4, beta_-3, beta_-2 and the reference 0 at e = -1.
    beta_pre = np.array([0.02, -0.01, 0.03])
    beta_post = np.array([0.10, 0.15, 0.12])
    betahat, sigma = np.r_[beta_pre, beta_post], np.eye(6) * 1e-10
    l_vec = average_l_vec(3)
    steps = np.arange(1, 4)  # periods after the reference period
    # Delta^SD(M): delta_post = linear extrapolation of the last pre slope +- M t(t+1)/2
    m = 0.01
    centre = l_vec @ (beta_post + beta_pre[-1] * steps)
    radius = m * l_vec @ (steps * (steps + 1) / 2)
    smooth = sensitivity_smoothness(betahat, sigma, 3, 3, [m], l_vec=l_vec)
    assert smooth.conf_low[0] == pytest.approx(centre - radius, abs=1e-4)
    assert smooth.conf_high[0] == pytest.approx(centre + radius, abs=1e-4)
    # Delta^RM(Mbar): each post change at most Mbar * largest pre change, |delta_t| <= t Mbar d
    largest = np.abs(np.diff(np.r_[beta_pre, 0.0])).max()
    for mbar in (0.5, 1.0):
        radius = mbar * largest * (l_vec @ steps)
        grid = np.linspace(l_vec @ beta_post - 2 * radius, l_vec @ beta_post + 2 * radius, 1001)
        relative = sensitivity_relative_magnitudes(
            betahat, sigma, 3, 3, [mbar], l_vec=l_vec, grid=grid
        )
        step = grid[1] - grid[0]
        assert relative.conf_low[0] == pytest.approx(l_vec @ beta_post - radius, abs=1.01 * step)
        assert relative.conf_high[0] == pytest.approx(l_vec @ beta_post + radius, abs=1.01 * step)
