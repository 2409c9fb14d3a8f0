"""The walking skeleton's province roll-out sample, kept for the benchmarks.

Every city of the treated provinces is treated from ``first_treated_year`` (default: the
first round of ``zj_growth_plan`` in the registry); cities of the comparison provinces are
never treated; no confounder is handled. Reports use :func:`evalkit.design.build_design`.
"""

from __future__ import annotations

import pandas as pd

from evalkit.design.outcomes import outcome_column, outcome_frame
from evalkit.errors import ParameterError
from evalkit.panel import Panel
from evalkit.plans import PlanRegistry
from evalkit.regions import EAST_CHINA, ZHEJIANG

ROLLOUT_YEARS = (2008, 2018)
COMPARISON_PROVINCES = tuple(code for code in EAST_CHINA if code != ZHEJIANG)


def first_round_start(programme: str = "zj_growth_plan") -> int:
    """Return the first period_start of ``programme`` in the registry.

    Examples
    --------
    >>> first_round_start() > 2000
    True
    """
    plans = PlanRegistry.load().plans
    return int(plans.loc[plans["programme"] == programme, "period_start"].min())


def rollout_sample(
    panel: Panel,
    outcomes: list[str] | tuple[str, ...] = ("urban_individual_workers", "night_lights"),
    *,
    treated_provinces: tuple[str, ...] = (ZHEJIANG,),
    comparison_provinces: tuple[str, ...] = COMPARISON_PROVINCES,
    first_treated_year: int | None = None,
    years: tuple[int, int] = ROLLOUT_YEARS,
) -> pd.DataFrame:
    """Return the unit-year sample for a province roll-out DiD (no confounder handling).

    Parameters
    ----------
    panel : Panel
        The validated panel.
    outcomes : sequence of str
        Indicator ids; each becomes a column :func:`~evalkit.design.outcome_column`.
    treated_provinces, comparison_provinces : tuple of str
        Province codes of treated and never-treated units.
    first_treated_year : int, optional
        First treated year of the treated provinces' cities (default: the registry's first
        ``zj_growth_plan`` round).
    years : (int, int)
        First and last year of the sample, inclusive.

    Returns
    -------
    pandas.DataFrame
        ``unit_code, unit_name, province_code, year, first_treated_year`` and the outcomes.

    Examples
    --------
    >>> from evalkit.panel import load
    >>> sample = rollout_sample(load(), ["night_lights"])  # doctest: +SKIP
    """
    start = first_round_start() if first_treated_year is None else first_treated_year
    first, last = years
    if not first < start <= last:
        raise ParameterError(
            f"first_treated_year={start} must lie after the first sample year {first} and no "
            f"later than the last {last}; fix: widen years or move first_treated_year"
        )
    overlap = set(treated_provinces) & set(comparison_provinces)
    if overlap:
        raise ParameterError(f"province(s) {sorted(overlap)} are both treated and comparison")
    units = panel.units
    units = units[units["province_code"].isin([*treated_provinces, *comparison_provinces])]
    wide = outcome_frame(panel, list(outcomes))
    sample = units.merge(wide, on="unit_code", how="inner")
    sample = sample[sample["year"].between(first, last)]
    treated = sample["province_code"].isin(treated_provinces)
    sample.insert(4, "first_treated_year", treated.map({True: start, False: 0}))
    keep = [*sample.columns[:5], *(outcome_column(o) for o in outcomes)]
    return sample[keep].sort_values(["unit_code", "year"], ignore_index=True)
