"""Two-group, two-period DiD estimators for panel data with their influence functions.

The doubly robust (Sant'Anna & Zhao 2020, "traditional" locally efficient), normalized inverse
probability weighted (Abadie 2005) and outcome regression (Heckman, Ichimura & Todd 1997)
estimators, written from the formulas of R ``DRDID`` 1.2 (``drdid_panel``,
``std_ipw_did_panel``, ``reg_did_panel``) including its propensity-score trimming of comparison
units at 0.995 and its asymptotic linear representations of the logit and least-squares steps.

The functions are batched: ``delta_y`` may hold several outcome changes (columns) that share
the same treated and comparison units and covariates, e.g. all periods of one cohort against
the never treated; the logit and the least-squares cross-product are computed once.
"""

from __future__ import annotations

import warnings
from typing import Literal

import numpy as np
from scipy.special import expit

EstMethod = Literal["dr", "ipw", "reg"]

TRIM_LEVEL = 0.995
PS_CEILING = 1 - 1e-6
OVERLAP_LIMIT = 0.999


class CellError(Exception):
    """A 2x2 comparison cannot be estimated (no overlap, singular design, no units)."""


def logit(
    covariates: np.ndarray, treated: np.ndarray, weights: np.ndarray, *, max_iter: int = 100
) -> np.ndarray:
    """Fit a weighted logit by Newton-Raphson and return its coefficients.

    Parameters
    ----------
    covariates : numpy.ndarray
        ``(n, k)`` design matrix including the intercept.
    treated : numpy.ndarray
        ``(n,)`` 0/1 outcome.
    weights : numpy.ndarray
        ``(n,)`` non-negative weights.
    max_iter : int
        Maximum Newton steps; a warning is issued if the fit has not converged by then.

    Returns
    -------
    numpy.ndarray
        ``(k,)`` maximum-likelihood coefficients (agree with R ``glm`` to ~1e-10).

    Examples
    --------
    >>> x = np.column_stack([np.ones(4), [0.0, 1.0, 2.0, 3.0]])
    >>> logit(x, np.array([0.0, 1.0, 0.0, 1.0]), np.ones(4)).round(4).tolist()
    [-1.3623, 0.9082]
    """
    share = np.clip((weights @ treated) / weights.sum(), 1e-10, 1 - 1e-10)
    beta = np.zeros(covariates.shape[1])
    beta[0] = np.log(share / (1 - share))
    for _ in range(max_iter):
        prob = expit(covariates @ beta)
        gradient = covariates.T @ (weights * (treated - prob))
        hessian = (covariates * (weights * prob * (1 - prob))[:, None]).T @ covariates
        try:
            step = np.linalg.solve(hessian, gradient)
        except np.linalg.LinAlgError as error:
            raise CellError("the propensity-score design matrix is singular") from error
        beta = beta + step
        if np.max(np.abs(step)) <= 1e-11 * (1 + np.max(np.abs(beta))):
            return beta
    warnings.warn(
        "propensity-score logit did not converge (possible perfect separation)", stacklevel=2
    )
    return beta


def _propensity(covariates, treated, weights):
    n = treated.size
    prob = expit(covariates @ logit(covariates, treated, weights))
    if prob.max() >= OVERLAP_LIMIT:
        raise CellError("overlap fails: some propensity scores are >= 0.999")
    prob = np.minimum(prob, PS_CEILING)
    info = (covariates * (prob * (1 - prob) * weights)[:, None]).T @ covariates
    if np.linalg.cond(info) > 1 / np.finfo(float).eps:
        raise CellError("the propensity-score design matrix is singular")
    linear_rep = (covariates * (weights * (treated - prob))[:, None]) @ (np.linalg.inv(info) * n)
    keep = np.where(treated == 1, 1.0, (prob < TRIM_LEVEL).astype(float))
    return prob, keep, linear_rep


def _comparison_regression(delta_y, covariates, treated, weights):
    n = treated.size
    control_weights = weights * (1 - treated)
    cross = (covariates * control_weights[:, None]).T @ covariates / n
    if (1 - treated).sum() == 0 or np.linalg.cond(cross) > 1 / np.finfo(float).eps:
        raise CellError("not enough comparison units to run the outcome regression")
    inverse = np.linalg.inv(cross)
    coef = inverse @ ((covariates * control_weights[:, None]).T @ delta_y / n)
    residual = delta_y - covariates @ coef
    return residual, control_weights[:, None] * residual, inverse


def panel_did(
    delta_y: np.ndarray,
    treated: np.ndarray,
    covariates: np.ndarray,
    weights: np.ndarray,
    method: EstMethod,
) -> tuple[np.ndarray, np.ndarray]:
    """Estimate 2x2 panel DiD ATTs and their influence functions for one or more outcomes.

    Parameters
    ----------
    delta_y : numpy.ndarray
        ``(n, m)`` post-minus-base outcome change of each unit, one column per comparison.
    treated : numpy.ndarray
        ``(n,)`` 1 for treated units, 0 for comparison units.
    covariates : numpy.ndarray
        ``(n, k)`` design matrix including the intercept column.
    weights : numpy.ndarray
        ``(n,)`` non-negative sampling weights (rescaled to mean one inside).
    method : {"dr", "ipw", "reg"}
        Doubly robust, normalized IPW or outcome regression.

    Returns
    -------
    att : numpy.ndarray
        ``(m,)`` ATT estimates.
    influence : numpy.ndarray
        ``(n, m)`` influence functions, ``var(att) = mean(influence**2) / n``.

    Raises
    ------
    CellError
        When overlap fails or a design matrix is singular (R ``did`` returns NA there).

    Examples
    --------
    >>> dy = np.array([[1.0], [3.0], [0.0], [1.0]])
    >>> d = np.array([1.0, 1.0, 0.0, 0.0])
    >>> att, inf = panel_did(dy, d, np.ones((4, 1)), np.ones(4), "reg")
    >>> float(att[0])
    1.5
    """
    n = treated.size
    weights = weights / weights.mean()
    if treated.sum() == 0:
        raise CellError("no treated units")
    if method == "reg":
        residual, weighted_resid, inverse = _comparison_regression(
            delta_y, covariates, treated, weights
        )
        w_treat = weights * treated
        fitted_change = delta_y - residual
        eta_treat = (w_treat @ delta_y) / w_treat.sum()
        eta_cont = (w_treat @ fitted_change) / w_treat.sum()
        inf_treat = w_treat[:, None] * (delta_y - eta_treat)
        inf_cont_1 = w_treat[:, None] * (fitted_change - eta_cont)
        lever = covariates @ (inverse @ (covariates.T @ w_treat / n))
        inf_control = inf_cont_1 + weighted_resid * lever[:, None]
        influence = (inf_treat - inf_control) / w_treat.mean()
        return eta_treat - eta_cont, influence

    prob, keep, ps_rep = _propensity(covariates, treated, weights)
    w_treat = keep * weights * treated
    w_cont = keep * weights * prob * (1 - treated) / (1 - prob)
    if w_cont.sum() == 0:
        raise CellError("all comparison units are trimmed (propensity scores >= 0.995)")
    if method == "ipw":
        eta_treat = (w_treat @ delta_y) / w_treat.sum()
        eta_cont = (w_cont @ delta_y) / w_cont.sum()
        inf_treat = w_treat[:, None] * (delta_y - eta_treat) / w_treat.mean()
        centred = delta_y - eta_cont
        inf_cont_1 = w_cont[:, None] * centred
        slope = covariates.T @ (w_cont[:, None] * centred) / n
        inf_control = (inf_cont_1 + ps_rep @ slope) / w_cont.mean()
        return eta_treat - eta_cont, inf_treat - inf_control

    residual, weighted_resid, inverse = _comparison_regression(
        delta_y, covariates, treated, weights
    )
    eta_treat = (w_treat @ residual) / w_treat.sum()
    eta_cont = (w_cont @ residual) / w_cont.sum()
    lever_treat = covariates @ (inverse @ (covariates.T @ w_treat / n))
    lever_cont = covariates @ (inverse @ (covariates.T @ w_cont / n))
    inf_treat = (
        w_treat[:, None] * (residual - eta_treat) - weighted_resid * lever_treat[:, None]
    ) / w_treat.mean()
    centred = residual - eta_cont
    slope = covariates.T @ (w_cont[:, None] * centred) / n
    inf_control = (
        w_cont[:, None] * centred + ps_rep @ slope - weighted_resid * lever_cont[:, None]
    ) / w_cont.mean()
    return eta_treat - eta_cont, inf_treat - inf_control
