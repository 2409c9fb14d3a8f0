"""Absorbing fixed effects: demeaning by alternating projections.

Sweeping out unit and year means in turn converges to the residual of a regression on both
sets of dummies, without building the dummy matrix, for balanced and unbalanced panels.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

from evalkit.errors import EstimationError


def _group_demean(values: np.ndarray, codes: np.ndarray, counts: np.ndarray) -> np.ndarray:
    sums = np.zeros((counts.size, values.shape[1]))
    np.add.at(sums, codes, values)
    return values - (sums / counts[:, None])[codes]


def demean(
    values: np.ndarray,
    unit_codes: np.ndarray,
    time_codes: np.ndarray,
    *,
    tol: float = 1e-12,
    max_iter: int = 10_000,
) -> np.ndarray:
    """Remove unit and time fixed effects from each column of ``values``.

    Parameters
    ----------
    values : numpy.ndarray
        ``(n, k)`` array of variables to demean.
    unit_codes, time_codes : numpy.ndarray
        Integer codes ``0..G-1`` of each row's unit and time period.
    tol : float
        Stop when the largest change in one sweep is below ``tol`` times the data's scale.
    max_iter : int
        Maximum number of sweeps.

    Returns
    -------
    numpy.ndarray
        Residuals of the two-way fixed-effects projection, same shape as ``values``.

    Examples
    --------
    >>> y = np.array([[1.0], [2.0], [3.0], [5.0]])
    >>> demean(y, np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1])).ravel().round(6).tolist()
    [0.25, -0.25, -0.25, 0.25]

    """
    values = np.asarray(values, dtype=float)
    if values.ndim == 1:
        values = values[:, None]
    unit_counts = np.bincount(unit_codes).astype(float)
    time_counts = np.bincount(time_codes).astype(float)
    scale = max(1.0, float(np.abs(values).max(initial=0.0)))
    current = values
    for _ in range(max_iter):
        updated = _group_demean(
            _group_demean(current, unit_codes, unit_counts), time_codes, time_counts
        )
        if np.abs(updated - current).max(initial=0.0) < tol * scale:
            return updated
        current = updated
    raise EstimationError(
        f"fixed-effect demeaning did not converge in {max_iter} sweeps; rule: unit and time "
        "effects must be identified; fix: drop units observed in a single period"
    )


def connected_components(unit_codes: np.ndarray, time_codes: np.ndarray) -> int:
    """Count the connected components of the bipartite graph of units and periods.

    Each component makes one unit or period effect redundant, so a regression on both sets of
    dummies has rank ``units + periods - components``. With common year effects on a
    connected panel this is 1; with province-by-year effects (periods labelled by province and
    year) it is the number of provinces.

    Parameters
    ----------
    unit_codes, time_codes : numpy.ndarray
        Integer codes ``0..G-1`` of each row's unit and period (as for :func:`demean`).

    Returns
    -------
    int

    Examples
    --------
    >>> connected_components(np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1]))
    1
    >>> connected_components(np.array([0, 0, 1, 1]), np.array([0, 1, 2, 3]))
    2
    """
    n_units = int(unit_codes.max()) + 1
    n_periods = int(time_codes.max()) + 1
    edges = sparse.coo_matrix(
        (np.ones(unit_codes.size), (unit_codes, n_units + time_codes)),
        shape=(n_units + n_periods, n_units + n_periods),
    )
    count, _ = csgraph.connected_components(edges, directed=False)
    return int(count)
