"""Target attainment: share achieved, required against realised growth, on-track projection.

Two kinds of target are handled:

- ``cumulative``: a count or amount to be *added* over the plan period ("新增小微企业5600家以上"
  over 2018-2020). ``actual`` holds the additions of each observed year. Share achieved is the
  sum so far over the target; the projection adds the mean yearly addition for the remaining
  years. With ``baseline`` (the stock at the end of the year before the period) the required
  and realised growth rates of the stock are also given.
- ``annual_growth``: an average yearly growth rate ("年均增长15%左右"). ``actual`` holds the
  level of the indicator by year and must include ``baseline_year`` (the year before the
  period). The target level is ``baseline * (1 + rate) ** years``; share achieved is the part of
  the increase to that level realised so far; the projection compounds the realised rate.

On track: for 以上 / 不低于 / 超过 / 不少于 / 达到 / blank the projection must reach the target; for
左右 ("about") the realised rate, or the projected total, must be within ``tolerance`` of it
(rate: absolute, in rate units; cumulative: relative).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from evalkit.plans.errors import PlanRegistryError

ATTAINMENT_COLUMNS = [
    "kind", "target", "qualifier", "period_start", "horizon", "years_observed", "achieved",
    "share_achieved", "required_rate", "realised_rate", "required_rate_remaining",
    "projected_final", "projected_share", "on_track",
]  # fmt: skip


@dataclass(frozen=True)
class Attainment:
    """How far a target with a horizon has been achieved, and whether it is on track.

    ``required_rate`` is the yearly rate the whole period needs (the target rate itself for
    ``annual_growth``; the stock's growth for ``cumulative`` with a baseline, else the yearly
    addition needed, in target units); ``realised_rate`` the same measure so far;
    ``required_rate_remaining`` what the remaining years need to hit the target.
    """

    kind: str
    target: float
    qualifier: str
    period_start: int
    horizon: int
    years_observed: int
    achieved: float
    share_achieved: float
    required_rate: float
    realised_rate: float
    required_rate_remaining: float
    projected_final: float
    projected_share: float
    on_track: bool
    settings: dict = field(default_factory=dict)

    def tidy(self) -> pd.DataFrame:
        """Return the result as one row with :data:`ATTAINMENT_COLUMNS`."""
        return pd.DataFrame([{column: getattr(self, column) for column in ATTAINMENT_COLUMNS}])

    def summary(self) -> str:
        """Return a one-line plain-text summary."""
        rate = "%" if self.kind == "annual_growth" or "baseline" in self.settings else " per year"
        scale = 100 if rate == "%" else 1
        return (
            f"{self.kind} target {self.target:g}{self.qualifier} by {self.horizon}: "
            f"{self.share_achieved:.1%} achieved after {self.years_observed} of "
            f"{self.horizon - self.period_start + 1} years; required "
            f"{self.required_rate * scale:.2f}{rate}, realised "
            f"{self.realised_rate * scale:.2f}{rate}; projected "
            f"{self.projected_final:g} ({self.projected_share:.1%}); "
            f"{'on track' if self.on_track else 'not on track'}"
        )

    def _repr_html_(self) -> str:
        return f"<p>{self.summary()}</p>" + self.tidy().to_html(index=False)


def _series(actual: Mapping[int, float] | pd.Series) -> pd.Series:
    series = pd.Series(actual, dtype="float64").sort_index()
    series.index = series.index.astype("int64")
    if series.isna().any():
        raise PlanRegistryError(
            f"attainment: actual values missing for year(s) "
            f"{series.index[series.isna()].tolist()}; fix: pass observed years only"
        )
    return series


def _on_track(projected: float, goal: float, qualifier: str, tolerance: float) -> bool:
    if qualifier == "左右":
        return bool(abs(projected - goal) <= tolerance * (abs(goal) if goal else 1.0))
    return bool(projected >= goal - 1e-12)


def attainment(
    target: float,
    actual: Mapping[int, float] | pd.Series,
    *,
    kind: Literal["cumulative", "annual_growth"],
    period_start: int,
    horizon: int,
    qualifier: str = "以上",
    baseline: float | None = None,
    tolerance: float = 0.01,
) -> Attainment:
    """Measure attainment of a cumulative or an average-growth target.

    Parameters
    ----------
    target : float
        The target: additions over the period (``cumulative``) or the yearly rate as a fraction
        (``annual_growth``, 0.15 for 15%).
    actual : mapping or pandas.Series
        Year to value: yearly additions (cumulative) or levels including the baseline year
        ``period_start - 1`` (annual_growth). Years after ``horizon`` are ignored.
    kind : {"cumulative", "annual_growth"}
    period_start, horizon : int
        First and last year of the plan period.
    qualifier : str
        The document's qualifier (以上, 左右, 不低于, ...).
    baseline : float, optional
        Cumulative only: the stock before the period, to express the target as stock growth.
    tolerance : float
        For 左右: allowed absolute rate gap (annual_growth) or relative gap (cumulative).

    Returns
    -------
    Attainment

    Examples
    --------
    >>> result = attainment(5600, {2018: 2000, 2019: 1700}, kind="cumulative",
    ...                     period_start=2018, horizon=2020)
    >>> round(result.share_achieved, 4), result.projected_final, result.on_track
    (0.6607, 5550.0, False)
    """
    years = horizon - period_start + 1
    if years < 1:
        raise PlanRegistryError(
            f"attainment: horizon {horizon} precedes period_start {period_start}; fix: swap them"
        )
    series = _series(actual)
    settings = {"tolerance": tolerance}
    if kind == "cumulative":
        flows = series.loc[(series.index >= period_start) & (series.index <= horizon)]
        if flows.empty:
            raise PlanRegistryError(
                f"attainment: no yearly additions within {period_start}-{horizon}; fix: pass "
                "additions by year inside the plan period"
            )
        observed = int(flows.index.max()) - period_start + 1
        achieved = float(flows.sum())
        remaining = years - observed
        projected = achieved + achieved / observed * remaining
        if baseline is not None:
            settings["baseline"] = baseline
            required = ((baseline + target) / baseline) ** (1 / years) - 1
            realised = ((baseline + achieved) / baseline) ** (1 / observed) - 1
            needed = (
                ((baseline + target) / (baseline + achieved)) ** (1 / remaining) - 1
                if remaining else np.nan
            )  # fmt: skip
        else:
            required, realised = target / years, achieved / observed
            needed = (target - achieved) / remaining if remaining else np.nan
        return Attainment(
            kind, float(target), qualifier, period_start, horizon, observed, achieved,
            achieved / target, required, realised, needed, projected, projected / target,
            _on_track(projected, target, qualifier, tolerance), settings,
        )  # fmt: skip
    if kind == "annual_growth":
        base_year = period_start - 1
        if base_year not in series.index:
            raise PlanRegistryError(
                f"attainment: annual_growth needs the level of the baseline year {base_year} "
                f"(the year before period_start); got years {series.index.tolist()}; fix: add it"
            )
        levels = series.loc[(series.index >= base_year) & (series.index <= horizon)]
        latest_year = int(levels.index.max())
        observed = latest_year - base_year
        if observed < 1:
            raise PlanRegistryError(
                f"attainment: no level observed after the baseline year {base_year}; fix: add one"
            )
        start, latest = float(levels.loc[base_year]), float(levels.loc[latest_year])
        goal = start * (1 + target) ** years
        realised = (latest / start) ** (1 / observed) - 1
        remaining = years - observed
        needed = (goal / latest) ** (1 / remaining) - 1 if remaining else np.nan
        projected = latest * (1 + realised) ** remaining
        if qualifier == "左右":
            on_track = bool(abs(realised - target) <= tolerance)
        else:
            on_track = bool(realised >= target - 1e-12)
        return Attainment(
            kind, float(target), qualifier, period_start, horizon, observed, latest,
            (latest - start) / (goal - start), float(target), realised, needed, projected,
            projected / goal, on_track, settings,
        )  # fmt: skip
    raise PlanRegistryError(
        f"attainment: kind={kind!r} is not supported; use 'cumulative' or 'annual_growth'"
    )
