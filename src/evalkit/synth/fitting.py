"""The synthdid family on an outcome matrix: synthetic DiD, synthetic control and DiD.

One function, :func:`fit_batch`, computes unit weights (omega), time weights (lambda) and the
estimate for a batch of problems that share the donor matrix but differ in the treated row
and in which donor is left out. The actual fit is a batch of one; placebo-in-space and
leave-one-out refits are larger batches of the same computation.

Defaults follow the R ``synthdid`` package (``synthdid_estimate``, ``sc_estimate``,
``did_estimate``): noise level = standard deviation of the first differences of the donors'
pre-period outcomes; ``zeta_omega = (N_tr T_post)^(1/4) * noise`` for synthetic DiD and
``1e-6 * noise`` for synthetic control; ``zeta_lambda = 1e-6 * noise``; ``min_decrease =
1e-5 * noise``; at most 10,000 Frank-Wolfe steps after a 100-step first stage and sparsify.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from evalkit.synth.weights import two_stage_weights

Method = Literal["synthdid", "sc", "did"]
ETA_LAMBDA = 1e-6
ETA_OMEGA_SC = 1e-6
MIN_DECREASE_SHARE = 1e-5
MAX_ITER = 10_000


@dataclass(frozen=True)
class FitSpec:
    """Settings of one estimator, fixed from the actual fit and reused by its placebos.

    Attributes
    ----------
    method : {"synthdid", "sc", "did"}
        Which estimator.
    noise_level : float
        Standard deviation of first differences of donor pre-period outcomes.
    zeta_omega, zeta_lambda : float
        Ridge penalty scales of the unit and time weights.
    min_decrease : float
        Frank-Wolfe stopping threshold (on the square root of the objective decrease).
    max_iter : int
        Frank-Wolfe step limit of the second stage.
    sparsify : bool
        Use the two-stage sparsify procedure.
    """

    method: Method
    noise_level: float
    zeta_omega: float
    zeta_lambda: float
    min_decrease: float
    max_iter: int = MAX_ITER
    sparsify: bool = True

    @property
    def omega_intercept(self) -> bool:
        """Synthetic DiD fits unit weights with an intercept; synthetic control does not."""
        return self.method == "synthdid"

    @classmethod
    def default(
        cls,
        method: Method,
        controls: np.ndarray,
        n_pre: int,
        n_post: int,
        *,
        eta_omega: float | None = None,
    ) -> FitSpec:
        """Return the R package's default settings for ``method`` on this donor matrix."""
        noise = float(np.std(np.diff(controls[:, :n_pre], axis=1), ddof=1))
        if eta_omega is None:
            eta_omega = ETA_OMEGA_SC if method == "sc" else float(n_post) ** 0.25
        return cls(
            method=method,
            noise_level=noise,
            zeta_omega=eta_omega * noise,
            zeta_lambda=ETA_LAMBDA * noise,
            min_decrease=MIN_DECREASE_SHARE * noise,
        )


@dataclass(frozen=True)
class BatchFit:
    """Weights, estimates and paths of a batch of fits (first axis: problem).

    Attributes
    ----------
    omega : numpy.ndarray
        ``(B, N0)`` unit weights (zero for the left-out donor).
    lam : numpy.ndarray
        ``(B, T0)`` time weights.
    estimate : numpy.ndarray
        ``(B,)`` average post-period effects.
    synthetic : numpy.ndarray
        ``(B, T)`` counterfactual paths (including the synthetic DiD / DiD level shift).
    gap : numpy.ndarray
        ``(B, T)`` treated minus synthetic.
    """

    omega: np.ndarray
    lam: np.ndarray
    estimate: np.ndarray
    synthetic: np.ndarray
    gap: np.ndarray


def fit_batch(
    controls: np.ndarray,
    treated: np.ndarray,
    n_pre: int,
    spec: FitSpec,
    *,
    left_out: np.ndarray | None = None,
    omega_init: np.ndarray | None = None,
    lambda_init: np.ndarray | None = None,
    fixed_omega: np.ndarray | None = None,
) -> BatchFit:
    """Fit a batch of single-treated-unit problems on one donor matrix.

    Parameters
    ----------
    controls : numpy.ndarray
        ``(N0, T)`` donor outcomes.
    treated : numpy.ndarray
        ``(B, T)`` treated rows, one per problem.
    n_pre : int
        Number of pre-periods ``T0``.
    spec : FitSpec
        Estimator settings.
    left_out : numpy.ndarray of int, optional
        ``(B,)`` index of the donor left out of each problem (``-1``: none). A placebo puts
        donor ``j``'s row in ``treated`` and leaves ``j`` out.
    omega_init, lambda_init : numpy.ndarray, optional
        Starting weights ``(B, N0)`` / ``(B, T0)``; default uniform.
    fixed_omega : numpy.ndarray, optional
        ``(B, N0)`` unit weights to use as given (e.g. from ADH predictor weights).

    Returns
    -------
    BatchFit

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> controls = rng.normal(size=(6, 8)).cumsum(axis=1)
    >>> treated = controls[:3].mean(axis=0) + np.r_[np.zeros(5), np.full(3, 2.0)]
    >>> spec = FitSpec.default("did", controls, 5, 3)
    >>> fit = fit_batch(controls, treated[None], 5, spec)
    >>> fit.omega.round(3)[0]
    array([0.167, 0.167, 0.167, 0.167, 0.167, 0.167])
    """
    treated = np.atleast_2d(treated)
    batch = treated.shape[0]
    n_donors = controls.shape[0]
    left_out = np.full(batch, -1) if left_out is None else np.asarray(left_out)
    keep = np.ones((batch, n_donors), bool)
    rows = np.flatnonzero(left_out >= 0)
    keep[rows, left_out[rows]] = False
    pre, post = controls[:, :n_pre], controls[:, n_pre:]
    solver = {"min_decrease": spec.min_decrease, "max_iter": spec.max_iter, "sparse": spec.sparsify}
    if spec.method == "synthdid":
        lam = two_stage_weights(
            np.broadcast_to(pre, (batch, *pre.shape)),
            np.broadcast_to(post.mean(axis=1), (batch, n_donors)),
            zeta=spec.zeta_lambda,
            intercept=True,
            init=lambda_init,
            row_mask=keep,
            **solver,
        ).weights
    elif spec.method == "sc":
        lam = np.zeros((batch, n_pre))
    else:
        lam = np.full((batch, n_pre), 1.0 / n_pre)
    if fixed_omega is not None:
        omega = np.asarray(fixed_omega, dtype=float)
    elif spec.method == "did":
        omega = keep / keep.sum(axis=1, keepdims=True)
    else:
        omega = two_stage_weights(
            np.broadcast_to(pre.T, (batch, *pre.T.shape)),
            treated[:, :n_pre],
            zeta=spec.zeta_omega,
            intercept=spec.omega_intercept,
            init=omega_init,
            col_mask=keep,
            **solver,
        ).weights
    weighted = omega @ controls
    difference = treated - weighted
    shift = (difference[:, :n_pre] * lam).sum(axis=1)
    synthetic = weighted + shift[:, None]
    gap = treated - synthetic
    estimate = gap[:, n_pre:].mean(axis=1)
    return BatchFit(omega=omega, lam=lam, estimate=estimate, synthetic=synthetic, gap=gap)
