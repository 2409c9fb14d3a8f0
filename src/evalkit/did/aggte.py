"""Aggregations of ATT(g, t) into summary effects, following R ``did``'s ``aggte``.

* ``simple``: post-treatment ATT(g, t) averaged with weights proportional to cohort size.
* ``dynamic``: event-study effects by ``e = t - g`` (cohort-size weights within ``e``); the
  overall effect is the mean over ``e >= 0``.
* ``group``: mean post-treatment effect of each cohort; overall weighted by cohort size.
* ``calendar``: effects by period (cohort-size weights); overall is their mean.

The influence function of an aggregate is the weighted sum of the ATT(g, t) influence
functions plus, where the weights are estimated cohort shares, the estimation effect of the
shares (R's ``wif``); analytic standard errors are ``sqrt(mean(psi**2) / n)``.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Literal

import numpy as np
from scipy import sparse, stats

from evalkit.did.bootstrap import TINY_SE, analytic_se, multiplier_bootstrap
from evalkit.did.results import AggregateResult, GroupTimeResult
from evalkit.errors import EstimationError

AggregationType = Literal["simple", "dynamic", "group", "calendar"]


class _Weights:
    """Cohort shares and the estimation effect of weights built from them."""

    def __init__(self, fit: GroupTimeResult, cohorts: np.ndarray):
        w = fit.unit_weights
        self.cohorts = cohorts
        member = fit.first_treated[:, None] == cohorts[None, :]
        self.share = (w[:, None] * member).mean(axis=0)
        self.centred = w[:, None] * member - self.share[None, :]

    def coefficients(self, cohort_index: np.ndarray, att: np.ndarray, total: float) -> np.ndarray:
        """Coefficients on ``centred`` of the estimation effect of weights ``share_k / total``.

        The aggregate ``sum_k share[c_k] att_k / total`` has the weight-estimation influence
        ``centred @ coefficients`` (R ``did``'s ``wif(...) %*% att``).
        """
        pg = self.share[cohort_index]
        by_cohort = np.bincount(cohort_index, weights=att, minlength=self.cohorts.size)
        counts = np.bincount(cohort_index, minlength=self.cohorts.size).astype(float)
        return by_cohort / total - counts * (pg @ att) / total**2


def _combine_influence(influence: np.ndarray, cell_weights: np.ndarray) -> np.ndarray:
    """Return ``influence @ cell_weights`` exploiting that each aggregate uses few cells."""
    weights_t = sparse.csr_matrix(cell_weights.T)
    if influence.flags.f_contiguous:
        return np.asarray(weights_t @ influence.T).T
    return influence @ cell_weights


def _recode(values: np.ndarray, grid: np.ndarray) -> np.ndarray:
    return np.searchsorted(grid, values) + 1


def aggte(
    result: GroupTimeResult,
    type: AggregationType = "simple",
    *,
    min_e: float = -np.inf,
    max_e: float = np.inf,
    balance_e: int | None = None,
    na_rm: bool = False,
    bstrap: bool = False,
    biters: int = 1000,
    cband: bool = False,
    alp: float = 0.05,
    random_state: int | np.random.Generator | None = None,
) -> AggregateResult:
    """Aggregate group-time ATTs into simple, dynamic, group or calendar effects.

    Parameters
    ----------
    result : GroupTimeResult
        Output of :func:`~evalkit.did.att_gt`.
    type : {"simple", "dynamic", "group", "calendar"}
        Aggregation.
    min_e, max_e : float
        Event-time window of the dynamic effects; ``max_e`` also limits the post-treatment
        cells of "simple" and "group" (in periods after ``g``).
    balance_e : int, optional
        Dynamic only: keep the cohorts observed for at least ``balance_e`` periods after
        treatment, so every event time has the same cohorts.
    na_rm : bool
        Drop ATT(g, t) that could not be estimated instead of raising.
    bstrap : bool
        Multiplier-bootstrap standard errors instead of analytic ones.
    biters : int
        Bootstrap draws.
    cband : bool
        Uniform (sup-t) bands over the disaggregated effects (always by bootstrap).
    alp : float
        Significance level of the bands.
    random_state : int or numpy.random.Generator, optional
        Seed of the bootstrap.

    Returns
    -------
    AggregateResult

    Examples
    --------
    >>> from evalkit.simulate import simulate_staggered_panel
    >>> from evalkit.did import att_gt
    >>> sim = simulate_staggered_panel(n_units=600, n_periods=6, random_state=3)
    >>> fit = att_gt(sim.data, "y", "year", "unit", "first_treated")
    >>> out = aggte(fit, "dynamic")
    >>> out.tidy().columns[:2].tolist()
    ['term', 'event_time']
    """
    if type not in ("simple", "dynamic", "group", "calendar"):
        raise EstimationError(
            f"type={type!r} is not an aggregation; rule: one of 'simple', 'dynamic', 'group', "
            "'calendar'; fix: e.g. aggte(result, 'dynamic')"
        )
    if balance_e is not None and type != "dynamic":
        raise EstimationError("balance_e only applies to type='dynamic'; fix: drop balance_e")
    group, time, att, influence = result.group, result.time, result.att, result.influence
    missing = np.isnan(att)
    if missing.any():
        if not na_rm:
            cells = ", ".join(
                f"({g:g},{t:g})" for g, t in zip(group[missing], time[missing], strict=True)
            )
            raise EstimationError(
                f"ATT(g,t) could not be estimated for cells {cells}; rule: aggregates need all "
                "cells; fix: pass na_rm=True to drop them, or change control_group/covariates"
            )
        keep = ~missing
        group, time, att, influence = group[keep], time[keep], att[keep], influence[:, keep]

    grid = np.unique(np.concatenate([np.unique(time), np.unique(group)]))
    time_r, group_r = _recode(time, grid), _recode(group, grid)
    cohorts = np.unique(group)
    weights = _Weights(result, cohorts)
    cohort_index = np.searchsorted(cohorts, group)
    pg = weights.share[cohort_index]

    n_cells = att.size

    def combine(which: np.ndarray, share_weights: bool) -> tuple[np.ndarray, np.ndarray]:
        """Cell weights and cohort-share coefficients of one aggregate (linear in psi)."""
        idx = np.flatnonzero(which)
        cells = np.zeros(n_cells)
        shares = np.zeros(cohorts.size)
        if idx.size == 0:
            return np.full(n_cells, np.nan), shares
        total = pg[idx].sum()
        cells[idx] = pg[idx] / total
        if share_weights:
            shares = weights.coefficients(cohort_index[idx], att[idx], total)
        return cells, shares

    labels = np.array([], dtype=float)
    parts: list[tuple[np.ndarray, np.ndarray]] = []
    if type == "simple":
        overall = combine((group_r <= time_r) & (time_r <= group_r + max_e), True)
    elif type == "group":
        labels = cohorts
        parts = [
            combine((group == g) & (group_r <= time_r) & (time_r <= group_r + max_e), False)
            for g in cohorts
        ]
        by_cohort = np.column_stack([p[0] for p in parts])
        share = weights.share / weights.share.sum()
        overall = (
            by_cohort @ share,
            weights.coefficients(np.arange(cohorts.size), by_cohort.T @ att, weights.share.sum()),
        )
    elif type == "dynamic":
        event = time - group
        include = np.ones(n_cells, dtype=bool)
        eseq = np.unique(event)
        if balance_e is not None:
            include = (grid[-1] - group) >= balance_e
            eseq = np.unique(event[include])
            eseq = eseq[(eseq <= balance_e) & (eseq >= balance_e - grid[-1] + grid[0])]
        labels = eseq[(eseq >= min_e) & (eseq <= max_e)]
        parts = [combine((event == e) & include, True) for e in labels]
        positive = np.flatnonzero(labels >= 0)
        if positive.size == 0:
            overall = (np.full(n_cells, np.nan), np.zeros(cohorts.size))
        else:
            overall = (
                np.mean([parts[j][0] for j in positive], axis=0),
                np.mean([parts[j][1] for j in positive], axis=0),
            )
    else:
        periods = np.unique(time_r[time_r >= group_r.min()])
        labels = grid[periods - 1]
        parts = [combine((time_r == t) & (group_r <= time_r), True) for t in periods]
        overall = (np.mean([p[0] for p in parts], axis=0), np.mean([p[1] for p in parts], axis=0))

    cell_weights = np.column_stack([*(p[0] for p in parts), overall[0]])
    share_coef = np.column_stack([*(p[1] for p in parts), overall[1]])
    estimates = cell_weights.T @ att
    everything = _combine_influence(influence, np.nan_to_num(cell_weights))
    everything += weights.centred @ share_coef
    everything[:, np.isnan(cell_weights).any(axis=0)] = np.nan
    psi = everything[:, :-1]
    band = np.r_[np.ones(psi.shape[1], bool), False]
    crit = float(stats.norm.ppf(1 - alp / 2))
    if bstrap or (cband and psi.shape[1] > 0):
        boot = multiplier_bootstrap(
            everything,
            result.clusters,
            biters=biters,
            alp=alp,
            random_state=random_state,
            band=band,
        )
        if cband and psi.shape[1] > 0:
            crit = boot.crit_val
    se = boot.std_error if bstrap else analytic_se(everything, result.clusters)
    se = np.where(se <= TINY_SE, np.nan, se)
    return AggregateResult(
        type=type,
        overall_att=float(estimates[-1]),
        overall_se=float(se[-1]),
        labels=np.asarray(labels, dtype=float),
        att=estimates[:-1],
        std_error=se[:-1],
        crit_val=crit,
        influence=psi,
        overall_influence=everything[:, -1],
        clusters=result.clusters,
        settings=MappingProxyType(
            {
                **result.settings,
                "type": type,
                "min_e": min_e,
                "max_e": max_e,
                "balance_e": balance_e,
                "bstrap": bstrap,
                "biters": biters,
                "cband": cband,
                "alp": alp,
            }
        ),
    )
