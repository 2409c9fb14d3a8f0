"""Tables as a report shows them: headers and codes in the report's language, no cell cut short.

pandas shortens long cells to ``display.max_colwidth`` (50) characters with "...", which cut
the 64-hex SHA-256 checksums of the provenance appendix. A :class:`ReportTable` renders its
frame with no width limit, whatever the kernel's pandas options are.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from evalkit.did import BaconDecomposition, EstimatorComparison, etable_cells
from evalkit.i18n import check_language, column_label, target_label, value_label
from evalkit.panel import indicator_label

if TYPE_CHECKING:
    from evalkit.inference import FewClustersTable, RandomizationResult, SensitivityResult
    from evalkit.plans import Attainment, PlanRegistry, TreatmentTiming

MISSING = "—"
_FULL_WIDTH = ("display.max_colwidth", None, "display.max_rows", None, "display.max_columns", None)


@dataclass(frozen=True)
class ReportTable:
    """A table ready for display: its cells are shown in full, in HTML and as text."""

    frame: pd.DataFrame

    def _repr_html_(self) -> str:
        # no index column: a report's rows are numbered by nothing a reader needs
        with pd.option_context(*_FULL_WIDTH):
            return self.frame.to_html(index=False)

    def __repr__(self) -> str:
        with pd.option_context(*_FULL_WIDTH):
            return repr(self.frame)


def _integral(column: pd.Series) -> pd.Series:
    """Floats that are all whole numbers (years with gaps) as nullable integers."""
    if pd.api.types.is_float_dtype(column):
        present = column.dropna()
        if (present == present.round()).all():
            return column.astype("Int64")
    return column


def report_table(
    frame: pd.DataFrame,
    language: str,
    *,
    names: Collection[str] = (),
    verbatim: Collection[str] = (),
) -> ReportTable:
    """Return ``frame`` with its headers and coded values in ``language``, for display.

    Column headers come from :data:`evalkit.i18n.COLUMNS`, coded values (programme ids, methods,
    memberships) from :data:`evalkit.i18n.VALUES`, indicator ids from the panel codebook. A
    target table's indicators (it has ``indicator_zh``) are named by
    :func:`evalkit.i18n.target_label`: the document's wording in Chinese, the English name in
    English. Missing values are shown as a dash. Names, numbers, file names and checksums are
    left as they are.

    Parameters
    ----------
    frame : pandas.DataFrame
        A table of the report (plans, estimates, quality flags, checksums).
    language : {"zh", "en"}
        The report language.
    names : collection of str, optional
        Columns headed by a proper name (the townships of an allocation table): their headers
        are shown as they are.
    verbatim : collection of str, optional
        Columns whose values are already in the report language (e.g. outcome labels): their
        headers are translated, their values shown as they are.

    Returns
    -------
    ReportTable
        Displays in full, without pandas' "..." shortening of long cells.

    Raises
    ------
    ParameterError
        For a column without a label in :data:`evalkit.i18n.COLUMNS`.

    Examples
    --------
    >>> table = report_table(pd.DataFrame({"method": ["sc"], "p_value": [0.5]}), "zh")
    >>> table.frame.columns.tolist(), table.frame.iloc[0, 0]
    (['方法', 'p 值'], '合成控制')

    """
    check_language(language)
    shown = frame.copy()
    if "indicator_zh" in shown.columns:
        shown["indicator"] = [
            target_label(indicator, wording, language)
            for indicator, wording in zip(shown["indicator"], shown["indicator_zh"], strict=True)
        ]
        shown = shown.drop(columns="indicator_zh")
    elif "indicator" in shown.columns:
        shown["indicator"] = shown["indicator"].map(lambda value: indicator_label(value, language))
    for column in shown.columns:
        coded = column != "indicator" and column not in names and column not in verbatim
        textual = shown[column].dtype == object or pd.api.types.is_string_dtype(shown[column])
        if coded and textual:
            shown[column] = shown[column].map(
                lambda value, column=column: value_label(column, value, language)
            )
        shown[column] = _integral(shown[column])
        if shown[column].isna().any():
            shown[column] = shown[column].astype(object).where(shown[column].notna(), MISSING)
    shown.columns = [
        column if column in names else column_label(column, language) for column in shown.columns
    ]
    return ReportTable(shown)


def cohort_sizes(sample: pd.DataFrame) -> pd.DataFrame:
    """Return the number of cities of each first treated year (0 = never treated).

    Parameters
    ----------
    sample : pandas.DataFrame
        A DiD sample with ``unit_code`` and ``first_treated_year``, one row per city and year.

    Returns
    -------
    pandas.DataFrame
        ``first_treated_year, cities``, ready for :func:`report_table`.

    Examples
    --------
    >>> sample = pd.DataFrame({"unit_code": list("aabc"), "first_treated_year": [0, 0, 0, 2001]})
    >>> cohort_sizes(sample).to_dict(orient="list")
    {'first_treated_year': [0, 2001], 'cities': [2, 1]}

    """
    cities = sample.groupby("first_treated_year")["unit_code"].nunique().rename("cities")
    return cities.reset_index()


def pretrend_table(comparisons: Mapping[str, EstimatorComparison]) -> pd.DataFrame:
    """Return each estimator's joint pre-trend p-value for each outcome, one row each.

    Parameters
    ----------
    comparisons : mapping
        ``{"log_<indicator>": etable(...)}``, as the pooled reports build them.

    Returns
    -------
    pandas.DataFrame
        ``indicator, estimator, p_value``, the indicator without its ``log_`` prefix, ready for
        :func:`report_table`.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> comparison = SimpleNamespace(pretrend_p_values={"TWFE": 0.27, "CS": 0.17})
    >>> pretrend_table({"log_gdp": comparison}).values.tolist()
    [['gdp', 'TWFE', 0.27], ['gdp', 'CS', 0.17]]

    """
    rows = [
        {"indicator": column.removeprefix("log_"), "estimator": estimator, "p_value": p_value}
        for column, comparison in comparisons.items()
        for estimator, p_value in comparison.pretrend_p_values.items()
    ]
    return pd.DataFrame(rows, columns=["indicator", "estimator", "p_value"])


def estimator_table(comparison: EstimatorComparison, digits: int = 4) -> pd.DataFrame:
    """Return the ``etable`` layout of an estimator comparison, its rows coded for a report.

    Built from the comparison's tidy columns (``term``, the integer ``event_time``) by
    :func:`evalkit.did.etable_cells`: the cells are those of :meth:`EstimatorComparison.wide`.

    Parameters
    ----------
    comparison : EstimatorComparison
        The result of :func:`evalkit.did.etable`.
    digits : int
        Decimals of the "estimate (SE)" cells.

    Returns
    -------
    pandas.DataFrame
        ``term`` (``event_time``, ``overall`` or ``pretrend_test``), ``event_time`` (missing
        outside the event-time rows) and one "estimate (SE)" column per estimator; ready for
        :func:`report_table`.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> tidy = pd.DataFrame({"estimator": ["TWFE"] * 3,
    ...     "term": ["event_time", "overall", "pretrend_test"],
    ...     "event_time": pd.array([-2, None, None], dtype="Int64"),
    ...     "estimate": [0.1, 0.3, float("nan")], "std_error": [0.2, 0.1, float("nan")],
    ...     "p_value": [0.6, 0.01, 0.5]})
    >>> table = estimator_table(SimpleNamespace(tidy=lambda: tidy))
    >>> table["term"].tolist(), table["event_time"].tolist(), table["TWFE"].tolist()[-1]
    (['event_time', 'overall', 'pretrend_test'], [-2, <NA>, <NA>], 'p = 0.500')

    """
    return etable_cells(comparison.tidy(), digits)


def few_cluster_table(few: FewClustersTable, digits: int = 4) -> pd.DataFrame:
    """Return a few-cluster p-value table with its methods coded for a report.

    The columns are those of :meth:`FewClustersTable.tidy`: the method code, the cluster (or
    the unit whose adoption is permuted), the bootstrap weights and the number of draws, each
    a code :data:`evalkit.i18n.VALUES` names or a number.

    Parameters
    ----------
    few : FewClustersTable
        The p-values by outcome and method.
    digits : int
        Decimals of the estimates and p-values.

    Returns
    -------
    pandas.DataFrame
        ``indicator, method, cluster, weights, draws, n_clusters, estimate, p_value``, one
        row per outcome and method, the indicator without its ``log_`` prefix; ready for
        :func:`report_table`.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> tidy = pd.DataFrame({"outcome": ["log_gdp"], "method": ["wild_cluster_bootstrap"],
    ...     "cluster": ["province"], "weights": ["webb"], "draws": pd.Series([999], dtype=object),
    ...     "n_clusters": [6], "estimate": [0.12346], "p_value": [0.25]})
    >>> few_cluster_table(SimpleNamespace(tidy=lambda: tidy)).values.tolist()
    [['gdp', 'wild_cluster_bootstrap', 'province', 'webb', 999, 6, 0.1235, 0.25]]

    """
    tidy = few.tidy()
    table = pd.DataFrame(
        {
            "indicator": tidy["outcome"].str.removeprefix("log_"),
            "method": tidy["method"],
            "cluster": tidy["cluster"],
            "weights": tidy["weights"],
            "draws": tidy["draws"],
            "n_clusters": tidy["n_clusters"],
            "estimate": tidy["estimate"].round(digits),
            "p_value": tidy["p_value"].round(digits),
        }
    )
    return table.reset_index(drop=True)


def bacon_table(bacon: BaconDecomposition, digits: int = 4) -> pd.DataFrame:
    """Return each comparison type's total weight and weighted-average 2x2 estimate.

    Parameters
    ----------
    bacon : BaconDecomposition
        The result of :func:`evalkit.did.bacon_decomposition`.
    digits : int
        Decimals shown.

    Returns
    -------
    pandas.DataFrame
        ``type, weight, estimate`` (:meth:`BaconDecomposition.by_type`), ready for
        :func:`report_table`.

    Examples
    --------
    >>> table = pd.DataFrame({"type": ["treated vs never treated"], "treated": [2001.0],
    ...     "control": [0.0], "estimate": [0.123456], "weight": [1.0]})
    >>> bacon = BaconDecomposition(table, twfe_estimate=0.123456, settings={})
    >>> bacon_table(bacon).values.tolist()
    [['treated vs never treated', 1.0, 0.1235]]

    """
    return bacon.by_type()[["type", "weight", "estimate"]].round(digits)


def honest_table(results: Mapping[str, SensitivityResult], digits: int = 4) -> pd.DataFrame:
    """Return HonestDiD's robust confidence intervals of several outcomes, one row per bound.

    Parameters
    ----------
    results : mapping
        ``{"log_<indicator>": sensitivity_smoothness(...)}``.
    digits : int
        Decimals shown.

    Returns
    -------
    pandas.DataFrame
        ``indicator, method, M, conf_low, conf_high``: first the original interval (``M``
        missing), then one row per bound; ready for :func:`report_table`.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> tidy = pd.DataFrame({"method": ["Original", "FLCI"], "M": [float("nan"), 0.01],
    ...     "conf_low": [-0.1, -0.2], "conf_high": [0.3, 0.4]})
    >>> honest_table({"log_gdp": SimpleNamespace(tidy=lambda: tidy)}).values.tolist()
    [['gdp', 'Original', nan, -0.1, 0.3], ['gdp', 'FLCI', 0.01, -0.2, 0.4]]

    """
    frames = [
        result.tidy()[["method", "M", "conf_low", "conf_high"]]
        .round(digits)
        .assign(indicator=column.removeprefix("log_"))
        for column, result in results.items()
    ]
    table = pd.concat(frames, ignore_index=True)
    return table[["indicator", "method", "M", "conf_low", "conf_high"]]


def randomization_table(
    results: Mapping[str, RandomizationResult], digits: int = 4
) -> pd.DataFrame:
    """Return randomization-inference p-values of several outcomes, one row each.

    Parameters
    ----------
    results : mapping
        ``{"log_<indicator>": randomization_test(...)}``.
    digits : int
        Decimals shown.

    Returns
    -------
    pandas.DataFrame
        ``indicator, estimate, p_value, n_permutations, min_p_value``, ready for
        :func:`report_table`.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> result = SimpleNamespace(estimate=0.05512, p_value=0.607, n_permutations=999,
    ...     min_p_value=0.001)
    >>> randomization_table({"log_gdp": result}).values.tolist()
    [['gdp', 0.0551, 0.607, 999, 0.001]]

    """
    rows = [
        {
            "indicator": column.removeprefix("log_"),
            "estimate": round(float(result.estimate), digits),
            "p_value": round(float(result.p_value), digits),
            "n_permutations": int(result.n_permutations),
            "min_p_value": round(float(result.min_p_value), digits),
        }
        for column, result in results.items()
    ]
    columns = ["indicator", "estimate", "p_value", "n_permutations", "min_p_value"]
    return pd.DataFrame(rows, columns=columns)


def registry_table(registry: PlanRegistry) -> pd.DataFrame:
    """Return the number of plan rows by programme and membership.

    Parameters
    ----------
    registry : PlanRegistry
        The plan registry.

    Returns
    -------
    pandas.DataFrame
        ``programme, membership, rows``, ready for :func:`report_table`.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> plans = pd.DataFrame({"programme": ["p", "p", "q"], "membership": ["confirmed"] * 3})
    >>> registry_table(SimpleNamespace(plans=plans)).values.tolist()
    [['p', 'confirmed', 2], ['q', 'confirmed', 1]]

    """
    counts = registry.plans.groupby(["programme", "membership"]).size()
    return counts.rename("rows").reset_index()


def timing_table(timing: TreatmentTiming) -> pd.DataFrame:
    """Return the number of cities by status, first treated year and reason for exclusion.

    Parameters
    ----------
    timing : TreatmentTiming
        The treatment timing of one programme.

    Returns
    -------
    pandas.DataFrame
        ``status, first_treated_year, reason, cities``: one row per cohort of treated cities,
        one for the never treated, one per reason for exclusion (a city excluded for several
        reasons counts under each); ready for :func:`report_table`.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> units = pd.DataFrame({"unit_code": list("abcd"), "first_treated_year": [2001, 2002,
    ...     0, 0], "status": ["treated", "treated", "never_treated", "excluded"]})
    >>> exclusions = pd.DataFrame({"unit_code": ["d"], "reason": ["confounder"]})
    >>> table = timing_table(SimpleNamespace(timing=units, exclusions=exclusions))
    >>> table[["status", "cities"]].values.tolist()
    [['treated', 1], ['treated', 1], ['never_treated', 1], ['excluded', 1]]

    """
    units = timing.timing
    treated = units.loc[units["status"] == "treated"]
    cohorts = treated.groupby("first_treated_year")["unit_code"].nunique()
    reasons = timing.exclusions.groupby("reason", sort=False)["unit_code"].nunique()
    never = int((units["status"] == "never_treated").sum())
    rows = [("treated", year, pd.NA, n) for year, n in cohorts.items()]
    rows += [("never_treated", pd.NA, pd.NA, never)] if never else []
    rows += [("excluded", pd.NA, reason, n) for reason, n in reasons.items()]
    table = pd.DataFrame(rows, columns=["status", "first_treated_year", "reason", "cities"])
    table["first_treated_year"] = table["first_treated_year"].astype("Int64")
    table["cities"] = table["cities"].astype("int64")
    return table


def unit_timing_table(timing: TreatmentTiming) -> pd.DataFrame:
    """Return every unit's first treated year and status, and its reasons for exclusion.

    Parameters
    ----------
    timing : TreatmentTiming
        The treatment timing of one programme.

    Returns
    -------
    pandas.DataFrame
        ``unit_code, unit_name, first_treated_year, status, reason``, one row per unit and
        reason (a unit not excluded has one row with no reason); ready for
        :func:`report_table`.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> units = pd.DataFrame({"unit_code": ["a", "b"], "unit_name": ["甲市", "乙市"],
    ...     "first_treated_year": [2001, 0], "status": ["treated", "excluded"]})
    >>> exclusions = pd.DataFrame({"unit_code": ["b", "b"], "reason": ["confounder",
    ...     "sub_unit_awardee"]})
    >>> unit_timing_table(SimpleNamespace(timing=units, exclusions=exclusions))["reason"].tolist()
    [nan, 'confounder', 'sub_unit_awardee']

    """
    units = timing.timing[["unit_code", "unit_name", "first_treated_year", "status"]]
    reasons = timing.exclusions[["unit_code", "reason"]].drop_duplicates()
    return units.merge(reasons, on="unit_code", how="left")


def attainment_table(results: Mapping[str, Attainment], targets: pd.DataFrame) -> pd.DataFrame:
    """Return the attainment of several targets, one row each, coded for a report.

    Parameters
    ----------
    results : mapping
        ``{indicator: attainment(...)}``.
    targets : pandas.DataFrame
        The targets' ``indicator`` and ``indicator_zh`` (the document's wording), as
        :meth:`evalkit.plans.PlanRegistry.targets_vs_reported` has them.

    Returns
    -------
    pandas.DataFrame
        ``indicator, indicator_zh, target_type, target, qualifier, horizon, years_observed,
        share_achieved, required_rate, realised_rate, projected_final, projected_share,
        on_track`` (``on track`` or ``not on track``); shares and rates rounded to 3 and 2
        decimals; ready for :func:`report_table`.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> result = SimpleNamespace(tidy=lambda: pd.DataFrame({"kind": ["cumulative"],
    ...     "target": [800.0], "qualifier": [""], "horizon": [2003], "years_observed": [1],
    ...     "share_achieved": [1.04625], "required_rate": [266.6667], "realised_rate": [837.0],
    ...     "projected_final": [2511.0], "projected_share": [3.13875], "on_track": [True]}))
    >>> targets = pd.DataFrame({"indicator": ["new_tech_smf"], "indicator_zh": ["新增科技型"]})
    >>> table = attainment_table({"new_tech_smf": result}, targets)
    >>> table[["target_type", "share_achieved", "required_rate", "on_track"]].values.tolist()
    [['cumulative', 1.046, 266.67, 'on track']]

    """
    wording = targets.drop_duplicates("indicator").set_index("indicator")["indicator_zh"]
    frames = [
        result.tidy().assign(indicator=indicator, indicator_zh=wording[indicator])
        for indicator, result in results.items()
    ]
    table = pd.concat(frames, ignore_index=True).rename(columns={"kind": "target_type"})
    table["on_track"] = table["on_track"].map({True: "on track", False: "not on track"})
    table = table.round({"share_achieved": 3, "projected_share": 3, "required_rate": 2,
                         "realised_rate": 2, "projected_final": 2})  # fmt: skip
    columns = [
        "indicator", "indicator_zh", "target_type", "target", "qualifier", "horizon",
        "years_observed", "share_achieved", "required_rate", "realised_rate", "projected_final",
        "projected_share", "on_track",
    ]  # fmt: skip
    return table[columns]
