"""Andrews, Roth & Pakes (ARP) conditional tests of moment inequalities with nuisance parameters.

Tests ``H0: E[y - X delta] <= 0 for some delta`` with the statistic
``eta = min_delta max_i (y_i - X_i delta) / sd_i``, conditioning on the binding moments, with
the least-favourable (LF) hybrid first stage, as HonestDiD's ``.lp_conditional_test_fn``.

The linear programme's dual is ``max lambda'y`` over the polytope
``{lambda >= 0, sd'lambda = 1, X'lambda = 0}``, whose vertices do not depend on ``y``. With the
handful of moments of an event study we enumerate those vertices once, so ``eta`` for every
grid point and every simulated draw is a matrix product and a maximum: exact, and thousands of
linear programmes faster than solving each one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from itertools import combinations

import numpy as np
from scipy.stats import truncnorm

from evalkit.errors import EstimationError
from evalkit.inference.honest.rng import r_quantile, r_rmvnorm

_LAMBDA_TOL = 1e-6
_EQUALITY_TOL = 1e-6
_BISECTION_TOL = 1e-6
_LF_DRAWS = 1000


def dual_vertices(weights: np.ndarray) -> np.ndarray:
    """Return the vertices of ``{lambda >= 0 : weights' lambda = e_1}`` as rows.

    Parameters
    ----------
    weights : numpy.ndarray
        ``(moments, 1 + nuisance)`` matrix ``[sd, X]``.

    Examples
    --------
    >>> dual_vertices(np.array([[1.0, 1.0], [1.0, -1.0]])).round(12).tolist()
    [[0.5, 0.5]]

    """
    n_moments = weights.shape[0]
    rank = np.linalg.matrix_rank(weights)
    target = np.zeros(weights.shape[1])
    target[0] = 1.0
    found: list[np.ndarray] = []
    for support in combinations(range(n_moments), rank):
        block = weights[list(support)]
        if np.linalg.matrix_rank(block) < rank:
            continue
        solution, *_ = np.linalg.lstsq(block.T, target, rcond=None)
        if np.abs(block.T @ solution - target).max() > 1e-9 or solution.min() < -1e-12:
            continue
        vertex = np.zeros(n_moments)
        vertex[list(support)] = np.maximum(solution, 0.0)
        if not any(np.abs(vertex - known).max() < 1e-12 for known in found):
            found.append(vertex)
    return np.array(found).reshape(len(found), n_moments)


@dataclass(frozen=True)
class MomentInequalities:
    """Moments ``y(theta) = y0 - a theta`` with nuisance loadings ``X`` and covariance ``sigma``."""

    nuisance: np.ndarray
    sigma: np.ndarray

    @cached_property
    def sd(self) -> np.ndarray:
        """Standard deviations of the moments."""
        return np.sqrt(np.diag(self.sigma))

    @cached_property
    def vertices(self) -> np.ndarray:
        """Vertices of the dual polytope, one per row."""
        vertices = dual_vertices(np.column_stack([self.sd, self.nuisance]))
        if vertices.size == 0:
            raise EstimationError(
                "ARP test: the moment inequalities leave the nuisance parameters unbounded "
                "(empty dual polytope); rule: the restriction must bound l'delta_post; "
                "fix: check numPrePeriods/numPostPeriods and l_vec"
            )
        return vertices

    def eta(self, moments: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return ``eta`` and the index of the optimal dual vertex for columns of ``moments``."""
        values = self.vertices @ moments
        best = np.argmax(values, axis=0)
        return values[best, np.arange(values.shape[1])], best

    def least_favourable_cv(self, kappa: float, *, seed: int = 0) -> float:
        """Return the ``1 - kappa`` quantile of ``eta`` under ``y ~ N(0, sigma)`` (R's draws)."""
        draws = r_rmvnorm(_LF_DRAWS, self.sigma, seed)
        eta, _ = self.eta(draws.T)
        return r_quantile(eta, 1 - kappa)

    @cached_property
    def _primal_pieces(self) -> dict[int, tuple | None]:
        """Per vertex: ``(v_B, Gamma_B, sigma_B, rho)`` of the primal approach, or None (dual)."""
        pieces: dict[int, tuple | None] = {}
        k = self.nuisance.shape[1]
        eye = np.eye(self.sigma.shape[0])
        for index, vertex in enumerate(self.vertices):
            binding = vertex > _LAMBDA_TOL
            nuisance_binding = self.nuisance[binding]
            full_rank = np.linalg.matrix_rank(nuisance_binding) == min(nuisance_binding.shape)
            if binding.sum() != k + 1 or not full_rank:
                pieces[index] = None
                continue
            basis = np.linalg.inv(np.column_stack([self.sd[binding], nuisance_binding]))
            select_b, select_bc = eye[binding], eye[~binding]
            gamma_b = (
                np.column_stack([self.sd[~binding], self.nuisance[~binding]]) @ basis @ select_b
                - select_bc
            )
            v_b = basis[0] @ select_b
            sigma2_b = float(v_b @ self.sigma @ v_b)
            rho = gamma_b @ self.sigma @ v_b / sigma2_b
            pieces[index] = (v_b, gamma_b, np.sqrt(sigma2_b), rho)
        return pieces

    def _dual_truncation(self, moments: np.ndarray, eta: float, gamma: np.ndarray) -> tuple:
        """R's ``.vlo_vup_dual_fn``: truncation points when the binding set is degenerate."""
        sigma_gamma = self.sigma @ gamma
        scale = float(gamma @ sigma_gamma)
        slope = sigma_gamma / scale
        residual = moments - slope * float(gamma @ moments)
        vertex_residual = self.vertices @ residual
        vertex_slope = self.vertices @ slope

        def solve(c: float) -> tuple[bool, np.ndarray]:
            values = vertex_residual + vertex_slope * c
            best = int(np.argmax(values))
            return abs(c - values[best]) <= _EQUALITY_TOL, self.vertices[best]

        def shortcut(vertex: np.ndarray) -> float:
            numerator = float(vertex @ residual)
            numerator = 0.0 if abs(numerator) < np.finfo(float).eps ** 0.75 else numerator
            return numerator / (1 - float(vertex @ slope))

        if not solve(eta)[0]:
            return eta, np.inf
        sigma_b = np.sqrt(scale)
        bounds = []
        for initial, upward in (
            (max(100, eta + 20 * sigma_b), True),
            (min(-100, eta - 20 * sigma_b), False),
        ):
            is_solution, vertex = solve(initial)
            if is_solution:
                bounds.append(np.inf if upward else -np.inf)
                continue
            gap, iterations = 0.0, 1
            middle = shortcut(vertex)
            while True:
                is_solution, vertex = solve(middle)
                if is_solution:
                    break
                iterations += 1
                if iterations >= 10:
                    gap = _BISECTION_TOL + 1
                    break
                middle = shortcut(vertex)
            low, high = (eta, middle) if upward else (middle, eta)
            while gap > _BISECTION_TOL and iterations < 10000:
                iterations += 1
                middle = (low + high) / 2
                if solve(middle)[0] == upward:
                    low = middle
                else:
                    high = middle
                gap = high - low
            bounds.append(middle)
        return bounds[1], bounds[0]

    def conditional_test(
        self, moments: np.ndarray, *, alpha: float, kappa: float, lf_cv: float
    ) -> bool:
        """Return True when the LF-hybrid conditional test rejects at these moments."""
        eta_values, best = self.eta(moments[:, None])
        eta, vertex_index = float(eta_values[0]), int(best[0])
        if eta > lf_cv:
            return True
        size = (alpha - kappa) / (1 - kappa)
        pieces = self._primal_pieces[vertex_index]
        if pieces is None:
            gamma = self.vertices[vertex_index]
            sigma_b = float(np.sqrt(gamma @ self.sigma @ gamma))
            if sigma_b < 1e-10:
                return eta > 0
            v_lo, v_up = self._dual_truncation(moments, eta, gamma)
        else:
            v_b, gamma_b, sigma_b, rho = pieces
            with np.errstate(divide="ignore", invalid="ignore"):
                bound = -(gamma_b @ moments) / rho + float(v_b @ moments)
            v_lo = bound[rho > 0].max() if (rho > 0).any() else -np.inf
            v_up = bound[rho < 0].min() if (rho < 0).any() else np.inf
        z_lo, z_up = v_lo / sigma_b, min(v_up, lf_cv) / sigma_b
        statistic = eta / sigma_b
        if not z_lo <= statistic <= z_up:
            return False
        critical = max(0.0, float(truncnorm.ppf(1 - size, z_lo, z_up)))
        return statistic > critical
