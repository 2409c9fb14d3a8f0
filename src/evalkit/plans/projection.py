"""Projections of a plan target to its horizon, with an interval and a likely/unlikely verdict.

Three ways to project, chosen by what the data hold:

- :func:`project_share_of_flow`: a flow that is a share of a panel flow (SME loans as a share
  of the panel's new loans, the yearly change of year-end ``loans``). The share comes from the
  latest year the numerator is reported; the period total is ``share x denominator`` summed
  over the period's years.
- :func:`project_growth_via_denominator`: an average growth rate whose panel denominator is a
  level (规下工业增加值 against secondary value added ``va_secondary``): with its share held,
  the numerator grows as the denominator does. :func:`project_growth_path` is the same
  projection of a series of the unit itself (no share).
- :func:`project_cumulative_path`: a count or amount added over the period, from the additions
  realised within the round.

Intervals come from the series' historical variability and the method text of every result
says which: the share follows a random walk in logs whose yearly steps are resampled from the
historical year-on-year log changes of the share (three or more observed shares) or, with fewer,
of the denominator flow itself, demeaned (a share assumed no steadier than the flow it is a part
of); unobserved years of a series are drawn by resampling its historical log growth residuals
around their mean (a bootstrap of log growth residuals).

The verdict rule (:func:`verdict`): **likely** when P(meet) >= 0.8, **unlikely** when
P(meet) <= 0.2, otherwise **uncertain**; P(meet) is the share of draws that meet the target
under its qualifier (以上 / 不低于 / ...: at least the target; 左右: within ``tolerance``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from evalkit.plans.errors import PlanRegistryError
from evalkit.results import HtmlDisplay

LIKELY = 0.8
HISTORY_WINDOW = 10  # years of history (up to the base year) whose variability is resampled
UNLIKELY = 0.2
VERDICT_RULE = (
    f"likely if P(meet) >= {LIKELY:g}, unlikely if P(meet) <= {UNLIKELY:g}, otherwise uncertain"
)
Verdict = Literal["likely", "uncertain", "unlikely"]
PROJECTION_COLUMNS = [
    "measure", "target", "qualifier", "point", "conf_low", "conf_high", "level", "p_meet",
    "verdict", "method", "method_zh",
]  # fmt: skip


def verdict(p_meet: float, *, likely: float = LIKELY, unlikely: float = UNLIKELY) -> Verdict:
    """Return ``likely``, ``uncertain`` or ``unlikely`` for a probability of meeting a target.

    Parameters
    ----------
    p_meet : float
        Probability that the target is met, in [0, 1].
    likely, unlikely : float
        Thresholds: ``p_meet >= likely`` is likely, ``p_meet <= unlikely`` unlikely.

    Examples
    --------
    >>> verdict(0.8), verdict(0.5), verdict(0.2)
    ('likely', 'uncertain', 'unlikely')
    """
    if not 0 <= unlikely < likely <= 1:
        raise PlanRegistryError(
            f"verdict: thresholds unlikely={unlikely} and likely={likely}; rule: "
            "0 <= unlikely < likely <= 1; fix: pass thresholds in that order"
        )
    if not 0 <= p_meet <= 1:
        raise PlanRegistryError(
            f"verdict: p_meet={p_meet} is not a probability; fix: pass a value in [0, 1]"
        )
    if p_meet >= likely:
        return "likely"
    if p_meet <= unlikely:
        return "unlikely"
    return "uncertain"


def meets(
    values: np.ndarray | float, target: float, qualifier: str, *, tolerance: float = 0.0
) -> np.ndarray:
    """Return whether each value meets ``target`` under the document's qualifier.

    左右 ("about") means within ``tolerance`` of the target (the same units as the values);
    every other qualifier (以上, 不低于, 超过, 不少于, 达到, blank) means at least the target.

    Examples
    --------
    >>> meets(np.array([0.95, 1.0, 1.2]), 1.0, "以上").tolist()
    [False, True, True]
    >>> meets(np.array([0.14, 0.155, 0.17]), 0.15, "左右", tolerance=0.01).tolist()
    [True, True, False]
    """
    values = np.asarray(values, dtype=float)
    if qualifier == "左右":
        return np.abs(values - target) <= tolerance + 1e-12
    return values >= target - 1e-9 * max(abs(target), 1.0)


@dataclass(frozen=True)
class Projection(HtmlDisplay):
    """A projected period total (or average growth rate) with its interval and verdict.

    ``point`` is the projection with the share (or growth) held at its estimate;
    ``conf_low``/``conf_high`` the central ``level`` interval of the simulated draws;
    ``p_meet`` the share of draws that meet the target; ``verdict`` follows
    :data:`VERDICT_RULE`; ``method`` (English) and ``method_zh`` say how, in words.
    """

    measure: Literal["period_total", "average_growth"]
    target: float
    qualifier: str
    point: float
    conf_low: float
    conf_high: float
    level: float
    p_meet: float
    verdict: Verdict
    method: str
    method_zh: str
    settings: dict = field(default_factory=dict)

    def tidy(self) -> pd.DataFrame:
        """Return one row with :data:`PROJECTION_COLUMNS`."""
        return pd.DataFrame([{column: getattr(self, column) for column in PROJECTION_COLUMNS}])

    def summary(self) -> str:
        """Return a one-line plain-text summary."""
        scale, suffix = (100, "%") if self.measure == "average_growth" else (1, "")
        return (
            f"{self.measure} {self.point * scale:.4g}{suffix} "
            f"[{self.conf_low * scale:.4g}, {self.conf_high * scale:.4g}] "
            f"({self.level:.0%} interval) against {self.target * scale:g}{suffix}"
            f"{self.qualifier}: P(meet) = {self.p_meet:.2f}, {self.verdict}; {self.method}"
        )

    float_format = None


def _series(values: Mapping[int, float] | pd.Series, what: str) -> pd.Series:
    series = pd.Series(values, dtype="float64").dropna().sort_index()
    series.index = series.index.astype("int64")
    return series


def _log_changes(series: pd.Series) -> np.ndarray:
    """Year-on-year log changes between consecutive years with positive values."""
    positive = series.loc[series > 0]
    years = positive.index.to_numpy()
    logs = np.log(positive.to_numpy())
    consecutive = np.diff(years) == 1
    return np.diff(logs)[consecutive]


def flow_from_stock(levels: Mapping[int, float] | pd.Series) -> pd.Series:
    """Return the yearly change of a year-end stock (new loans from year-end loans).

    Only consecutive years give a change; the first year has none.

    Examples
    --------
    >>> flow_from_stock({2017: 5973.8994, 2018: 6770.6905}).round(4).to_dict()
    {2018: 796.7911}
    """
    series = _series(levels, "levels")
    change = series.diff()
    consecutive = pd.Series(series.index, index=series.index).diff() == 1
    return change.loc[consecutive]


def _interval(draws: np.ndarray, level: float) -> tuple[float, float]:
    tail = (1 - level) / 2
    low, high = np.quantile(draws, [tail, 1 - tail])
    return float(low), float(high)


def _steps(steps: np.ndarray, what: str) -> np.ndarray:
    steps = np.asarray(steps, dtype=float)
    if steps.size < 2 or not np.isfinite(steps).all():
        raise PlanRegistryError(
            f"projection: {what} has {steps.size} usable year-on-year changes; rule: an "
            "interval needs at least 2; fix: pass a longer history or the steps explicitly"
        )
    return steps


def _history_window(series: pd.Series, last_year: int, window: int | None) -> pd.Series:
    series = series.loc[series.index <= last_year]
    return series if window is None else series.loc[series.index > last_year - window - 1]


def project_share_of_flow(
    numerator: Mapping[int, float] | pd.Series,
    denominator_flow: Mapping[int, float] | pd.Series,
    *,
    target: float,
    period_start: int,
    horizon: int,
    qualifier: str = "",
    steps: np.ndarray | None = None,
    share_model: Literal["random_walk", "stationary"] = "random_walk",
    history_window: int | None = HISTORY_WINDOW,
    level: float = 0.9,
    n_draws: int = 4000,
    seed: int = 0,
) -> Projection:
    """Project a period total as a share of a panel flow (SME loans = share x new loans).

    The share is the numerator over the denominator in the latest year ``y0 <= horizon`` with
    both. Years of the period up to ``y0`` that report the numerator count as realised; later
    years are ``share_t x denominator_t``, the share a random walk in logs from ``y0`` whose
    yearly steps are resampled from ``steps`` (default: the shares' own year-on-year log
    changes when three or more years report the numerator; otherwise the denominator flow's
    year-on-year log changes up to ``y0``, demeaned). Period years with no denominator are
    drawn by resampling the flow's historical log growth (a bootstrap of log growth residuals
    around their mean).

    Parameters
    ----------
    numerator : mapping or pandas.Series
        Year to the reported flow (SME new loans), any years up to ``horizon``.
    denominator_flow : mapping or pandas.Series
        Year to the panel flow (new loans: :func:`flow_from_stock` of ``loans``).
    target : float
        The period total to reach.
    period_start, horizon : int
        First and last year of the plan period.
    qualifier : str
        The document's qualifier.
    steps : numpy.ndarray, optional
        Yearly log changes of the share to resample.
    share_model : {"random_walk", "stationary"}
        ``random_walk`` (default, the cautious choice when one year gives the share: drift
        cannot be told from noise): the steps accumulate from ``y0``. ``stationary``: each
        year's share is ``share x exp(e)``, ``e`` resampled from ``steps / sqrt(2)`` (the
        deviations whose year-on-year differences the steps are), independent across years.
    history_window : int, optional
        Years of history (up to ``y0``) the default steps use; None for all.
    level : float
        Coverage of the interval.
    n_draws : int
        Simulated paths.
    seed : int
        Seed of the generator.

    Returns
    -------
    Projection

    Examples
    --------
    >>> loans = {2017: 5973.8994, 2018: 6770.6905, 2020: 10026.1567, 2021: 12066.7061,
    ...          2022: 14098.3851, 2023: 16343.4010}
    >>> result = project_share_of_flow({2018: 127.95}, flow_from_stock(loans), target=1000,
    ...     period_start=2021, horizon=2023, steps=np.array([-0.1, 0.1]))
    >>> round(result.point, 1)
    1014.4
    """
    if horizon < period_start:
        raise PlanRegistryError(
            f"projection: horizon {horizon} precedes period_start {period_start}; fix: swap them"
        )
    numerator_series = _series(numerator, "numerator")
    flow = _series(denominator_flow, "denominator")
    both = numerator_series.index.intersection(flow.index)
    both = both[both <= horizon]
    if len(both) == 0:
        raise PlanRegistryError(
            "projection: no year has both the numerator and the denominator flow; rule: the "
            "share needs one year with both; fix: add a reported figure of a panel year"
        )
    base_year = int(both.max())
    shares = (numerator_series.loc[both] / flow.loc[both]).astype(float)
    share = float(shares.loc[base_year])
    if share <= 0:
        raise PlanRegistryError(
            f"projection: the share in {base_year} is {share:g}; rule: a positive share; fix: "
            "check the numerator and denominator"
        )
    if steps is None:
        if len(shares) >= 3:
            steps = _log_changes(shares)
            source = f"the share's own year-on-year log changes (n={len(steps)})"
            source_zh = f"份额自身的逐年对数变化（{len(steps)} 个）"
        else:
            changes = _log_changes(_history_window(flow, base_year, history_window))
            steps = changes - changes.mean() if changes.size else changes
            source = (
                f"the denominator flow's year-on-year log changes up to {base_year}, demeaned "
                f"(n={len(steps)}; the share is observed in {len(shares)} year(s))"
            )
            source_zh = (
                f"{base_year} 年及以前分母流量的逐年对数变化（去均值，{len(steps)} 个；"
                f"份额只有 {len(shares)} 年的观测）"
            )
    else:
        source = f"the given steps (n={len(np.asarray(steps))})"
        source_zh = f"给定的步长（{len(np.asarray(steps))} 个）"
    steps = _steps(steps, "the share")
    years = list(range(period_start, horizon + 1))
    realised = float(sum(numerator_series.get(year, 0.0) for year in years if year <= base_year))
    projected_years = [year for year in years if year > base_year]
    rng = np.random.default_rng(seed)
    shocks = rng.choice(steps, size=(n_draws, horizon - base_year))
    if share_model == "random_walk":
        log_share = np.log(share) + np.cumsum(shocks, axis=1)  # column k: year base_year + 1 + k
        model = "a random walk in logs, yearly steps"
        model_zh = "对数随机游走，年度步长"
    elif share_model == "stationary":
        log_share = np.log(share) + shocks / np.sqrt(2)
        model = "stationary around it, yearly log deviations (steps / sqrt 2)"
        model_zh = "围绕该值平稳波动，年度对数偏离（步长 / √2）"
    else:
        raise PlanRegistryError(
            f"projection: share_model={share_model!r}; use 'random_walk' or 'stationary'"
        )
    first = max(base_year + 1, period_start)
    flow_draws, flow_point, drawn = _flow_draws(flow, first, horizon, rng, n_draws)
    totals = np.full(n_draws, realised)
    point = realised
    for year in projected_years:
        column = year - base_year - 1
        totals += np.exp(log_share[:, column]) * flow_draws[year]
        point += share * flow_point[year]
    low, high = _interval(totals, level)
    p = float(meets(totals, target, qualifier, tolerance=0.0).mean())
    period = f"{period_start}-{horizon}"
    method = (
        f"share {share:.1%} in {base_year} x the panel's denominator flow for {period}"
        + (f" ({len(drawn)} year(s) drawn: {drawn})" if drawn else " (all years observed)")
        + f"; share {model} resampled from {source}; "
        f"{level:.0%} interval of {n_draws} draws"
    )
    method_zh = (
        f"{base_year} 年份额 {share:.1%} × 面板分母 {period} 年的流量"
        + (f"（{len(drawn)} 年为模拟：{drawn}）" if drawn else "（各年均为实际值）")
        + f"；份额为{model_zh}抽自{source_zh}；{n_draws} 次模拟的 {level:.0%} 区间"
    )
    return Projection(
        "period_total", float(target), qualifier, float(point), low, high, level, p,
        verdict(p), method, method_zh,
        {"share": share, "base_year": base_year, "realised": realised, "seed": seed,
         "n_draws": n_draws, "share_model": share_model, "steps": steps.tolist()},
    )  # fmt: skip


def _flow_draws(
    flow: pd.Series, first: int, horizon: int, rng: np.random.Generator, n_draws: int
) -> tuple[dict[int, np.ndarray], dict[int, float], list[int]]:
    """Observed flows as constants, missing ones by a bootstrap of log growth residuals."""
    draws: dict[int, np.ndarray] = {}
    point: dict[int, float] = {}
    drawn = [year for year in range(first, horizon + 1) if year not in flow.index]
    if drawn:
        growth = _steps(_log_changes(flow.loc[flow.index < drawn[0]]), "the denominator flow")
        mean, residuals = growth.mean(), growth - growth.mean()
    last_draw = last_point = None
    for year in range(first, horizon + 1):
        if year in flow.index:
            draws[year] = np.full(n_draws, float(flow.loc[year]))
            point[year] = float(flow.loc[year])
        else:
            previous = year - 1
            start_draw = draws.get(previous, last_draw)
            start_point = point.get(previous, last_point)
            if start_draw is None:
                if previous not in flow.index:
                    raise PlanRegistryError(
                        f"projection: the denominator flow of {previous} is missing, so {year} "
                        "cannot be drawn from it; fix: add the panel year"
                    )
                start_draw = np.full(n_draws, float(flow.loc[previous]))
                start_point = float(flow.loc[previous])
            draws[year] = start_draw * np.exp(mean + rng.choice(residuals, size=n_draws))
            point[year] = start_point * np.exp(mean)
        last_draw, last_point = draws[year], point[year]
    return draws, point, drawn


def project_growth_via_denominator(
    denominator_levels: Mapping[int, float] | pd.Series,
    *,
    target_rate: float,
    period_start: int,
    horizon: int,
    qualifier: str = "",
    share_drift: bool = True,
    history_window: int | None = HISTORY_WINDOW,
    tolerance: float = 0.01,
    level: float = 0.9,
    n_draws: int = 4000,
    seed: int = 0,
) -> Projection:
    """Project an average yearly growth rate through a panel level (规下增加值: ``va_secondary``).

    With its share of the denominator held, the numerator grows as the denominator does from
    the base year ``period_start - 1`` to ``horizon``. Years after the last observed one are
    drawn by resampling the denominator's historical log growth residuals around their mean;
    with ``share_drift`` the share moves as a random walk in logs over the period, yearly steps
    resampled from the denominator's own demeaned log growth up to the base year (no steadier
    than its denominator).

    Parameters
    ----------
    denominator_levels : mapping or pandas.Series
        Year to the panel level, including the base year.
    target_rate : float
        The yearly growth to reach, as a fraction (0.06 for 6%).
    period_start, horizon : int
        First and last year of the plan period.
    qualifier : str
        The document's qualifier; 左右 means within ``tolerance`` (rate units).
    share_drift : bool
        False for a series of the unit itself (:func:`project_growth_path`).
    history_window : int, optional
        Years of history up to the base year used for the steps; None for all.
    tolerance : float
        For 左右.
    level, n_draws, seed
        Interval coverage, simulated paths and seed.

    Returns
    -------
    Projection
        ``measure="average_growth"``, rates as fractions.

    Examples
    --------
    >>> va = {2016: 2010.50, 2017: 2317.92, 2018: 2624.49, 2019: 2892.55, 2020: 2861.00,
    ...       2021: 3453.75, 2022: 3719.61, 2023: 3776.84}
    >>> result = project_growth_via_denominator(va, target_rate=0.06, period_start=2021,
    ...     horizon=2023)
    >>> round(result.point, 4)
    0.097
    """
    levels = _series(denominator_levels, "levels")
    base_year = period_start - 1
    if base_year not in levels.index:
        raise PlanRegistryError(
            f"projection: the level of the base year {base_year} (the year before the period) "
            f"is missing; got years {levels.index.tolist()}; fix: add it"
        )
    years = horizon - base_year
    history = _history_window(levels, base_year, history_window)
    growth = _steps(_log_changes(history), "the denominator's history")
    residuals = growth - growth.mean()
    rng = np.random.default_rng(seed)
    observed = levels.loc[(levels.index > base_year) & (levels.index <= horizon)]
    last_year = int(observed.index.max()) if len(observed) else base_year
    missing = horizon - last_year
    log_change = np.log(levels.loc[last_year] / levels.loc[base_year])
    draws = np.full(n_draws, log_change)
    point = log_change + missing * growth.mean()
    if missing:
        draws = draws + (missing * growth.mean() + rng.choice(residuals, (n_draws, missing)).sum(1))
    if share_drift:
        draws = draws + rng.choice(residuals, size=(n_draws, years)).sum(axis=1)
    rates = np.exp(draws / years) - 1
    low, high = _interval(rates, level)
    p = float(meets(rates, target_rate, qualifier, tolerance=tolerance).mean())
    observed_text = f"observed {base_year}-{last_year}" + (
        f", {missing} year(s) drawn" if missing else ""
    )
    method = (
        f"average growth {base_year}-{horizon} of the panel series ({observed_text}; missing "
        "years by a bootstrap of its log growth residuals)"
        + (
            "; share of the denominator a random walk in logs, yearly steps resampled from "
            f"its demeaned log growth up to {base_year} (n={len(residuals)})"
            if share_drift
            else f"; no share (the unit's own series, n={len(residuals)} growth residuals)"
        )
        + f"; {level:.0%} interval of {n_draws} draws"
    )
    method_zh = (
        f"面板序列 {base_year}-{horizon} 年的年均增长（实际值至 {last_year} 年"
        + (f"，{missing} 年为模拟" if missing else "")
        + "；缺失年份由对数增长残差的 bootstrap 得到）"
        + (
            f"；占分母的份额为对数随机游走，年度步长抽自 {base_year} 年及以前分母去均值的对数增长"
            f"（{len(residuals)} 个）"
            if share_drift
            else f"；无份额（本单位自身序列，{len(residuals)} 个增长残差）"
        )
        + f"；{n_draws} 次模拟的 {level:.0%} 区间"
    )
    return Projection(
        "average_growth", float(target_rate), qualifier, float(np.exp(point / years) - 1), low,
        high, level, p, verdict(p), method, method_zh,
        {"base_year": base_year, "last_observed": last_year, "share_drift": share_drift,
         "seed": seed, "n_draws": n_draws, "tolerance": tolerance},
    )  # fmt: skip


def project_growth_path(
    levels: Mapping[int, float] | pd.Series,
    *,
    target_rate: float,
    period_start: int,
    horizon: int,
    qualifier: str = "",
    **options,
) -> Projection:
    """Project the average growth of the unit's own series from its realised path.

    :func:`project_growth_via_denominator` with no share: observed years as they are, later
    years by a bootstrap of the series' log growth residuals.

    Examples
    --------
    >>> levels = {2015: 100.0, 2016: 110.0, 2017: 118.0, 2018: 131.0, 2019: 140.0}
    >>> result = project_growth_path(levels, target_rate=0.05, period_start=2018, horizon=2020)
    >>> result.verdict
    'likely'
    """
    return project_growth_via_denominator(
        levels, target_rate=target_rate, period_start=period_start, horizon=horizon,
        qualifier=qualifier, share_drift=False, **options,
    )  # fmt: skip


def project_cumulative_path(
    flows: Mapping[int, float] | pd.Series,
    *,
    target: float,
    period_start: int,
    horizon: int,
    qualifier: str = "",
    history: Mapping[int, float] | pd.Series | None = None,
    tolerance: float = 0.01,
    level: float = 0.9,
    n_draws: int = 4000,
    seed: int = 0,
) -> Projection:
    """Project a target of additions over the period from the additions realised in the round.

    The remaining years continue from the last realised addition with the round's mean log
    growth (zero with a single realised year: the flat pace), plus yearly shocks resampled
    from the demeaned log growth of all consecutive additions in ``history`` and the round.

    Parameters
    ----------
    flows : mapping or pandas.Series
        Year to the addition realised in that year; only years of the period count.
    target : float
        Additions to reach over the period.
    period_start, horizon : int
        First and last year of the plan period.
    qualifier : str
        The document's qualifier; 左右 means within ``tolerance`` of the target, relative.
    history : mapping or pandas.Series, optional
        Earlier additions (before the period) for the variability of growth.
    tolerance, level, n_draws, seed
        As in :func:`project_share_of_flow`.

    Returns
    -------
    Projection

    Examples
    --------
    >>> flows = {2015: 80.0, 2016: 100.0, 2017: 90.0, 2018: 110.0, 2019: 100.0}
    >>> result = project_cumulative_path({2018: 110.0, 2019: 100.0}, target=200,
    ...     period_start=2018, horizon=2020, history=flows)
    >>> result.verdict, result.p_meet
    ('likely', 1.0)
    """
    series = _series(flows, "flows")
    within = series.loc[(series.index >= period_start) & (series.index <= horizon)]
    if within.empty:
        raise PlanRegistryError(
            f"projection: no addition realised within {period_start}-{horizon}; rule: a "
            "target is projected only from values inside its own plan period; fix: pass them"
        )
    last_year = int(within.index.max())
    achieved = float(within.sum())
    remaining = horizon - last_year
    everything = within if history is None else _series(history, "history").combine_first(within)
    growth = _log_changes(everything)
    in_round = _log_changes(within)
    drift = float(in_round.mean()) if in_round.size else 0.0
    if remaining:
        residuals = _steps(growth, "the additions' history") - growth.mean()
        rng = np.random.default_rng(seed)
        shocks = rng.choice(residuals, size=(n_draws, remaining))
        paths = float(within.loc[last_year]) * np.exp(np.cumsum(drift + shocks, axis=1))
        totals = achieved + paths.sum(axis=1)
        point = achieved + float(
            within.loc[last_year] * np.exp(drift * np.arange(1, remaining + 1)).sum()
        )
    else:
        totals, point = np.full(n_draws, achieved), achieved
    low, high = _interval(totals, level)
    p = float(meets(totals, target, qualifier, tolerance=tolerance * abs(target)).mean())
    method = f"{achieved:g} realised in {period_start}-{last_year}" + (
        f"; {remaining} year(s) continue the last addition with mean log growth "
        f"{drift:+.3f}/year, shocks resampled from {len(growth)} demeaned historical log "
        f"growth rates; {level:.0%} interval of {n_draws} draws"
        if remaining
        else "; the period is complete"
    )
    method_zh = f"{period_start}-{last_year} 年实际完成 {achieved:g}" + (
        f"；其余 {remaining} 年从最近一年的新增量出发，年均对数增长 {drift:+.3f}，冲击抽自 "
        f"{len(growth)} 个去均值的历史对数增长率；{n_draws} 次模拟的 {level:.0%} 区间"
        if remaining
        else "；计划期已结束"
    )
    return Projection(
        "period_total", float(target), qualifier, point, low, high, level, p, verdict(p),
        method, method_zh,
        {"achieved": achieved, "last_year": last_year, "drift": drift, "seed": seed},
    )  # fmt: skip


def flat_pace(achieved: float, years_observed: int, period_years: int) -> float:
    """Return the old projection: the yearly average so far times the period's years.

    Examples
    --------
    >>> flat_pace(127.95, 1, 3)
    383.85
    """
    return round(achieved / years_observed * period_years, 10)
