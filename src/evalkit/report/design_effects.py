"""Round averages, the long event study, confounder sensitivity and city-plan intensity.

All take a :class:`evalkit.design.Design`; the rounds, cohorts and confounders come from it
(that is, from the plan registry), never from the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import stats

from evalkit.design import Design, confounder_variants, outcome_column
from evalkit.did import AggregateResult, GroupTimeResult, aggte, att_gt
from evalkit.did.bootstrap import analytic_se
from evalkit.inference.placebo import placebo_in_space

if TYPE_CHECKING:
    from evalkit.panel import Panel

DESIGN_COLUMNS = ("year", "unit_code", "first_treated_year")
# Longest event time of the dynamic effects (three three-year rounds: 0..8).
MAX_EVENT_TIME = 8
SENSITIVITY_COLUMNS = [
    "policy", "indicator", "n_treated", "n_control", "estimate", "std_error", "p_value",
    "conf_low", "conf_high",
]  # fmt: skip


def cs_group_time(sample: pd.DataFrame, column: str) -> GroupTimeResult:
    """Fit the reports' Callaway-Sant'Anna group-time effects of ``column`` on ``sample``.

    Never-treated controls, a universal base period and an unbalanced panel (rows where
    ``column`` is missing are left out), on the design columns ``year, unit_code,
    first_treated_year``.

    Examples
    --------
    >>> from evalkit.simulate import simulate_staggered_panel
    >>> data = simulate_staggered_panel(n_units=60, n_periods=6, random_state=0).data
    >>> sample = data.rename(columns={"unit": "unit_code", "first_treated": "first_treated_year"})
    >>> cells = cs_group_time(sample, "y").tidy()
    >>> sorted(set(cells["group"].astype(int))), cells["term"].iloc[0]
    ([2002, 2003, 2005, 2006], 'ATT(2002,2001)')
    """
    observed = sample.dropna(subset=[column])
    return att_gt(
        observed, column, *DESIGN_COLUMNS, control_group="nevertreated",
        base_period="universal", allow_unbalanced_panel=True,
    )  # fmt: skip


def _row(estimate: float, se: float) -> dict[str, float]:
    z = estimate / se if se > 0 else np.nan
    half = stats.norm.ppf(0.975) * se
    return {
        "estimate": estimate,
        "std_error": se,
        "p_value": float(2 * stats.norm.sf(abs(z))),
        "conf_low": estimate - half,
        "conf_high": estimate + half,
    }


def round_effects(sample: pd.DataFrame, column: str, design: Design) -> pd.DataFrame:
    """Average Callaway-Sant'Anna effects over each round's calendar years.

    Every treated unit is treated in every round from its first, so a round's average is
    the effect of cumulative exposure (rounds 1..k), not of round k alone. Years the outcome
    lacks are left out (``years`` says which were used).

    Parameters
    ----------
    sample : pandas.DataFrame
        :meth:`Design.sample`.
    column : str
        Outcome column.
    design : Design
        Supplies the rounds (``period_start``/``period_end`` from the registry).

    Returns
    -------
    pandas.DataFrame
        ``round, exposure, years, n_treated, n_control, estimate, std_error, p_value,
        conf_low, conf_high`` (normal 95% intervals, clustered by unit).

    Examples
    --------
    >>> from evalkit.design import build_design
    >>> from evalkit.panel import load
    >>> design = build_design()  # doctest: +SKIP
    >>> round_effects(design.sample(load()), "log_loans", design)  # doctest: +SKIP
    """
    calendar = aggte(cs_group_time(sample, column), "calendar", na_rm=True)
    observed = sample.dropna(subset=[column])
    n_treated = observed.loc[observed["first_treated_year"] > 0, "unit_code"].nunique()
    n_control = observed.loc[observed["first_treated_year"] == 0, "unit_code"].nunique()
    rows = []
    for number, plan in enumerate(design.rounds.itertuples(), start=1):
        years = np.arange(int(plan.period_start), int(plan.period_end) + 1)
        pick = np.flatnonzero(np.isin(calendar.labels, years) & np.isfinite(calendar.att))
        base = {"round": plan.round, "exposure": f"1-{number}" if number > 1 else "1"}
        if pick.size == 0:
            rows.append({**base, "years": "", "n_treated": n_treated, "n_control": n_control,
                         **_row(np.nan, np.nan)})  # fmt: skip
            continue
        psi = calendar.influence[:, pick].mean(axis=1)
        se = float(analytic_se(psi, calendar.clusters)[0])
        used = calendar.labels[pick].astype(int)
        span = f"{used.min()}-{used.max()}" if used.size > 1 else str(used[0])
        rows.append({**base, "years": span, "n_treated": n_treated, "n_control": n_control,
                     **_row(float(calendar.att[pick].mean()), se)})  # fmt: skip
    return pd.DataFrame(rows)


def long_event_study(
    sample: pd.DataFrame, column: str, design: Design, *, max_e: int = MAX_EVENT_TIME
) -> AggregateResult:
    """Return the Callaway-Sant'Anna event study out to ``max_e``, with uniform bands.

    Examples
    --------
    >>> from evalkit.design import build_design
    >>> from evalkit.panel import load
    >>> design = build_design()  # doctest: +SKIP
    >>> long_event_study(design.sample(load()), "log_loans", design).tidy()  # doctest: +SKIP
    """
    return aggte(
        cs_group_time(sample, column), "dynamic", max_e=max_e, bstrap=True, cband=True, biters=999,
        random_state=design.seed, na_rm=True,
    )  # fmt: skip


def round_boundaries(design: Design) -> list[tuple[int, str]]:
    """Event times at which a later round starts, for the first cohort, with the round label.

    Examples
    --------
    >>> from evalkit.design import build_design
    >>> [e for e, _ in round_boundaries(build_design())]  # doctest: +SKIP
    [3, 6]
    """
    cohorts = sorted(design.cohorts)
    if not cohorts:
        return []
    first = cohorts[0]
    return [
        (int(plan.period_start) - first, str(plan.round))
        for plan in design.rounds.itertuples()
        if int(plan.period_start) > first
    ]


def _simple_att(sample: pd.DataFrame, column: str) -> tuple[int, int, dict[str, float]]:
    observed = sample.dropna(subset=[column])
    n_treated = observed.loc[observed["first_treated_year"] > 0, "unit_code"].nunique()
    n_control = observed.loc[observed["first_treated_year"] == 0, "unit_code"].nunique()
    simple = aggte(cs_group_time(observed, column), "simple", na_rm=True)
    return n_treated, n_control, _row(simple.overall_att, simple.overall_se)


def sensitivity_table(
    design: Design, panel: Panel, outcomes: Sequence[str] | None = None
) -> pd.DataFrame:
    """Return the headline (CS simple ATT) under each confounder policy, with counts.

    Policies are :func:`evalkit.design.confounder_variants`; each row gives the treated and
    control units that enter that outcome's estimate.

    Examples
    --------
    >>> from evalkit.design import build_design
    >>> from evalkit.panel import load
    >>> sensitivity_table(build_design(), load(), ["loans"])  # doctest: +SKIP
    """
    outcomes = list(design.outcomes if outcomes is None else outcomes)
    rows = []
    for policy, variant in confounder_variants(design).items():
        sample = variant.sample(panel, outcomes)
        for outcome in outcomes:
            n_treated, n_control, numbers = _simple_att(sample, outcome_column(outcome))
            rows.append({"policy": policy, "indicator": outcome, "n_treated": n_treated,
                         "n_control": n_control, **numbers})  # fmt: skip
    return pd.DataFrame(rows, columns=SENSITIVITY_COLUMNS)


def intensity_estimates(
    design: Design, panel: Panel, outcomes: Sequence[str] | None = None
) -> pd.DataFrame:
    """Single-city DiD of each city with its own plan against the province's other cities.

    ``design`` is the ``city_growth_plan`` design (treated: cities with their own plan in a
    round; comparison: the other cities of the province, all under the provincial plan). For
    each such city the window ends with its plan's round; cities whose own plan starts later
    are comparisons in that window. With one treated city, inference is placebo-in-space
    (:func:`evalkit.inference.placebo_in_space`): the p-value cannot fall below
    ``1 / (n_comparison + 1)``.

    Returns
    -------
    pandas.DataFrame
        ``unit_code, unit_name, round, indicator, estimate, p_value, rank, n_control``.

    Examples
    --------
    >>> from evalkit.design import build_design
    >>> from evalkit.panel import load
    >>> intensity_estimates(build_design("city_growth_plan"), load())  # doctest: +SKIP
    """
    outcomes = list(design.outcomes if outcomes is None else outcomes)
    sample = design.sample(panel, outcomes)
    rounds = design.rounds.set_index("period_start")
    rows = []
    for unit in design.treated_units:
        start = design.first_treated_year(unit)
        end = int(rounds.loc[start, "period_end"])
        window = sample.loc[sample["year"] <= end]
        later = window["first_treated_year"] > end
        window = window.assign(first_treated_year=window["first_treated_year"].where(~later, 0))
        for outcome in outcomes:
            column = outcome_column(outcome)
            observed = window.dropna(subset=[column])
            if not (observed["unit_code"].eq(unit) & observed["year"].ge(start)).any():
                continue
            comparison = sorted(
                observed.loc[observed["first_treated_year"] == 0, "unit_code"].unique()
            )
            fit = placebo_in_space(
                observed, column, "year", "unit_code", treated_unit=unit, start=start,
                comparison_units=comparison,
            )  # fmt: skip
            rows.append({
                "unit_code": unit,
                "unit_name": observed.loc[observed["unit_code"] == unit, "unit_name"].iloc[0],
                "round": str(rounds.loc[start, "round"]), "indicator": outcome,
                "estimate": fit.estimate, "p_value": fit.p_value, "rank": fit.rank,
                "n_control": len(comparison),
            })  # fmt: skip
    return pd.DataFrame(rows)


def json_records(frame: pd.DataFrame, digits: int = 10) -> list[dict]:
    """Return the rows as JSON-able records: numbers rounded, missing values as ``None``.

    Examples
    --------
    >>> json_records(pd.DataFrame({"estimate": [0.123456789012, np.nan]}))
    [{'estimate': 0.123456789}, {'estimate': None}]
    """
    rounded = frame.round(digits).astype(object)
    return rounded.where(rounded.notna(), None).to_dict(orient="records")
