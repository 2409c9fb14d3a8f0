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
