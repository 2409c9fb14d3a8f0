"""Wild cluster bootstrap (WCR) against brute-force refits with explicit dummy matrices."""

from __future__ import annotations

from itertools import product

import numpy as np
import pandas as pd
import pytest

from evalkit.did import twfe
from evalkit.errors import EstimationError
from evalkit.inference.wild_bootstrap import (
    bootstrap_weights,
    twfe_wild_bootstrap,
    wild_cluster_bootstrap,
)


def _panel(n_units=10, n_periods=5, n_clusters=5, effect=0.3, seed=0):
    rng = np.random.default_rng(seed)
    rows = []
    for unit in range(n_units):
        first = 3 if unit < n_units // 2 else 0
        for period in range(n_periods):
            rows.append((unit, period, unit % n_clusters, first))
    frame = pd.DataFrame(rows, columns=["unit", "year", "cluster", "g"])
    frame["treated_post"] = ((frame.g > 0) & (frame.year >= frame.g)).astype(float)
    frame["x2"] = rng.normal(size=len(frame))
    cluster_shock = rng.normal(size=n_clusters)[frame.cluster]
    frame["y"] = (
        frame.unit * 0.2
        + frame.year * 0.1
        + effect * frame.treated_post
        + 0.5 * frame.x2
        + cluster_shock * 0.5
        + rng.normal(size=len(frame))
    )
    return frame


def _brute_force_t(frame, xnames, null, signs):
    """Refit y* = X b_r + v_g u_r with dummy matrices for every sign vector; CRV1 t."""
    units = pd.get_dummies(frame.unit, drop_first=False).to_numpy(float)
    years = pd.get_dummies(frame.year, drop_first=True).to_numpy(float)
    x = frame[xnames].to_numpy(float)
    design = np.column_stack([x, units, years])
    y = frame.y.to_numpy()
    # restricted fit: beta_0 = null
    restricted_design = np.column_stack([x[:, 1:], units, years])
    target = y - null * x[:, 0]
    gamma = np.linalg.lstsq(restricted_design, target, rcond=None)[0]
    fitted = null * x[:, 0] + restricted_design @ gamma
    residual = y - fitted
    n, k = design.shape
    clusters = frame.cluster.to_numpy()
    g = clusters.max() + 1
    correction = g / (g - 1) * (n - 1) / (n - k)
    bread = np.linalg.inv(design.T @ design)
    out = []
    for sign in signs:
        y_star = fitted + residual * sign[clusters]
        beta = bread @ design.T @ y_star
        e = y_star - design @ beta
        scores = np.zeros((g, k))
        np.add.at(scores, clusters, design * e[:, None])
        vcov = correction * bread @ scores.T @ scores @ bread
        out.append((beta[0] - null) / np.sqrt(vcov[0, 0]))
    return np.array(out)


def test_bootstrap_t_equals_brute_force_refits():
    frame = _panel()
    xnames = ["treated_post", "x2"]
    result = wild_cluster_bootstrap(
        frame, "y", xnames, "unit", "year", "cluster", null=0.1, conf_int=False
    )
    signs = np.array(list(product((1.0, -1.0), repeat=5)))
    brute = _brute_force_t(frame, xnames, 0.1, signs)
    observed = _brute_force_t(frame.assign(y=frame.y), xnames, 0.1, [np.ones(5)])
    assert result.enumerated and result.n_draws == 32
    # p-value by hand from the brute-force distribution
    original_t = result.statistic
    expected_p = np.mean(np.abs(brute) >= abs(original_t) - 1e-12)
    assert result.p_value == pytest.approx(expected_p, abs=1e-12)
    assert observed[0] == pytest.approx(original_t, rel=1e-10)  # identity draw: y* = y


def test_bootstrap_distribution_matches_brute_force_exactly():
    from evalkit.fe import demean
    from evalkit.inference.wild_bootstrap import _Design

    frame = _panel(seed=2)
    xnames = ["treated_post", "x2"]
    values = demean(
        frame[["y", *xnames]].to_numpy(float),
        frame.unit.to_numpy(),
        frame.year.to_numpy(),
    )
    n, k = len(frame), 2 + 10 + 5 - 1
    fe_codes = (frame.unit.to_numpy(), frame.year.to_numpy())
    correction = 5 / 4 * (n - 1) / (n - k)
    design = _Design(
        values[:, 0], values[:, 1:], 0, frame.cluster.to_numpy(), 5, correction, fe_codes
    )
    signs = np.array(list(product((1.0, -1.0), repeat=5)))
    fast = design.bootstrap_t(0.2, signs.T)
    brute = _brute_force_t(frame, xnames, 0.2, signs)
    np.testing.assert_allclose(fast, brute, rtol=1e-8, atol=1e-10)


def test_point_estimate_and_se_equal_twfe():
    frame = _panel(n_units=12, n_clusters=6)
    result = twfe_wild_bootstrap(frame, "y", "year", "unit", "g", "cluster", conf_int=False)
    reference = twfe(frame, "y", "year", "unit", "g", clustervars="cluster")
    assert result.estimate == pytest.approx(reference.estimate, rel=1e-10)
    assert result.std_error == pytest.approx(reference.std_error, rel=1e-8)


def test_ci_inverts_the_test():
    frame = _panel(n_units=16, n_clusters=8, seed=5)
    result = twfe_wild_bootstrap(frame, "y", "year", "unit", "g", "cluster", alpha=0.1)
    assert result.conf_low < result.estimate < result.conf_high
    inside = twfe_wild_bootstrap(
        frame, "y", "year", "unit", "g", "cluster", null=result.conf_low + 1e-4, conf_int=False
    )
    outside = twfe_wild_bootstrap(
        frame, "y", "year", "unit", "g", "cluster", null=result.conf_low - 1e-3, conf_int=False
    )
    assert inside.p_value > 0.1 >= outside.p_value


def test_webb_weights_are_random_draws_with_six_points():
    draws, exact = bootstrap_weights(6, 999, weights="webb", random_state=1)
    assert not exact and draws.shape == (6, 999)
    assert np.unique(np.round(draws**2, 12)).tolist() == [0.5, 1.0, 1.5]


def test_size_under_the_null_with_few_clusters():
    # 200 panels with no effect and 8 clusters: rejection near 5% (binomial sd 1.5 pts)
    rejections = 0
    for seed in range(200):
        frame = _panel(n_units=16, n_clusters=8, effect=0.0, seed=100 + seed)
        result = twfe_wild_bootstrap(frame, "y", "year", "unit", "g", "cluster", conf_int=False)
        rejections += result.p_value <= 0.05
    assert 0.01 <= rejections / 200 <= 0.10


def test_missing_column_is_named():
    with pytest.raises(EstimationError, match="'nope' is not a column of the data"):
        wild_cluster_bootstrap(_panel(), "y", ["nope"], "unit", "year", "cluster")
