"""What the pooled DiD reports (``province_did``, ``liangchuang_did``) both compute.

Each report estimates the same things for each log outcome: the estimators side by side
(:func:`evalkit.did.etable`), the Goodman-Bacon decomposition, HonestDiD's smoothness bounds
on the event study; and publishes the same headline numbers. The notebooks call these
functions and only display what they return.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from evalkit.design import outcome_column
from evalkit.did import BaconDecomposition, EstimatorComparison, event_study
from evalkit.i18n import check_language, text
from evalkit.inference import SensitivityResult, sensitivity_smoothness
from evalkit.panel import indicator_label

# Bounds M on the change in slope of the pre-trend (log points per year) that the pooled
# reports show HonestDiD intervals for; 0 is a linear extrapolation of the pre-trend.
SMOOTHNESS_BOUNDS = (0.0, 0.01, 0.02, 0.05)
# The DiD sample's time, unit and cohort columns, as evalkit's samples name them.
DESIGN = ("year", "unit_code", "first_treated_year")


def outcome_labels(outcomes: Sequence[str], language: str) -> dict[str, str]:
    """Return the sample column of each outcome (its log) and the outcome's label.

    Parameters
    ----------
    outcomes : sequence of str
        Panel indicators.
    language : {"zh", "en"}
        The report language.

    Returns
    -------
    dict
        ``{"log_<indicator>": label}``, in the order of ``outcomes``.

    Examples
    --------
    >>> outcome_labels(["night_lights"], "en")
    {'log_night_lights': 'Night-time lights (sum of lights) (DN)'}

    """
    check_language(language)
    return {outcome_column(outcome): indicator_label(outcome, language) for outcome in outcomes}


def bacon_sentence(bacon: BaconDecomposition, label: str, language: str) -> str:
    """Return the sentence that compares the TWFE coefficient with its Bacon average.

    Parameters
    ----------
    bacon : BaconDecomposition
        The result of :func:`evalkit.did.bacon_decomposition`.
    label : str
        The outcome as the report names it.
    language : {"zh", "en"}
        The report language.

    Returns
    -------
    str
        :data:`evalkit.i18n` entry ``bacon_sentence`` with the TWFE coefficient, the
        weighted average of the 2x2 estimates and the sum of the weights.

    Examples
    --------
    >>> table = pd.DataFrame({"type": ["treated vs never treated"], "treated": [2001.0],
    ...     "control": [0.0], "estimate": [0.1234], "weight": [1.0]})
    >>> bacon = BaconDecomposition(table, twfe_estimate=0.1234, settings={})
    >>> bacon_sentence(bacon, "GDP", "en")[:68]
    'GDP: the TWFE coefficient 0.1234 is the weighted sum of the 2x2 DiD '

    """
    check_language(language)
    return text(
        "bacon_sentence",
        language,
        outcome=label,
        twfe=bacon.twfe_estimate,
        weighted=bacon.weighted_estimate,
        weights=bacon.table["weight"].sum(),
    )


def smoothness_sensitivity(
    sample: pd.DataFrame, column: str, bounds: Sequence[float] = SMOOTHNESS_BOUNDS
) -> SensitivityResult:
    """Return HonestDiD's smoothness intervals for the first post-period of the event study.

    The event study is :func:`evalkit.did.event_study` of ``column`` on the sample's
    ``year``, ``unit_code`` and ``first_treated_year``; its negative event times are the
    pre-periods.

    Parameters
    ----------
    sample : pandas.DataFrame
        The DiD sample.
    column : str
        The outcome column, e.g. ``"log_night_lights"``.
    bounds : sequence of float
        The bounds M on the change in slope.

    Returns
    -------
    SensitivityResult
        :func:`evalkit.inference.sensitivity_smoothness` at each bound.

    Examples
    --------
    >>> from evalkit.simulate import simulate_staggered_panel
    >>> data = simulate_staggered_panel(n_units=60, n_periods=5, random_state=0).data
    >>> sample = data.rename(columns={"unit": "unit_code", "first_treated": "first_treated_year"})
    >>> smoothness_sensitivity(sample, "y", [0.0]).tidy()["method"].tolist()
    ['Original', 'FLCI']

    """
    dynamic = event_study(sample, column, *DESIGN)
    pre = int((dynamic.event_time < 0).sum())
    post = dynamic.event_time.size - pre
    return sensitivity_smoothness(dynamic.estimate, dynamic.vcov, pre, post, list(bounds))


def complete_units(sample: pd.DataFrame, column: str) -> pd.DataFrame:
    """Return the rows of the units observed in ``column`` in as many years as any unit.

    Permutation tests reassign whole adoption paths between units, which needs every unit
    observed in the same years.

    Parameters
    ----------
    sample : pandas.DataFrame
        The DiD sample, one row per ``unit_code`` and ``year``.
    column : str
        The outcome column.

    Returns
    -------
    pandas.DataFrame
        The rows where ``column`` is present, of the units with the most such rows.

    Examples
    --------
    >>> sample = pd.DataFrame({"unit_code": list("aabb"), "year": [1, 2, 1, 2],
    ...     "y": [1.0, 2.0, 3.0, None]})
    >>> complete_units(sample, "y")["unit_code"].tolist()
    ['a', 'a']

    """
    observed = sample.dropna(subset=[column])
    years = observed.groupby("unit_code")["year"].transform("size")
    return observed[years == years.max()]


def pooled_headline(
    comparisons: Mapping[str, EstimatorComparison], bacon: Mapping[str, BaconDecomposition]
) -> dict[str, dict]:
    """Return the headline numbers a pooled report publishes for each outcome.

    Parameters
    ----------
    comparisons : mapping
        ``{"log_<indicator>": etable(...)}``.
    bacon : mapping
        ``{"log_<indicator>": bacon_decomposition(...)}``, the same outcomes.

    Returns
    -------
    dict
        ``{"log_<indicator>": {**comparison.headline(), "bacon_twfe": ...}}``; a report adds
        its own inference (p-values) to each outcome's entry.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> comparison = SimpleNamespace(headline=lambda: {"TWFE": 0.12})
    >>> pooled_headline({"log_gdp": comparison}, {"log_gdp": SimpleNamespace(twfe_estimate=0.12)})
    {'log_gdp': {'TWFE': 0.12, 'bacon_twfe': 0.12}}

    """
    return {
        column: {**comparison.headline(), "bacon_twfe": bacon[column].twfe_estimate}
        for column, comparison in comparisons.items()
    }
