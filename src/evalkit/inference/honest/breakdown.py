"""Breakdown values: the smallest restriction at which the robust confidence set includes 0.

For ``Delta^SD(M)`` the breakdown value is the smallest ``M`` whose FLCI contains 0; for
``Delta^RM(Mbar)`` the smallest ``Mbar`` at which the C-LF test accepts ``theta = 0``
(Rambachan & Roth 2023, section 5). Both are found by bisection, assuming, as the nested
restriction sets suggest, that once 0 is in the set it stays in for larger bounds: first the
bound is doubled until 0 is covered (from ``start``), then the bracket is halved until it is
narrower than ``tol``. The value returned is the upper end of the final bracket, so the set at
the returned bound includes 0 and the set at ``value - tol`` does not (unless the value is 0).
0 means the conventional-style set at the smallest bound already includes 0 (no effect is
detected even under exact parallel trends or linear extrapolation); ``inf`` means 0 stays out
up to ``max_bound``.

The relative-magnitude test at ``theta = 0`` is evaluated directly (one grid point), so the
breakdown value is not limited to the resolution of R's reporting grid.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from evalkit.errors import EstimationError
from evalkit.inference.honest.flci import flci
from evalkit.inference.honest.relative_magnitudes import relative_magnitude_accept


def _bisect(covers: Callable[[float], bool], start: float, tol: float, max_bound: float) -> float:
    if tol <= 0 or start <= 0:
        raise EstimationError(f"tol={tol} and start={start} must be positive")
    if covers(0.0):
        return 0.0
    low, high = 0.0, start
    while not covers(high):
        low, high = high, 2 * high
        if high > max_bound:
            return float("inf")
    while high - low > tol:
        middle = (low + high) / 2
        if covers(middle):
            high = middle
        else:
            low = middle
    return float(high)


def breakdown_smoothness(
    betahat: np.ndarray,
    sigma: np.ndarray,
    n_pre: int,
    l_vec: np.ndarray,
    *,
    alpha: float = 0.05,
    start: float = 0.01,
    tol: float = 1e-4,
    max_bound: float = 100.0,
) -> float:
    """Return the smallest ``M`` at which the ``Delta^SD(M)`` FLCI for ``l'tau_post`` covers 0.

    Parameters
    ----------
    betahat, sigma : numpy.ndarray
        Event-study coefficients (pre-periods first, reference period excluded), covariance.
    n_pre : int
        Number of pre-periods.
    l_vec : numpy.ndarray
        Target weights on the post-period coefficients.
    alpha : float
        One minus the coverage.
    start : float
        First upper bracket (doubled until 0 is covered).
    tol : float
        Width of the final bracket, in units of ``M``.
    max_bound : float
        Give up (return ``inf``) beyond this bound.

    Examples
    --------
    >>> sigma = np.eye(3) * 1e-4
    >>> value = breakdown_smoothness(np.array([0.0, 0.0, 0.2]), sigma, 2, np.array([1.0]))
    >>> low, high = flci(np.array([0.0, 0.0, 0.2]), sigma, 2, np.array([1.0]), value)
    >>> bool(low <= 0 <= high)
    True

    """

    def covers(m: float) -> bool:
        low, high = flci(betahat, sigma, n_pre, l_vec, m, alpha=alpha)
        return low <= 0.0 <= high

    return _bisect(covers, start, tol, max_bound)


def breakdown_relative_magnitude(
    betahat: np.ndarray,
    sigma: np.ndarray,
    n_pre: int,
    l_vec: np.ndarray,
    *,
    alpha: float = 0.05,
    start: float = 0.5,
    tol: float = 1e-3,
    max_bound: float = 100.0,
) -> float:
    """Return the smallest ``Mbar`` at which the ``Delta^RM(Mbar)`` C-LF test accepts 0.

    Parameters are as in :func:`breakdown_smoothness`, with ``tol`` in units of ``Mbar``.

    Examples
    --------
    >>> beta = np.array([0.01, -0.01, 0.3, 0.3])
    >>> value = breakdown_relative_magnitude(beta, np.eye(4) * 1e-4, 2, np.array([1.0, 0.0]))
    >>> bool(0 < value < 100)
    True

    """
    zero = np.array([0.0])

    def covers(mbar: float) -> bool:
        # at Mbar = 0 some moments have zero variance (rounded to -1e-20): numpy warns on sqrt
        with np.errstate(invalid="ignore", divide="ignore"):
            accept = relative_magnitude_accept(
                betahat, sigma, n_pre, l_vec, mbar, zero, alpha=alpha
            )
        return bool(accept[0])

    return _bisect(covers, start, tol, max_bound)


__all__ = ["breakdown_relative_magnitude", "breakdown_smoothness"]
