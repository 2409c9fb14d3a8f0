"""The analyses a city report shows, computed in the library so notebooks stay thin."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from evalkit.design import Design, outcome_column
from evalkit.did.twfe import TWFEResult, twfe
from evalkit.errors import ParameterError
from evalkit.i18n import check_language, scoped_text, text
from evalkit.inference.placebo import PlaceboResult, placebo_in_space
from evalkit.panel import indicator_label
from evalkit.regions import PROVINCE_NAMES


@dataclass(frozen=True)
class CityEvaluation:
    """One outcome's evaluation for one city: pooled DiD, the city's own DiD, trends."""

    city_code: str
    city_name: str
    outcome: str
    pooled: TWFEResult
    city: PlaceboResult
    trends: pd.DataFrame

    def headline(self) -> dict[str, float | int | str]:
        """Return the numbers the report and the index show, as plain JSON-able values."""
        pooled = self.pooled.tidy().iloc[0]
        return {
            "outcome": self.outcome,
            "city_estimate": round(self.city.estimate, 10),
            "city_placebo_p_value": round(self.city.p_value, 10),
            "city_placebo_rank": self.city.rank,
            "n_placebos": len(self.city.placebo_effects),
            "pooled_estimate": round(float(pooled.estimate), 10),
            "pooled_std_error": round(float(pooled.std_error), 10),
            "pooled_conf_low": round(float(pooled.conf_low), 10),
            "pooled_conf_high": round(float(pooled.conf_high), 10),
            "pooled_p_value": round(float(pooled.p_value), 10),
            "pooled_n_clusters": self.pooled.n_clusters,
        }

    def sentences(self, language: str) -> list[str]:
        """Return the plain-language findings (significance stated, nulls called nulls)."""
        check_language(language)
        label = indicator_label(self.outcome, language)
        pooled = self.pooled.tidy().iloc[0]

        def verdict(p: float) -> str:
            return text("significant" if p < 0.05 else "not_significant", language)

        return [
            text(
                "pooled_sentence",
                language,
                outcome=label,
                estimate=pooled.estimate,
                se=pooled.std_error,
                low=pooled.conf_low,
                high=pooled.conf_high,
                p=pooled.p_value,
                verdict=verdict(pooled.p_value),
            ),
            text(
                "city_sentence",
                language,
                outcome=label,
                estimate=self.city.estimate,
                p=self.city.p_value,
                rank=self.city.rank,
                n=len(self.city.placebo_effects) + 1,
                verdict=verdict(self.city.p_value),
            ),
        ]


def group_trends(sample: pd.DataFrame, column: str, city_code: str) -> pd.DataFrame:
    """Mean of ``column`` by year for the city, the rest of its cohort and the comparison group.

    Returns
    -------
    pandas.DataFrame
        Tidy ``year, group, mean, n_units`` with group in ``this_city``,
        ``rest_of_province``, ``comparison``.

    """
    group = pd.Series("comparison", index=sample.index)
    group[sample["first_treated_year"] > 0] = "rest_of_province"
    group[sample["unit_code"] == city_code] = "this_city"
    trends = (
        sample.assign(group=group)
        .dropna(subset=[column])
        .groupby(["year", "group"])[column]
        .agg(mean="mean", n_units="count")
        .reset_index()
    )
    return trends


def evaluate_city(sample: pd.DataFrame, city_code: str, outcome: str) -> CityEvaluation:
    """Evaluate one outcome for one treated city.

    Parameters
    ----------
    sample : pandas.DataFrame
        :meth:`evalkit.design.Design.sample`.
    city_code : str
        A treated city's 6-digit code.
    outcome : str
        Indicator id; the sample must hold ``log_<outcome>``.

    Returns
    -------
    CityEvaluation

    """
    column = outcome_column(outcome)
    treated = sample.loc[sample["first_treated_year"] > 0, "unit_code"].unique()
    if city_code not in treated:
        raise ParameterError(
            f"city_code={city_code!r} is not a treated city of this sample; choose one of "
            f"{sorted(treated)}"
        )
    if column not in sample.columns:
        raise ParameterError(f"outcome {outcome!r} is not in the sample (no column {column!r})")
    observed = sample.dropna(subset=[column])
    start = int(observed.loc[observed["unit_code"] == city_code, "first_treated_year"].iloc[0])
    comparison = sorted(observed.loc[observed["first_treated_year"] == 0, "unit_code"].unique())
    name = sample.loc[sample["unit_code"] == city_code, "unit_name"].iloc[0]
    return CityEvaluation(
        city_code=city_code,
        city_name=name,
        outcome=outcome,
        pooled=twfe(observed, column, "year", "unit_code", "first_treated_year"),
        city=placebo_in_space(
            observed,
            column,
            "year",
            "unit_code",
            treated_unit=city_code,
            start=start,
            comparison_units=comparison,
        ),
        trends=group_trends(observed, column, city_code),
    )


def comparison_description(design: Design, language: str) -> str:
    """Name the design's comparison pool in the report language.

    The provinces that hold a control unit (by name where :data:`evalkit.regions.PROVINCE_NAMES`
    has one), or "the other prefecture-level units of China" for a national pool.

    Examples
    --------
    >>> from evalkit.design import build_design
    >>> comparison_description(build_design(), "en")  # doctest: +SKIP
    'Jiangsu, Zhejiang, Anhui, Fujian, Jiangxi'
    """
    check_language(language)
    if design.comparison_rule == "national":
        return text("comparison_national", language)
    controls = design.units.loc[design.units["role"] == "control", "province_code"]
    separator = scoped_text("punctuation", "enumeration", language)
    return separator.join(
        PROVINCE_NAMES.get(code, {}).get(language, code)
        for code in design.pool_provinces
        if code in set(controls)
    )
