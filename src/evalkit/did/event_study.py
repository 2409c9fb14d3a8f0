"""Dynamic two-way fixed-effects event study, and the result shared by all event studies.

Specification: ``y_it = a_i + l_t + sum_{e != -1} b_e 1{t - g_i = e} + u_it`` for treated
units (never-treated units have no event dummies). The reference period is ``e = -1``
(``b_{-1} = 0``). Endpoints, when a window ``[min_e, max_e]`` is given, are either

* ``"bin"`` (default): event times below ``min_e`` share the ``min_e`` dummy and those above
  ``max_e`` share the ``max_e`` dummy (so ``b_min_e`` and ``b_max_e`` are averages over the
  binned periods), or
* ``"trim"``: treated-unit observations outside the window are dropped.

Without a window every observed event time gets its own dummy; that is only identified with
never-treated units. Standard errors: CRV1 with ``K`` counting all fixed effects and t(G-1)
inference (as :func:`evalkit.did.twfe`). Uniform (sup-t) bands use the ``1 - alpha`` quantile
of ``max_e |T_e|`` over draws of a multivariate t(G-1) (normal when ``df`` is None) with the
estimated correlation matrix.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from evalkit.deprecation import renamed_keywords, replaced_by_labels
from evalkit.did.data import DidPanel, _check_choice, prepare_panel
from evalkit.did.twfe import fe_regression
from evalkit.errors import EstimationError
from evalkit.plots.event_study import plot_event_study
from evalkit.results import HtmlDisplay, tidy_frame

REFERENCE_PERIOD = -1
BAND_DRAWS = 20_000


def sup_t_critical(
    vcov: np.ndarray,
    *,
    df: int | None = None,
    alpha: float = 0.05,
    draws: int = BAND_DRAWS,
    random_state: int | np.random.Generator | None = 0,
) -> float:
    """Return the critical value of a uniform (sup-t) band for estimates with covariance ``vcov``.

    Parameters
    ----------
    vcov : numpy.ndarray
        ``(k, k)`` covariance of the estimates.
    df : int, optional
        Degrees of freedom of a multivariate t; normal if None.
    alpha : float
        One minus the joint coverage.
    draws : int
        Simulation draws.
    random_state : int or numpy.random.Generator, optional
        Seed (fixed by default so bands are reproducible).

    Returns
    -------
    float
        ``c`` such that ``estimate +/- c * std_error`` covers all ``k`` effects jointly.

    Examples
    --------
    >>> round(sup_t_critical(np.eye(1), draws=200_000), 1)
    2.0
    """
    sd = np.sqrt(np.diag(vcov))
    usable = sd > 0
    if not usable.any():
        return float("nan")
    corr = vcov[np.ix_(usable, usable)] / np.outer(sd[usable], sd[usable])
    rng = np.random.default_rng(random_state)
    values, vectors = np.linalg.eigh(corr)
    root = vectors * np.sqrt(np.clip(values, 0.0, None))
    z = rng.standard_normal((draws, corr.shape[0])) @ root.T
    if df is not None:
        z /= np.sqrt(rng.chisquare(df, size=(draws, 1)) / df)
    return float(np.quantile(np.abs(z).max(axis=1), 1 - alpha))


@dataclass(frozen=True)
class PretrendTest:
    """Joint test that all pre-treatment event-time effects are zero."""

    statistic: float
    df_num: int
    df_den: int | None
    p_value: float

    def __str__(self) -> str:
        if self.df_den is None:
            return f"Wald chi2({self.df_num}) = {self.statistic:.3f}, p = {self.p_value:.4f}"
        return f"F({self.df_num}, {self.df_den}) = {self.statistic:.3f}, p = {self.p_value:.4f}"


def pretrend_test(estimate: np.ndarray, vcov: np.ndarray, df: int | None) -> PretrendTest | None:
    """Wald test of ``estimate == 0``: F(q, df) if ``df`` is given, else chi2(q).

    Examples
    --------
    >>> str(pretrend_test(np.array([1.0]), np.eye(1), None))
    'Wald chi2(1) = 1.000, p = 0.3173'
    """
    if estimate.size == 0:
        return None
    wald = float(estimate @ np.linalg.pinv(vcov) @ estimate)
    q = int(np.linalg.matrix_rank(vcov))
    if q == 0:
        return None
    if df is None:
        return PretrendTest(wald, q, None, float(stats.chi2.sf(wald, q)))
    return PretrendTest(wald / q, q, df, float(stats.f.sf(wald / q, q, df)))


@dataclass(frozen=True, eq=False)
class EventStudyResult(HtmlDisplay):
    """Event-time effects with their covariance, from any of the event-study estimators.

    Attributes
    ----------
    estimator : str
        "TWFE", "Sun-Abraham" or "imputation".
    event_time : numpy.ndarray
        Event times ``e = t - g`` of the coefficients (reference period excluded).
    estimate : numpy.ndarray
        Effects by event time.
    vcov : numpy.ndarray
        Their covariance matrix (what HonestDiD needs with ``estimate``).
    df : int or None
        Degrees of freedom of the t reference distribution; None for the normal.
    overall_estimate, overall_se : float
        A single post-treatment summary (see the estimator's docstring) and its SE.
    n_obs, n_units, n_clusters : int
        Sample sizes.
    settings : Mapping
        The arguments of the call and the conventions used.
    """

    estimator: str
    event_time: np.ndarray
    estimate: np.ndarray
    vcov: np.ndarray
    df: int | None
    overall_estimate: float
    overall_se: float
    n_obs: int
    n_units: int
    n_clusters: int
    settings: Mapping = field(default_factory=dict)

    @property
    def std_error(self) -> np.ndarray:
        """Standard errors of the event-time effects."""
        return np.sqrt(np.diag(self.vcov))

    @property
    def coefficients(self) -> pd.Series:
        """Effects indexed by event time."""
        return pd.Series(self.estimate, index=pd.Index(self.event_time, name="event_time"))

    @property
    def vcov_frame(self) -> pd.DataFrame:
        """Covariance matrix labelled by event time."""
        index = pd.Index(self.event_time, name="event_time")
        return pd.DataFrame(self.vcov, index=index, columns=index)

    def crit_val(self, alpha: float = 0.05) -> float:
        """Critical value of the uniform (sup-t) band over all event times."""
        return sup_t_critical(self.vcov, df=self.df, alpha=alpha)

    def tidy(self, alpha: float = 0.05) -> pd.DataFrame:
        """Return the effects in the shared tidy schema with ``event_time`` and uniform bands.

        Examples
        --------
        >>> from evalkit.simulate import simulate_staggered_panel
        >>> sim = simulate_staggered_panel(n_units=200, n_periods=5, random_state=0)
        >>> fit = event_study(sim.data, "y", "year", "unit", "first_treated")
        >>> fit.tidy().columns[:2].tolist()
        ['term', 'event_time']
        """
        terms = [f"event_time={e:g}" for e in self.event_time]
        frame = tidy_frame(
            terms,
            self.estimate,
            self.std_error,
            df=self.df,
            alpha=alpha,
            event_time=self.event_time.astype(float),
        )
        crit = self.crit_val(alpha)
        frame["conf_low_uniform"] = frame["estimate"] - crit * frame["std_error"]
        frame["conf_high_uniform"] = frame["estimate"] + crit * frame["std_error"]
        return frame

    def overall_tidy(self, alpha: float = 0.05) -> pd.DataFrame:
        """Return the overall post-treatment effect as a one-row tidy frame."""
        return tidy_frame(
            ["overall"], [self.overall_estimate], [self.overall_se], df=self.df, alpha=alpha
        )

    def pretrend_test(self) -> PretrendTest | None:
        """Joint test that the pre-treatment effects (``e < 0``) are zero."""
        pre = self.event_time < 0
        return pretrend_test(self.estimate[pre], self.vcov[np.ix_(pre, pre)], self.df)

    def summary(self) -> str:
        """Return a plain-text summary: overall effect, event-time table, pre-trend test."""
        reference = "normal" if self.df is None else f"t({self.df})"
        head = (
            f"{self.estimator} event study of {self.settings.get('yname')}: overall "
            f"{self.overall_estimate:.4f} (SE {self.overall_se:.4f}, {reference}); "
            f"{self.n_obs} obs, {self.n_units} units, {self.n_clusters} clusters; "
            f"reference period: {self.settings.get('reference_period', REFERENCE_PERIOD)}"
        )
        table = self.tidy().to_string(index=False, float_format="%.4f")
        test = self.pretrend_test()
        return "\n".join([head, table, f"Pre-trend test: {test or 'not available'}"])

    def _display_text(self) -> str:
        return self.summary().splitlines()[0]

    @replaced_by_labels("event_study")
    def plot(self, *, labels: Mapping[str, str] | None = None, title: str | None = None):
        """Plot the event study with pointwise and uniform bands.

        ``labels`` are the texts drawn, keyed as in :func:`evalkit.plots.plot_event_study`.
        """
        return plot_event_study(self.tidy(), labels=labels, title=title)


@renamed_keywords(clustervar="clustervars")
def validated_panel(
    data: pd.DataFrame,
    yname: str,
    tname: str,
    idname: str,
    gname: str,
    *,
    clustervars: str | None = None,
    allow_unbalanced_panel: bool = True,
) -> DidPanel:
    """Validate the panel once with :func:`evalkit.did.prepare_panel` for the event studies.

    With never-treated units they are the comparison group. Without them the last-treated
    cohort becomes the comparison group and periods from its first treated period on are
    dropped (``prepare_panel``'s ``control_group="notyettreated"`` rule), with a warning.

    Examples
    --------
    >>> frame = pd.DataFrame({"id": [1, 1, 2, 2], "t": [1, 2, 1, 2], "y": [0.0, 1, 0, 3],
    ...                       "g": [0, 0, 2, 2]})
    >>> validated_panel(frame, "y", "t", "id", "g").n_units
    2
    """
    has_never = gname in data.columns and bool((data[gname] == 0).any())
    if not has_never and gname in data.columns:
        warnings.warn(
            f"no never-treated units ({gname} == 0): the last-treated cohort is the comparison "
            "group and periods from its first treated period on are dropped",
            stacklevel=3,
        )
    return prepare_panel(
        data,
        yname,
        tname,
        idname,
        gname,
        clustervars=clustervars,
        allow_unbalanced_panel=allow_unbalanced_panel,
        control_group="nevertreated" if has_never else "notyettreated",
    )


def stacked_arrays(panel: DidPanel) -> tuple[np.ndarray, ...]:
    """Stack ``panel`` to one row per unit and period (unit-major).

    Returns unit and period codes, the period, outcome and first treated period of each row,
    and its cluster code (the unit when the panel has no clusters).

    Examples
    --------
    >>> frame = pd.DataFrame({"id": [1, 1, 2, 2], "t": [1, 2, 1, 2], "y": [0.0, 1, 0, 3],
    ...                       "g": [0, 0, 2, 2]})
    >>> stacked_arrays(validated_panel(frame, "y", "t", "id", "g"))[2].tolist()
    [1.0, 2.0, 1.0, 2.0]
    """
    n_units, n_periods = panel.outcome.shape
    unit = np.repeat(np.arange(n_units), n_periods)
    period = np.tile(np.arange(n_periods), n_units)
    cluster = unit if panel.clusters is None else np.repeat(panel.clusters, n_periods)
    first = np.repeat(panel.first_treated, n_periods)
    return unit, period, panel.periods[period], panel.outcome.ravel(), first, cluster


def _event_window(
    event: np.ndarray,
    treated_unit: np.ndarray,
    min_e: int | None,
    max_e: int | None,
    endpoints: str,
) -> tuple[np.ndarray, np.ndarray]:
    """Return the (binned) event time of each row and which rows are kept."""
    low = -np.inf if min_e is None else min_e
    high = np.inf if max_e is None else max_e
    if endpoints == "trim":
        return event, ~(treated_unit & ((event < low) | (event > high)))
    return np.clip(event, low, high), np.ones(event.size, dtype=bool)


@renamed_keywords(clustervar="clustervars")
def event_study(
    data: pd.DataFrame,
    yname: str,
    tname: str,
    idname: str,
    gname: str,
    *,
    min_e: int | None = None,
    max_e: int | None = None,
    endpoints: Literal["bin", "trim"] = "bin",
    clustervars: str | None = None,
) -> EventStudyResult:
    """Estimate a dynamic two-way fixed-effects event study with reference period ``e = -1``.

    Parameters
    ----------
    data : pandas.DataFrame
        Long panel, one row per unit and period.
    yname, tname, idname, gname : str
        Outcome, period, unit and first-treated-period (0 = never treated) columns.
    min_e, max_e : int, optional
        Event-time window; ``min_e <= -2`` and ``max_e >= 0``. None: every observed event time.
    endpoints : {"bin", "trim"}
        What happens to event times outside the window (module docstring).
    clustervars : str, optional
        Cluster column (time-invariant); defaults to ``idname``.

    Returns
    -------
    EventStudyResult
        Effects by event time with their CRV1 covariance; ``overall_estimate`` is the
        unweighted mean of the post-treatment (``e >= 0``) coefficients.

    Examples
    --------
    >>> from evalkit.simulate import simulate_staggered_panel
    >>> sim = simulate_staggered_panel(n_units=400, n_periods=6, noise_sd=0.1, random_state=0)
    >>> fit = event_study(sim.data, "y", "year", "unit", "first_treated", min_e=-3, max_e=2)
    >>> fit.event_time.tolist()
    [-3, -2, 0, 1, 2]
    """
    _check_choice("endpoints", endpoints, ("bin", "trim"))
    if (min_e is not None and min_e > -2) or (max_e is not None and max_e < 0):
        raise EstimationError(
            f"window [{min_e}, {max_e}]; rule: min_e <= -2 and max_e >= 0 around the reference "
            "period -1; fix: widen the window"
        )
    clustervars = clustervars or idname
    panel = validated_panel(data, yname, tname, idname, gname, clustervars=clustervars)
    unit, period, years, outcome, first, cluster = stacked_arrays(panel)
    treated_unit = first > 0
    event, keep = _event_window(
        np.where(treated_unit, years - first, 0.0), treated_unit, min_e, max_e, endpoints
    )
    keep &= np.isfinite(outcome)
    unit, period, outcome, event, treated_unit, cluster = (
        a[keep] for a in (unit, period, outcome, event, treated_unit, cluster)
    )
    event_times = np.unique(event[treated_unit])
    event_times = event_times[event_times != REFERENCE_PERIOD]
    dummies = (treated_unit[:, None] & (event[:, None] == event_times[None, :])).astype(float)
    fit = fe_regression(outcome, dummies, unit, period, cluster, clustervar=clustervars)
    post = event_times >= 0
    averaging = post / max(1, post.sum())
    return EventStudyResult(
        estimator="TWFE",
        event_time=event_times.astype(int),
        estimate=fit.coef,
        vcov=fit.vcov,
        df=fit.n_clusters - 1,
        overall_estimate=float(averaging @ fit.coef),
        overall_se=float(np.sqrt(averaging @ fit.vcov @ averaging)),
        n_obs=fit.n_obs,
        n_units=fit.n_units,
        n_clusters=fit.n_clusters,
        settings=MappingProxyType(
            {
                "yname": yname,
                "tname": tname,
                "idname": idname,
                "gname": gname,
                "min_e": min_e,
                "max_e": max_e,
                "endpoints": endpoints,
                "clustervar": clustervars,
                "reference_period": REFERENCE_PERIOD,
                "vcov": "CRV1, K counts all fixed effects, t(G-1)",
                "overall": "unweighted mean of post-treatment event-time coefficients",
            }
        ),
    )
