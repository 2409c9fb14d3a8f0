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
}


def text(key: str, language: str, **values: object) -> str:
    """Return a report sentence in ``language`` with ``values`` filled in.

    Examples
    --------
    >>> text("year", "zh")
    '年份'

    """
    if language not in LANGUAGES:
        raise ParameterError(f"language={language!r} is not supported; choose one of {LANGUAGES}")
    return TEXT[key][language].format(**values)
