"""Tables as a report shows them: headers and codes in the report's language, no cell cut short.

pandas shortens long cells to ``display.max_colwidth`` (50) characters with "...", which cut
the 64-hex SHA-256 checksums of the provenance appendix. A :class:`ReportTable` renders its
frame with no width limit, whatever the kernel's pandas options are.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

import pandas as pd

from evalkit.did import EstimatorComparison
from evalkit.i18n import column_label, target_label, value_label
from evalkit.panel import indicator_label

MISSING = "—"
_FULL_WIDTH = ("display.max_colwidth", None, "display.max_rows", None, "display.max_columns", None)


@dataclass(frozen=True)
class ReportTable:
    """A table ready for display: its cells are shown in full, in HTML and as text."""

    frame: pd.DataFrame

    def _repr_html_(self) -> str:
        with pd.option_context(*_FULL_WIDTH):
            return self.frame._repr_html_()

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


def report_table(frame: pd.DataFrame, language: str, *, names: Collection[str] = ()) -> ReportTable:
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
        coded = column != "indicator" and column not in names
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
    >>> sample = pd.DataFrame({"unit_code": list("aabc"), "first_treated_year": [0, 0, 0, 2015]})
    >>> cohort_sizes(sample).to_dict(orient="list")
    {'first_treated_year': [0, 2015], 'cities': [2, 1]}

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
