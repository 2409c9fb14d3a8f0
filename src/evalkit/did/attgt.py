"""Group-time average treatment effects ATT(g, t) of Callaway & Sant'Anna (2021).

Mirrors R ``did``'s ``att_gt`` for panel data: every cohort ``g`` (first treated period) is
compared in every period ``t`` with a comparison group (never treated, or not yet treated by
``max(t, base) + anticipation``) across the base period (``g - anticipation - 1`` after
treatment; the previous period before it under ``base_period="varying"``, always
``g - anticipation - 1`` under "universal"). Each 2x2 comparison is one of the panel
estimators in :mod:`evalkit.did.drdid`; its influence function is scaled by ``n / n1`` and
placed in an ``n``-row matrix, so standard errors are ``sqrt(mean(psi**2) / n)``.

Speed: the panel is laid out once as a unit x period matrix. Without covariates the three
estimators reduce to a difference of (weighted) mean changes with a closed-form influence
function, computed for all cells at once. With covariates, cells that share treated and
comparison units (a cohort against the never treated) share one logit and one least-squares
cross-product.
"""

from __future__ import annotations

import warnings
from types import MappingProxyType
from typing import Literal

import numpy as np
import pandas as pd

from evalkit.did.bootstrap import analytic_se
from evalkit.did.data import DidPanel, _check_choice, _check_periods, prepare_panel
from evalkit.did.drdid import OVERLAP_LIMIT, TRIM_LEVEL, CellError, panel_did
from evalkit.did.results import GroupTimeResult
from evalkit.errors import EstimationError
from evalkit.memo import memoize

ControlGroup = Literal["nevertreated", "notyettreated"]
BasePeriod = Literal["varying", "universal"]
OPTIONS = {
    "control_group": ("nevertreated", "notyettreated"),
    "est_method": ("dr", "ipw", "reg"),
    "base_period": ("varying", "universal"),
}


def _cells(panel: DidPanel, base_period: str, anticipation: int):
    """Return (cohort, post index, base index, is_reference) of every ATT(g, t) in R's order."""
    periods = panel.periods
    cohorts = np.unique(panel.first_treated[panel.first_treated > 0])
    rows = []
    first_index = 1 if base_period == "varying" else 0
    for cohort in cohorts:
        last_pre = int(np.flatnonzero(periods + anticipation < cohort)[-1])
        for t in range(first_index, periods.size):
            if cohort <= periods[t] or base_period == "universal":
                base = last_pre
            else:
                base = t - 1
            rows.append((cohort, t, base, base == t))
    if not rows:
        raise EstimationError("no group-time cell to estimate; fix: add treated cohorts")
    cohort, post, base, reference = (np.array(column) for column in zip(*rows, strict=True))
    return cohort.astype(float), post.astype(int), base.astype(int), reference.astype(bool)


def _controls(panel, cohort, post, base, control_group, anticipation):
    first = panel.first_treated
    never = first == 0
    if control_group == "nevertreated":
        return np.broadcast_to(never[:, None], (first.size, cohort.size))
    limit = panel.periods[np.maximum(post, base)] + anticipation
    later = (first[:, None] > limit[None, :]) & (first[:, None] != cohort[None, :])
    return never[:, None] | later


def _blocks(panel, cohort, post, base, control_group, anticipation):
    """Row range of each cohort block and the cells its units enter (treated or comparison)."""
    first = panel.first_treated
    blocks = np.unique(first)
    bounds = np.searchsorted(first, np.r_[blocks, np.inf])
    is_treated = blocks[:, None] == cohort[None, :]
    if control_group == "nevertreated":
        is_control = np.broadcast_to((blocks == 0)[:, None], is_treated.shape)
    else:
        limit = panel.periods[np.maximum(post, base)] + anticipation
        is_control = (blocks[:, None] == 0) | ((blocks[:, None] > limit[None, :]) & ~is_treated)
    return bounds, is_treated, is_control


def _closed_form(panel, post, base, bounds, is_treated, is_control, est_method):
    """Difference of weighted mean changes and its influence function, for all cells.

    Units are ordered in blocks of equal first-treated period; a block is the treated group
    of its own cohort's cells and (part of) the comparison group of others, so each block's
    outcome changes are formed once, only for the cells it enters.
    """
    n, n_cells = panel.n_units, post.size
    weights = panel.weights
    sums = np.zeros((2, n_cells))
    totals = np.zeros((2, n_cells))
    pieces = []
    for b in range(bounds.size - 1):
        cells = np.flatnonzero(is_treated[b] | is_control[b])
        if cells.size == 0:
            continue
        rows = slice(bounds[b], bounds[b + 1])
        outcome = panel.outcome[rows]
        change = outcome[:, post[cells]] - outcome[:, base[cells]]
        w = weights[rows]
        role = np.where(is_treated[b, cells], 0, 1)
        finite = None
        if panel.balanced:
            totals[role, cells] += w.sum()
        else:
            finite = np.isfinite(change)
            change = np.where(finite, change, 0.0)
            totals[role, cells] += w @ finite
        sums[role, cells] += w @ change
        pieces.append((rows, cells, role, change, finite))
    with np.errstate(divide="ignore", invalid="ignore"):
        means = sums / totals
        scale = np.array([[1.0], [-1.0]]) * n / totals
    influence = np.zeros((n_cells, n))
    for rows, cells, role, change, finite in pieces:
        values = (change - means[role, cells]) * (weights[rows][:, None] * scale[role, cells])
        if finite is not None:
            values *= finite
        influence[cells, rows] = values.T
    att = means[0] - means[1]
    failed = (totals[0] == 0) | (totals[1] == 0)
    if est_method in ("dr", "ipw"):
        with np.errstate(divide="ignore", invalid="ignore"):
            failed |= totals[0] / (totals[0] + totals[1]) >= min(TRIM_LEVEL, OVERLAP_LIMIT)
    return att, influence.T, failed


def _with_covariates(panel, dy, treated, control, est_method, control_key):
    """Fit the 2x2 estimators in batches of cells sharing units; return att, psi, failed."""
    n, n_cells = dy.shape
    att = np.full(n_cells, np.nan)
    influence = np.zeros((n, n_cells))
    failed = np.zeros(n_cells, dtype=bool)
    batches: dict[tuple, list[int]] = {}
    for cell in range(n_cells):
        key = control_key[cell] if panel.balanced else (cell,)
        batches.setdefault(key, []).append(cell)
    for cells in batches.values():
        rows = treated[:, cells[0]] | control[:, cells[0]]
        if not panel.balanced:
            rows &= np.isfinite(dy[:, cells[0]])
        index = np.flatnonzero(rows)
        try:
            estimate, psi = panel_did(
                dy[np.ix_(index, cells)],
                treated[index, cells[0]].astype(float),
                panel.covariates[index],
                panel.weights[index],
                est_method,
            )
        except CellError as reason:
            failed[cells] = True
            warnings.warn(
                f"ATT(g,t) not estimated for {len(cells)} cell(s): {reason}", stacklevel=4
            )
            continue
        att[cells] = estimate
        influence[np.ix_(index, cells)] = psi * (n / index.size)
    return att, influence, failed


def estimate_group_time(
    panel: DidPanel,
    *,
    control_group: str = "nevertreated",
    est_method: str = "dr",
    anticipation: int = 0,
    base_period: str = "varying",
    settings: dict | None = None,
) -> GroupTimeResult:
    """Estimate every ATT(g, t) on a validated :class:`DidPanel` (see :func:`att_gt`)."""
    cohort, post, base, reference = _cells(panel, base_period, anticipation)
    bounds, is_treated, is_control = _blocks(panel, cohort, post, base, control_group, anticipation)
    if panel.covariates is None:
        att, influence, failed = _closed_form(
            panel, post, base, bounds, is_treated, is_control, est_method
        )
        if failed.any():
            warnings.warn(
                f"{int(failed.sum())} ATT(g,t) cell(s) not estimated: no treated or comparison "
                "units, or no overlap (treated share >= 0.995)",
                stacklevel=3,
            )
    else:
        dy = panel.outcome[:, post] - panel.outcome[:, base]
        treated = panel.first_treated[:, None] == cohort[None, :]
        control = _controls(panel, cohort, post, base, control_group, anticipation)
        if control_group == "nevertreated":
            key = [(c,) for c in cohort]
        else:
            key = list(zip(cohort, panel.periods[np.maximum(post, base)], strict=True))
        att, influence, failed = _with_covariates(panel, dy, treated, control, est_method, key)
    att = np.where(reference, 0.0, att)
    influence[:, reference] = 0.0
    att[failed & ~reference] = np.nan
    influence[:, failed & ~reference] = np.nan
    return GroupTimeResult(
        group=cohort,
        time=panel.periods[post],
        base_time=panel.periods[base],
        att=att,
        std_error=analytic_se(influence, panel.clusters),
        influence=influence,
        first_treated=panel.first_treated,
        unit_weights=panel.weights,
        clusters=panel.clusters,
        unit_ids=panel.unit_ids,
        periods=panel.periods,
        settings=MappingProxyType(dict(settings or {})),
    )


@memoize
def att_gt(
    data: pd.DataFrame,
    yname: str,
    tname: str,
    idname: str,
    gname: str,
    *,
    xformla: str | None = None,
    control_group: ControlGroup = "nevertreated",
    est_method: Literal["dr", "ipw", "reg"] = "dr",
    anticipation: int = 0,
    base_period: BasePeriod = "varying",
    clustervars: str | list[str] | None = None,
    allow_unbalanced_panel: bool = False,
    weightsname: str | None = None,
) -> GroupTimeResult:
    """Estimate group-time average treatment effects ATT(g, t) with influence functions.

    Parameters
    ----------
    data : pandas.DataFrame
        Long panel: one row per unit and period.
    yname, tname, idname : str
        Outcome, (numeric) period and unit columns.
    gname : str
        First treated period of the unit, 0 for never treated (units first treated after the
        last period count as never treated).
    xformla : str, optional
        Covariates as a one-sided formula, e.g. ``"~ lpop"``; they must be time-invariant.
    control_group : {"nevertreated", "notyettreated"}
        Comparison units: never treated, or also those not yet treated by the later of the
        two periods compared (plus anticipation).
    est_method : {"dr", "ipw", "reg"}
        Doubly robust (default), normalized inverse probability weighting or outcome
        regression, as R ``DRDID``.
    anticipation : int
        Number of periods before ``g`` in which units may already react.
    base_period : {"varying", "universal"}
        Pre-treatment cells compare consecutive periods ("varying") or all use period
        ``g - anticipation - 1`` ("universal", whose own cell is fixed at 0).
    clustervars : str or list of str, optional
        One cluster column above the unit (e.g. province); standard errors sum influence
        functions within clusters. ``idname`` is always a clustering level.
    allow_unbalanced_panel : bool
        If False (default) units not observed in every period are dropped with a warning, as
        R does. If True they are kept and each ATT(g, t) uses the units observed in both of
        its periods (R switches to repeated cross-section estimators instead).
    weightsname : str, optional
        Time-invariant sampling weights.

    Returns
    -------
    GroupTimeResult
        ATT(g, t), analytic standard errors (``sqrt(mean(psi**2)/n)``), the ``n x cells``
        influence-function matrix and the settings; aggregate with :func:`aggte`.

    Examples
    --------
    >>> from evalkit.simulate import simulate_staggered_panel
    >>> sim = simulate_staggered_panel(n_units=400, n_periods=5, random_state=1)
    >>> fit = att_gt(sim.data, "y", "year", "unit", "first_treated")
    >>> fit.tidy().columns[:3].tolist()
    ['term', 'group', 'time']
    """
    for name, value in {
        "control_group": control_group,
        "est_method": est_method,
        "base_period": base_period,
    }.items():
        _check_choice(name, value, OPTIONS[name])
    _check_periods("anticipation", anticipation, example=0)
    panel = prepare_panel(
        data,
        yname,
        tname,
        idname,
        gname,
        xformla=xformla,
        weightsname=weightsname,
        clustervars=clustervars,
        allow_unbalanced_panel=allow_unbalanced_panel,
        anticipation=int(anticipation),
        control_group=control_group,
    )
    settings = {
        "yname": yname,
        "tname": tname,
        "idname": idname,
        "gname": gname,
        "xformla": xformla,
        "control_group": control_group,
        "est_method": est_method,
        "anticipation": int(anticipation),
        "base_period": base_period,
        "clustervars": clustervars,
        "allow_unbalanced_panel": allow_unbalanced_panel,
        "weightsname": weightsname,
        "covariates": panel.covariate_names,
    }
    return estimate_group_time(
        panel,
        control_group=control_group,
        est_method=est_method,
        anticipation=int(anticipation),
        base_period=base_period,
        settings=settings,
    )
