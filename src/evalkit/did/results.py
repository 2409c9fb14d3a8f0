"""Frozen results of :func:`att_gt` and :func:`aggte`: tidy tables, summaries, pre-trend tests."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd
from scipy import stats

from evalkit.deprecation import replaced_by_labels
from evalkit.did.bootstrap import covariance
from evalkit.plots.event_study import plot_event_study
from evalkit.results import HtmlDisplay, tidy_frame

UNIFORM_COLUMNS = ["conf_low_uniform", "conf_high_uniform"]


@dataclass(frozen=True)
class WaldTest:
    """Chi-squared test that a set of (pre-treatment) effects are jointly zero.

    ``str()`` gives the line of :meth:`summary`; a report words it in its own language from
    ``statistic``, ``df`` and ``p_value`` (evalkit.i18n's ``"pretrend"`` sentence).

    Examples
    --------
    >>> test = WaldTest(8.9991, 6, 0.17372)
    >>> str(test)
    'Wald chi2(6) = 8.999, p = 0.1737'
    """

    statistic: float
    df: int
    p_value: float

    def __str__(self) -> str:
        return f"Wald chi2({self.df}) = {self.statistic:.3f}, p = {self.p_value:.4f}"


def wald_test(
    estimates: np.ndarray, influence: np.ndarray, clusters: np.ndarray | None
) -> WaldTest | None:
    """Return the Wald test of ``estimates == 0`` or None if it cannot be formed.

    Columns with a missing or zero standard error are left out, as in R ``did``; None is
    returned if no column is left or their covariance matrix is singular.

    Examples
    --------
    >>> psi = np.random.default_rng(0).normal(size=(500, 2))
    >>> wald_test(np.array([0.0, 0.0]), psi, None).statistic
    0.0
    """
    variance = covariance(np.nan_to_num(influence), clusters)
    usable = np.isfinite(estimates) & (np.diag(variance) > 0) & np.isfinite(influence).all(axis=0)
    if not usable.any():
        return None
    sub = variance[np.ix_(usable, usable)]
    if 1 / np.linalg.cond(sub) <= np.finfo(float).eps:
        return None
    est = estimates[usable]
    statistic = float(est @ np.linalg.solve(sub, est))
    return WaldTest(statistic, int(usable.sum()), float(stats.chi2.sf(statistic, usable.sum())))


def _with_uniform(frame: pd.DataFrame, crit_val: float | None) -> pd.DataFrame:
    if crit_val is None or not np.isfinite(crit_val):
        frame[UNIFORM_COLUMNS[0]] = np.nan
        frame[UNIFORM_COLUMNS[1]] = np.nan
    else:
        frame[UNIFORM_COLUMNS[0]] = frame["estimate"] - crit_val * frame["std_error"]
        frame[UNIFORM_COLUMNS[1]] = frame["estimate"] + crit_val * frame["std_error"]
    return frame


@dataclass(frozen=True, eq=False)
class GroupTimeResult(HtmlDisplay):
    """Group-time ATTs of :func:`~evalkit.did.att_gt` with their influence functions.

    Attributes
    ----------
    group, time, base_time : numpy.ndarray
        Cohort, period and base period of each ATT(g, t), in R ``did``'s order.
    att, std_error : numpy.ndarray
        Estimates and analytic standard errors (NaN where not estimable or fixed at 0).
    influence : numpy.ndarray
        ``(n_units, cells)`` influence functions.
    first_treated, unit_weights, unit_ids : numpy.ndarray
        Per-unit cohort, weight (mean one) and identifier, in the rows' order.
    clusters : numpy.ndarray or None
        Per-unit cluster codes when ``clustervars`` was given.
    periods : numpy.ndarray
        Periods of the panel.
    settings : Mapping
        The arguments of the call.
    """

    group: np.ndarray
    time: np.ndarray
    base_time: np.ndarray
    att: np.ndarray
    std_error: np.ndarray
    influence: np.ndarray
    first_treated: np.ndarray
    unit_weights: np.ndarray
    clusters: np.ndarray | None
    unit_ids: np.ndarray
    periods: np.ndarray
    settings: Mapping

    @property
    def n_units(self) -> int:
        """Number of units."""
        return int(self.influence.shape[0])

    @property
    def post(self) -> np.ndarray:
        """Whether each cell is post-treatment (``time >= group``)."""
        return self.time >= self.group

    def tidy(self, alpha: float = 0.05) -> pd.DataFrame:
        """Return ATT(g, t) in the shared tidy schema with ``group``, ``time``, ``event_time``.

        Examples
        --------
        >>> from evalkit.simulate import simulate_staggered_panel
        >>> from evalkit.did import att_gt
        >>> sim = simulate_staggered_panel(n_units=300, n_periods=4, random_state=0)
        >>> att_gt(sim.data, "y", "year", "unit", "first_treated").tidy().shape[1]
        12
        """
        terms = [f"ATT({g:g},{t:g})" for g, t in zip(self.group, self.time, strict=True)]
        frame = tidy_frame(
            terms,
            self.att,
            self.std_error,
            alpha=alpha,
            group=self.group,
            time=self.time,
            event_time=self.time - self.group,
        )
        return _with_uniform(frame, None)

    def pretrend_test(self) -> WaldTest | None:
        """Wald test that all pre-treatment ATT(g, t) are zero (R ``did``'s pre-test)."""
        pre = ~self.post
        if not pre.any():
            return None
        return wald_test(self.att[pre], self.influence[:, pre], self.clusters)

    def summary(self) -> str:
        """Return a plain-text table of ATT(g, t) with the pre-trend test."""
        s = self.settings
        test = self.pretrend_test()
        head = (
            f"Group-time ATTs of {s.get('yname')} (Callaway & Sant'Anna): "
            f"est_method={s.get('est_method')}, control_group={s.get('control_group')}, "
            f"base_period={s.get('base_period')}, {self.n_units} units"
        )
        table = self.tidy()[["term", "estimate", "std_error", "conf_low", "conf_high"]]
        pretest = f"Pre-trend test: {test}" if test else "Pre-trend test: not available"
        return "\n".join([head, table.to_string(index=False, float_format="%.4f"), pretest])

    def _display_text(self) -> str:
        return self.summary().splitlines()[0]

    @replaced_by_labels("event_study")
    def plot(self, *, labels: Mapping[str, str] | None = None, title: str | None = None):
        """Plot ATT(g, t) by event time, one series per cohort.

        ``labels`` are the texts drawn, keyed as in :func:`evalkit.plots.plot_event_study`.
        """
        return plot_event_study(self.tidy(), labels=labels, title=title)


@dataclass(frozen=True, eq=False)
class AggregateResult(HtmlDisplay):
    """An aggregation of ATT(g, t) by :func:`~evalkit.did.aggte`.

    Attributes
    ----------
    type : str
        "simple", "dynamic", "group" or "calendar".
    overall_att, overall_se : float
        The overall summary and its standard error.
    labels : numpy.ndarray
        Event times, cohorts or periods of the disaggregated effects (empty for "simple").
    att, std_error : numpy.ndarray
        Disaggregated effects and standard errors.
    crit_val : float
        Critical value of the bands: uniform (sup-t) when ``cband``, else normal.
    influence, overall_influence : numpy.ndarray
        Influence functions of the disaggregated and overall effects.
    clusters : numpy.ndarray or None
        Per-unit cluster codes.
    settings : Mapping
        Aggregation options and the settings of the group-time fit.
    """

    type: str
    overall_att: float
    overall_se: float
    labels: np.ndarray
    att: np.ndarray
    std_error: np.ndarray
    crit_val: float
    influence: np.ndarray
    overall_influence: np.ndarray
    clusters: np.ndarray | None
    settings: Mapping

    LABEL_COLUMN: ClassVar[dict[str, str]] = {
        "dynamic": "event_time",
        "group": "group",
        "calendar": "time",
    }

    def tidy(self) -> pd.DataFrame:
        """Return the effects in the shared tidy schema, overall last.

        Disaggregated rows carry ``event_time``, ``group`` or ``time``; confidence bounds use
        ``alp``; ``conf_low_uniform``/``conf_high_uniform`` hold the uniform band when
        ``cband`` was asked (NaN otherwise).
        """
        alp = self.settings["alp"]
        column = self.LABEL_COLUMN.get(self.type)
        overall = tidy_frame(["overall"], [self.overall_att], [self.overall_se], alpha=alp)
        if column is None:
            return _with_uniform(overall, None)
        terms = [f"{column}={label:g}" for label in self.labels]
        frame = tidy_frame(
            terms, self.att, self.std_error, alpha=alp, **{column: self.labels.astype(float)}
        )
        frame = _with_uniform(frame, self.crit_val if self.settings["cband"] else None)
        overall.insert(1, column, np.nan)
        return pd.concat([frame, _with_uniform(overall, None)], ignore_index=True)

    def pretrend_test(self) -> WaldTest | None:
        """Wald test that all pre-treatment event-time effects are zero (dynamic only)."""
        if self.type != "dynamic" or not (self.labels < 0).any():
            return None
        pre = self.labels < 0
        return wald_test(self.att[pre], self.influence[:, pre], self.clusters)

    def summary(self) -> str:
        """Return a plain-text summary: overall effect, then the disaggregated table."""
        s = self.settings
        se_kind = f"bootstrap ({s['biters']} draws)" if s["bstrap"] else "analytic"
        head = (
            f"Aggregate ATT ({self.type}) of {s.get('yname')}: {self.overall_att:.4f} "
            f"(SE {self.overall_se:.4f}, {se_kind})"
        )
        lines = [head]
        if self.type != "simple":
            band = "uniform" if s["cband"] else "pointwise"
            lines.append(
                f"{band} {100 * (1 - s['alp']):g}% bands, critical value {self.crit_val:.3f}"
            )
            lines.append(self.tidy().to_string(index=False, float_format="%.4f"))
        test = self.pretrend_test()
        if test is not None:
            lines.append(f"Pre-trend test: {test}")
        return "\n".join(lines)

    def _display_text(self) -> str:
        return self.summary().splitlines()[0]

    @replaced_by_labels("event_study")
    def plot(self, *, labels: Mapping[str, str] | None = None, title: str | None = None):
        """Plot the event study (dynamic) or effects by cohort/period with their bands.

        ``labels`` are the texts drawn, keyed as in :func:`evalkit.plots.plot_event_study`.
        """
        frame = self.tidy()
        frame = frame[frame["term"] != "overall"]
        return plot_event_study(
            frame, labels=labels, title=title, x=self.LABEL_COLUMN.get(self.type, "event_time")
        )
