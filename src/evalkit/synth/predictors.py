"""ADH predictor weights: donor weights that match pre-period predictor averages.

Abadie, Diamond & Hainmueller (2010) choose donor weights ``W`` to minimise
``(x1 - X0 W)' V (x1 - X0 W)`` over the simplex, for predictors standardised by their
standard deviation across units, with the diagonal ``V`` chosen to minimise the pre-period
mean squared gap of the outcome. Here ``V`` is parametrised by a softmax and searched by
Nelder-Mead from equal weights; the inner simplex-constrained least squares is solved by
non-negative least squares with the sum-to-one constraint as a heavily weighted extra row.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize

from evalkit.errors import EstimationError
from evalkit.synth.setup import SynthSetup
from evalkit.validate import require_columns

SUM_TO_ONE_WEIGHT = 1e4


@dataclass(frozen=True)
class PredictorFit:
    """Donor weights from predictors, the predictor weights ``V`` and the balance table."""

    omega: np.ndarray
    v_weights: pd.Series
    balance: pd.DataFrame


def predictor_matrix(
    data: pd.DataFrame, setup: SynthSetup, *, unit: str, time: str, predictors: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Pre-period means of ``predictors``: ``(k, N0)`` for donors and ``(k,)`` for treated."""
    require_columns(data, {f"predictors[{i}]": p for i, p in enumerate(predictors)})
    pre_years = setup.years[: setup.n_pre]
    rows = data[data[time].isin(pre_years)]
    means = rows.groupby(unit)[predictors].mean()
    units = [*setup.donors, setup.treated_unit]
    means = means.reindex(units)
    if means.isna().any().any():
        bad = means.index[means.isna().any(axis=1)].tolist()
        raise EstimationError(
            f"predictors {predictors}: no pre-period value for unit(s) {bad[:10]}; fix: drop "
            "those predictors or exclude the units from the donor pool"
        )
    values = means.to_numpy(dtype=float).T
    return values[:, :-1], values[:, -1]


def _inner_weights(v: np.ndarray, donors_x: np.ndarray, treated_x: np.ndarray) -> np.ndarray:
    scale = np.sqrt(v)[:, None]
    design = np.vstack([scale * donors_x, np.full((1, donors_x.shape[1]), SUM_TO_ONE_WEIGHT)])
    target = np.r_[scale[:, 0] * treated_x, SUM_TO_ONE_WEIGHT]
    weights, _ = optimize.nnls(design, target)
    return weights / weights.sum()


def fit_predictor_weights(
    controls_pre: np.ndarray,
    treated_pre: np.ndarray,
    donors_x: np.ndarray,
    treated_x: np.ndarray,
    names: list[str],
    *,
    v_weights: dict[str, float] | None = None,
) -> PredictorFit:
    """Choose ``V`` (unless given) and the donor weights it implies.

    Parameters
    ----------
    controls_pre, treated_pre : numpy.ndarray
        ``(N0, T0)`` donor and ``(T0,)`` treated pre-period outcomes, which judge a ``V``.
    donors_x, treated_x : numpy.ndarray
        Predictor means from :func:`predictor_matrix`.
    names : list of str
        Predictor names.
    v_weights : dict, optional
        Fixed predictor weights (normalised to sum to one); default: chosen by the data.

    Returns
    -------
    PredictorFit
    """
    spread = np.hstack([donors_x, treated_x[:, None]]).std(axis=1, ddof=1)
    spread[spread == 0] = 1.0
    donors_z, treated_z = donors_x / spread[:, None], treated_x / spread

    def softmax(theta: np.ndarray) -> np.ndarray:
        expo = np.exp(np.r_[0.0, theta] - np.max(np.r_[0.0, theta]))
        return expo / expo.sum()

    def loss(theta: np.ndarray) -> float:
        omega = _inner_weights(softmax(theta), donors_z, treated_z)
        return float(np.mean((treated_pre - omega @ controls_pre) ** 2))

    if v_weights is not None:
        v = np.array([v_weights[name] for name in names], dtype=float)
        v = v / v.sum()
    elif len(names) == 1:
        v = np.ones(1)
    else:
        best = optimize.minimize(
            loss,
            np.zeros(len(names) - 1),
            method="Nelder-Mead",
            options={"xatol": 1e-3, "fatol": 1e-8, "maxiter": 200 * len(names)},
        )
        v = softmax(best.x)
    omega = _inner_weights(v, donors_z, treated_z)
    balance = pd.DataFrame(
        {
            "predictor": names,
            "v_weight": v,
            "treated": treated_x,
            "synthetic": donors_x @ omega,
            "donor_mean": donors_x.mean(axis=1),
        }
    )
    return PredictorFit(omega=omega, v_weights=pd.Series(v, index=names), balance=balance)


def placebo_predictor_weights(
    controls_pre: np.ndarray,
    donors_x: np.ndarray,
    names: list[str],
    v_weights: dict[str, float],
) -> np.ndarray:
    """Donor weights of each placebo-in-space refit, keeping the treated unit's ``V``.

    Parameters
    ----------
    controls_pre : numpy.ndarray
        ``(N0, T0)`` donor pre-period outcomes.
    donors_x : numpy.ndarray
        ``(k, N0)`` donor predictor means from :func:`predictor_matrix`.
    names : list of str
        Predictor names.
    v_weights : dict
        The treated unit's predictor weights.

    Returns
    -------
    numpy.ndarray
        ``(N0, N0)``: row ``j`` holds the weights of donor ``j``'s placebo (zero at ``j``).
    """
    n_donors = controls_pre.shape[0]
    omega = np.zeros((n_donors, n_donors))
    for j in range(n_donors):
        others = np.arange(n_donors) != j
        omega[j, others] = fit_predictor_weights(
            controls_pre[others],
            controls_pre[j],
            donors_x[:, others],
            donors_x[:, j],
            names,
            v_weights=v_weights,
        ).omega
    return omega
