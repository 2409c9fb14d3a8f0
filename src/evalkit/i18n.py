"""Labels and sentences of the reports in Chinese and English."""

from __future__ import annotations

from evalkit.errors import ParameterError

LANGUAGES = ("zh", "en")

TEXT: dict[str, dict[str, str]] = {
    "title": {
        "zh": "{city}：小微企业三年成长计划评估报告",
        "en": "{city}: evaluation of the Small and Micro Enterprise Three-Year Growth Plan",
    },
    "design": {
        "zh": "处理组：浙江省 11 个地级市，自 {start} 年（第一轮小微企业三年成长计划）起视为受处理；对照组：{comparison} 的地级市。样本期 {first}–{last} 年。",
        "en": "Treated: Zhejiang's 11 prefecture cities from {start} (first round of the growth plan); comparison: the prefecture cities of {comparison}. Sample {first}–{last}.",
    },
    "trends": {"zh": "指标走势", "en": "Indicator trends"},
    "pooled": {"zh": "全省合并的双向固定效应 DiD", "en": "Pooled two-way fixed-effects DiD"},
    "city_did": {"zh": "本市 DiD 与安慰剂检验", "en": "This city's DiD and placebo test"},
    "provenance": {"zh": "方法与数据来源", "en": "Methods and provenance"},
    "plans": {"zh": "政策时间线（计划登记表）", "en": "Plan timeline (plan registry)"},
    "no_plans": {
        "zh": "登记表中没有覆盖本市的计划。",
        "en": "No plan in the registry covers this city.",
    },
    "targets": {"zh": "目标完成情况", "en": "Target attainment"},
    "no_targets": {
        "zh": "登记表中没有本市自身计划的量化目标；全省计划的目标见 plan_targets 笔记本。",
        "en": "The registry holds no quantified targets of this city's own plans; province-wide targets are in the plan_targets notebook.",
    },
    "its": {
        "zh": "中断时间序列（相对对照组均值）",
        "en": "Interrupted time series (relative to the comparison mean)",
    },
    "its_sentence": {
        "zh": "{outcome}：水平变化 {level:.3f}，斜率变化 {slope:.3f}；计划后平均效应 {estimate:.3f}（HAC 标准误 {se:.3f}，Newey-West 滞后 {lags}）。安慰剂断点 p 值 {placebo:.3f}。",
        "en": "{outcome}: level change {level:.3f}, slope change {slope:.3f}; average post-plan effect {estimate:.3f} (HAC SE {se:.3f}, Newey-West lags {lags}). Placebo-break p-value {placebo:.3f}.",
    },
    "its_caution": {
        "zh": "注意：年度序列很短，HAC 标准误在小样本中偏小（模拟中 95% 区间仅覆盖约 70%），应结合安慰剂断点判断。",
        "en": "Caution: with short annual series HAC standard errors are too small (95% intervals covered about 70% in simulation); judge the break against the placebo breaks.",
    },
    "synth": {
        "zh": "合成控制与合成双重差分（安慰剂推断）",
        "en": "Synthetic control and synthetic DiD (placebo inference)",
    },
    "synth_note": {
        "zh": "供体：江苏、安徽、福建、江西的城市；处理起始 {start} 年；p 值为安慰剂排序（每个供体依次作为处理单位）。",
        "en": "Donors: cities of Jiangsu, Anhui, Fujian and Jiangxi; treatment from {start}; p-values rank the real effect among placebos (each donor treated in turn).",
    },
    "event_study": {
        "zh": "本市所在批次的事件研究（Callaway-Sant'Anna）",
        "en": "Event study of the city's cohort (Callaway-Sant'Anna)",
    },
    "pretrend": {
        "zh": "{outcome}：事前趋势 Wald 检验 {test}。",
        "en": "{outcome}: pre-trend Wald test {test}.",
    },
    "quality": {"zh": "涉及本市的数据质量标记", "en": "Data-quality flags touching this city"},
    "inputs": {"zh": "输入数据校验和（SHA-256）", "en": "Input checksums (SHA-256)"},
    "this_city": {"zh": "本市", "en": "This city"},
    "rest_of_province": {"zh": "浙江其他城市", "en": "Rest of Zhejiang"},
    "comparison": {"zh": "对照组城市", "en": "Comparison cities"},
    "year": {"zh": "年份", "en": "Year"},
    "log_of": {"zh": "{label}（对数，组内均值）", "en": "log {label} (group mean)"},
    "placebo_effect": {"zh": "安慰剂效应", "en": "Placebo effect"},
    "count": {"zh": "城市数", "en": "Cities"},
    "pooled_sentence": {
        "zh": "{outcome}：DiD 估计值 {estimate:.3f}（按城市聚类的标准误 {se:.3f}，95% 置信区间 [{low:.3f}, {high:.3f}]，p = {p:.3f}）。{verdict}",
        "en": "{outcome}: DiD estimate {estimate:.3f} (SE clustered by city {se:.3f}, 95% CI [{low:.3f}, {high:.3f}], p = {p:.3f}). {verdict}",
    },
    "city_sentence": {
        "zh": "{outcome}：本市 DiD 估计值 {estimate:.3f}；安慰剂 p 值 {p:.3f}（在 {n} 个效应中绝对值排第 {rank}）。{verdict}",
        "en": "{outcome}: this city's DiD estimate {estimate:.3f}; placebo p-value {p:.3f} (rank {rank} of {n} by magnitude). {verdict}",
    },
    "significant": {"zh": "在 5% 水平上显著。", "en": "Significant at the 5% level."},
    "not_significant": {
        "zh": "在 5% 水平上不显著：数据与无效应相容。",
        "en": "Not significant at the 5% level: the data are consistent with no effect.",
    },
    "few_clusters": {
        "zh": "注意：仅一个受处理城市时，聚类稳健标准误不可靠，因此本市结果以安慰剂检验（依次把每个对照城市当作受处理城市）判断。",
        "en": "Note: with a single treated city, cluster-robust standard errors are unreliable, so this city's result is judged by a placebo test (each comparison city in turn treated as if it were treated).",
    },
    "its_ylabel": {
        "zh": "{label}（对数，减去对照组均值）",
        "en": "log {label} minus the comparison mean",
    },
    "notes": {"zh": "数据处理说明（程序输出原文）", "en": "Data notes"},
    "province_did_title": {
        "zh": "浙江省小微企业三年成长计划（2015 年起）与华东其他城市：双重差分方法比较",
        "en": "Zhejiang growth plan (2015) vs other East China cities: the DiD toolbox",
    },
    "liangchuang_did_title": {
        "zh": "小微企业创业创新基地城市示范（两创示范）：交错双重差分，2015 与 2016 批次",
        "en": "Entrepreneurship and innovation demonstration cities (两创示范): staggered DiD, cohorts 2015 and 2016",
    },
    "index_title": {
        "zh": "浙江省小微企业三年成长计划：各市评估报告",
        "en": "Zhejiang Small and Micro Enterprise Three-Year Growth Plan: city evaluation reports",
    },
    "index_pooled": {
        "zh": "全省合并的双向固定效应 DiD：浙江城市与华东其他城市（按城市聚类的标准误）",
        "en": "Pooled TWFE DiD: Zhejiang cities vs other East China cities (SE clustered by city)",
    },
    "index_cities": {
        "zh": "各市报告（点击列标题排序）",
        "en": "City reports (click a column to sort)",
    },
    "index_others": {
        "zh": "合并分析与计划登记表",
        "en": "Pooled analyses and the plan registry",
    },
    "failed": {"zh": "渲染失败：{error}", "en": "failed: {error}"},
}

# Column headers of the tables the reports show (strict: a table column missing here is an
# error, so that no English identifier reaches a Chinese report unnoticed).
COLUMNS: dict[str, dict[str, str]] = {
    "plan_id": {"zh": "计划编号", "en": "Plan id"},
    "programme": {"zh": "政策项目", "en": "Programme"},
    "via": {"zh": "覆盖方式", "en": "Coverage"},
    "awardee_name": {"zh": "获批单位", "en": "Awardee"},
    "round": {"zh": "轮次或批次", "en": "Round or batch"},
    "membership": {"zh": "名单状态", "en": "Membership"},
    "period_start": {"zh": "起始年份", "en": "Start"},
    "period_end": {"zh": "结束年份", "en": "End"},
    "indicator": {"zh": "指标", "en": "Indicator"},
    "method": {"zh": "方法", "en": "Method"},
    "estimate": {"zh": "估计值", "en": "Estimate"},
    "se": {"zh": "标准误", "en": "Std. error"},
    "std_error": {"zh": "标准误", "en": "Std. error"},
    "statistic": {"zh": "统计量", "en": "Statistic"},
    "p_value": {"zh": "p 值", "en": "p-value"},
    "conf_low": {"zh": "置信区间下限", "en": "CI low"},
    "conf_high": {"zh": "置信区间上限", "en": "CI high"},
    "term": {"zh": "系数", "en": "Term"},
    "pre_rmspe": {"zh": "处理前拟合误差（RMSPE）", "en": "Pre-period RMSPE"},
    "n_donors": {"zh": "供体数", "en": "Donors"},
    "n_excluded": {"zh": "排除的供体数", "en": "Donors excluded"},
    "top_donors": {"zh": "主要供体（权重）", "en": "Top donors (weight)"},
    "years": {"zh": "年份范围", "en": "Years"},
    "interpolated": {"zh": "插补", "en": "Interpolated"},
    "rounded": {"zh": "取整", "en": "Rounded"},
    "break_suspected": {"zh": "疑似口径断点", "en": "Suspected break"},
    "conflict": {"zh": "来源冲突", "en": "Source conflict"},
    "flagged_years": {"zh": "被标记的年份", "en": "Flagged years"},
    "file": {"zh": "文件", "en": "File"},
    "sha256": {"zh": "SHA-256", "en": "SHA-256"},
    "target": {"zh": "目标值", "en": "Target"},
    "unit": {"zh": "单位", "en": "Unit"},
    "qualifier": {"zh": "限定词", "en": "Qualifier"},
    "target_type": {"zh": "目标类型", "en": "Target type"},
    "horizon": {"zh": "目标年份", "en": "Target year"},
    "year": {"zh": "报告年份", "en": "Reported year"},
    "reported": {"zh": "报告值", "en": "Reported"},
    "reported_unit": {"zh": "报告值单位", "en": "Reported unit"},
}

# Cell values of those tables, by column; values not listed (names, numbers) are shown as
# they are. Programme names follow the glossary in ../shared/notes/glossary.md.
VALUES: dict[str, dict[str, dict[str, str]]] = {
    "programme": {
        "zj_growth_plan": {
            "zh": "浙江省小微企业三年成长计划",
            "en": "Zhejiang Small and Micro Enterprise Three-Year Growth Plan",
        },
        "city_growth_plan": {
            "zh": "市县小微企业三年成长计划",
            "en": "City or county Three-Year Growth Plan",
        },
        "liangchuang_demo": {
            "zh": "小微企业创业创新基地城市示范（两创示范）",
            "en": "Entrepreneurship and Innovation Base Demonstration Cities",
        },
        "low_carbon_pilot": {"zh": "低碳城市试点", "en": "Low-carbon city pilot"},
        "smf_finance_pilot": {
            "zh": "小微企业金融服务改革创新试验区",
            "en": "Small-firm financial services reform pilot zone",
        },
    },
    "via": {
        "direct": {"zh": "本市获批", "en": "this city"},
        "province": {"zh": "全省", "en": "province-wide"},
        "sub_unit": {"zh": "所辖县（市、区）获批", "en": "a county or district of the city"},
    },
    "membership": {
        "confirmed": {"zh": "已确认", "en": "confirmed"},
        "inferred": {"zh": "推断", "en": "inferred"},
        "incomplete-batch": {"zh": "批次名单不完整", "en": "incomplete batch"},
    },
    "round": {
        "batch 1": {"zh": "第一批", "en": "batch 1"},
        "batch 2": {"zh": "第二批", "en": "batch 2"},
        "batch 3": {"zh": "第三批", "en": "batch 3"},
        "national pilot zone": {"zh": "国家级试验区", "en": "national pilot zone"},
    },
    "method": {
        "sc": {"zh": "合成控制", "en": "Synthetic control"},
        "synthdid": {"zh": "合成双重差分", "en": "Synthetic DiD"},
    },
    "term": {"treated_post": {"zh": "处理组×政策实施后", "en": "Treated × post"}},
    "target_type": {
        "cumulative": {"zh": "累计", "en": "cumulative"},
        "annual_growth": {"zh": "年均增长", "en": "annual growth"},
        "share": {"zh": "占比", "en": "share"},
        "change_pp": {"zh": "百分点变化", "en": "change in percentage points"},
        "stock": {"zh": "存量", "en": "stock"},
        "annual": {"zh": "年度", "en": "annual"},
    },
    "qualifier": {
        "以上": {"zh": "以上", "en": "at least"},
        "超过": {"zh": "超过", "en": "more than"},
        "不低于": {"zh": "不低于", "en": "no less than"},
        "不少于": {"zh": "不少于", "en": "no fewer than"},
        "左右": {"zh": "左右", "en": "about"},
        "达到": {"zh": "达到", "en": "reach"},
    },
    "unit": {
        "家": {"zh": "家", "en": "firms"},
        "户": {"zh": "户", "en": "households"},
        "个": {"zh": "个", "en": "units"},
        "件": {"zh": "件", "en": "items"},
        "场": {"zh": "场", "en": "events"},
        "批次": {"zh": "批次", "en": "batches"},
        "台次": {"zh": "台次", "en": "machine-times"},
        "单次": {"zh": "单次", "en": "times"},
        "人次": {"zh": "人次", "en": "person-times"},
        "家次": {"zh": "家次", "en": "firm-times"},
        "万平方米": {"zh": "万平方米", "en": "10 thousand m²"},
        "亿元": {"zh": "亿元", "en": "100 million yuan"},
        "万元": {"zh": "万元", "en": "10 thousand yuan"},
        "percentage points": {"zh": "百分点", "en": "percentage points"},
    },
}
VALUES["reported_unit"] = VALUES["unit"]
VALUES["vcov"] = {
    "CRV1, K counts all fixed effects, t(G-1)": {
        "zh": "方差估计：按城市聚类的稳健方差（CRV1），自由度校正计入全部固定效应，"
        "临界值取自由度为 G−1 的 t 分布",
        "en": "variance: cluster-robust by city (CRV1), the degrees-of-freedom correction "
        "counting all fixed effects, critical values from t(G-1)",
    }
}

# Labels that figures made outside the report code carry (``evalkit.trend.plots.plot_its``,
# ``evalkit.plans.plot_plan_timeline``), by the text they are drawn with.
FIGURE_LABELS: dict[str, dict[str, str]] = {
    "actual": {"zh": "实际值", "en": "actual"},
    "pre-plan trend": {"zh": "计划前趋势的外推", "en": "pre-plan trend"},
    "年份 year": {"zh": "年份", "en": "Year"},
    **VALUES["programme"],
    **VALUES["membership"],
}


def text(key: str, language: str, **values: object) -> str:
    """Return a report sentence in ``language`` with ``values`` filled in.

    Examples
    --------
    >>> text("year", "zh")
    '年份'

    """
    _check(language)
    return TEXT[key][language].format(**values)


def _check(language: str) -> None:
    if language not in LANGUAGES:
        raise ParameterError(f"language={language!r} is not supported; choose one of {LANGUAGES}")


def column_label(column: str, language: str) -> str:
    """Return the header a report table shows for ``column``.

    Raises
    ------
    ParameterError
        For a column without a label, so that no identifier reaches a report untranslated.

    Examples
    --------
    >>> column_label("p_value", "zh")
    'p 值'

    """
    _check(language)
    if column not in COLUMNS:
        raise ParameterError(
            f"table column {column!r} has no report label; add it to evalkit.i18n.COLUMNS "
            "with its zh and en texts"
        )
    return COLUMNS[column][language]


def value_label(column: str, value: object, language: str) -> object:
    """Return how a report table shows ``value`` of ``column`` (unlisted values unchanged).

    Examples
    --------
    >>> value_label("method", "sc", "zh")
    '合成控制'
    >>> value_label("awardee_name", "杭州市", "en")
    '杭州市'

    """
    _check(language)
    labels = VALUES.get(column, {})
    return labels[value][language] if isinstance(value, str) and value in labels else value


def figure_labels(language: str) -> dict[str, str]:
    """Map the labels drawn by figures that take no language to their text in ``language``.

    Examples
    --------
    >>> figure_labels("zh")["actual"]
    '实际值'

    """
    _check(language)
    return {drawn: texts[language] for drawn, texts in FIGURE_LABELS.items()}
