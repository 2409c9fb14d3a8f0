"""HonestDiD relative magnitudes (C-LF) against R HonestDiD 0.2.6 on mpdta: same grid points."""

from __future__ import annotations

import numpy as np
import pytest

from evalkit.inference.honest import (
    relative_magnitude_grid,
    sensitivity_relative_magnitudes,
)
from evalkit.inference.honest.arp import dual_vertices

L_VEC = np.array([1.0, 0.0, 0.0, 0.0])


@pytest.mark.parametrize("grid_points", [100, 1000])
def test_clf_bounds_on_the_same_grid_points_as_r(honest_reference, grid_points):
    betahat, sigma, n_pre, n_post = honest_reference.event_study()
    expected = honest_reference.table(f"relative_magnitudes_clf_grid{grid_points}.csv")
    result = sensitivity_relative_magnitudes(
        betahat, sigma, n_pre, n_post, expected["Mbar"], l_vec=L_VEC, grid_points=grid_points
    )
    grid = relative_magnitude_grid(sigma, n_pre, L_VEC, grid_points)
    step = grid[1] - grid[0]
    # R's bounds lie on the grid to 5e-13; ours are the very same grid points
    assert np.abs(result.conf_low - expected["lb"]).max() < 1e-3 * step
    assert np.abs(result.conf_high - expected["ub"]).max() < 1e-3 * step
    assert result.tidy()["Mbar"].iloc[1:].tolist() == expected["Mbar"].tolist()


def test_clf_set_covers_estimate_and_grows_with_mbar(honest_reference):
    betahat, sigma, n_pre, n_post = honest_reference.event_study()
    result = sensitivity_relative_magnitudes(
        betahat, sigma, n_pre, n_post, [0.25, 1.0, 2.0], grid_points=200
    )
    assert np.all(result.conf_low <= result.estimate)
    assert np.all(result.conf_high >= result.estimate)
    assert np.all(np.diff(result.conf_high - result.conf_low) >= 0)
    assert result.breakdown() == 0.25  # the set already covers 0 at Mbar = 0.25


def test_dual_vertices_solve_the_linear_programme():
    # eta = min_delta max_i (y_i - x_i delta) / sd_i equals max over dual vertices of lambda'y
    from scipy.optimize import linprog

    rng = np.random.default_rng(3)
    nuisance = rng.normal(size=(7, 2))
    sd = rng.uniform(0.5, 2.0, size=7)
    vertices = dual_vertices(np.column_stack([sd, nuisance]))
    for _ in range(5):
        y = rng.normal(size=7)
        lp = linprog(
            c=[1.0, 0.0, 0.0],
            A_ub=-np.column_stack([sd, nuisance]),
            b_ub=-y,
            bounds=[(None, None)] * 3,
            method="highs",
        )
        assert (vertices @ y).max() == pytest.approx(lp.fun, abs=1e-9)
