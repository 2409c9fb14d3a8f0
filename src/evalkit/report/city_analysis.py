"""Everything a city report computes, before any of it is put into words.

A city's report exists in Chinese and in English; the design, the estimates, the tests and
the target projections are the same in both. :func:`analyse_city` computes them in one call,
which the batch cache (:mod:`evalkit.memo`) shares: in a render batch the second language's
report reads the first one's result instead of estimating again (without the cache, as in
JupyterLab, it simply computes). The warnings raised on the way are returned as data
(``notes`` and ``its_notes``), so that a report lists the same notes whether it computed or
read the result.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from evalkit.design import Design, build_design
from evalkit.memo import memoize
from evalkit.panel import Panel
from evalkit.plans import PlanRegistry
from evalkit.plans.unit_sections import UnitAttainment, unit_attainment
from evalkit.report.city import CityEvaluation, evaluate_city
from evalkit.report.city_headline import CityHeadline, city_headline
from evalkit.report.notes import collected_warnings
from evalkit.report.sections import city_its
from evalkit.trend import ITSResult


@dataclass(frozen=True)
class CityAnalysis:
    """A city report's language-independent results, one entry per outcome where it applies.

    Attributes
    ----------
    design : Design
        The programme's design (treatment timing, comparison pool, sample years).
    sample : pandas.DataFrame
        :meth:`Design.sample` of the panel.
    evaluations : list of CityEvaluation
        Pooled TWFE, the city's placebo-in-space DiD and trend means, per outcome.
    heads : list of CityHeadline
        The recommended headline with its pre-trend gate, per outcome.
    its_fits : dict of str to ITSResult
        The city's interrupted time series, by outcome.
    attainment : UnitAttainment
        The plan registry's targets for the city, with projections.
    notes, its_notes : list of str
        Warnings of the estimation and of the ITS fits, each message once.
    """

    design: Design
    sample: pd.DataFrame
    evaluations: list[CityEvaluation]
    heads: list[CityHeadline]
    its_fits: dict[str, ITSResult]
    attainment: UnitAttainment
    notes: list[str]
    its_notes: list[str]


@memoize
def analyse_city(
    panel: Panel,
    registry: PlanRegistry,
    city_code: str,
    *,
    programme: str,
    outcomes: list[str],
    years: tuple[int, int],
    seed: int = 0,
) -> CityAnalysis:
    """Compute a city report's design, estimates, tests and target projections.

    Parameters
    ----------
    panel : Panel
        The processed panel (:func:`evalkit.panel.load`).
    registry : PlanRegistry
        The plan registry.
    city_code : str
        A treated city's 6-digit code.
    programme : str
        The programme whose rounds define treatment.
    outcomes : list of str
        Catalogue outcome ids (or user indicators), the headline's first.
    years : (int, int)
        First and last sample year.
    seed : int
        Seed of the design's randomised parts and of the target projections.

    Returns
    -------
    CityAnalysis

    Examples
    --------
    >>> from evalkit.panel import load
    >>> analysis = analyse_city(load(), PlanRegistry.load(), "330100",  # doctest: +SKIP
    ...     programme="zj_growth_plan", outcomes=["loans"], years=(2008, 2023))
    >>> analysis.heads[0].verdict.label  # doctest: +SKIP
    'cannot_tell'
    """
    with collected_warnings() as notes:
        design = build_design(
            programme, registry=registry, years=years, outcomes=outcomes, seed=seed
        )
        sample = design.sample(panel)
        evaluations = [evaluate_city(sample, city_code, outcome) for outcome in outcomes]
        heads = [
            city_headline(sample, city_code, outcome, frame=panel.frame, years=years)
            for outcome in outcomes
        ]
    start = design.first_treated_year(city_code)
    with collected_warnings() as its_notes:
        its_fits = {outcome: city_its(sample, city_code, outcome, start) for outcome in outcomes}
    return CityAnalysis(
        design=design,
        sample=sample,
        evaluations=evaluations,
        heads=heads,
        its_fits=its_fits,
        attainment=unit_attainment(registry, panel, city_code, seed=seed),
        notes=notes,
        its_notes=its_notes,
    )


__all__ = ["CityAnalysis", "analyse_city"]
