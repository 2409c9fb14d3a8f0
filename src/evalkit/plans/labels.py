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

from evalkit.i18n import COLUMNS, VALUES, check_language, column_label, target_label, value_label

MISSING = "—"
_YES_NO = {True: {"zh": "是", "en": "yes"}, False: {"zh": "否", "en": "no"}}

COLUMN_LABELS: dict[str, dict[str, str]] = {
    "unit_name": {"zh": "地区", "en": "Place"},
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
    "verdict": COLUMNS["on_track"],
    "method": {"zh": "方法", "en": "Method"},
    "flat_pace": {
        "zh": "旧方法：把基期值当作本轮第一年平推",
        "en": "Old: baseline year taken as year 1, carried flat",
    },
    "flat_verdict": {"zh": "旧方法结论", "en": "Old verdict"},
    "required_rate": {"zh": "所需年均速度", "en": "Required yearly rate"},
    "pre_plan_rate": {"zh": "计划前趋势速度", "en": "Pre-plan trend rate"},
    "rate_unit": {"zh": "速度单位", "en": "Rate unit"},
    "ratio": {"zh": "所需/趋势（倍）", "en": "Required / trend"},
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
    "rank_basis": {
        "growth rate": {"zh": "增速", "en": "growth rate"},
        "number added": {"zh": "新增数量", "en": "number added"},
        "amount": {"zh": "金额", "en": "amount"},
        "level": {"zh": "总量", "en": "level"},
        "balance": {"zh": "余额", "en": "balance"},
        "number of firms": {"zh": "企业数", "en": "number of firms"},
        "rank": {"zh": "名次", "en": "rank"},
    },
    "unit": {"rank": {"zh": "名次", "en": "rank"}},
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
    check_language(language)
    if column in COLUMN_LABELS:
        return COLUMN_LABELS[column][language]
    return column_label(column, language)


# English words of source citations, in Chinese (file names and dates stay as they are)
SOURCE_WORDS_ZH = {" (Policy facts)": "（政策事实一节）", "Xinhua": "新华社"}


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


SENTENCES: dict[str, dict[str, str]] = {
    "summary": {"zh": "摘要", "en": "Summary"},
    "rule": {
        "zh": "“能否完成”的规则：完成概率 ≥ 0.8 为“很可能完成”，≤ 0.2 为“不太可能完成”，"
        "其余为“不确定”；"
        "完成概率是模拟路径中达到目标（按限定词）的比例，区间为 90% 区间。",
        "en": "The rule for 'on track': likely if P(meet) >= 0.8, unlikely if P(meet) <= 0.2, "
        "otherwise uncertain; P(meet) is the share of simulated paths that meet the target "
        "under its qualifier; intervals are 90% intervals.",
    },
    "projection_line": {
        "zh": "- {unit_name}（{round}）{indicator}：预计 {projection}（90% 区间 {low}–{high}），"
        "目标 {target}{unit}；{verdict}（完成概率 {p}）。",
        "en": "- {unit_name} ({round}) {indicator}: projected {projection} (90% interval "
        "{low} to {high}) against {target}{unit}; {verdict} (P(meet) = {p}).",
    },
    "flat_line": {
        "zh": "  旧方法把 {years} 年（上一轮）的 {baseline} 当作本轮第一年并平推："
        "{flat}，结论为“{old}”。",
        "en": "  The old method took {baseline} of {years} (previous round) as year 1 of the "
        "round and carried it flat: {flat}, verdict '{old}'.",
    },
    "unit_line": {
        "zh": "- {unit_name}：本级目标 {own} 个，所辖县（市、区）目标 {sub} 个，其中有本轮实际值的 "
        "{realised} 个；没有对应目标的报告值 {reported} 个；全省目标 {province} 个。",
        "en": "- {unit_name}: {own} targets of its own, {sub} of its counties or districts, "
        "{realised} of them with a value realised inside their round; {reported} reported "
        "figures with no target; {province} province-wide targets.",
    },
    "ambition_line": {
        "zh": "- 有基期值的目标 {n} 个：仅按计划前趋势即可完成的 {trend} 个，"
        "需要超过趋势的 {more} 个。",
        "en": "- {n} targets have a baseline: the pre-plan trend alone would meet {trend}, "
        "{more} need more than the trend.",
    },
    "projections": {"zh": "预测与区间", "en": "Projections with intervals"},
    "projections_note": {
        "zh": "只在有面板分母（新增贷款 = 年末贷款余额的年度变化；第二产业增加值）"
        "或本轮实际路径时预测；"
        "旧方法一列是原报告按上一轮数据平推的结论，仅供对照。",
        "en": "Projected only through a panel denominator (new loans = the yearly change of "
        "year-end loans; secondary value added) or from the path realised in the round; the "
        "old-method columns are what the report used to print, for comparison only.",
    },
    "units_attainment": {"zh": "各单位的目标完成情况", "en": "Target attainment by unit"},
    "units_note": {
        "zh": "目标只与本计划期内的实际值比较；上一轮的数据只作为基期值列出，不算本轮进度。",
        "en": "A target is compared only with values realised inside its own plan period; an "
        "earlier round's figure is shown only as a baseline, never as progress.",
    },
    "sub_units": {"zh": "所辖县（市、区）的目标", "en": "Targets of its counties and districts"},
    "allocation_sums": {
        "zh": "乡镇分解数之和与县级总目标的核对",
        "en": "Township allocations summed and checked against the county total",
    },
    "reported_only": {
        "zh": "没有对应目标的报告值",
        "en": "Reported figures with no target",
    },
    "province": {"zh": "全省目标与报告值", "en": "Province-wide targets and figures"},
    "ambition": {"zh": "目标的力度与计划前趋势", "en": "Ambition and the pre-plan trend"},
    "ambition_note": {
        "zh": "所需年均速度与计划前趋势速度之比（倍）和差；"
        "“仅靠趋势能否完成”把计划前趋势延续到计划期末。"
        "完成目标不等于计划有效果：若仅按趋势也能完成，完成本身不说明计划的作用。",
        "en": "The required yearly rate against the pre-plan trend rate (ratio and difference); "
        "'trend alone meets it' carries the pre-plan trend to the horizon. Meeting a target "
        "is not the same as the plan having an effect.",
    },
    "cross_city": {
        "zh": "城市间比较（评价指标排序）",
        "en": "Cross-city comparison (评价指标排序)",
    },
    "cross_city_note": {
        "zh": "只列登记表中有数据的城市；只有多个城市同年同口径都有数据时才计算排名，"
        "“全省排名”为来源文件自己报告的名次。",
        "en": "Only cities whose figures the registry holds; a rank is computed only where "
        "several cities report the same indicator, year and unit; the province rank is the "
        "one the source itself reports.",
    },
    "catalogue": {
        "zh": "结果指标目录：目标 → 代理指标 → 预期方向 → 年份",
        "en": "Outcome catalogue: target → proxy → sign → years",
    },
    "catalogue_note": {
        "zh": "每个计划目标在面板中的代理指标、变换、计划有效时的预期方向和覆盖年份；"
        "没有代理指标的目标需要行政数据，折叠列在表下。",
        "en": "Each plan target's panel proxy, transformation, the sign expected if the plan "
        "works and the years covered; targets with no proxy need administrative data and are "
        "listed, folded, below the table.",
    },
    "timeline_units": {
        "zh": "只画本报告讨论的城市及其所辖县（市、区）所涉及的计划。",
        "en": "Only the plans covering the cities this report is about (and their counties).",
    },
    "timing_counts": {
        "zh": "按排除原因计的单位数如下（处理时点共给出 {warnings} 条提示，均归入下表各原因）。",
        "en": "Units per exclusion reason ({warnings} timing notes, each counted in a reason "
        "below).",
    },
    "timing_units": {
        "zh": "全部 {units} 个单位的处理年份、状态与排除原因（折叠）。",
        "en": "All {units} units with their first treated year, status and exclusion reasons "
        "(folded).",
    },
    "none": {"zh": "登记表中没有。", "en": "None in the registry."},
}


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
