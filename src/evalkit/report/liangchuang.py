"""两创示范 on the Design's sample: (a) censored CS, (b) bounds, (c) province x year FE, (d) tiers.

Every estimate uses the units of :func:`evalkit.design.build_design` ``("liangchuang_demo")``
(its default ``censor`` treatment of the unknown batch-2 members), so the report and
``scripts/liangchuang_bounds.py`` give one set of counts:

- (a) the design's sample: units of provinces with unknown batch-2 members (``censored_from``)
  are controls up to the year before the batch, their later years dropped; CS simple ATT.
- (b) the same units, the candidates kept in every year; every admissible filling of the
  unknown slots (at most one per registry group, no more than the slots) gives a CS simple ATT
  on the outcome's balanced panel; :func:`evalkit.did.membership_bounds` returns the extremes
  exactly.
- (c) TWFE on the design's sample with year effects per province, clustered by province.
- (d) CS with controls of the treated units' own tier (major city or not).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import stats

from evalkit.design import Design, design_variant, outcome_column
from evalkit.did import membership_bounds, tier_matched, twfe
from evalkit.errors import ParameterError
from evalkit.report.design_effects import DESIGN_COLUMNS, _simple_att

if TYPE_CHECKING:
    from evalkit.panel import Panel

# PROVENANCE.md: "two batches, 30 units in all" (Ministry of Finance, 2018-07-26).
UNITS_IN_ALL_BATCHES = 30
VARIANT_COLUMNS = [
    "indicator", "variant", "n_treated", "n_control", "estimate", "std_error", "p_value",
    "conf_low", "conf_high",
]  # fmt: skip
BOUND_COLUMNS = [
    "indicator", "n_units", "n_candidates", "n_groups", "slots", "lower", "upper",
    "n_assignments",
]  # fmt: skip


def _normal_row(estimate: float, se: float) -> dict[str, float]:
    half = float(stats.norm.ppf(0.975)) * se
    p = float(2 * stats.norm.sf(abs(estimate / se))) if se > 0 else np.nan
    return {"estimate": estimate, "std_error": se, "p_value": p, "conf_low": estimate - half,
            "conf_high": estimate + half}  # fmt: skip


def design_variants(sample: pd.DataFrame, outcome: str, tiers: pd.Series) -> pd.DataFrame:
    """Return rows (a), (c) and (d) for one outcome on the design's sample.

    Parameters
    ----------
    sample : pandas.DataFrame
        :meth:`evalkit.design.Design.sample` of the 两创 design.
    outcome : str
        Catalogue outcome id.
    tiers : pandas.Series
        ``unit_code -> bool``: a major city (municipality, provincial capital or
        sub-provincial city); :func:`evalkit.panel.tiers.unit_tiers` ``major_city``.

    Returns
    -------
    pandas.DataFrame
        ``indicator, variant, n_treated, n_control, estimate, std_error, p_value, conf_low,
        conf_high`` (normal 95% intervals; (c) clustered by province, (a) and (d) by city).

    Examples
    --------
    >>> from evalkit.simulate import simulate_staggered_panel
    >>> data = simulate_staggered_panel(n_units=80, n_periods=6, random_state=0).data
    >>> data = data.rename(columns={"y": "log_loans", "unit": "unit_code",
    ...     "first_treated": "first_treated_year"}).assign(province_code=lambda d: d.unit_code % 4)
    >>> tiers = pd.Series(True, index=data["unit_code"].unique())
    >>> design_variants(data, "loans", tiers)["variant"].tolist()
    ['censor_cs', 'province_year_fe', 'tier_matched']
    """
    column = outcome_column(outcome)
    observed = sample.dropna(subset=[column])
    n_treated, n_control, censored = _simple_att(observed, column)
    rows = [{"variant": "censor_cs", "n_treated": n_treated, "n_control": n_control, **censored}]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        fe = twfe(observed, column, *DESIGN_COLUMNS, time_fe_by="province_code",
                  clustervars="province_code")  # fmt: skip
        matched = tier_matched(
            observed.assign(major_city=observed["unit_code"].map(tiers).astype(bool)), column,
            *DESIGN_COLUMNS, tiername="major_city", allow_unbalanced_panel=True,
        )  # fmt: skip
    fe_row = fe.tidy().iloc[0]
    rows.append({"variant": "province_year_fe", "n_treated": fe.n_treated_units,
                 "n_control": fe.n_units - fe.n_treated_units, "estimate": fe.estimate,
                 "std_error": fe.std_error, "p_value": float(fe_row["p_value"]),
                 "conf_low": float(fe_row["conf_low"]),
                 "conf_high": float(fe_row["conf_high"])})  # fmt: skip
    rows.append({"variant": "tier_matched", "n_treated": int(matched.by_tier["n_treated"].sum()),
                 "n_control": int(matched.by_tier["n_controls"].sum()),
                 **_normal_row(matched.estimate, matched.std_error)})  # fmt: skip
    return pd.DataFrame([{"indicator": outcome, **row} for row in rows], columns=VARIANT_COLUMNS)


def unknown_members(design: Design, units: pd.DataFrame) -> tuple[dict[str, str], int, int]:
    """Return the candidates ``{unit_code: group}``, the batch's first year and its open slots.

    Candidates are the design's censored units (controls of unknown membership); the group is
    the registry's ``incomplete-batch`` row that covers the unit (one per province without a
    known batch-2 member, and 大连). Slots = :data:`UNITS_IN_ALL_BATCHES` minus the registry's
    rows of the other batches and the batch's known members.

    Examples
    --------
    >>> from evalkit.design import build_design
    >>> from evalkit.panel import load
    >>> unknown_members(build_design("liangchuang_demo"), load().units)[2]  # doctest: +SKIP
    12
    """
    censored = design.units.loc[design.units["censored_from"] > 0]
    if censored.empty:
        raise ParameterError(
            f"{design.programme}: no unit of unknown membership in the design; rule: the bounds "
            "fill the unknown slots of a batch; fix: build the design with "
            "unknown_membership='censor'"
        )
    links = design.registry.unit_plans(units, programme=design.programme)
    unknown = links.loc[links["membership"].eq("incomplete-batch")]
    group = unknown.drop_duplicates("unit_code").set_index("unit_code")["awardee_name"]
    candidates = {
        str(code): str(group.get(code, province))
        for code, province in zip(censored["unit_code"], censored["province_code"], strict=True)
    }
    cohort = int(censored["censored_from"].iloc[0])
    rows = design.registry.plans.loc[design.registry.plans["programme"] == design.programme]
    batch = unknown["round"].iloc[0]
    known = rows.loc[(rows["round"] == batch) & rows["membership"].isin(["confirmed", "inferred"])]
    slots = UNITS_IN_ALL_BATCHES - int((rows["round"] != batch).sum()) - len(known)
    return candidates, cohort, slots


def bounds_panels(
    design: Design, panel: Panel, outcomes: Sequence[str]
) -> tuple[dict[str, tuple[pd.DataFrame, dict[str, str]]], int, int]:
    """Return, per outcome, the balanced panel and candidates the bounds (b) are computed on.

    The design's units, with the candidates kept in every year as never-treated
    (``unknown_membership='control'``, restricted to the same units), on each outcome's
    balanced panel; also the batch's first year and its open slots (:func:`unknown_members`).

    Examples
    --------
    >>> from evalkit.design import build_design
    >>> from evalkit.panel import load
    >>> panels, cohort, slots = bounds_panels(build_design("liangchuang_demo"), load(),
    ...                                       ["loans"])  # doctest: +SKIP
    """
    candidates, cohort, slots = unknown_members(design, panel.units)
    kept = design_variant(design, unknown_membership="control")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        full = kept.sample(panel, list(outcomes))
    first = design.units.set_index("unit_code")["first_treated_year"]
    full = full.loc[full["unit_code"].isin(first.index)]
    is_candidate = full["unit_code"].isin(list(candidates))
    full = full.assign(first_treated_year=full["unit_code"].map(first).where(~is_candidate, 0))
    panels = {}
    for outcome in outcomes:
        column = outcome_column(outcome)
        observed = full.dropna(subset=[column])
        years = observed.groupby("unit_code")["year"].transform("nunique")
        balanced = observed.loc[years == observed["year"].nunique()]
        units = set(balanced["unit_code"])
        panels[outcome] = (balanced, {u: g for u, g in candidates.items() if u in units})
    return panels, cohort, slots


def design_bounds(design: Design, panel: Panel, outcomes: Sequence[str]) -> pd.DataFrame:
    """Return the exact bounds (b) over the unknown batch-2 members, per outcome.

    Computed by :func:`evalkit.did.membership_bounds` on :func:`bounds_panels`: the CS simple
    ATT's smallest and largest value over every admissible filling of the slots.

    Returns
    -------
    pandas.DataFrame
        ``indicator, n_units, n_candidates, n_groups, slots, lower, upper, n_assignments``;
        ``n_assignments`` is exact (a Python int, possibly very large). No wall time: a
        report holds only what a rerun reproduces (``benchmarks/membership_bounds.py`` times
        the method against enumeration).

    Examples
    --------
    >>> from evalkit.design import build_design
    >>> from evalkit.panel import load
    >>> design_bounds(build_design("liangchuang_demo"), load(), ["loans"])  # doctest: +SKIP
    """
    panels, cohort, slots = bounds_panels(design, panel, outcomes)
    rows = []
    for outcome, (balanced, present) in panels.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            bounds = membership_bounds(
                balanced, outcome_column(outcome), *DESIGN_COLUMNS, candidates=present,
                cohort=cohort, max_members=slots,
            )  # fmt: skip
        rows.append({"indicator": outcome, "n_units": balanced["unit_code"].nunique(),
                     "n_candidates": len(present), "n_groups": len(set(present.values())),
                     "slots": slots, "lower": bounds.lower, "upper": bounds.upper,
                     "n_assignments": int(bounds.n_assignments)})  # fmt: skip
    return pd.DataFrame(rows, columns=BOUND_COLUMNS)


def shown_bounds(bounds: pd.DataFrame) -> pd.DataFrame:
    """Return the bounds for display: assignments from a million on in scientific notation.

    Examples
    --------
    >>> frame = pd.DataFrame({"n_assignments": [10**20]})
    >>> shown_bounds(frame)["n_assignments"].tolist()
    ['1.00e+20']
    """
    counts = bounds["n_assignments"]
    return bounds.assign(
        n_assignments=[f"{float(n):.2e}" if n >= 10**6 else str(n) for n in counts]
    )


__all__ = [
    "UNITS_IN_ALL_BATCHES",
    "bounds_panels",
    "design_bounds",
    "design_variants",
    "shown_bounds",
    "unknown_members",
]
