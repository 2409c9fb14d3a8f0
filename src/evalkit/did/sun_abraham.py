"""Sun & Abraham (2021) interaction-weighted event study.

Step 1 regresses the outcome on unit and period effects and a full set of cohort x event-time
dummies ``1{g_i = g} 1{t - g = e}`` for every treated cohort ``g`` and every observed
``e != -1`` (the reference period); the comparison cohort gets no dummies. Its coefficients
are the cohort-specific effects CATT(g, e). With never-treated comparison units and a balanced
panel they equal Callaway-Sant'Anna's ATT(g, g + e) for ``e >= 0`` with the never-treated
comparison group exactly (both are the cohort's mean change since ``g - 1`` minus that of the
never treated); pre-period CATT(g, e) compare ``g + e`` with ``g - 1`` (CS's universal base).

Step 2 averages CATT(g, e) over cohorts with their sample shares among the cohorts observed at
``e``; the overall effect averages all post-treatment CATT(g, e) with cohort-size weights (CS's
"simple" aggregation). The shares are treated as fixed in the covariance ``A V A'`` (as
``fixest::sunab``; Sun & Abraham's extra term for estimated shares is not added).

Standard errors: CRV1 with ``K`` counting all fixed effects, t(G-1) inference, as
:func:`evalkit.did.twfe`.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

import numpy as np
import pandas as pd

from evalkit.deprecation import renamed_keywords, renamed_value
from evalkit.did.data import _check_choice
from evalkit.did.event_study import (
    REFERENCE_PERIOD,
    EventStudyResult,
    stacked_arrays,
    validated_panel,
)
from evalkit.did.twfe import fe_regression
from evalkit.errors import EstimationError
from evalkit.results import tidy_frame


@dataclass(frozen=True, eq=False)
class SunAbrahamResult(EventStudyResult):
    """Interaction-weighted event study plus the cohort-specific effects it averages.

    Attributes
    ----------
    cohort, cohort_event_time : numpy.ndarray
        Cohort ``g`` and event time ``e`` of each CATT(g, e).
    cohort_estimate : numpy.ndarray
        CATT(g, e), the step-1 regression coefficients.
    cohort_vcov : numpy.ndarray
        Their CRV1 covariance.
    aggregation : numpy.ndarray
        ``(event times, cells)`` weights: ``estimate = aggregation @ cohort_estimate``.
    """

    cohort: np.ndarray = None
    cohort_event_time: np.ndarray = None
    cohort_estimate: np.ndarray = None
    cohort_vcov: np.ndarray = None
    aggregation: np.ndarray = None

    def cohort_tidy(self, alpha: float = 0.05) -> pd.DataFrame:
        """Return CATT(g, e) in the tidy schema with ``group``, ``time`` and ``event_time``.

        Examples
        --------
        >>> from evalkit.simulate import simulate_staggered_panel
        >>> sim = simulate_staggered_panel(n_units=200, n_periods=4, random_state=0)
        >>> fit = sun_abraham(sim.data, "y", "year", "unit", "first_treated")
        >>> fit.cohort_tidy().columns[:4].tolist()
        ['term', 'group', 'time', 'event_time']
        """
        terms = [
            f"CATT({g:g},{e:g})" for g, e in zip(self.cohort, self.cohort_event_time, strict=True)
        ]
        return tidy_frame(
            terms,
            self.cohort_estimate,
            np.sqrt(np.diag(self.cohort_vcov)),
            df=self.df,
            alpha=alpha,
            group=self.cohort.astype(float),
            time=(self.cohort + self.cohort_event_time).astype(float),
            event_time=self.cohort_event_time.astype(float),
        )


_OLD_CONTROL = {"never": "nevertreated", "last": "lasttreated"}


@renamed_keywords(clustervar="clustervars")
def sun_abraham(
    data: pd.DataFrame,
    yname: str,
    tname: str,
    idname: str,
    gname: str,
    *,
    control_group: Literal["nevertreated", "lasttreated"] = "nevertreated",
    clustervars: str | None = None,
) -> SunAbrahamResult:
    """Estimate Sun & Abraham's interaction-weighted event study.

    Parameters
    ----------
    data : pandas.DataFrame
        Long panel, one row per unit and period.
    yname, tname, idname, gname : str
        Outcome, period, unit and first-treated-period (0 = never treated) columns.
    control_group : {"nevertreated", "lasttreated"}
        Comparison cohort: never-treated units, or the last-treated cohort (never-treated
        units are then left out and periods from the last cohort's start are dropped). The
        names follow R ``did`` (``"nevertreated"``); the old ``"never"`` and ``"last"`` still
        work for one release, with a :class:`DeprecationWarning`.
    clustervars : str, optional
        Cluster column (time-invariant); defaults to ``idname``.

    Returns
    -------
    SunAbrahamResult
        Event-time effects and covariance (``estimate``, ``vcov``), the cohort-specific
        CATT(g, e) with their covariance, and the aggregation weights.

    Examples
    --------
    >>> from evalkit.simulate import simulate_staggered_panel
    >>> sim = simulate_staggered_panel(n_units=500, n_periods=5, noise_sd=0.01, random_state=2)
    >>> fit = sun_abraham(sim.data, "y", "year", "unit", "first_treated")
    >>> round(fit.overall_estimate, 2)
    1.0
    """
    control_group = renamed_value("sun_abraham", "control_group", control_group, _OLD_CONTROL)
    _check_choice("control_group", control_group, ("nevertreated", "lasttreated"))
    clustervars = clustervars or idname
    if gname in data.columns:
        has_never = bool((data[gname] == 0).any())
        if control_group == "nevertreated" and not has_never:
            raise EstimationError(
                f"no never-treated units ({gname} == 0); rule: control_group='nevertreated' "
                "compares each cohort with never-treated units; fix: use "
                "control_group='lasttreated'"
            )
        if control_group == "lasttreated":
            data = data[data[gname] != 0]
    panel = validated_panel(data, yname, tname, idname, gname, clustervars=clustervars)
    unit, period, years, outcome, first, cluster = stacked_arrays(panel)
    event = np.where(first > 0, years - first, np.nan)
    observed = np.isfinite(outcome)
    cells = pd.DataFrame({"g": first[observed], "e": event[observed]})
    cells = cells[(cells.g > 0) & (cells.e != REFERENCE_PERIOD)].drop_duplicates()
    cells = cells.sort_values(["g", "e"], ignore_index=True)
    cohort, cohort_event = cells.g.to_numpy(), cells.e.to_numpy()
    rows = np.flatnonzero(observed)
    cell_index = pd.MultiIndex.from_arrays([cohort, cohort_event]).get_indexer(
        pd.MultiIndex.from_arrays([first[rows], event[rows]])
    )
    dummies = np.zeros((rows.size, cohort.size))
    hit = cell_index >= 0
    dummies[np.flatnonzero(hit), cell_index[hit]] = 1.0
    fit = fe_regression(
        outcome[rows], dummies, unit[rows], period[rows], cluster[rows], clustervar=clustervars
    )
    size = pd.Series(panel.first_treated).value_counts()
    cohort_size = size.reindex(cohort).to_numpy(float)
    event_times = np.unique(cohort_event)
    aggregation = (cohort_event[None, :] == event_times[:, None]) * cohort_size[None, :]
    aggregation /= aggregation.sum(axis=1, keepdims=True)
    overall = (cohort_event >= 0) * cohort_size
    overall /= overall.sum()
    return SunAbrahamResult(
        estimator="Sun-Abraham",
        event_time=event_times.astype(int),
        estimate=aggregation @ fit.coef,
        vcov=aggregation @ fit.vcov @ aggregation.T,
        df=fit.n_clusters - 1,
        overall_estimate=float(overall @ fit.coef),
        overall_se=float(np.sqrt(overall @ fit.vcov @ overall)),
        n_obs=fit.n_obs,
        n_units=fit.n_units,
        n_clusters=fit.n_clusters,
        settings=MappingProxyType(
            {
                "yname": yname,
                "tname": tname,
                "idname": idname,
                "gname": gname,
                "control_group": control_group,
                "clustervar": clustervars,
                "reference_period": REFERENCE_PERIOD,
                "vcov": "CRV1, K counts all fixed effects, t(G-1); cohort shares fixed",
                "overall": "post-treatment CATT(g, e) weighted by cohort size (CS 'simple')",
            }
        ),
        cohort=cohort,
        cohort_event_time=cohort_event,
        cohort_estimate=fit.coef,
        cohort_vcov=fit.vcov,
        aggregation=aggregation,
    )
