"""Per-city synthetic counterfactuals for the city reports.

The treated cities, their first treated years and the donor pool come from a
:class:`evalkit.design.Design` (default: the Zhejiang growth plan's design, whose comparison
pool is the East China cities not exposed to a confounding programme, Shanghai included when
it is not confounded); explicit province codes remain for tests and benchmarks.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd

from evalkit.deprecation import renamed_keywords
from evalkit.design import Design, build_design
from evalkit.errors import EstimationError
from evalkit.panel.container import Panel
from evalkit.regions import PROVINCE_NAMES, ZHEJIANG
from evalkit.results import HtmlDisplay
from evalkit.synth.donors import donor_pool
from evalkit.synth.engine import run
from evalkit.synth.results import SynthResult
from evalkit.synth.setup import SynthSetup, build_setup

TABLE_COLUMNS = [
    "unit_code",
    "unit_name",
    "indicator",
    "method",
    "estimate",
    "se",
    "p_value",
    "pre_rmspe",
    "post_rmspe",
    "first_year",
    "last_year",
    "start",
    "n_donors",
    "n_excluded",
    "top_donors",
]


@dataclass(frozen=True, eq=False)
class CityCounterfactuals(HtmlDisplay):
    """Synthetic control and synthetic DiD for a set of treated cities.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per city, indicator and method (``TABLE_COLUMNS``); outcomes are in logs,
        so ``estimate`` is an approximate proportional effect.
    results : dict
        ``(unit_code, indicator, method) -> SynthResult`` with paths, weights and placebos.
    exclusions : pandas.DataFrame
        ``unit_code, indicator, unit, reason``: every donor left out of a city's fit.
    settings : dict
        The arguments used.
    """

    table: pd.DataFrame
    results: dict
    exclusions: pd.DataFrame
    settings: dict

    def tidy(self) -> pd.DataFrame:
        """Return the table with inference in the shared column names."""
        return self.table.rename(columns={"se": "std_error"})

    def summary(self) -> str:
        """Return the table as text."""
        shown = self.table[["unit_name", "indicator", "method", "estimate", "se", "p_value"]]
        return shown.to_string(index=False, float_format=lambda v: f"{v:.3f}")

    float_format = "%.3f"

    def _display_text(self) -> str:
        return ""

    def _display_table(self) -> pd.DataFrame:
        return self.table


def _city_setup(data: pd.DataFrame, **arguments) -> SynthSetup | str:
    """Return the city's donor matrix, or the reason it cannot be estimated."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return build_setup(data, idname="unit_code", tname="year", **arguments)
    except EstimationError as error:
        return str(error)


def _fit_city(job: tuple[SynthSetup, str], *, leave_one_out: bool, **options) -> SynthResult:
    setup, method = job
    return run(setup, method, leave_one_out=leave_one_out and method == "sc", **options)


@renamed_keywords(seed="random_state")
def city_counterfactuals(
    panel: Panel,
    *,
    design: Design | None = None,
    indicators: Sequence[str] | None = None,
    cities: Sequence[str] | None = None,
    treated_province: str = ZHEJIANG,
    comparison_provinces: Sequence[str] | None = None,
    start: int | None = None,
    first_year: int = 2001,
    last_year: int | None = None,
    exclude: Mapping[str, str] | None = None,
    methods: Sequence[str] = ("sc", "synthdid"),
    replications: int | None = 200,
    random_state: int | None = 0,
    leave_one_out: bool = True,
    n_jobs: int = 1,
    batch_size: int | None = None,
) -> CityCounterfactuals:
    """Synthetic control and synthetic DiD of log indicators for each treated city.

    Parameters
    ----------
    panel : Panel
        The city panel (the caller loads it, e.g. :func:`evalkit.panel.load`; estimators
        never read data themselves).
    design : Design, optional
        Treated cities, their first treated years (``start`` per city), the donor pool (the
        design's controls), the indicators, the last year and the seed. Default
        :func:`evalkit.design.build_design` unless ``comparison_provinces`` is given.
    indicators : sequence of str, optional
        Indicators, analysed in natural logs (default: the design's outcomes).
    cities : sequence of str, optional
        Treated city codes (default every treated unit of the design, or every city of
        ``treated_province``).
    treated_province : str
        Without a design: province of the treated cities.
    comparison_provinces : sequence of str, optional
        Without a design: provinces whose cities form the donor pool.
    start : int, optional
        Without a design: first treated year of every city (required then).
    first_year, last_year : int
        Window; ``last_year`` defaults to each city's last observed year. A donor with any
        gap in the window is excluded and listed; a year the city itself lacks is dropped
        and recorded in its result.
    exclude : mapping, optional
        Donor unit code -> reason (confounding programmes, from the plan registry).
    methods : sequence of {"sc", "synthdid", "did"}
        Estimators.
    replications, seed
        Placebo standard error draws and seed.
    leave_one_out : bool
        Synthetic control fits also refit without each positive-weight donor.
    n_jobs : int
        Worker processes over city-indicator-method fits (1 = in this process).
    batch_size : int, optional
        Placebo refits solved together (default all; 1 = one at a time).

    Returns
    -------
    CityCounterfactuals

    Raises
    ------
    EstimationError
        If a city or province code is unknown.

    Examples
    --------
    >>> from evalkit.panel import load
    >>> out = city_counterfactuals(load(), cities=["330100"], indicators=["night_lights"],
    ...                            methods=["sc"])  # doctest: +SKIP
    >>> out.table[["unit_name", "estimate", "p_value"]]  # doctest: +SKIP
    """
    if not isinstance(panel, Panel):
        raise EstimationError(
            f"city_counterfactuals: panel is {type(panel).__name__}, not a Panel; rule: "
            "estimators do not load data; fix: pass evalkit.panel.load() as the first argument"
        )
    units = panel.units
    if comparison_provinces is None:
        if design is None:
            design = build_design()
        eligible = design.treated_units
        starts = {city: design.first_treated_year(city) for city in eligible}
        candidates = [u for u in design.control_units if u in set(units["unit_code"])]
        indicators = design.outcomes if indicators is None else indicators
        random_state = design.seed if random_state is None else random_state
        last_year = design.years[1] if last_year is None else last_year
        where = f"the treated units of design {design.programme}"
    else:
        unknown = sorted(set(comparison_provinces) - set(PROVINCE_NAMES))
        if unknown:
            raise EstimationError(
                f"comparison_provinces {unknown} unknown; valid: {sorted(PROVINCE_NAMES)}"
            )
        if start is None:
            raise EstimationError(
                "start is required with comparison_provinces; fix: pass start=<first treated "
                "year> or pass design=build_design(...) instead"
            )
        in_province = units.loc[units["province_code"] == treated_province, "unit_code"]
        eligible = in_province.tolist()
        starts = dict.fromkeys(eligible, start)
        candidates = units.loc[units["province_code"].isin(comparison_provinces), "unit_code"]
        candidates = candidates.tolist()
        where = f"cities of province {treated_province}"
    if indicators is None:
        raise EstimationError("indicators are required with comparison_provinces")
    cities = eligible if cities is None else list(cities)
    bad = [c for c in cities if c not in eligible]
    if bad:
        raise EstimationError(f"cities {bad} are not {where} in the panel; valid: {eligible}")
    pool = donor_pool(candidates, exclude)
    setups = []
    for indicator in indicators:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            data = panel.wide([indicator], log=True)
        outcome = f"log_{indicator}"
        data = data.dropna(subset=[outcome])
        for city in cities:
            city_years = data.loc[data["unit_code"] == city, "year"]
            if city_years.empty:
                continue
            high = int(city_years.max())
            high = min(high, last_year) if last_year is not None else high
            setup = _city_setup(
                data,
                yname=outcome,
                treated_unit=city,
                start=starts[city],
                donors=pool,
                window=(first_year, high),
            )
            setups += [((city, indicator, method), setup) for method in methods]
    jobs = [(setup, method) for (_, _, method), setup in setups if not isinstance(setup, str)]
    fit = partial(
        _fit_city,
        replications=replications,
        random_state=random_state,
        leave_one_out=leave_one_out,
        batch_size=batch_size,
    )
    if n_jobs > 1:
        with ProcessPoolExecutor(max_workers=n_jobs) as executor:
            fits = iter(executor.map(fit, jobs, chunksize=max(1, len(jobs) // (4 * n_jobs))))
    else:
        fits = iter([fit(job) for job in jobs])
    fitted = [(key, setup if isinstance(setup, str) else next(fits)) for key, setup in setups]
    names = units.set_index("unit_code")["unit_name"]
    rows, exclusions, results = [], [], {}
    for (city, indicator, method), result in fitted:
        base = {
            "unit_code": city,
            "unit_name": names[city],
            "indicator": indicator,
            "method": method,
            "start": starts[city],
        }
        if isinstance(result, str):
            warnings.warn(f"{city} {indicator} {method}: not estimated: {result}", stacklevel=2)
            rows.append({**base, "estimate": np.nan, "note": result})
            continue
        results[(city, indicator, method)] = result
        top = result.weights().head(3)
        rows.append(
            {
                **base,
                "estimate": result.estimate,
                "se": result.se,
                "p_value": result.p_value,
                "pre_rmspe": result.pre_rmspe,
                "post_rmspe": result.post_rmspe,
                "first_year": int(result.years[0]),
                "last_year": int(result.years[-1]),
                "n_donors": len(result.unit_weights),
                "n_excluded": len(result.excluded_donors),
                "top_donors": ", ".join(
                    f"{names[u]} {w:.2f}" for u, w in zip(top["unit"], top["weight"], strict=False)
                ),
            }
        )
        excluded = result.excluded_donors.assign(unit_code=city, indicator=indicator)
        exclusions.append(excluded)
    table = pd.DataFrame(rows).reindex(
        columns=TABLE_COLUMNS + (["note"] if any("note" in r for r in rows) else [])
    )
    exclusion_table = (
        pd.concat(exclusions, ignore_index=True).drop_duplicates(["unit_code", "indicator", "unit"])
        if exclusions
        else pd.DataFrame(columns=["unit_code", "indicator", "unit", "reason"])
    )
    return CityCounterfactuals(
        table=table,
        results=results,
        exclusions=exclusion_table[["unit_code", "indicator", "unit", "reason"]],
        settings={
            "indicators": list(indicators),
            "start": dict(starts),
            "first_year": first_year,
            "last_year": last_year,
            "design": design.to_dict() if design is not None else None,
            "comparison_provinces": list(comparison_provinces or []),
            "methods": list(methods),
            "replications": replications,
            "seed": random_state,
            "exclude": dict(exclude or {}),
        },
    )
