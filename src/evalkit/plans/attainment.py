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
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from evalkit.plans.errors import PlanRegistryError
from evalkit.plans.projection import (
    flow_from_stock,
    meets,
    project_cumulative_path,
    project_growth_via_denominator,
    project_share_of_flow,
)
from evalkit.results import HtmlDisplay

if TYPE_CHECKING:
    from evalkit.panel import Panel

ATTAINMENT_COLUMNS = [
    "kind", "target", "qualifier", "period_start", "horizon", "years_observed", "achieved",
    "share_achieved", "required_rate", "realised_rate", "required_rate_remaining",
    "projected_final", "projected_share", "on_track",
]  # fmt: skip


@dataclass(frozen=True)
class Attainment(HtmlDisplay):
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

    float_format = None


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


# --- Attainment per plan round --------------------------------------------------------------

ROUND_COLUMNS = [
    "unit_code", "unit_name", "level", "plan_id", "round", "indicator", "indicator_zh",
    "target_type", "target", "unit", "qualifier", "horizon", "realised", "realised_years",
    "share_achieved", "status", "baseline", "baseline_years", "baseline_round", "projection",
    "conf_low", "conf_high", "p_meet", "verdict", "method", "method_zh",
]  # fmt: skip
STATUSES = ("met", "not met", "in progress", "no realised figure")


@dataclass(frozen=True)
class Denominator:
    """The panel series a target is projected through, and how.

    ``share_of_flow``: the target's indicator is a share of the yearly change of the panel
    stock (SME new loans of new loans). ``growth``: the indicator's growth is projected as the
    panel level's growth (规下工业增加值 with secondary value added).
    """

    panel_indicator: str
    kind: Literal["share_of_flow", "growth"]
    description: str


DENOMINATORS: dict[str, Denominator] = {
    "new_smf_loans": Denominator(
        "loans", "share_of_flow", "new loans = change in year-end loans (panel loans)"
    ),
    "below_scale_industrial_va_growth": Denominator(
        "va_secondary", "growth", "secondary value added (panel va_secondary)"
    ),
}


def reported_spans(reported: pd.DataFrame) -> pd.DataFrame:
    """Add the years each reported figure covers: ``span_start`` = year, ``span_end``.

    A figure with ``as_of`` in a later year than ``year`` is cumulative from ``year`` to that
    date (the README's convention: 浙江 1,212,200 new firms "since 2018" has year 2018 and
    as_of 2020-12-31); otherwise it covers ``year`` alone (a within-year "to date" figure).

    Examples
    --------
    >>> rows = pd.DataFrame({"year": [2018, 2020], "as_of": ["2020-12-31", "2020-03-31"]})
    >>> reported_spans(rows)[["span_start", "span_end"]].values.tolist()
    [[2018, 2020], [2020, 2020]]
    """
    frame = reported.copy()
    as_of_year = pd.to_numeric(frame["as_of"].astype(str).str[:4], errors="coerce")
    frame["span_start"] = frame["year"].astype("int64")
    frame["span_end"] = np.maximum(frame["span_start"], as_of_year.fillna(0)).astype("int64")
    return frame


def _years_text(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}-{end}"


def panel_series(panel: Panel, unit_code: str, indicator: str) -> pd.Series:
    """Return one unit's series of one panel indicator, indexed by year (float, sorted).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> frame = pd.DataFrame({"unit_code": ["330100"] * 3, "indicator": ["gdp"] * 3,
    ...     "year": [2021, 2020, 2019], "value": [3, 2, 1]})
    >>> panel_series(SimpleNamespace(frame=frame), "330100", "gdp").tolist()
    [1.0, 2.0, 3.0]
    """
    rows = panel.frame.loc[
        (panel.frame["unit_code"] == unit_code) & (panel.frame["indicator"] == indicator)
    ]
    return rows.set_index("year")["value"].astype(float).sort_index()


def _project(row, period_start, horizon, rows, panel, panel_unit, proxy_note, seed):
    """Projection of one target, or None with the reason in words."""
    denominator = DENOMINATORS.get(row.indicator)
    if denominator is not None and panel is not None and panel_unit is not None:
        series = panel_series(panel, panel_unit, denominator.panel_indicator)
        if denominator.kind == "share_of_flow":
            single = rows.loc[rows["span_start"] == rows["span_end"]]
            numerator = single.groupby("span_start")["value"].sum()
            if len(numerator) and len(series):
                return project_share_of_flow(
                    numerator, flow_from_stock(series), target=float(row.target),
                    period_start=period_start, horizon=horizon, qualifier=row.qualifier,
                    seed=seed,
                ), ""  # fmt: skip
            return None, "no reported figure of the unit gives the share"
        if row.target_type == "annual_growth" and (period_start - 1) in series.index:
            return project_growth_via_denominator(
                series, target_rate=float(row.target) / 100, period_start=period_start,
                horizon=horizon, qualifier=row.qualifier, seed=seed,
            ), proxy_note  # fmt: skip
    flows = rows.loc[
        (rows["span_start"] == rows["span_end"])
        & (rows["span_start"] >= period_start)
        & (rows["span_start"] <= horizon)
    ]
    if row.target_type == "cumulative" and len(flows):
        history = rows.loc[rows["span_start"] == rows["span_end"]]
        try:
            return project_cumulative_path(
                flows.set_index("span_start")["value"], target=float(row.target),
                period_start=period_start, horizon=horizon, qualifier=row.qualifier,
                history=history.set_index("span_start")["value"], seed=seed,
            ), ""  # fmt: skip
        except PlanRegistryError:
            return None, "fewer than 2 year-on-year changes: no interval"
    return None, ""


def round_attainment(
    registry,
    plan_id: str,
    *,
    panel=None,
    proxy_parent: bool = True,
    seed: int = 0,
) -> pd.DataFrame:
    """Return every headline target of one plan round against values inside its own period.

    A reported figure counts as realised only when the years it covers lie within the plan
    period (``period_start`` to the target's ``horizon``); the latest figure before the period
    is shown as a **baseline**, with its years and round, never as progress. Targets with a
    panel denominator (:data:`DENOMINATORS`) are projected through it when ``panel`` is given;
    a county or district with no panel series uses its parent city's series when
    ``proxy_parent`` (the method says so).

    Parameters
    ----------
    registry : PlanRegistry
        The plan registry.
    plan_id : str
        A plan of ``plans.csv`` with targets.
    panel : evalkit.panel.Panel, optional
        The panel, for projections through a denominator.
    proxy_parent : bool
        Project a county's growth targets through its parent city's panel series.
    seed : int
        Seed of the projections' draws.

    Returns
    -------
    pandas.DataFrame
        :data:`ROUND_COLUMNS`, one row per headline target. ``status`` is one of
        :data:`STATUSES`; ``share_achieved`` is realised over target for counts, amounts,
        stocks and shares; the projection columns are blank where nothing can be projected
        (``method`` says why when a reason exists).

    Examples
    --------
    >>> table = round_attainment(PlanRegistry.load(), "jiaxing_growth_2021")  # doctest: +SKIP
    >>> table.loc[table["indicator"] == "new_smf", ["baseline", "baseline_years", "status"]]
    ... # doctest: +SKIP
       baseline baseline_years              status
    0   25592.0           2018  no realised figure
    """
    plan = registry.plans.loc[registry.plans["plan_id"] == plan_id]
    if plan.empty:
        raise PlanRegistryError(
            f"round_attainment: plan_id={plan_id!r} is not in plans.csv; fix: use one of "
            f"{sorted(registry.targets['plan_id'].unique())}"
        )
    plan = plan.iloc[0]
    targets = registry.targets.loc[
        (registry.targets["plan_id"] == plan_id) & (registry.targets["sub_unit"] == "")
    ]
    unit_code = str(plan.unit_code)
    reported = reported_spans(registry.reported.loc[registry.reported["unit_code"] == unit_code])
    panel_unit, proxy_note = None, ""
    if panel is not None:
        codes = set(panel.units["unit_code"])
        if unit_code in codes:
            panel_unit = unit_code
        elif proxy_parent and plan.level in ("county", "district"):
            parent = registry.roster.panel_city(unit_code)
            if parent in codes:
                name = panel.units.set_index("unit_code").loc[parent, "unit_name"]
                panel_unit = parent
                proxy_note = (
                    f"proxy: {plan.unit_name} has no panel series; its parent city {name} "
                    f"{parent}'s series is used"
                )
    period_start = int(plan.period_start)
    rounds = registry.plans.set_index("plan_id")["round"].to_dict()
    out = []
    for row in targets.itertuples():
        horizon = int(row.horizon)
        rows = reported.loc[reported["indicator"] == row.indicator]
        within = rows.loc[(rows["span_start"] >= period_start) & (rows["span_end"] <= horizon)]
        before = rows.loc[rows["span_end"] < period_start].sort_values(
            ["span_end", "span_start"], ascending=[True, False]
        )
        record = {
            "unit_code": unit_code, "unit_name": plan.unit_name, "level": plan.level,
            "plan_id": plan_id, "round": plan["round"], "indicator": row.indicator,
            "indicator_zh": row.indicator_zh, "target_type": row.target_type,
            "target": float(row.target), "unit": row.unit, "qualifier": row.qualifier,
            "horizon": horizon, "realised": np.nan, "realised_years": "",
            "share_achieved": np.nan, "status": "no realised figure", "baseline": np.nan,
            "baseline_years": "", "baseline_round": "", "projection": np.nan,
            "conf_low": np.nan, "conf_high": np.nan, "p_meet": np.nan, "verdict": "",
            "method": "", "method_zh": "",
        }  # fmt: skip
        if len(before):
            base = before.iloc[-1]
            record.update(
                baseline=float(base["value"]),
                baseline_years=_years_text(int(base["span_start"]), int(base["span_end"])),
                baseline_round=rounds.get(base["plan_id"], base["plan_id"]),
            )
        if len(within):
            _realise(record, within, row, period_start, horizon)
        projection, note = _project(
            row, period_start, horizon, rows, panel, panel_unit, proxy_note, seed
        )
        if projection is not None and record["status"] not in ("met", "not met"):
            scale = 100 if projection.measure == "average_growth" else 1
            record.update(
                projection=projection.point * scale, conf_low=projection.conf_low * scale,
                conf_high=projection.conf_high * scale, p_meet=projection.p_meet,
                verdict=projection.verdict,
                method=f"{note}; {projection.method}" if note else projection.method,
                method_zh=(f"代理：{plan.unit_name}无面板序列，使用所属城市的序列；"
                           if note else "") + projection.method_zh,
            )  # fmt: skip
        elif note:
            record.update(method=note, method_zh=_NOTE_ZH.get(note, note))
        out.append(record)
    return pd.DataFrame(out, columns=ROUND_COLUMNS)


_NOTE_ZH = {
    "no reported figure of the unit gives the share": "本单位没有可用于计算份额的报告值",
    "fewer than 2 year-on-year changes: no interval": "逐年变化少于 2 个，无法给出区间",
}


def _realise(record: dict, within: pd.DataFrame, row, period_start: int, horizon: int) -> None:
    """Fill the realised columns and the status from the figures inside the period."""
    if row.target_type == "cumulative":
        spans = within.sort_values(["span_end", "span_start"], ascending=[False, True])
        longest = spans.iloc[0]
        single = within.loc[within["span_start"] == within["span_end"]]
        single_end = int(single["span_end"].max()) if len(single) else -1
        if longest["span_start"] < longest["span_end"] and longest["span_end"] >= single_end:
            value, first, last = float(longest["value"]), int(longest["span_start"]), int(
                longest["span_end"]
            )  # fmt: skip
        else:
            value = float(single.groupby("span_start")["value"].sum().sum())
            first, last = int(single["span_start"].min()), single_end
        complete = first == period_start and last == horizon
    else:
        latest = within.sort_values("span_end").iloc[-1]
        value, first, last = float(latest["value"]), int(latest["span_start"]), int(
            latest["span_end"]
        )  # fmt: skip
        complete = last == horizon
    record.update(realised=value, realised_years=_years_text(first, last))
    if row.target_type in ("cumulative", "annual", "stock", "share") and row.target:
        record["share_achieved"] = value / float(row.target)
    comparable = row.target_type in ("cumulative", "annual", "stock", "share")
    if complete and comparable:
        met = bool(meets(value, float(row.target), row.qualifier, tolerance=0.01 * row.target))
        record["status"] = "met" if met else "not met"
    else:
        record["status"] = "in progress"
