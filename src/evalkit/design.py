"""Analysis samples: which units are compared, over which years, with which timing.

The walking skeleton's design is a province roll-out: every city of the treated provinces is
treated from ``start_year`` (Zhejiang's 小微企业三年成长计划 first round, 2015); cities of the
comparison provinces are never treated. The plan registry (``evalkit.plans``) refines this.
"""

from __future__ import annotations

import pandas as pd

from evalkit.errors import ParameterError
from evalkit.panel import Panel
from evalkit.regions import EAST_CHINA, ZHEJIANG

DEFAULT_OUTCOMES = ("urban_individual_workers", "night_lights")
DEFAULT_YEARS = (2008, 2018)
COMPARISON_PROVINCES = tuple(code for code in EAST_CHINA if code != ZHEJIANG)


def rollout_sample(
    panel: Panel,
    outcomes: list[str] | tuple[str, ...] = DEFAULT_OUTCOMES,
    *,
    treated_provinces: tuple[str, ...] = (ZHEJIANG,),
    comparison_provinces: tuple[str, ...] = COMPARISON_PROVINCES,
    start_year: int = 2015,
    years: tuple[int, int] = DEFAULT_YEARS,
) -> pd.DataFrame:
    """Return the unit-year sample for a province roll-out DiD, outcomes in logs.

    Parameters
    ----------
    panel : Panel
        The validated panel.
    outcomes : sequence of str
        Indicator ids; each becomes a column ``log_<id>``.
    treated_provinces, comparison_provinces : tuple of str
        Province codes of treated and never-treated units.
    start_year : int
        First treated year of the treated provinces' cities.
    years : (int, int)
        First and last year of the sample, inclusive.

    Returns
    -------
    pandas.DataFrame
        ``unit_code, unit_name, province_code, year, first_treated_year`` and the log outcomes.

    Examples
    --------
    >>> from evalkit.panel import load
    >>> sample = rollout_sample(load(), ["night_lights"])  # doctest: +SKIP
    >>> sorted(sample.first_treated_year.unique())  # doctest: +SKIP
    [0, 2015]

    """
    first, last = years
    if not first < start_year <= last:
        raise ParameterError(
            f"start_year={start_year} must lie after the first sample year {first} and no "
            f"later than the last {last}; fix: widen years or move start_year"
        )
    overlap = set(treated_provinces) & set(comparison_provinces)
    if overlap:
        raise ParameterError(f"province(s) {sorted(overlap)} are both treated and comparison")
    units = panel.units
    units = units[units["province_code"].isin([*treated_provinces, *comparison_provinces])]
    wide = panel.wide(list(outcomes), log=True)
    sample = units.merge(wide, on="unit_code", how="inner")
    sample = sample[sample["year"].between(first, last)]
    treated = sample["province_code"].isin(treated_provinces)
    sample.insert(4, "first_treated_year", treated.map({True: start_year, False: 0}))
    return sample.sort_values(["unit_code", "year"], ignore_index=True)
