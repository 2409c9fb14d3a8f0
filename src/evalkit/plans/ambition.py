"""How ambitious a target was: the required yearly rate against the pre-plan trend.

For every target with a baseline, the rate the target requires is set beside the rate the
pre-plan trend gives, as a ratio and a difference, and the trend is carried over the period to
say whether it alone would have met the target. Meeting a target is not the same as the plan
having an effect: "target met; the pre-plan trend alone would also have met it" is a finding.

- ``cumulative`` (additions over the period) and ``annual`` (a figure per year): the required
  pace is the target per year; the pre-plan pace is the baseline figure per year it covers
  (a flat trend: the previous round's yearly pace carried on). A flow with a panel denominator
  (SME loans) uses the baseline share times the denominator on its pre-plan trend instead
  (year-end loans growing at their pre-plan average rate, new loans their yearly change).
- ``annual_growth``: the required rate is the target; the pre-plan rate is the average yearly
  growth of the panel series over the ``window`` years before the period (for 规下工业增加值
  the secondary value added, its denominator).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from evalkit.plans.attainment import (
    DENOMINATORS,
    panel_series,
    reported_spans,
    round_attainment,
)
from evalkit.plans.errors import PlanRegistryError
from evalkit.plans.projection import meets

PRE_PLAN_WINDOW = 3
# How the basis text names the panel series a target is projected through.
PANEL_SERIES_NAMES = {
    "va_secondary": {"zh": "第二产业增加值", "en": "secondary value added"},
    "loans": {"zh": "年末贷款余额", "en": "year-end loans"},
}
AMBITION_COLUMNS = [
    "unit_code", "unit_name", "level", "plan_id", "round", "indicator", "indicator_zh",
    "target_type", "target", "unit", "qualifier", "required_rate", "pre_plan_rate", "rate_unit",
    "ratio", "difference", "trend_total", "trend_meets", "outcome", "finding", "basis",
    "basis_zh",
]  # fmt: skip
FINDINGS = (
    "met; the pre-plan trend alone would also have met it",
    "on track; the pre-plan trend alone would also meet it",
    "the pre-plan trend alone would meet it",
    "needs more than the pre-plan trend",
)


@dataclass(frozen=True)
class Ambition:
    """A target's required yearly rate against its pre-plan trend rate.

    ``rate_unit`` is ``per_year`` (target units per year) or ``growth`` (a fraction per year);
    ``ratio`` = required / pre-plan, ``difference`` = required - pre-plan; ``trend_total`` is
    what the pre-plan trend reaches over the period (the average growth rate for ``growth``);
    ``trend_meets`` whether that meets the target under its qualifier.
    """

    required_rate: float
    pre_plan_rate: float
    rate_unit: Literal["per_year", "growth"]
    ratio: float
    difference: float
    trend_total: float
    trend_meets: bool
    settings: dict = field(default_factory=dict)

    def tidy(self) -> pd.DataFrame:
        """Return the result as one row."""
        columns = ["required_rate", "pre_plan_rate", "rate_unit", "ratio", "difference",
                   "trend_total", "trend_meets"]  # fmt: skip
        return pd.DataFrame([{column: getattr(self, column) for column in columns}])

    def summary(self) -> str:
        """Return a one-line plain-text summary."""
        scale, suffix = (100, "%/yr") if self.rate_unit == "growth" else (1, "/yr")
        return (
            f"required {self.required_rate * scale:.4g}{suffix} against a pre-plan trend of "
            f"{self.pre_plan_rate * scale:.4g}{suffix} (ratio {self.ratio:.2f}); the trend alone "
            f"{'would' if self.trend_meets else 'would not'} meet the target"
        )


def ambition(
    *,
    target: float,
    target_type: str,
    period_start: int,
    horizon: int,
    qualifier: str = "",
    pre_plan_rate: float,
    trend_total: float | None = None,
    tolerance: float = 0.01,
) -> Ambition:
    """Compare a target's required yearly rate with the pre-plan trend rate.

    Parameters
    ----------
    target : float
        The target: additions over the period (``cumulative``), a figure per year
        (``annual``) or a yearly growth rate as a fraction (``annual_growth``).
    target_type : {"cumulative", "annual", "annual_growth"}
    period_start, horizon : int
        First and last year of the plan period.
    qualifier : str
        The document's qualifier (左右: within ``tolerance``, rate units or relative).
    pre_plan_rate : float
        The pre-plan pace per year (flows) or average growth (``annual_growth``).
    trend_total : float, optional
        What the pre-plan trend adds over the period, when it is not ``pre_plan_rate`` times
        the years (a denominator on its trend); ``cumulative`` only.
    tolerance : float
        For 左右.

    Returns
    -------
    Ambition

    Examples
    --------
    >>> result = ambition(target=60000, target_type="cumulative", period_start=2021,
    ...                   horizon=2023, qualifier="以上", pre_plan_rate=25592)
    >>> round(result.ratio, 4), result.trend_meets
    (0.7815, True)
    """
    years = horizon - period_start + 1
    if years < 1:
        raise PlanRegistryError(
            f"ambition: horizon {horizon} precedes period_start {period_start}; fix: swap them"
        )
    if target_type == "cumulative":
        required = target / years
        total = pre_plan_rate * years if trend_total is None else trend_total
        met = meets(total, target, qualifier, tolerance=tolerance * abs(target))
        unit: Literal["per_year", "growth"] = "per_year"
    elif target_type == "annual":
        required, total, unit = target, pre_plan_rate, "per_year"
        met = meets(pre_plan_rate, target, qualifier, tolerance=tolerance * abs(target))
    elif target_type == "annual_growth":
        required, total, unit = target, pre_plan_rate, "growth"
        met = meets(pre_plan_rate, target, qualifier, tolerance=tolerance)
    else:
        raise PlanRegistryError(
            f"ambition: target_type={target_type!r} has no yearly rate; rule: ambition is "
            "defined for cumulative, annual and annual_growth targets; fix: skip the target"
        )
    ratio = required / pre_plan_rate if pre_plan_rate else np.nan
    return Ambition(
        float(required), float(pre_plan_rate), unit, float(ratio),
        float(required - pre_plan_rate), float(total), bool(met),
        {"tolerance": tolerance, "years": years},
    )  # fmt: skip


def _cagr(series: pd.Series, first: int, last: int) -> float | None:
    if first not in series.index or last not in series.index or series.loc[first] <= 0:
        return None
    return float((series.loc[last] / series.loc[first]) ** (1 / (last - first)) - 1)


def _loans_on_trend(loans: pd.Series, base_year: int, horizon: int, window: int):
    """Return new loans over the period if year-end loans kept their pre-plan growth."""
    rate = _cagr(loans, base_year - window, base_year)
    if rate is None:
        return None, None
    path = loans.loc[base_year] * (1 + rate) ** np.arange(0, horizon - base_year + 1)
    return float(np.diff(path).sum()), rate


def ambition_table(
    registry, plan_id: str, *, panel=None, window: int = PRE_PLAN_WINDOW, seed: int = 0
) -> pd.DataFrame:
    """Return the ambition of every target of a plan round that has a baseline.

    Baselines: the latest figure of the unit reported before the period (a previous round's
    figure, here used only as the pre-plan pace), or the panel series for targets with a
    denominator (:data:`evalkit.plans.attainment.DENOMINATORS`; a county uses its parent
    city's series, as :func:`evalkit.plans.attainment.round_attainment` does).

    Parameters
    ----------
    registry : PlanRegistry
    plan_id : str
    panel : evalkit.panel.Panel, optional
        Needed for targets projected through a denominator.
    window : int
        Years before the period over which the pre-plan growth is measured.
    seed : int
        Seed of the attainment projections (the ``outcome`` column).

    Returns
    -------
    pandas.DataFrame
        :data:`AMBITION_COLUMNS`; ``finding`` is one of :data:`FINDINGS`; ``basis`` says which
        baseline and trend were used (``basis_zh`` in Chinese).

    Examples
    --------
    >>> table = ambition_table(PlanRegistry.load(), "jiaxing_growth_2021")  # doctest: +SKIP
    >>> table.set_index("indicator").loc["new_smf", "ratio"].round(4)  # doctest: +SKIP
    0.7815
    """
    rounds = round_attainment(registry, plan_id, panel=panel, seed=seed)
    plan = registry.plans.set_index("plan_id").loc[plan_id]
    period_start = int(plan["period_start"])
    base_year = period_start - 1
    reported = reported_spans(
        registry.reported.loc[registry.reported["unit_code"] == str(plan["unit_code"])]
    )
    panel_unit = _panel_unit(registry, plan, panel)
    rows = []
    for row in rounds.itertuples():
        found = _baseline(row, reported, period_start, base_year, panel, panel_unit, window)
        if found is None:
            continue
        pre_plan, trend_total, basis, basis_zh = found
        target = row.target / 100 if row.target_type == "annual_growth" else row.target
        result = ambition(
            target=target, target_type=row.target_type, period_start=period_start,
            horizon=int(row.horizon), qualifier=row.qualifier, pre_plan_rate=pre_plan,
            trend_total=trend_total,
        )  # fmt: skip
        outcome = row.status if row.status in ("met", "not met") else row.verdict or row.status
        rows.append(
            {**{c: getattr(row, c) for c in ["unit_code", "unit_name", "level", "plan_id",
                                              "round", "indicator", "indicator_zh",
                                              "target_type", "target", "unit", "qualifier"]},
             **result.tidy().iloc[0].to_dict(), "outcome": outcome,
             "finding": _finding(result.trend_meets, outcome), "basis": basis,
             "basis_zh": basis_zh}
        )  # fmt: skip
    return pd.DataFrame(rows, columns=AMBITION_COLUMNS)


def _finding(trend_meets: bool, outcome: str) -> str:
    if not trend_meets:
        return FINDINGS[3]
    if outcome == "met":
        return FINDINGS[0]
    if outcome == "likely":
        return FINDINGS[1]
    return FINDINGS[2]


def _panel_unit(registry, plan, panel) -> str | None:
    if panel is None:
        return None
    codes = set(panel.units["unit_code"])
    code = str(plan["unit_code"])
    if code in codes:
        return code
    parent = registry.roster.panel_city(code)
    return parent if plan["level"] in ("county", "district") and parent in codes else None


def _baseline(row, reported, period_start, base_year, panel, panel_unit, window):
    """Return (pre-plan rate, trend total or None, basis, basis_zh), or None."""
    denominator = DENOMINATORS.get(row.indicator)
    proxy = panel_unit is not None and panel_unit != row.unit_code
    parent = (
        panel.units.set_index("unit_code")["unit_name"].get(panel_unit, panel_unit) if proxy else ""
    )
    where = f" (parent city {parent} {panel_unit}, proxy)" if proxy else " (panel)"
    where_zh = f"（以所属城市{parent}的序列作代理）" if proxy else "（面板）"
    if denominator is not None and panel_unit is not None:
        series = panel_series(panel, panel_unit, denominator.panel_indicator)
        names = PANEL_SERIES_NAMES.get(
            denominator.panel_indicator,
            {"zh": denominator.panel_indicator, "en": denominator.panel_indicator},
        )
        first = base_year - window
        if row.target_type == "annual_growth":
            rate = _cagr(series, first, base_year)
            if rate is None:
                return None
            return (
                rate, None,
                f"{names['en']}: average growth {first}-{base_year}{where}",
                f"{names['zh']} {first}-{base_year} 年年均增长{where_zh}",
            )  # fmt: skip
        if denominator.kind == "share_of_flow" and row.target_type == "cumulative":
            before = reported.loc[
                (reported["indicator"] == row.indicator)
                & (reported["span_start"] == reported["span_end"])
                & (reported["span_end"] < period_start)
            ]
            flow = series.diff()
            usable = [y for y in before["span_start"] if y in flow.index and y - 1 in series.index]
            if not usable:
                return None
            share_year = max(usable)
            value = float(before.set_index("span_start").loc[share_year, "value"])
            share = value / float(flow.loc[share_year])
            total, rate = _loans_on_trend(series, base_year, int(row.horizon), window)
            if total is None:
                return None
            years = int(row.horizon) - period_start + 1
            return (
                share * total / years, share * total,
                f"share {share:.1%} ({share_year}, previous round) x new loans with year-end "
                f"loans on their {first}-{base_year} average growth {rate:.1%}{where}",
                f"{share_year} 年（上一轮）份额 {share:.1%} × 按 {first}-{base_year} 年年均增长 "
                f"{rate:.1%} 外推的新增贷款{where_zh}",
            )  # fmt: skip
    if row.target_type in ("cumulative", "annual") and not np.isnan(row.baseline):
        first, _, last = row.baseline_years.partition("-")
        span = int(last or first) - int(first) + 1
        round_text = f", round {row.baseline_round}" if row.baseline_round else ""
        return (
            row.baseline / span, None,
            f"reported {row.baseline:.12g} in {row.baseline_years}{round_text}: its yearly pace "
            "carried on (flat trend)",
            f"{row.baseline_years} 年报告值 {row.baseline:.12g}（上一轮）："
            "按其年均进度延续（平趋势）",
        )  # fmt: skip
    return None
