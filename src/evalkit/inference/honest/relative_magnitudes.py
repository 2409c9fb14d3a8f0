"""Confidence sets under relative-magnitude restrictions, Delta^RM(Mbar), by the C-LF test.

``Delta^RM(Mbar)``: every post-period change in the trend difference is at most ``Mbar`` times
the largest pre-period change (Rambachan & Roth 2023, section 2.4). The set is a union over the
pre-period change ``s`` attaining the maximum and its sign; for each piece the ARP conditional
test with the least-favourable hybrid is inverted on a grid of ``theta``, as HonestDiD's
``computeConditionalCS_DeltaRM`` does, and a grid point is in the confidence set when any piece
accepts it. The grid is R's: ``grid_points`` equally spaced values over
``+- 20 sqrt(l' Sigma_post l)`` unless given.
"""

from __future__ import annotations

import numpy as np

from evalkit.inference.honest.arp import MomentInequalities


def relative_magnitude_constraints(
    n_pre: int, n_post: int, mbar: float, s: int, *, max_positive: bool
) -> np.ndarray:
    """Return ``A`` with ``Delta^RM_{s,sign}(Mbar) = {delta : A delta <= 0}`` (R .create_A_RM).

    Columns are the pre- and post-period ``delta`` without the reference period.

    Examples
    --------
    >>> (relative_magnitude_constraints(1, 1, 1.0, 0, max_positive=True) + 0.0).tolist()
    [[1.0, 1.0], [2.0, 0.0], [1.0, -1.0]]

    """
    n_total = n_pre + n_post
    differences = np.zeros((n_total, n_total + 1))
    differences[np.arange(n_total), np.arange(n_total)] = -1.0
    differences[np.arange(n_total), np.arange(1, n_total + 1)] = 1.0
    largest = np.zeros(n_total + 1)
    largest[n_pre + s - 1 : n_pre + s + 1] = (-1.0, 1.0)
    if not max_positive:
        largest = -largest
    upper = np.vstack([np.tile(largest, (n_pre, 1)), np.tile(mbar * largest, (n_post, 1))])
    matrix = np.vstack([differences - upper, -differences - upper])
    matrix = matrix[(matrix**2).sum(axis=1) > 1e-10]
    return np.delete(matrix, n_pre, axis=1)


def _gamma_basis(l_vec: np.ndarray) -> np.ndarray:
    """Invertible matrix with ``l'`` as first row (pivot columns of ``[l, I]``, like R's rref)."""
    candidates = np.column_stack([l_vec, np.eye(l_vec.size)])
    chosen: list[int] = []
    for column in range(candidates.shape[1]):
        trial = candidates[:, [*chosen, column]]
        if np.linalg.matrix_rank(trial) == len(chosen) + 1:
            chosen.append(column)
        if len(chosen) == l_vec.size:
            break
    return candidates[:, chosen].T


def relative_magnitude_accept(
    betahat: np.ndarray,
    sigma: np.ndarray,
    n_pre: int,
    l_vec: np.ndarray,
    mbar: float,
    grid: np.ndarray,
    *,
    alpha: float = 0.05,
    kappa: float | None = None,
    post_period_moments_only: bool = True,
    seed: int = 0,
) -> np.ndarray:
    """Return a boolean array: which ``grid`` values of ``l'tau_post`` the C-LF test accepts.

    Parameters
    ----------
    betahat, sigma : numpy.ndarray
        Event-study coefficients (pre-periods first, reference period excluded) and covariance.
    n_pre : int
        Number of pre-periods.
    l_vec : numpy.ndarray
        Weights on the post-period coefficients.
    mbar : float
        Relative-magnitude bound.
    grid : numpy.ndarray
        Candidate values of the target.
    alpha : float
        Size of the test.
    kappa : float, optional
        Size of the least-favourable first stage; ``alpha / 10`` as in R.
    post_period_moments_only : bool
        Use only the moments involving post-period coefficients (R's default).
    seed : int
        Seed of R's least-favourable simulation.

    Examples
    --------
    >>> beta = np.array([0.0, 0.0, 0.0, 0.0])
    >>> accept = relative_magnitude_accept(beta, np.eye(4) * 1e-4, 2, np.array([1.0, 0.0]),
    ...                                    1.0, np.array([-1.0, 0.0, 1.0]))
    >>> accept.tolist()
    [False, True, False]

    """
    kappa = alpha / 10 if kappa is None else kappa
    n_post = l_vec.size
    if n_post < 2:
        raise NotImplementedError(
            "relative magnitudes with a single post-period (ARP without nuisance parameters) "
            "are not implemented; fix: pass at least two post-periods"
        )
    inverse_gamma = np.linalg.inv(_gamma_basis(l_vec))
    accept = np.zeros(grid.size, dtype=bool)
    for s in range(-(n_pre - 1), 1):
        for max_positive in (True, False):
            matrix = relative_magnitude_constraints(
                n_pre, n_post, mbar, s, max_positive=max_positive
            )
            if post_period_moments_only:
                rows = np.flatnonzero((matrix[:, n_pre:] != 0).any(axis=1))
            else:
                rows = np.arange(matrix.shape[0])
            transformed = matrix[:, n_pre:] @ inverse_gamma
            moments = MomentInequalities(
                nuisance=transformed[rows, 1:],
                sigma=(matrix @ sigma @ matrix.T)[np.ix_(rows, rows)],
            )
            lf_cv = moments.least_favourable_cv(kappa, seed=seed)
            centre = (matrix @ betahat)[rows]
            slope = transformed[rows, 0]
            for index, theta in enumerate(grid):
                if accept[index]:
                    continue
                accept[index] = not moments.conditional_test(
                    centre - slope * theta, alpha=alpha, kappa=kappa, lf_cv=lf_cv
                )
    return accept
