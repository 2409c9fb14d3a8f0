"""Report labels of the attainment, projection, ambition and cross-city tables (zh/en).

The project's catalogue (:mod:`evalkit.i18n`) names the columns and values it already knows;
this module adds those of the tables of :mod:`evalkit.plans.attainment`,
:mod:`evalkit.plans.ambition`, :mod:`evalkit.plans.unit_sections` and
:mod:`evalkit.plans.cross_city`, and :func:`display_table` shows such a table in a report
language: headers and coded values translated, indicators by name, codes and ids dropped, no
index column.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd

from evalkit.errors import ParameterError
from evalkit.i18n import COLUMNS, VALUES, column_label, target_label, value_label

MISSING = "—"
_YES_NO = {True: {"zh": "是", "en": "yes"}, False: {"zh": "否", "en": "no"}}

COLUMN_LABELS: dict[str, dict[str, str]] = {
    "unit_name": {"zh": "单位", "en": "Unit"},
    "level": {"zh": "层级", "en": "Level"},
    "round": {"zh": "计划轮次", "en": "Plan round"},
    "realised": {"zh": "本轮实际值", "en": "Realised in the round"},
    "realised_years": {"zh": "实际值年份", "en": "Years realised"},
    "status": {"zh": "完成状态", "en": "Status"},
    "baseline": {
        "zh": "基期值（上一轮，非本轮进度）",
        "en": "Baseline (earlier round, not progress)",
    },
    "baseline_years": {"zh": "基期年份", "en": "Baseline years"},
    "baseline_round": {"zh": "基期所属轮次", "en": "Baseline round"},
    "projection": {"zh": "预计期末值", "en": "Projection"},
    "conf_low": {"zh": "90% 区间下限", "en": "90% interval, low"},
    "conf_high": {"zh": "90% 区间上限", "en": "90% interval, high"},
    "p_meet": {"zh": "完成概率", "en": "P(meet)"},
    "verdict": {"zh": "能否完成", "en": "On track?"},
    "method": {"zh": "方法", "en": "Method"},
    "flat_pace": {"zh": "旧方法：按 2018 年进度平推", "en": "Old: flat pace of the baseline year"},
    "flat_verdict": {"zh": "旧方法结论", "en": "Old verdict"},
    "required_rate": {"zh": "所需年均速度", "en": "Required yearly rate"},
    "pre_plan_rate": {"zh": "计划前趋势速度", "en": "Pre-plan trend rate"},
    "rate_unit": {"zh": "速度单位", "en": "Rate unit"},
    "ratio": {"zh": "所需/趋势（倍）", "en": "Required / trend"},
    "difference": {"zh": "所需−趋势", "en": "Required − trend"},
    "trend_total": {"zh": "仅按计划前趋势的期末值", "en": "Pre-plan trend alone reaches"},
    "trend_meets": {"zh": "仅靠趋势能否完成", "en": "Trend alone meets it"},
    "outcome": {"zh": "完成情况或预计", "en": "Outcome or projection"},
    "finding": {"zh": "结论", "en": "Finding"},
    "basis": {"zh": "基期与趋势的依据", "en": "Baseline and trend used"},
    "year": {"zh": "年份", "en": "Year"},
    "as_of": {"zh": "截至", "en": "As of"},
    "value": {"zh": "数值", "en": "Value"},
    "share_of_target": {"zh": "完成目标比例", "en": "Share of target"},
    "implied_target": {"zh": "推算的目标值", "en": "Implied target"},
    "source": {"zh": "来源", "en": "Source"},
    "reliability": {"zh": "可靠性", "en": "Reliability"},
    "n_cities": {"zh": "登记表中有数据的城市数", "en": "Cities with the figure"},
    "registry_rank": {"zh": "登记表城市间排名", "en": "Rank among registry cities"},
    "rank_basis": {"zh": "排名依据", "en": "Rank basis"},
    "consistent": {"zh": "分解数之和等于总目标", "en": "Allocations sum to headline"},
    "section": {"zh": "部分", "en": "Section"},
    "measure": {"zh": "预测量", "en": "Measure"},
}
VALUE_LABELS: dict[str, dict[str, dict[str, str]]] = {
    "status": {
        "met": {"zh": "已完成", "en": "met"},
        "not met": {"zh": "未完成", "en": "not met"},
        "in progress": {"zh": "进行中", "en": "in progress"},
        "no realised figure": {"zh": "登记表无本轮实际值", "en": "no realised figure in the round"},
    },
    "verdict": {
        "likely": {"zh": "很可能完成", "en": "likely"},
        "uncertain": {"zh": "不确定", "en": "uncertain"},
        "unlikely": {"zh": "不太可能完成", "en": "unlikely"},
    },
    "flat_verdict": VALUES["on_track"],
    "finding": {
        "met; the pre-plan trend alone would also have met it": {
            "zh": "已完成；仅按计划前趋势也能完成",
            "en": "met; the pre-plan trend alone would also have met it",
        },
        "on track; the pre-plan trend alone would also meet it": {
            "zh": "很可能完成；仅按计划前趋势也能完成",
            "en": "on track; the pre-plan trend alone would also meet it",
        },
        "the pre-plan trend alone would meet it": {
            "zh": "仅按计划前趋势即可完成",
            "en": "the pre-plan trend alone would meet it",
        },
        "needs more than the pre-plan trend": {
            "zh": "需要超过计划前趋势",
            "en": "needs more than the pre-plan trend",
        },
    },
    "rate_unit": {
        "per_year": {"zh": "目标单位/年", "en": "target units a year"},
        "growth": {"zh": "%/年", "en": "% a year"},
    },
    "level": {
        "province": {"zh": "省", "en": "province"},
        "city": {"zh": "市", "en": "city"},
        "county": {"zh": "县（市）", "en": "county"},
        "district": {"zh": "区", "en": "district"},
    },
    "reliability": {
        "reported": {"zh": "报告值", "en": "reported"},
        "doubtful-year": {"zh": "年份存疑", "en": "doubtful year"},
    },
    "measure": {
        "period_total": {"zh": "计划期合计", "en": "period total"},
        "average_growth": {"zh": "年均增长率（%）", "en": "average growth (%)"},
    },
    "outcome": {},
}
VALUE_LABELS["outcome"] = {**VALUE_LABELS["status"], **VALUE_LABELS["verdict"]}
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
    """Return a column's header in ``language`` (this module's labels, then the catalogue).

    Examples
    --------
    >>> header("p_meet", "zh"), header("target", "en")
    ('完成概率', 'Target')
    """
    if column in COLUMN_LABELS:
        if language not in ("zh", "en"):
            raise ParameterError(f"language={language!r} is not supported; choose zh or en")
        return COLUMN_LABELS[column][language]
    return column_label(column, language)


def _value(column: str, value: object, language: str) -> object:
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
    ['单位', '指标', '能否完成']
    >>> display_table(frame, "en").frame.iloc[0].tolist()
    ['嘉兴市', 'new small and micro firms', 'likely']
    """
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
