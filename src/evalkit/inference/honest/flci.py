"""Fixed-length confidence intervals under smoothness restrictions, Delta^SD(M).

Rambachan & Roth (2023), section 4.1: among affine estimators ``a + v'beta`` of
``theta = l'tau_post``, pick the one whose worst-case bias over ``Delta^SD(M)`` and standard
deviation give the shortest interval ``v'beta +- h * cv_alpha(bias / h)``, where
``cv_alpha(t)`` is the ``1 - alpha`` quantile of ``|N(t, 1)|``.

The computation follows HonestDiD 0.2.6 step by step so the intervals agree with R's:
the bias-minimising weights for a given standard deviation ``h`` solve a small
second-order-cone programme (here with SLSQP on the same ``(U, w)`` parametrisation R passes to
ECOS); ``h`` is found by R's bisection on a numerical derivative between the minimum-variance
``h`` and the ``h`` of the bias-free estimator; and the folded-normal quantile is R's simulated
one (10^6 normal draws after ``set.seed(0)``, reproduced exactly by :mod:`.rng`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.optimize import minimize

from evalkit.errors import EstimationError
from evalkit.inference.honest.rng import r_rnorm

_FOLDED_NORMAL_DRAWS = 10**6


@lru_cache(maxsize=4)
def _sorted_normal_draws(seed: int) -> np.ndarray:
    return np.sort(r_rnorm(_FOLDED_NORMAL_DRAWS, seed))


def _folded_order_statistic(draws: np.ndarray, split: int, mean: float, rank: int) -> float:
    """Return the ``rank``-th smallest (0-based) of ``|draws + mean|`` for sorted ``draws``.

    The folded values are two sorted runs: ``-(draws[split - 1 - i] + mean)`` for the draws
    below ``-mean`` and ``draws[split + i] + mean`` for the others. The order statistic of their
    union is found by bisection on how many values the first run contributes (O(log n)); every
    value is computed with the same floating-point operations as ``abs(draws + mean)``, so the
    result is the one a full partition of the folded array gives, bit for bit.
    """
    n_low, n_high = split, draws.size - split

    def low_run(i: int) -> float:
        return -(float(draws[split - 1 - i]) + mean)

    def high_run(i: int) -> float:
        return float(draws[split + i]) + mean

    take = rank + 1  # values taken from the union, the largest of which is the answer
    first, last = max(0, take - n_high), min(take, n_low)
    while True:
        from_low = (first + last) // 2
        from_high = take - from_low
        if from_low < n_low and from_high > 0 and high_run(from_high - 1) > low_run(from_low):
            first = from_low + 1
        elif from_low > 0 and from_high < n_high and low_run(from_low - 1) > high_run(from_high):
            last = from_low - 1
        else:
            candidates = []
            if from_low > 0:
                candidates.append(low_run(from_low - 1))
            if from_high > 0:
                candidates.append(high_run(from_high - 1))
            return max(candidates)


def folded_normal_quantile(prob: float, mean: float, *, seed: int = 0) -> float:
    """Return HonestDiD's simulated ``prob`` quantile of ``|N(mean, 1)|``.

    Equal to R's ``quantile(abs(rnorm(1e6) + mean), prob)`` after ``set.seed(seed)``
    (type 7, :func:`.rng.r_quantile`), computed from the two order statistics it needs on the
    sorted draws instead of partitioning a million values: the FLCI's searches evaluate it
    hundreds of times per interval.

    Examples
    --------
    >>> round(folded_normal_quantile(0.95, 0.0), 2)
    1.96

    """
    draws = _sorted_normal_draws(seed)
    mean = float(mean)
    split = int(np.searchsorted(draws, -mean, side="left"))
    index = (draws.size - 1) * prob
    low = int(np.floor(index))
    high = min(low + 1, draws.size - 1)
    at_low = _folded_order_statistic(draws, split, mean, low)
    at_high = _folded_order_statistic(draws, split, mean, high)
    weight = index - low
    if weight == 0 or at_high == at_low:
        return at_low
    return float((1 - weight) * at_low + weight * at_high)


@dataclass(frozen=True)
class _VarianceForm:
    """Variance of the affine estimator as a quadratic in the stacked ``(U, w)``."""

    quadratic: np.ndarray
    linear: np.ndarray
    constant: float

    def __call__(self, x: np.ndarray) -> float:
        return float(x @ self.quadratic @ x + self.linear @ x + self.constant)

    def gradient(self, x: np.ndarray) -> np.ndarray:
        return 2 * self.quadratic @ x + self.linear


def _w_to_l(n_pre: int) -> np.ndarray:
    """Matrix taking pre-period weights ``w`` to coefficients ``l_pre`` (first differences)."""
    matrix = np.eye(n_pre)
    matrix[np.arange(1, n_pre), np.arange(n_pre - 1)] = -1.0
    return matrix


def _variance_form(sigma: np.ndarray, n_pre: int, l_vec: np.ndarray) -> _VarianceForm:
    sigma_pre = sigma[:n_pre, :n_pre]
    sigma_pre_post = sigma[:n_pre, n_pre:]
    sigma_post = float(l_vec @ sigma[n_pre:, n_pre:] @ l_vec)
    stacked = np.hstack([np.zeros((n_pre, n_pre)), _w_to_l(n_pre)])
    return _VarianceForm(
        quadratic=stacked.T @ sigma_pre @ stacked,
        linear=2 * stacked.T @ sigma_pre_post @ l_vec,
        constant=sigma_post,
    )


class _FLCIProblem:
    """The optimisation problems of the FLCI for one ``(sigma, l_vec)``."""

    def __init__(self, sigma: np.ndarray, n_pre: int, l_vec: np.ndarray) -> None:
        self.n_pre = n_pre
        self.l_vec = l_vec
        n_post = l_vec.size
        self.weight_sum = float(np.arange(1, n_post + 1) @ l_vec)
        self.bias_constant = float(
            sum(abs(np.arange(1, s + 1) @ l_vec[n_post - s :]) for s in range(1, n_post + 1))
            - self.weight_sum
        )
        self.variance = _variance_form(sigma, n_pre, l_vec)
        lower = np.tril(np.ones((n_pre, n_pre)))
        self.abs_matrix = np.vstack(
            [np.hstack([-np.eye(n_pre), lower]), np.hstack([-np.eye(n_pre), -lower])]
        )
        self.sum_row = np.concatenate([np.zeros(n_pre), np.ones(n_pre)])
        self._biases: dict[float, tuple[float, np.ndarray]] = {}

    def h_for_minimum_bias(self) -> float:
        """Return the SD of the estimator putting all weight on the last pre-period."""
        weights = np.zeros(self.n_pre)
        weights[-1] = self.weight_sum
        return float(np.sqrt(self.variance(np.concatenate([np.zeros(self.n_pre), weights]))))

    def lowest_h(self) -> float:
        """Smallest attainable standard deviation (equality-constrained quadratic programme)."""
        k = self.n_pre
        quadratic = self.variance.quadratic[k:, k:]
        linear = self.variance.linear[k:]
        kkt = np.block([[2 * quadratic, np.ones((k, 1))], [np.ones((1, k)), np.zeros((1, 1))]])
        rhs = np.concatenate([-linear, [self.weight_sum]])
        weights = np.linalg.solve(kkt, rhs)[:k]
        return float(np.sqrt(self.variance(np.concatenate([np.zeros(k), weights]))))

    def worst_case_bias(self, h: float) -> tuple[float, np.ndarray]:
        """Minimal worst-case bias (for M = 1) with standard deviation at most ``h``.

        Returns the bias and the pre-period coefficients ``l_pre`` of the estimator. The
        programme does not involve ``M``, so its solutions are kept per ``h``: the searches for
        different ``M`` (a sensitivity grid, a breakdown bisection) start from the same ``h``.
        """
        if h not in self._biases:
            self._biases[h] = self._solve_bias(h)
        bias, l_pre = self._biases[h]
        return bias, l_pre.copy()

    def _solve_bias(self, h: float) -> tuple[float, np.ndarray]:
        k = self.n_pre
        start_weights = np.full(k, self.weight_sum / k)
        start = np.concatenate([np.abs(np.cumsum(start_weights)) + 1.0, start_weights])
        objective_row = np.concatenate([np.ones(k), np.zeros(k)])
        constraints = [
            {
                "type": "ineq",
                "fun": lambda x: -self.abs_matrix @ x,
                "jac": lambda x: -self.abs_matrix,
            },
            {
                "type": "eq",
                "fun": lambda x: np.array([self.sum_row @ x - self.weight_sum]),
                "jac": lambda x: self.sum_row[None, :],
            },
            {
                "type": "ineq",
                "fun": lambda x: np.array([(h**2 - self.variance(x)) / h**2]),
                "jac": lambda x: -self.variance.gradient(x)[None, :] / h**2,
            },
        ]
        solution = minimize(
            lambda x: objective_row @ x,
            start,
            jac=lambda x: objective_row,
            constraints=constraints,
            method="SLSQP",
            options={"ftol": 1e-15, "maxiter": 1000},
        )
        if not solution.success and self.variance(solution.x) > h**2 * (1 + 1e-6):
            raise EstimationError(
                f"FLCI: no estimator with standard deviation <= {h:.6g} ({solution.message})"
            )
        weights = solution.x[k:]
        bias = self.bias_constant + float(np.abs(np.cumsum(weights)).sum())
        return bias, _w_to_l(k) @ weights


_PROBLEMS: dict[tuple, _FLCIProblem] = {}
_PROBLEMS_KEPT = 8


def _problem(sigma: np.ndarray, n_pre: int, l_vec: np.ndarray) -> _FLCIProblem:
    """Return the (shared) problem of ``(sigma, n_pre, l_vec)``, keyed by their exact bytes."""
    sigma = np.ascontiguousarray(sigma, dtype=float)
    l_vec = np.ascontiguousarray(l_vec, dtype=float)
    key = (sigma.shape, sigma.tobytes(), int(n_pre), l_vec.tobytes())
    if key not in _PROBLEMS:
        if len(_PROBLEMS) >= _PROBLEMS_KEPT:
            del _PROBLEMS[next(iter(_PROBLEMS))]
        _PROBLEMS[key] = _FLCIProblem(sigma, int(n_pre), l_vec)
    return _PROBLEMS[key]


def _optimal_h(
    problem: _FLCIProblem, low: float, high: float, m: float, alpha: float, n_points: int
) -> float:
    """R's ``.findOptimalCIDerivativeBisection`` (NaN when it reports failure)."""

    def half_length(h: float) -> float:
        bias, _ = problem.worst_case_bias(h)
        return folded_normal_quantile(1 - alpha, m * bias / h) * h

    eps = np.finfo(float).eps
    fail_tol = eps**0.5
    step = min((high - low) / n_points, abs(high) * eps ** (1 / 3))
    f_low, f_high = half_length(low), half_length(high)
    slope_low = (half_length(low + step) - f_low) / step
    slope_high = (half_length(high - step) - f_high) / -step
    max_iter = 10 * int(np.ceil(np.log(abs(high - low) / step) / np.log(2)))
    if slope_low > slope_high or np.isnan(f_low) or np.isnan(f_high):
        return float("nan")
    if slope_high < 0:
        return high
    if slope_low > 0:
        return low
    iteration = 1
    while abs(high - low) > step:
        iteration += 1
        middle = (low + high) / 2
        slope = (half_length(middle + step) - half_length(middle - step)) / (2 * step)
        if slope > slope_high + fail_tol or slope + fail_tol < slope_low or iteration > max_iter:
            return float("nan")
        if slope > 0:
            high = middle
        else:
            low = middle
    return (low + high) / 2


def flci(
    betahat: np.ndarray,
    sigma: np.ndarray,
    n_pre: int,
    l_vec: np.ndarray,
    m: float,
    *,
    alpha: float = 0.05,
    n_points: int = 100,
) -> tuple[float, float]:
    """Return the optimal fixed-length confidence interval for ``l'tau_post`` under Delta^SD(M).

    Parameters
    ----------
    betahat, sigma : numpy.ndarray
        Event-study coefficients (pre-periods first, reference period excluded) and their
        covariance.
    n_pre : int
        Number of pre-periods.
    l_vec : numpy.ndarray
        Weights on the post-period coefficients defining the target.
    m : float
        Bound on the change in slope of the trend difference between consecutive periods.
    alpha : float
        One minus the coverage.
    n_points : int
        Grid size of R's fallback search over ``h``.

    Returns
    -------
    (float, float)
        Lower and upper bound.

    Examples
    --------
    >>> sigma = np.diag([0.01, 0.01, 0.01])
    >>> low, high = flci(np.array([0.0, 0.0, 1.0]), sigma, 2, np.array([1.0]), 0.0)
    >>> round(high - low, 3)  # unbiased under a linear trend: sd sqrt(0.012), not 0.1
    0.43

    """
    problem = _problem(sigma, n_pre, l_vec)
    h_zero_bias = problem.h_for_minimum_bias()
    h_min = problem.lowest_h()
    h_star = _optimal_h(problem, h_min, h_zero_bias, m, alpha, n_points)
    if np.isnan(h_star):
        grid = np.linspace(h_min, h_zero_bias, n_points)
        lengths = [
            folded_normal_quantile(1 - alpha, m * problem.worst_case_bias(h)[0] / h) * h
            for h in grid
        ]
        h_star = float(grid[int(np.argmin(lengths))])
    bias, l_pre = problem.worst_case_bias(h_star)
    half_length = folded_normal_quantile(1 - alpha, m * bias / h_star) * h_star
    centre = float(np.concatenate([l_pre, l_vec]) @ betahat)
    return centre - half_length, centre + half_length
