"""Tables as a report shows them: headers and codes in the report's language, no cell cut short.

pandas shortens long cells to ``display.max_colwidth`` (50) characters with "...", which cut
the 64-hex SHA-256 checksums of the provenance appendix. A :class:`ReportTable` renders its
frame with no width limit, whatever the kernel's pandas options are.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from evalkit.i18n import column_label, value_label
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


def report_table(frame: pd.DataFrame, language: str) -> ReportTable:
    """Return ``frame`` with its headers and coded values in ``language``, for display.

    Column headers come from :data:`evalkit.i18n.COLUMNS`, coded values (programme ids, methods,
    memberships) from :data:`evalkit.i18n.VALUES`, indicator ids from the panel codebook; a
    target table's ``indicator_zh`` replaces the indicator ids in Chinese. Missing values are
    shown as a dash. Names, numbers, file names and checksums are left as they are.

    Parameters
    ----------
    frame : pandas.DataFrame
        A table of the report (plans, estimates, quality flags, checksums).
    language : {"zh", "en"}
        The report language.

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
        if language == "zh":
            shown["indicator"] = shown["indicator_zh"]
        shown = shown.drop(columns="indicator_zh")
    for column in shown.columns:
        if column == "indicator":
            shown[column] = shown[column].map(lambda value: indicator_label(value, language))
        elif shown[column].dtype == object or pd.api.types.is_string_dtype(shown[column]):
            shown[column] = shown[column].map(
                lambda value, column=column: value_label(column, value, language)
            )
        shown[column] = _integral(shown[column])
        if shown[column].isna().any():
            shown[column] = shown[column].astype(object).where(shown[column].notna(), MISSING)
    shown.columns = [column_label(column, language) for column in shown.columns]
    return ReportTable(shown)
