"""Simplex-constrained, ridge-regularised weights by Frank-Wolfe, many problems at once.

The solver follows the algorithm of the R ``synthdid`` package (Arkhangelsky et al. 2021):
Frank-Wolfe with exact line search on ``||A x - b||^2 + n * zeta^2 * ||x||^2`` over the unit
simplex, optional column centring (an intercept), a stop once the penalised objective
decreases by less than ``min_decrease^2`` in one step or after ``max_iter`` steps, and a
two-stage "sparsify" procedure: a first run of at most 100 steps, weights at or below a
quarter of the largest set to zero, then a second run from there.

Every function works on a *batch* of problems of the same shape, so that placebo and
leave-one-out refits run as one vectorised loop. Rows (``row_mask``) and columns
(``col_mask``) can be switched off per problem: a masked row does not enter the fit (nor the
intercept), a masked column keeps weight zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FIRST_STAGE_MAX_ITER = 100
SPARSIFY_SHARE = 0.25


@dataclass(frozen=True)
class SimplexFit:
    """Weights of a batch of Frank-Wolfe problems and how the solver stopped.

    Attributes
    ----------
    weights : numpy.ndarray
        ``(batch, k)`` weights, each row on the unit simplex.
    iterations : numpy.ndarray
        Frank-Wolfe steps taken per problem.
    objective : numpy.ndarray
        Final penalised objective ``zeta^2 ||x||^2 + ||A x - b||^2 / n`` per problem.
    """

    weights: np.ndarray
    iterations: np.ndarray
    objective: np.ndarray


def _centre(values: np.ndarray, row_mask: np.ndarray) -> np.ndarray:
    """Subtract each column's mean over the unmasked rows; zero the masked rows."""
    rows = row_mask[:, :, None]
    counts = rows.sum(axis=1, keepdims=True)
    means = np.where(rows, values, 0.0).sum(axis=1, keepdims=True) / counts
    return np.where(rows, values - means, 0.0)


def frank_wolfe(
    design: np.ndarray,
    target: np.ndarray,
    *,
    zeta: np.ndarray | float,
    intercept: bool,
    init: np.ndarray | None = None,
    min_decrease: np.ndarray | float = 1e-3,
    max_iter: int = 10_000,
    row_mask: np.ndarray | None = None,
    col_mask: np.ndarray | None = None,
) -> SimplexFit:
    """Minimise ``||A x - b||^2 + n zeta^2 ||x||^2`` over the simplex for a batch of problems.

    Parameters
    ----------
    design : numpy.ndarray
        ``A``, shape ``(batch, n, k)`` (or ``(n, k)`` for one problem).
    target : numpy.ndarray
        ``b``, shape ``(batch, n)`` (or ``(n,)``).
    zeta : float or numpy.ndarray
        Ridge penalty scale, one per problem or shared.
    intercept : bool
        Centre each column of ``[A b]`` over the rows first (a free intercept).
    init : numpy.ndarray, optional
        Starting weights ``(batch, k)``; default uniform over the unmasked columns.
    min_decrease : float or numpy.ndarray
        Stop when one step lowers the objective by ``min_decrease**2`` or less.
    max_iter : int
        Stop after this many steps.
    row_mask, col_mask : numpy.ndarray of bool, optional
        ``(batch, n)`` and ``(batch, k)``: rows that enter the fit and columns that may get
        weight. ``n`` in the penalty is the number of unmasked rows.

    Returns
    -------
    SimplexFit

    Examples
    --------
    >>> A = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> fit = frank_wolfe(A, np.array([0.25, 0.75]), zeta=0.0, intercept=False)
    >>> np.round(fit.weights[0], 3)
    array([0.25, 0.75])
    """
    single = design.ndim == 2
    design = np.array(design[None] if single else design, dtype=float)
    target = np.array(target[None] if single else target, dtype=float)
    batch, n_rows, n_cols = design.shape
    row_mask = np.ones((batch, n_rows), bool) if row_mask is None else np.asarray(row_mask)
    col_mask = np.ones((batch, n_cols), bool) if col_mask is None else np.asarray(col_mask)
    if intercept:
        stacked = _centre(np.concatenate([design, target[:, :, None]], axis=2), row_mask)
        design, target = stacked[:, :, :-1], stacked[:, :, -1]
    else:
        design = np.where(row_mask[:, :, None], design, 0.0)
        target = np.where(row_mask, target, 0.0)
    design = np.where(col_mask[:, None, :], design, 0.0)
    n_used = row_mask.sum(axis=1).astype(float)
    zeta_sq = np.broadcast_to(np.asarray(zeta, dtype=float) ** 2, (batch,)).copy()
    eta = n_used * zeta_sq
    threshold = np.broadcast_to(np.asarray(min_decrease, dtype=float) ** 2, (batch,)).copy()
    if init is None:
        weights = col_mask / col_mask.sum(axis=1, keepdims=True)
    else:
        weights = np.where(col_mask, np.asarray(init, dtype=float), 0.0)
    weights = np.array(weights, dtype=float)

    # Each step only moves x towards one vertex, so A x, A'A x and ||x||^2 are updated in
    # O(n + k) per problem instead of recomputed: the iterates are R's, the cost is not.
    gram = design.transpose(0, 2, 1) @ design
    cross = np.einsum("bnk,bn->bk", design, target)
    residual = np.einsum("bnk,bk->bn", design, weights) - target
    gram_x = np.einsum("bkj,bj->bk", gram, weights)
    rows = np.arange(batch)
    iterations = np.zeros(batch, dtype=int)
    objective = np.full(batch, np.nan)
    previous = np.full(batch, np.nan)
    active = np.ones(batch, bool)
    step_count = 0
    while active.any() and step_count < max_iter:
        step_count += 1
        half_grad = gram_x - cross + eta[:, None] * weights
        best = np.argmin(np.where(col_mask, half_grad, np.inf), axis=1)
        err_direction = design[rows, :, best] - target - residual
        norm_direction = (weights**2).sum(axis=1) - 2 * weights[rows, best] + 1.0
        denominator = (err_direction**2).sum(axis=1) + eta * norm_direction
        numerator = (np.where(col_mask, half_grad, 0.0) * weights).sum(axis=1)
        numerator -= half_grad[rows, best]
        moving = active & (weights[rows, best] != 1.0) & (denominator > 0)
        step = np.zeros(batch)
        step[moving] = np.clip(numerator[moving] / denominator[moving], 0.0, 1.0)
        weights *= (1.0 - step)[:, None]
        weights[rows, best] += step
        residual += step[:, None] * err_direction
        gram_x = (1.0 - step)[:, None] * gram_x + step[:, None] * gram[rows, :, best]
        value = zeta_sq * (weights**2).sum(axis=1) + (residual**2).sum(axis=1) / n_used
        objective[active] = value[active]
        iterations[active] = step_count
        done = active & (step_count >= 2) & ~(previous - value > threshold)
        previous = np.where(active, value, previous)
        active &= ~done
    return SimplexFit(weights=weights, iterations=iterations, objective=objective)


def sparsify(weights: np.ndarray) -> np.ndarray:
    """Zero weights at or below a quarter of each row's largest weight, then renormalise.

    Examples
    --------
    >>> np.round(sparsify(np.array([[0.5, 0.1, 0.4]])), 4)
    array([[0.5556, 0.    , 0.4444]])
    """
    weights = np.atleast_2d(weights)
    kept = np.where(weights <= SPARSIFY_SHARE * weights.max(axis=1, keepdims=True), 0.0, weights)
    return kept / kept.sum(axis=1, keepdims=True)


def two_stage_weights(
    design: np.ndarray,
    target: np.ndarray,
    *,
    zeta: np.ndarray | float,
    intercept: bool,
    min_decrease: np.ndarray | float,
    max_iter: int = 10_000,
    init: np.ndarray | None = None,
    row_mask: np.ndarray | None = None,
    col_mask: np.ndarray | None = None,
    sparse: bool = True,
) -> SimplexFit:
    """Frank-Wolfe weights with the synthdid two-stage sparsify procedure.

    A first run of at most 100 steps, :func:`sparsify`, then a second run of at most
    ``max_iter`` steps from the sparsified weights. With ``sparse=False`` a single run of
    ``max_iter`` steps. Arguments as in :func:`frank_wolfe`.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> A = rng.normal(size=(20, 5))
    >>> b = A @ np.array([0.6, 0.4, 0, 0, 0])
    >>> fit = two_stage_weights(A, b, zeta=1e-6, intercept=False, min_decrease=1e-8)
    >>> np.round(fit.weights[0], 2)
    array([0.6, 0.4, 0. , 0. , 0. ])
    """
    options = {
        "zeta": zeta,
        "intercept": intercept,
        "min_decrease": min_decrease,
        "row_mask": row_mask,
        "col_mask": col_mask,
    }
    if not sparse:
        return frank_wolfe(design, target, init=init, max_iter=max_iter, **options)
    first = frank_wolfe(design, target, init=init, max_iter=FIRST_STAGE_MAX_ITER, **options)
    return frank_wolfe(design, target, init=sparsify(first.weights), max_iter=max_iter, **options)
