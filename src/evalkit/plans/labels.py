"""Report labels of the attainment, projection, ambition and cross-city tables (zh/en).

The texts live in the label catalogue ``evalkit/labels.csv``, scope ``plan_targets`` (rows
``scoped_column``, ``scoped_value`` with column ``plan_targets.<column>``, and
``scoped_sentence``), read by :mod:`evalkit.i18n`; edit that file, not this module, to change
a text. This module hands them out under the names the rest of the code uses
(:data:`COLUMN_LABELS`, :data:`VALUE_LABELS`, :data:`SENTENCES`, :data:`SOURCE_WORDS_ZH`) for
the tables of :mod:`evalkit.plans.attainment`, :mod:`evalkit.plans.ambition`,
:mod:`evalkit.plans.unit_sections` and :mod:`evalkit.plans.cross_city`: the headers of these
tables first, then the report-wide ones (:data:`evalkit.i18n.COLUMNS`), and
:func:`display_table` shows such a table in a report language: headers and coded values
translated, indicators by name, codes and ids dropped, no index column.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd

from evalkit.i18n import (
    COLUMNS,
    SCOPED_COLUMNS,
    SCOPED_TEXT,
    SCOPED_VALUES,
    check_language,
    column_label,
    target_label,
    value_label,
)

MISSING = "—"
# the texts of the target tables: scope ``plan_targets`` of the label catalogue
_SCOPE_VALUES = SCOPED_VALUES["plan_targets"]
_CELL_WORDS = ("yes_no", "source_words")  # not looked up by value: see _value
COLUMN_LABELS: dict[str, dict[str, str]] = SCOPED_COLUMNS["plan_targets"]
VALUE_LABELS: dict[str, dict[str, dict[str, str]]] = {
    column: labels for column, labels in _SCOPE_VALUES.items() if column not in _CELL_WORDS
}
SENTENCES: dict[str, dict[str, str]] = SCOPED_TEXT["plan_targets"]
_YES_NO = {True: _SCOPE_VALUES["yes_no"]["yes"], False: _SCOPE_VALUES["yes_no"]["no"]}
# English words of source citations, in Chinese (file names and dates stay as they are)
SOURCE_WORDS_ZH = {words["en"]: words["zh"] for words in _SCOPE_VALUES["source_words"].values()}
_GROWTH_SCALED = ("required_rate", "pre_plan_rate", "difference", "trend_total")
_LANGUAGE_TWINS = {"method": "method_zh", "basis": "basis_zh"}
DROPPED = ("unit_code", "plan_id", "province_code", "indicator_zh", "method_zh", "basis_zh")


@dataclass(frozen=True)
class DisplayTable:
    """A table shown with no index column and no cell cut short, in HTML and as text."""

    frame: pd.DataFrame

    def _repr_html_(self) -> str:
        with pd.option_context("display.max_colwidth", None):
            return self.frame.to_html(index=False, na_rep=MISSING)

    def __repr__(self) -> str:
        with pd.option_context("display.max_colwidth", None, "display.width", 250):
            return self.frame.to_string(index=False, na_rep=MISSING)


def header(column: str, language: str) -> str:
    """Return a column's header in ``language`` (the target tables' own, then the report's).

    Examples
    --------
    >>> header("p_meet", "zh"), header("target", "en")
    ('完成概率', 'Target')
    """
    check_language(language)
    if column in COLUMN_LABELS:
        return COLUMN_LABELS[column][language]
    return column_label(column, language)


def _value(column: str, value: object, language: str) -> object:
    if column == "source" and language == "zh" and isinstance(value, str):
        for english, chinese in SOURCE_WORDS_ZH.items():
            value = value.replace(english, chinese)
        return value
    if isinstance(value, bool | np.bool_) and column in ("trend_meets", "consistent"):
        return _YES_NO[bool(value)][language]
    labels = VALUE_LABELS.get(column)
    if labels is not None and isinstance(value, str) and value in labels:
        return labels[value][language]
    return value_label(column, value, language)


def display_table(
    frame: pd.DataFrame,
    language: str,
    *,
    drop: Collection[str] = DROPPED,
    digits: int = 4,
) -> DisplayTable:
    """Return ``frame`` as a report shows it in ``language``.

    Indicators are named (the document's wording in Chinese, the English name in English),
    ``method``/``basis`` are shown in the report language, growth rates of an ambition table
    (``rate_unit`` = growth) in percent, numbers to ``digits`` significant decimals, missing
    values as a dash; codes and ids in ``drop`` are left out and there is no index column.

    Examples
    --------
    >>> frame = pd.DataFrame({"unit_code": ["330400"], "unit_name": ["嘉兴市"],
    ...     "indicator": ["new_smf"], "indicator_zh": ["累计新增小微企业"], "verdict": ["likely"]})
    >>> display_table(frame, "zh").frame.columns.tolist()
    ['地区', '指标', '能否按期完成']
    >>> display_table(frame, "en").frame.iloc[0].tolist()
    ['嘉兴市', 'new small and micro firms', 'likely']
    """
    check_language(language)
    shown = frame.copy()
    if "indicator" in shown.columns and "indicator_zh" in shown.columns:
        shown["indicator"] = [
            target_label(indicator, wording, language)
            for indicator, wording in zip(shown["indicator"], shown["indicator_zh"], strict=True)
        ]
    for column, twin in _LANGUAGE_TWINS.items():
        if language == "zh" and column in shown.columns and twin in shown.columns:
            shown[column] = shown[twin]
    if "rate_unit" in shown.columns:
        growth = shown["rate_unit"] == "growth"
        for column in _GROWTH_SCALED:
            if column in shown.columns:
                shown.loc[growth, column] = shown.loc[growth, column] * 100
    shown = shown.drop(columns=[c for c in drop if c in shown.columns])
    for column in shown.columns:
        series = shown[column]
        if pd.api.types.is_float_dtype(series):
            present = series.dropna()
            if len(present) and (present == present.round()).all():
                series = series.astype("Int64")
            else:
                series = series.round(digits)
        elif column != "indicator":
            series = series.map(lambda value, column=column: _value(column, value, language))
        shown[column] = series.astype(object).where(series.notna(), MISSING)
    shown.columns = [header(column, language) for column in shown.columns]
    return DisplayTable(shown.reset_index(drop=True))


def known_columns() -> set[str]:
    """Return every column :func:`display_table` can label."""
    return set(COLUMN_LABELS) | set(COLUMNS)


def sentence(key: str, language: str, **values: object) -> str:
    """Return a sentence of the attainment sections in ``language``.

    Examples
    --------
    >>> sentence("summary", "zh")
    '摘要'
    """
    check_language(language)
    return SENTENCES[key][language].format(**values)


def _number(value: float) -> str:
    return f"{value:,.1f}" if abs(value) >= 100 else f"{value:.2f}"


def summary_markdown(units, projections: pd.DataFrame, language: str) -> str:
    """Return the summary: the rule, every projection (old verdict beside), units, ambition.

    Parameters
    ----------
    units : sequence of UnitAttainment
        The units shown (:func:`evalkit.plans.unit_attainment`).
    projections : pandas.DataFrame
        :func:`evalkit.plans.unit_sections.projection_table` of the units.
    language : {"zh", "en"}

    Returns
    -------
    str
        Markdown.
    """
    check_language(language)
    lines = [sentence("rule", language), ""]
    for row in projections.itertuples():
        growth = row.unit == "%"
        suffix = "%" if growth else ""
        lines.append(
            sentence(
                "projection_line",
                language,
                unit_name=row.unit_name,
                round=row.round,
                indicator=target_label(row.indicator, row.indicator_zh, language),
                projection=_number(row.projection) + suffix,
                low=_number(row.conf_low) + suffix,
                high=_number(row.conf_high) + suffix,
                target=f"{row.target:g}{suffix}",
                unit=""
                if growth
                else (" " if language == "en" else "")
                + str(value_label("unit", row.unit, language)),
                verdict=_value("verdict", row.verdict, language),
                p=f"{row.p_meet:.2f}",
            )
        )
        if row.flat_verdict:
            lines.append(
                sentence(
                    "flat_line",
                    language,
                    baseline=f"{row.baseline:g}",
                    years=row.baseline_years,
                    flat=f"{row.flat_pace:g}",
                    old=_value("flat_verdict", row.flat_verdict, language),
                )
            )
    lines.append("")
    ambition_rows = []
    for unit in units:
        realised = sum(int(frame["realised"].notna().sum()) for frame in (unit.own, unit.sub_units))
        lines.append(
            sentence(
                "unit_line",
                language,
                unit_name=unit.unit_name,
                own=len(unit.own),
                sub=len(unit.sub_units),
                realised=realised,
                reported=len(unit.reported),
                province=len(unit.province),
            )
        )
        ambition_rows.append(unit.ambition)
    ambition = pd.concat(ambition_rows).drop_duplicates(["plan_id", "indicator"])  # province
    trend = int(ambition["trend_meets"].astype(bool).sum())
    lines.append(
        sentence(
            "ambition_line", language, n=len(ambition), trend=trend, more=len(ambition) - trend
        )
    )
    return "\n".join(lines)
