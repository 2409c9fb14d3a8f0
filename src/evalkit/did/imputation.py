"""Borusyak, Jaravel & Spiess (2024) imputation estimator.

1. Fit ``y_it = a_i + l_t`` by least squares on the untreated observations only (never treated
   and not yet treated). The fixed effects are never put in a design matrix: eliminating the
   unit effects leaves a ``T x T`` system in the period effects,
   ``(diag(n_t) - U' diag(1/n_i) U) l = U'y - U' ybar``, with ``U`` the untreated-cell
   indicator (units x periods); the unit effects follow as ``a_i = mean_t(y_it - l_t)`` over
   the unit's untreated periods. A cohort with a single untreated year is fine (its unit
   effects rest on that year alone).
2. Impute ``Y_it(0) = a_i + l_t`` for every treated observation; ``tau_it = y_it - Y_it(0)``.
3. Average: by event time ``e = t - g`` (equal weight per treated observation) and overall
   (all treated observations, BJS's default static target).

Standard errors: BJS's conservative clustered variance (their Theorem 3) with treated
residuals ``tau_it - mean(tau | cohort, event time)`` (without their leave-out correction),
``V = sum_c (sum_{it in c} v_it e_it)**2`` where ``v`` are the estimator's implied weights on
each observation; normal reference distribution, as BJS. Pre-trend coefficients (``e < 0``)
come from BJS's separate test: a regression on the untreated observations of the outcome on
unit and period effects and dummies for the ``pretrends`` periods before treatment (CRV1, K
counting all fixed effects, t(G-1) for the test); their covariance with the post-treatment
effects is set to zero.
"""

from __future__ import annotations

import warnings
from types import MappingProxyType

import numpy as np
import pandas as pd

from evalkit.deprecation import renamed_keywords
from evalkit.did.data import _check_periods
from evalkit.did.event_study import EventStudyResult, pretrend_test, validated_panel
from evalkit.did.twfe import fe_regression
from evalkit.errors import EstimationError


def _period_system(untreated: np.ndarray, unit_counts: np.ndarray) -> np.ndarray:
    """Return ``diag(n_t) - U' diag(1/n_i) U``, the normal equations of the period effects."""
    scaled = untreated / unit_counts[:, None]
    return np.diag(untreated.sum(axis=0)) - scaled.T @ untreated


def _solve_effects(
    system: np.ndarray,
    untreated: np.ndarray,
    unit_counts: np.ndarray,
    unit_totals: np.ndarray,
    period_totals: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Solve ``Z'Z (a, l) = (unit_totals, period_totals)`` for unit and period effects.

    ``unit_totals`` is ``(n, k)`` and ``period_totals`` ``(T, k)``; the period effects are the
    minimum-norm solution (one normalisation per connected panel), which leaves ``a_i + l_t``
    unique.
    """
    unit_means = unit_totals / unit_counts[:, None]
    rhs = period_totals - untreated.T @ unit_means
    period_effect = np.linalg.lstsq(system, rhs, rcond=None)[0]
    unit_effect = unit_means - (untreated @ period_effect) / unit_counts[:, None]
    return unit_effect, period_effect


@renamed_keywords(clustervar="clustervars")
def imputation(
    data: pd.DataFrame,
    yname: str,
    tname: str,
    idname: str,
    gname: str,
    *,
    horizons: int | None = None,
    pretrends: int = 0,
    clustervars: str | None = None,
    allow_unbalanced_panel: bool = True,
) -> EventStudyResult:
    """Estimate treatment effects by imputation (Borusyak, Jaravel & Spiess 2024).

    Parameters
    ----------
    data : pandas.DataFrame
        Long panel, one row per unit and period.
    yname, tname, idname, gname : str
        Outcome, period, unit and first-treated-period (0 = never treated) columns.
    horizons : int, optional
        Report event times ``0..horizons``; default all observed. The overall effect always
        averages all treated observations.
    pretrends : int
        Number of pre-treatment periods in BJS's pre-trend regression (0: none).
    clustervars : str, optional
        Cluster column (time-invariant); defaults to ``idname``.
    allow_unbalanced_panel : bool
        Keep units with missing years (default); otherwise they are dropped with a warning.

    Returns
    -------
    EventStudyResult
        ``estimator="imputation"``; effects by event time and their covariance, the overall
        ATT; ``df`` is None (normal reference).

    Raises
    ------
    EstimationError
        If no treated observation can be imputed. Treated observations whose unit or period
        has no untreated observation are left out with a warning that counts them.

    Examples
    --------
    >>> from evalkit.simulate import simulate_staggered_panel
    >>> sim = simulate_staggered_panel(n_units=500, n_periods=6, noise_sd=0.01, random_state=4)
    >>> fit = imputation(sim.data, "y", "year", "unit", "first_treated")
    >>> round(fit.overall_estimate, 2)
    1.0
    """
    _check_periods("pretrends", pretrends, example=3)
    clustervars = clustervars or idname
    panel = validated_panel(
        data,
        yname,
        tname,
        idname,
        gname,
        clustervars=clustervars,
        allow_unbalanced_panel=allow_unbalanced_panel,
    )
    outcome, periods, first = panel.outcome, panel.periods, panel.first_treated
    observed = np.isfinite(outcome)
    treated = (first[:, None] > 0) & (periods[None, :] >= first[:, None]) & observed
    untreated = observed & ~treated
    unit_counts = untreated.sum(axis=1).astype(float)
    needs_unit = treated.any(axis=1) & (unit_counts == 0)
    needs_period = treated.any(axis=0) & ~untreated.any(axis=0)
    if needs_unit.any() or needs_period.any():
        cannot = treated & (needs_unit[:, None] | needs_period[None, :])
        warnings.warn(
            f"{int(cannot.sum())} treated observation(s) left out: {int(needs_unit.sum())} "
            f"treated unit(s) without an untreated year (e.g. "
            f"{panel.unit_ids[needs_unit][:3].tolist()}) and period(s) "
            f"{periods[needs_period].tolist()} without untreated units; rule: Y(0) is imputed "
            "from untreated observations of the same unit and period",
            stacklevel=2,
        )
        treated &= ~cannot
        observed &= ~cannot
    if not treated.any():
        raise EstimationError(
            f"no treated observation of {yname!r} can be imputed; rule: treated units need an "
            "untreated year and treated periods untreated units; fix: add never-treated or "
            "later-treated units"
        )
    safe_counts = np.maximum(unit_counts, 1.0)
    y0 = np.where(untreated, outcome, 0.0)
    untreated_cells = untreated.astype(float)
    system = _period_system(untreated_cells, safe_counts)
    unit_effect, period_effect = _solve_effects(
        system,
        untreated_cells,
        safe_counts,
        y0.sum(axis=1)[:, None],
        y0.sum(axis=0)[:, None],
    )
    residual = outcome - (unit_effect + period_effect.T)  # tau_it on treated cells
    untreated_residual = np.where(untreated, residual, 0.0)

    event = np.rint(periods[None, :] - first[:, None]).astype(np.int64)
    event_times = np.unique(event[treated])
    if horizons is not None:
        event_times = event_times[event_times <= horizons]
    # targets: one column per event time, then the overall ATT; each treated cell has weight
    # 1/count in its event time's column (or none, beyond ``horizons``) and 1/N1 in the last
    n_units, n_periods = outcome.shape
    cell_rows, cell_cols = np.nonzero(treated)
    cell_event = event[cell_rows, cell_cols]
    n_targets = event_times.size + 1
    lookup = np.full(2 * n_periods + 1, n_targets - 1)
    lookup[event_times + n_periods] = np.arange(event_times.size)
    column = lookup[cell_event + n_periods]
    in_range = column < event_times.size
    counts = np.bincount(column, minlength=n_targets).astype(float)
    counts[-1] = cell_rows.size
    tau = residual[cell_rows, cell_cols]
    estimates = np.bincount(column, weights=tau, minlength=n_targets) / counts
    estimates[-1] = tau.mean()
    cell_weight = np.where(in_range, 1.0 / counts[column], 0.0)
    overall_weight = 1.0 / cell_rows.size

    def by_target(index: np.ndarray, size: int, values: np.ndarray) -> np.ndarray:
        """Sum ``values * weight`` of treated cells by ``index`` for every target column."""
        flat = np.bincount(
            index * n_targets + column, weights=values * cell_weight, minlength=size * n_targets
        ).reshape(size, n_targets)
        flat[:, -1] = np.bincount(index, weights=values, minlength=size) * overall_weight
        return flat

    ones = np.ones(cell_rows.size)
    # implied weights on untreated observations: v0 = -Z0 (Z0'Z0)^- Z1' w
    alpha, lam = _solve_effects(
        system,
        untreated_cells,
        safe_counts,
        by_target(cell_rows, n_units, ones),
        by_target(cell_cols, n_periods, ones),
    )
    # treated residuals: tau minus its cohort x event-time mean
    cohort_index = np.searchsorted(np.unique(first), first[cell_rows])
    key = cohort_index * (2 * n_periods + 1) + cell_event + n_periods
    key_mean = np.bincount(key, weights=tau) / np.maximum(np.bincount(key), 1)
    treated_residual = tau - key_mean[key]
    # untreated part per unit: sum_t U_it e_it (-(alpha_i + lam_t)), no n x T x k array
    scores = by_target(cell_rows, n_units, treated_residual)
    scores -= untreated_residual.sum(axis=1)[:, None] * alpha + untreated_residual @ lam
    if panel.clusters is None:
        clusters = np.arange(n_units)
    else:
        clusters = panel.clusters
        scores = np.column_stack(
            [np.bincount(clusters, weights=scores[:, k]) for k in range(n_targets)]
        )
    n_clusters = scores.shape[0]
    vcov = scores.T @ scores

    post_vcov = vcov[:-1, :-1]
    all_times, all_estimates, full_vcov = event_times, estimates[:-1], post_vcov
    pre_test = None
    if pretrends:
        lead_times = np.arange(-pretrends, 0)
        rows, cols = np.nonzero(untreated)
        lead = event[rows, cols]
        is_treated_unit = first[rows] > 0
        dummies = (is_treated_unit[:, None] & (lead[:, None] == lead_times[None, :])).astype(float)
        present = dummies.any(axis=0)
        lead_times, dummies = lead_times[present], dummies[:, present]
        if lead_times.size:
            fit = fe_regression(
                outcome[rows, cols], dummies, rows, cols, clusters[rows], clustervar=clustervars
            )
            pre_test = pretrend_test(fit.coef, fit.vcov, fit.n_clusters - 1)
            all_times = np.r_[lead_times, event_times]
            all_estimates = np.r_[fit.coef, estimates[:-1]]
            full_vcov = np.zeros((all_times.size, all_times.size))
            k = lead_times.size
            full_vcov[:k, :k] = fit.vcov
            full_vcov[k:, k:] = post_vcov
    return EventStudyResult(
        estimator="imputation",
        event_time=all_times.astype(int),
        estimate=all_estimates,
        vcov=full_vcov,
        df=None,
        overall_estimate=float(estimates[-1]),
        overall_se=float(np.sqrt(vcov[-1, -1])),
        n_obs=int(observed.sum()),
        n_units=n_units,
        n_clusters=n_clusters,
        settings=MappingProxyType(
            {
                "yname": yname,
                "tname": tname,
                "idname": idname,
                "gname": gname,
                "horizons": horizons,
                "pretrends": pretrends,
                "reference_period": "none (leads compare with periods before -pretrends)",
                "clustervar": clustervars,
                "n_treated_obs": int(cell_rows.size),
                "n_untreated_obs": int(untreated.sum()),
                "bjs_pretrend_test": pre_test,
                "vcov": "BJS conservative clustered variance (no leave-out), normal; "
                "pre-trend coefficients CRV1 from the untreated-sample regression",
                "overall": "mean of tau_it over all treated observations",
            }
        ),
    )
