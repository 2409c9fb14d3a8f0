"""Labels and sentences of the reports in Chinese and English."""

from __future__ import annotations

from evalkit.errors import ParameterError

LANGUAGES = ("zh", "en")

TEXT: dict[str, dict[str, str]] = {
    "title": {
        "zh": "{city}：小微企业三年成长计划评估报告",
        "en": "{city}: evaluation of the Small and Micro Enterprise Three-Year Growth Plan",
    },
    "title_programme": {
        "zh": "{city}：{programme}评估报告",
        "en": "{city}: evaluation of the {programme}",
    },
    "design": {
        "zh": "政策项目：{programme}（处理时点取自计划登记表）。处理组：{treated} 个地级单位（首次受处理年份：城市数 {cohorts}）；本市自 {start} 年起视为受处理。对照组：{comparison}，共 {controls} 个；受其他政策（混杂政策）影响的城市不作对照，见下方设计说明。样本期 {first}–{last} 年；较早结束的指标到其最后一年为止。",
        "en": "Programme: {programme} (timing from the plan registry). Treated: {treated} prefecture-level units (first treated year: cities {cohorts}); this city is treated from {start}. Comparison: {comparison}, {controls} units; units exposed to a confounding programme are not controls (design details below). Sample {first}–{last}; outcomes that end earlier end there.",
    },
    "confounded_city": {
        "zh": "注意：本市同时受混杂政策影响（{programmes}）。本市仍留在处理组中，其估计值包含这些政策的影响，应据此解读。",
        "en": "Note: this city is also exposed to a confounding programme ({programmes}). It stays among the treated, so its estimates include that programme's effect; read them accordingly.",
    },
    "design_details": {
        "zh": "设计说明（样本与排除，程序输出原文）",
        "en": "Design details (sample and exclusions)",
    },
    "comparison_national": {
        "zh": "全国其他地级单位",
        "en": "the other prefecture-level units of China",
    },
    "synth_not_computed": {
        "zh": "本政策项目没有预先计算合成控制：对照组约 300 个单位，安慰剂推断的计算量过大。请看下面的双重差分与安慰剂检验。",
        "en": "No synthetic control is precomputed for this programme: with about 300 comparison units the placebo inference is too costly. See the DiD and placebo test below.",
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
        "zh": "供体：与双重差分相同的 {donors} 个对照组城市（{comparison}）；处理起始 {start} 年；p 值为安慰剂排序（每个供体依次作为处理单位）。",
        "en": "Donors: the same {donors} comparison units as the DiD ({comparison}); treatment from {start}; p-values rank the real effect among placebos (each donor treated in turn).",
    },
    "event_study": {
        "zh": "本市所在批次的事件研究（Callaway-Sant'Anna）",
        "en": "Event study of the city's cohort (Callaway-Sant'Anna)",
    },
    "pretrend": {
        "zh": "{outcome}：事前趋势 Wald 检验，卡方统计量 χ²({df}) = {statistic:.3f}，p 值 = {p_value:.4f}。",
        "en": "{outcome}: pre-trend Wald test Wald chi2({df}) = {statistic:.3f}, p = {p_value:.4f}.",
    },
    "pretrend_unavailable": {
        "zh": "{outcome}：事前期不足，无法做事前趋势检验。",
        "en": "{outcome}: too few pre-treatment periods for a pre-trend test.",
    },
    "quality": {"zh": "涉及本市的数据质量标记", "en": "Data-quality flags touching this city"},
    "inputs": {"zh": "输入数据校验和（SHA-256）", "en": "Input checksums (SHA-256)"},
    "this_city": {"zh": "本市", "en": "This city"},
    "rest_of_province": {"zh": "其他受处理城市", "en": "Other treated cities"},
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
        "zh": "{label}，减去对照组均值",
        "en": "{label} minus the comparison mean",
    },
    "notes": {"zh": "数据处理说明（程序输出原文）", "en": "Data notes"},
    "province_did_title": {
        "zh": "浙江省小微企业三年成长计划（全部三轮）与华东其他城市：双重差分方法比较",
        "en": "Zhejiang growth plan (all three rounds) vs other East China cities: the DiD toolbox",
    },
    "liangchuang_did_title": {
        "zh": "小微企业创业创新基地城市示范（两创示范）：交错双重差分，第一批与第二批",
        "en": "Entrepreneurship and innovation demonstration cities (两创示范): staggered DiD, batches 1 and 2",
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
    # The pooled reports: province_did, liangchuang_did, plan_targets.
    "province_did_design": {
        "zh": "处理组：浙江省 {treated} 个地级市，自第一轮（{start} 年）起受处理，此后每一轮都受处理；对照组：{comparison}的 {controls} 个城市（从未受处理；两创示范获批城市与台州等受混杂政策影响的城市不作对照，受影响的处理城市保留并标注）。样本期 {first}–{last} 年，结果变量按结果目录变换（对数或比值）。并列比较双向固定效应（TWFE）、Callaway-Sant'Anna、Sun-Abraham 与插补估计量；带一致置信带的事件研究；各轮平均效应；混杂政策敏感性；市级计划强度估计；Bacon 分解；事前趋势检验；少聚类推断与 HonestDiD 敏感性分析。",
        "en": "Treated: Zhejiang's {treated} cities from the first round ({start}) and in every round after; comparison: {controls} cities of {comparison} (never treated; 两创 awardees, 台州 and other units exposed to a confounding programme are not controls; exposed treated cities stay in and are flagged). Sample {first}–{last}, outcomes transformed as the outcome catalogue says (log or ratio). TWFE beside Callaway-Sant'Anna, Sun-Abraham and the imputation estimator; event studies with uniform bands; round averages; confounder sensitivity; city-plan intensity; the Bacon decomposition; pre-trend tests; few-cluster inference and HonestDiD sensitivity.",
    },
    "liangchuang_did_design": {
        "zh": "处理时点取自计划登记表（``liangchuang_demo``，起始年 = 计划期起始年）。第二批名单不完整的省份，其城市在第二批起始年之前作为对照，此后的年份剔除；仅部分受处理（区县获批）的城市排除。浙江省小微企业成长计划城市与台州（金融改革试点）受混杂政策影响，不作对照。所有有数据的城市构成样本，从未获批的城市为对照组。标准误按城市聚类。",
        "en": "Treatment timing comes from the plan registry (``liangchuang_demo``, onset = plan period start). Cities of provinces whose batch-2 member is unknown are controls until batch 2 starts; their later years are dropped. Partly treated cities (a district awardee) are excluded. Zhejiang's growth-plan cities and 台州 (financial reform pilot) are exposed to confounding programmes and are not controls. All cities with data form the sample; never-awarded cities are the comparison group. Standard errors are clustered by city.",
    },
    "sample": {"zh": "样本构成", "en": "Sample"},
    "sample_note": {
        "zh": "按首次受处理年份统计的城市数（0 表示从未受处理）。",
        "en": "Cities by first treated year (0 = never treated).",
    },
    "estimators_clustered": {
        "zh": "各估计量并列比较（按城市聚类的标准误）",
        "en": "Estimators side by side (standard errors clustered by city)",
    },
    "estimators": {"zh": "各估计量并列比较", "en": "Estimators side by side"},
    "estimators_note": {
        "zh": "每个结果变量一张表：各列为双向固定效应（TWFE）、Callaway-Sant'Anna（CS）、Sun-Abraham 与插补估计量，单元格为“估计值（标准误）”；“总体效应”行的 TWFE 为静态系数，“事件期”行按相对政策实施的期数排列，“事前趋势检验”行为事前趋势联合检验的 p 值。",
        "en": "One table per outcome: the columns are TWFE, Callaway-Sant'Anna (CS), Sun-Abraham and the imputation estimator, each cell 'estimate (SE)'; the overall TWFE is the static coefficient, the event-time rows are in periods relative to treatment, and the pre-trend test row gives the p-value of the joint pre-trend test.",
    },
    "event_studies": {"zh": "带一致置信带的事件研究", "en": "Event studies with uniform bands"},
    "bacon": {
        "zh": "静态 TWFE 系数的 Bacon 分解",
        "en": "Bacon decomposition of the static TWFE coefficient",
    },
    "bacon_single_cohort": {
        "zh": "只有一个采纳年份时，仅有一个 2×2 比较（浙江对从未受处理的城市），TWFE 对它无偏；分解确认其权重为 1。分解需要平衡面板，因此缺少某一年的城市被剔除（见下文说明），其 TWFE 可能与上表不同。",
        "en": "With a single adoption year there is one 2x2 comparison (Zhejiang vs never treated) and TWFE is unbiased for it; the decomposition confirms the weight of 1. It needs a balanced panel, so cities with a missing year are dropped (stated below) and its TWFE can differ from the table above.",
    },
    "bacon_balanced": {
        "zh": "静态 TWFE 系数的 Bacon 分解（仅平衡面板的城市）",
        "en": "Bacon decomposition of the static TWFE coefficient (balanced cities only)",
    },
    "pretrend_tests": {
        "zh": "事前趋势检验（所有处理前效应同时为零的联合检验）",
        "en": "Pre-trend tests (joint test that all pre-treatment effects are zero)",
    },
    "few_cluster_pvalues": {
        "zh": "少聚类：应看哪个 p 值",
        "en": "Few clusters: which p-value to read",
    },
    "few_cluster_note": {
        "zh": "处理分配在 {provinces} 个省份中的一个，因此省份是聚类单位。下表并列列出各方法，应看推荐的一行：省份间 t 检验（``benchmarks/coverage.py`` 中本设计的覆盖率约为 95%）。按城市的 CRV1 过度拒绝，按省份的 wild bootstrap 拒绝不足，置换城市过度拒绝（同省城市受共同冲击），置换省份是精确检验，但 p 值不能低于 1/{provinces}。",
        "en": "Treatment is assigned to one province of {provinces}, so the province is the cluster. Every method is shown side by side; read the recommended row, the between-province t-test (about 95% coverage for this design in ``benchmarks/coverage.py``). CRV1 over-rejects, the wild bootstrap by province under-rejects, permuting cities over-rejects (cities of a province share shocks), and permuting provinces is exact but cannot give a p-value below 1/{provinces}.",
    },
    "few_cluster_recommendation": {
        "zh": "推荐：省份间 t 检验（在本设计的模拟中覆盖率约为 95%；假设省份冲击服从方差相同的正态分布）。CRV1 过度拒绝，按省份的 wild bootstrap 拒绝不足，置换城市过度拒绝，置换省份给出的 p 值不能低于 1/省份数。",
        "en": "Recommended: the between-province t-test (about 95% coverage in simulations of this design; assumes normal province shocks with a common variance). CRV1 over-rejects, the wild bootstrap by province under-rejects, permuting cities over-rejects, and permuting provinces cannot give p below 1/(number of provinces).",
    },
    "bacon_sentence": {
        "zh": "{outcome}：TWFE 系数 {twfe:.4f} 等于各 2×2 DiD 估计值的加权和（{weighted:.4f}）；权重之和为 {weights:.6f}。下表为每类比较的总权重与加权平均估计值。",
        "en": "{outcome}: the TWFE coefficient {twfe:.4f} is the weighted sum of the 2x2 DiD estimates ({weighted:.4f}); the weights sum to {weights:.6f}. The table gives each comparison type's total weight and weighted mean estimate.",
    },
    "honest_smoothness": {
        "zh": "HonestDiD：对 TWFE 事件研究施加平滑性约束（处理后第一期）",
        "en": "HonestDiD: smoothness restrictions on the TWFE event study (first post period)",
    },
    "honest_note": {
        "zh": "M 为趋势斜率每期允许变化的上限；每行是处理后第一期效应在该约束下的稳健置信区间（固定长度置信区间，FLCI），“常规置信区间”行为不加约束的区间。",
        "en": "M bounds how much the slope of the trend may change from one period to the next; each row is the robust confidence interval (fixed-length, FLCI) of the first post-period effect under that bound; the original CI row is the usual interval.",
    },
    "randomization_honest": {
        "zh": "随机化推断与 HonestDiD",
        "en": "Randomization inference and HonestDiD",
    },
    "randomization_note": {
        "zh": "随机化推断在城市之间置换采纳时点（统计量为静态 TWFE 系数）；HonestDiD 在平滑性约束下给出 TWFE 事件研究处理后第一期效应的界。",
        "en": "Randomization inference permutes adoption timing across cities (static TWFE statistic); HonestDiD bounds the first post-period effect of the TWFE event study under smoothness.",
    },
    "plan_targets_title": {
        "zh": "计划、示范认定与目标",
        "en": "Plans, designations and targets",
    },
    "plan_targets_sources": {
        "zh": "每一行都取自 ``data/raw/plans/`` 并注明来源：``../shared/seeds/`` 中的原始文本（兰溪计划 兰政办发〔2018〕136号 = ``001_522d26e6ec434376.txt``；嘉兴 2021–2023 年计划 = ``003_a4906bae605cc669.txt``；嘉兴 2018 年成效 = ``000_bfe12aea64607f33.txt``；衢州 2021-07-01 答复 = ``002_e9b2abd4ad84d207.txt``）、``../shared/data/PROVENANCE.md``（政策事实）以及 ``pilot_lists/试点城市名单.xlsx``。",
        "en": "Every row comes from ``data/raw/plans/`` and cites its source: the seeds in ``../shared/seeds/`` (兰溪 plan 兰政办发〔2018〕136号 = ``001_522d26e6ec434376.txt``; 嘉兴 2021-2023 plan = ``003_a4906bae605cc669.txt``; 嘉兴 2018 results = ``000_bfe12aea64607f33.txt``; 衢州 reply of 2021-07-01 = ``002_e9b2abd4ad84d207.txt``), ``../shared/data/PROVENANCE.md`` (Policy facts) and ``pilot_lists/试点城市名单.xlsx``.",
    },
    "registry": {"zh": "计划登记表概览", "en": "The plan registry"},
    "registry_note": {
        "zh": "登记表概览：计划行数、目标数、报告值数与被标记的代码数，以及按政策项目和名单状态统计的计划行数。",
        "en": "Summary of the registry: plan rows, targets, reported figures and flagged codes, and the plan rows by programme and membership.",
    },
    "registry_counts": {
        "zh": "计划登记表（{path}）：{plans} 行计划，{targets} 个目标，{reported} 个报告值，{flags} 个被标记的代码（有效但不是面板单位）。",
        "en": "Plan registry at {path}: {plans} plan rows, {targets} targets, {reported} reported figures, {flags} codes flagged (valid, not panel units).",
    },
    "timeline": {
        "zh": "各城市的计划与示范认定时间线",
        "en": "Timeline of plans and designations by city",
    },
    "timeline_note": {
        "zh": "仅面板城市；斜线（//）表示推断的名单，交叉线（xx）表示未知的名单，圆点表示获批的是所辖县或区（兰溪属金华，浦东新区属上海）。",
        "en": "Panel cities only; hatching marks inferred (//) and unknown (xx) membership, a dot a county or district awardee (兰溪 under 金华, 浦东新区 under 上海).",
    },
    "timing": {"zh": "用于 DiD 的处理时点", "en": "Treatment timing for a DiD"},
    "timing_note": {
        "zh": "名单状态未知的单位（不完整的两创示范第二批）、部分受处理的城市以及受混杂政策影响的城市被排除，每一类都有列出其名称的警告（程序输出原文）。第一张表按状态、首次受处理年份与排除原因统计城市数（有多个排除原因的城市在每个原因下各计一次），第二张表逐个列出城市。",
        "en": "Units with unknown membership (the incomplete 两创示范 batch 2), partly treated cities and cities exposed to confounding programmes are excluded, each with a warning naming them. The first table counts the cities by status, first treated year and reason for exclusion (a city with several reasons counts under each); the second lists them one by one.",
    },
    "timing_counts": {
        "zh": "{programme}：{treated} 个城市受处理，{never} 个从未受处理，{excluded} 个被排除。",
        "en": "{programme}: {treated} treated, {never} never treated, {excluded} excluded.",
    },
    "allocation": {
        "zh": "兰溪市目标分解表（兰政办发〔2018〕136号附件）",
        "en": "兰溪's allocation table (兰政办发〔2018〕136号, 附件)",
    },
    "allocation_note": {
        "zh": "各乡镇（街道、开发区）的分解数之和等于总目标（载入时核对，见第二张表）。",
        "en": "Each row sums to its headline target (checked on load; see the second table).",
    },
    "jiaxing_targets": {
        "zh": "嘉兴：2021–2023 年目标与来源报告的数据",
        "en": "嘉兴: 2021-2023 targets against what the sources report",
    },
    "jiaxing_note": {
        "zh": "报告值为 2018 年数据（上一轮，来源 000）：反映嘉兴制定新目标时的进度，而不是 2021–2023 年计划的成效。",
        "en": "The reported figures are from 2018 (previous round, seed 000): they show the pace 嘉兴 had when the new targets were set, not an outcome of the 2021-2023 plan.",
    },
    "attainment_note": {
        "zh": "假设嘉兴在 2021–2023 轮的第一年保持 2018 年的进度时的完成情况（用于说明方法，不是实测）。",
        "en": "Attainment if 嘉兴 kept its 2018 pace for the first year of the 2021-2023 round (an illustration of the method, not a measurement).",
    },
    "flagged_codes": {
        "zh": "有效但不是面板单位的代码",
        "en": "Codes that are valid but not panel units",
    },
    "flagged_codes_note": {
        "zh": "按原因统计（原因为登记表的原文）。",
        "en": "Counted by reason, as the registry states it.",
    },
    "rounds": {"zh": "各轮平均效应（累计暴露）", "en": "Round averages (cumulative exposure)"},
    "rounds_note": {
        "zh": "每个处理城市在每一轮都受处理，因此第 k 轮的平均效应是第 1 至 k 轮累计暴露的效应，而不是第 k 轮单独的效应。估计量：Callaway-Sant'Anna（从未受处理的对照），对该轮各日历年的效应取平均；标准误按城市聚类，只有一个处理省份时偏小（见少聚类一节）。“年份”列为该指标实际有数据的年份；指标在某轮没有数据时该行为空。",
        "en": "Every treated city is treated in every round, so round k's average is the effect of cumulative exposure to rounds 1..k, not of round k alone. Estimator: Callaway-Sant'Anna (never-treated comparison), averaged over the round's calendar years; standard errors clustered by city, too small with one treated province (see the few-cluster section). 'Years' gives the years the outcome has; a round without data is empty.",
    },
    "long_event_study": {
        "zh": "动态效应：事件期 0 至 {max_e}（虚线标出后续各轮的起始）",
        "en": "Dynamic effects: event time 0 to {max_e} (dotted lines mark the start of later rounds)",
    },
    "sensitivity": {
        "zh": "混杂政策敏感性：不同处理方式下的总体效应",
        "en": "Confounder sensitivity: the headline under each policy",
    },
    "sensitivity_note": {
        "zh": "总体效应为 Callaway-Sant'Anna 简单平均 ATT（按城市聚类的标准误）。default：受混杂政策影响的对照排除、处理城市保留并标注；exclude_confounded_treated：受影响的处理城市（杭州、宁波、台州等）也排除；drop_shanghai：保留所有受影响单位，只剔除上海；drop_liangchuang：两创示范获批城市从处理组和对照组中都剔除；keep_all：所有单位都保留。每行给出进入该估计的处理与对照城市数。",
        "en": "Headline: Callaway-Sant'Anna simple ATT (SE clustered by city). default: exposed controls excluded, exposed treated cities kept and flagged; exclude_confounded_treated: exposed treated cities (杭州, 宁波, 台州, ...) excluded too; drop_shanghai: every exposed unit kept, only Shanghai dropped; drop_liangchuang: 两创 awardees dropped from both arms; keep_all: every unit kept. Each row gives the treated and control cities in that estimate.",
    },
    "intensity": {
        "zh": "强度：有本市计划的城市与省内其他城市比较",
        "en": "Intensity: cities with a plan of their own against the province's other cities",
    },
    "intensity_note": {
        "zh": "所有浙江城市都受全省计划的处理；这里估计的是本市另行制定计划（登记表中的 city_growth_plan）的额外效应，窗口截至该计划轮次结束。每次只有一个处理城市，因此用安慰剂检验（依次把每个对照城市当作处理城市）：p 值不能低于 1/(对照数+1)，结果只能作为参考。",
        "en": "Every Zhejiang city is treated by the provincial plan; this is the extra effect of a city's own plan (city_growth_plan in the registry), in a window ending with that plan's round. With one treated city at a time, inference is a placebo test (each comparison city treated in turn): p cannot fall below 1/(controls+1), so read these as indicative only.",
    },
    "programme_counts": {
        "zh": "{programme}：{treated} 个城市受处理，{controls} 个对照，{excluded} 个被排除，其中 {censored} 个对照只用到第二批起始年之前的年份。",
        "en": "{programme}: {treated} treated, {controls} controls, {excluded} excluded; {censored} of the controls are used only before batch 2 starts.",
    },
    "timing_notes": {
        "zh": "{count} 条数据或处理时点说明；第一条（程序输出原文）：{first}",
        "en": "{count} data/timing note(s); first: {first}",
    },
    # --- cityhead ---
    "cityhead_summary": {"zh": "摘要", "en": "Summary"},
    "cityhead_headline": {"zh": "主要估计：推荐的检验", "en": "Headline: the recommended test"},
    "cityhead_method": {
        "zh": "主要估计采用设计规则 {rule} 推荐的方法：省际聚合 t 检验（本市为唯一处理单位，构成一个单城市处理聚类；Satterthwaite 自由度）。样本为本市与 {controls} 个从未受处理的对照城市组成的平衡面板（该方法需要平衡面板；{dropped} 个缺年份的城市被排除）。区间为 95% 置信区间；对数指标换算为百分比变化 exp(b)−1，比率与占比指标以百分点（比率差乘以 100）表示。最小可检测效应（MDE）按 80% 把握、5% 显著性计算。t 检验没有排列检验那样的最小可达 p 值下限。",
        "en": "The headline uses the method the design rule {rule} recommends: the between-province aggregated t-test (the city is the only treated unit, a one-city treated cluster; Satterthwaite df). The sample is the balanced panel the method needs: the city and {controls} never-treated comparison cities ({dropped} with missing years left out). Intervals are 95%; log outcomes are shown as percent changes exp(b)−1, ratio and share outcomes in percentage points (the difference in the ratio times 100). The minimum detectable effect (MDE) is for 80% power at 5%. A t-test has no floor on its p-value, unlike a permutation test.",
    },
    "cityhead_intro": {
        "zh": "**{label}**（{years}）。预期方向：{sign}。理由：{reason}。注意：{caveat}。",
        "en": "**{label}** ({years}). Expected direction: {sign}. Why: {reason}. Caveat: {caveat}.",
    },
    "cityhead_intro_zh": {
        "zh": "**{label}**（{years}）。计划预期方向：{sign}。",
        "en": "**{label}** ({years}). Expected direction: {sign}.",
    },
    "cityhead_sign_up": {"zh": "上升", "en": "up"},
    "cityhead_sign_down": {"zh": "下降", "en": "down"},
    "cityhead_sign_none": {"zh": "未设定", "en": "none set"},
    "cityhead_numbers": {
        "zh": "估计值 {estimate}，95% 置信区间 [{low}, {high}]，p = {p}；最小可检测效应 {mde}；本市事前趋势安慰剂检验 p = {pretrend}（最小可达 {floor}）。",
        "en": "Estimate {estimate}, 95% CI [{low}, {high}], p = {p}; minimum detectable effect {mde}; the city's placebo pre-trend test p = {pretrend} (smallest attainable {floor}).",
    },
    "cityhead_not_interpretable": {
        "zh": "{outcome}：本市事前趋势检验拒绝平行趋势（安慰剂 p = {pretrend}），估计值 {estimate}（区间 {low} 至 {high}）在平行趋势假设下不可解读；HonestDiD 平均事后效应的崩溃值 M = {breakdown}。",
        "en": "{outcome}: the city's pre-trend test rejects parallel trends (placebo p = {pretrend}), so the estimate {estimate} (interval {low} to {high}) is not interpretable under parallel trends; HonestDiD breakdown value for the average post effect M = {breakdown}.",
    },
    "cityhead_honest_in_place": {
        "zh": "在平行趋势不成立时的稳健区间（HonestDiD，平均事后效应，平滑性约束，M 为事前最大二阶差分的倍数）：",
        "en": "Bounds robust to violations of parallel trends (HonestDiD, average post effect, smoothness restriction, M in multiples of the largest pre-period second difference):",
    },
    "cityhead_flagged": {
        "zh": "注意：估计窗口内 {share:.1%} 的城市-年份被标记为跳变或疑似断点（阈值 {threshold:.0%}）。下表另给出剔除这些城市-年份后重新估计的结果。",
        "en": "Warning: {share:.1%} of the city-years in the estimation window are flagged as jumps or suspected breaks (threshold {threshold:.0%}). The robustness row below re-estimates without them.",
    },
    "cityhead_robust": {
        "zh": "剔除被标记城市-年份后：估计值 {estimate}，95% 置信区间 [{low}, {high}]，p = {p}（{n} 个城市）。",
        "en": "Without the flagged city-years: estimate {estimate}, 95% CI [{low}, {high}], p = {p} ({n} cities).",
    },
    "cityhead_robust_unavailable": {
        "zh": "剔除被标记城市-年份后剩余样本不足，无法重新估计。",
        "en": "Too few units remain without the flagged city-years to re-estimate.",
    },
    "cityhead_comparison": {"zh": "其他方法的比较", "en": "Other methods compared"},
    "cityhead_comparison_note": {
        "zh": "同一结果指标在其他方法下的估计。按城市聚类的 TWFE 在浙江类设计中覆盖率仅约 65%，仅作比较；安慰剂与中断时间序列的 p 值有最小可达下限（见最后一列）。",
        "en": "The same outcomes under other methods. TWFE clustered by city covers only about 65% in the Zhejiang-like design and is shown for comparison only; placebo and ITS p-values have a floor (last column).",
    },
    "cityhead_city_es": {
        "zh": "本市事件研究（对照：从未受处理的城市）",
        "en": "This city's event study (against the never-treated cities)",
    },
    "cityhead_city_es_note": {
        "zh": "{outcome}：本市事前趋势安慰剂检验：Wald 型统计量 {statistic:.3f}，在 {n} 个单位中排第 {rank}，p = {p}（最小可达 {floor}）；{verdict}。",
        "en": "{outcome}: the city's placebo pre-trend test: Wald-type statistic {statistic:.3f}, rank {rank} of {n}, p = {p} (smallest attainable {floor}); {verdict}.",
    },
    "cityhead_rejects": {"zh": "在 5% 水平上拒绝平行趋势", "en": "rejects parallel trends at 5%"},
    "cityhead_not_rejects": {
        "zh": "在 5% 水平上未拒绝平行趋势",
        "en": "does not reject parallel trends at 5%",
    },
    "cityhead_honest": {
        "zh": "HonestDiD：本市事件研究平均事后效应的敏感性",
        "en": "HonestDiD: sensitivity of this city's average post effect",
    },
    "cityhead_honest_note": {
        "zh": "{outcome}：事前最大二阶差分 {scale:.4f}；M 网格为其 0、0.5、1、2 倍；崩溃值（0 进入区间的最小 M）= {breakdown}。",
        "en": "{outcome}: largest pre-period second difference {scale:.4f}; M grid 0, 0.5, 1, 2 times it; breakdown value (smallest M at which 0 enters) = {breakdown}.",
    },
    "cityhead_honest_unavailable": {
        "zh": "{outcome}：HonestDiD 区间无法计算。",
        "en": "{outcome}: HonestDiD bounds unavailable.",
    },
    "cityhead_cohort_es": {
        "zh": "队列事件研究（所有处理城市，非本市专属）",
        "en": "Cohort event study (all treated cities, not this city's own)",
    },
    "cityhead_no_targets": {
        "zh": "目标：计划登记表中没有本市的目标。",
        "en": "Targets: the plan registry holds no targets of this city.",
    },
    "cityhead_targets_unprojected": {
        "zh": "目标：登记了 {n} 项本市目标，但没有一项能用数据做出完成预测。",
        "en": "Targets: {n} registered for this city; none can be projected from the data.",
    },
    "cityhead_targets": {
        "zh": "目标：登记了 {n} 项；预测：{counts}。",
        "en": "Targets: {n} registered; projected: {counts}.",
    },
    "cityhead_status_likely": {"zh": "{n} 项可能完成", "en": "{n} likely met"},
    "cityhead_status_uncertain": {"zh": "{n} 项不确定", "en": "{n} uncertain"},
    "cityhead_status_unlikely": {"zh": "{n} 项不太可能完成", "en": "{n} unlikely met"},
    "cityhead_key_figure": {
        "zh": "本市与对照组之差（{outcome}，相对计划前一年，95% 安慰剂区间）",
        "en": "This city minus its comparison group ({outcome}, relative to the year before the plan, 95% placebo interval)",
    },
    "cityhead_points": {"zh": "（单位：百分点）", "en": " (in percentage points)"},
    # --- pooled ---
    "method_aggregated_t": {
        "zh": "省际聚合 t 检验（在平衡面板上估计，Satterthwaite 自由度）",
        "en": "between-province aggregated t-test (on a balanced panel, Satterthwaite df)",
    },
    "method_cs_analytic": {
        "zh": "Callaway-Sant'Anna 简单平均处理效应（解析聚类稳健标准误）",
        "en": "Callaway-Sant'Anna simple ATT (analytic cluster-robust SE)",
    },
    "method_wild_cluster_bootstrap": {
        "zh": "双向固定效应的受限野聚类自助法（检验反演区间）",
        "en": "TWFE restricted wild cluster bootstrap (test-inversion interval)",
    },
    "verdict_effect_detected": {"zh": "检测到效应", "en": "effect detected"},
    "verdict_large_effects_ruled_out": {"zh": "可排除较大效应", "en": "large effects ruled out"},
    "verdict_cannot_tell": {"zh": "无法判断", "en": "cannot tell"},
    "summary": {"zh": "摘要", "en": "Summary"},
    "summary_pretrend_rejects": {
        "zh": "但事前趋势检验拒绝平行趋势（p {p}），该效应在平行趋势假设下不可解释，请看下文 HonestDiD 的稳健区间。",
        "en": " But the pre-trend test rejects parallel trends (p {p}): the effect is not interpretable under parallel trends; see the HonestDiD bounds below.",
    },
    "summary_method": {
        "zh": "以上结论均采用按设计规则推荐的方法：{method}，共 {clusters} 个省级聚类，其中 {treated} 个含处理城市；其他方法见下文对比表。",
        "en": "All headlines use the method the design's rule recommends: {method}, with {clusters} province clusters, {treated} of them holding treated cities; other methods are compared below.",
    },
    "summary_method_city": {
        "zh": "以上结论均采用按设计规则推荐的方法：{method}，按城市（处理分配的层级）聚类，共 {clusters} 个城市，其中 {treated} 个受处理；其他方法与按省聚类的结论见下文。",
        "en": "All headlines use the method the design's rule recommends: {method}, clustered by city (the level treatment is assigned at), {clusters} cities, {treated} of them treated; other methods and the verdicts clustered by province are shown below.",
    },
    "headline_section": {"zh": "主要结论（推荐方法）", "en": "Headline (recommended method)"},
    "headline_note": {
        "zh": "每个结果指标的主要结论取自 evalkit.inference.recommend 的书面规则：处理只分配到一个省（浙江）且只有一个起始年份时，唯一在覆盖率研究中达到约 95% 覆盖率的方法是省际聚合 t 检验；它需要平衡面板，因此估计只用每年都有观测的城市。对数指标的区间换算为百分比（exp(b)−1）；比值指标的“较大效应”界限为处理城市处理前均值的 ±10%。结论按目录中的预期方向解读。下方其他估计量仅作对比。",
        "en": "Each outcome's headline comes from the written rule of evalkit.inference.recommend: with treatment assigned to one province (Zhejiang) in one year, the only method that covers about 95% in the coverage study is the between-province aggregated t-test; it needs a balanced panel, so it is estimated on the cities observed in every year. Log outcomes are shown in percent (exp(b)−1); for the ratio the 'large effect' margin is ±10% of the treated cities' pre-treatment mean. Each verdict is read against the catalogue's expected sign. The other estimators below are a comparison only.",
    },
    "outcome_change": {
        "zh": "新旧默认结果指标对照",
        "en": "New default outcomes next to the previous ones",
    },
    "outcome_change_note": {
        "zh": "报告的默认结果指标已改为结果目录中覆盖到 2023 年、最接近计划目标的代理指标；下表列出新指标及其预期方向，以及此前的默认指标和弃用原因。",
        "en": "The reports' default outcomes are now the catalogue's best-covered proxies that run to 2023 and are closest to the plans' targets; the table lists them with their expected sign, and the previous defaults with why they were dropped.",
    },
    "outcome_status_new": {"zh": "新默认", "en": "new default"},
    "outcome_status_old": {"zh": "此前默认（已弃用）", "en": "previous default (dropped)"},
    "outcome_why_loans": {
        "zh": "计划增加对小微企业的贷款（新增小微企业贷款、信用贷款、首贷），除非其他贷款减少，贷款总额会上升；注意：包括所有借款人，不只是小微企业。",
        "en": "the plans lend more to small and micro firms (new small-firm, credit and first-time loans); that raises total loans unless other lending falls; caveat: all borrowers, not only small and micro firms",
    },
    "outcome_why_loans_to_gdp": {
        "zh": "更多小微企业贷款会提高信贷相对产出的深度；若计划使 GDP 增长快于贷款，比值也可能下降；注意：存量与流量之比，GDP 本身也受计划影响。",
        "en": "more small-firm lending deepens credit relative to output; the ratio can fall if the plan raises GDP faster than loans; caveat: a stock over a flow, and GDP is affected by the plan too",
    },
    "outcome_why_va_secondary": {
        "zh": "规下工业和规上小企业的增长会提高第二产业增加值；注意：包括规上工业和建筑业，为名义值（亿元）。",
        "en": "growth of below-scale and small above-scale industry raises secondary value added; caveat: includes above-scale industry and construction, nominal (亿元)",
    },
    "outcome_dropped_urban_individual_workers": {
        "zh": "方向不明：个转企使其下降，新设个体户使其上升，计划两者都推动；序列噪声大（每年有 0-3 个浙江城市同比变动超过 40%），且只到 2019 年。",
        "en": "ambiguous sign: 个转企 lowers it, new small businesses raise it, and the plans push both; noisy (year-on-year jumps beyond 40% in 0-3 Zhejiang cities a year); ends 2019",
    },
    "outcome_dropped_night_lights": {
        "zh": "没有计划目标提到它；2013 年数据源切换造成全部六省的跳变（事前趋势检验 p<0.0001），只能从 2013 年起使用，且只到 2020 年。",
        "en": "no plan target names it; the 2013 source switch breaks the series in all six provinces (the pre-trend test rejects at p<0.0001), so it is usable from 2013 only; ends 2020",
    },
    "honest_average": {
        "zh": "HonestDiD：事后平均效应的稳健区间与崩溃值",
        "en": "HonestDiD: robust intervals for the average post-period effect, and breakdown values",
    },
    "honest_average_note": {
        "zh": "对象是长期事件研究（Callaway-Sant'Anna，统一基期）所有事后期的平均效应。平滑性限制（Δ^SD）的 M 取事前期最大二阶差分的倍数；相对幅度限制（Δ^RM）取 M̄ = 0.5、1、2。崩溃值是区间开始包含 0 的最小 M 或 M̄：数值越小，结论越依赖平行趋势。协方差按城市聚类，在浙江式设计中偏窄，稳健区间因此也偏窄。",
        "en": "The target is the average of all post-period effects of the long event study (Callaway-Sant'Anna, universal base period). Smoothness (Δ^SD) bounds M are multiples of the largest pre-period second difference; relative magnitudes (Δ^RM) use M̄ = 0.5, 1, 2. The breakdown value is the smallest M or M̄ at which the interval includes 0: the smaller it is, the more the conclusion rests on parallel trends. The covariance is clustered by city, which is too narrow in the Zhejiang-like design, so the robust intervals are too narrow as well.",
    },
    "honest_failed": {
        "zh": "{outcome}：无法计算 HonestDiD（{reason}）。",
        "en": "{outcome}: HonestDiD could not be computed ({reason}).",
    },
    "other_methods": {"zh": "其他方法对比", "en": "Other methods, for comparison"},
    "liangchuang_headline_note": {
        "zh": "两创示范的处理城市分布在多个省份且分两批获批，按 evalkit.inference.recommend 的规则选择推荐方法；表中同时给出按省聚类和按城市聚类的结论，以说明聚类层级是否改变结论。",
        "en": "两创 awardees are spread over several provinces and two batches; the recommended method follows the rule of evalkit.inference.recommend. The table gives the verdict clustered by province and by city, to show whether the cluster level changes it.",
    },
    "cluster_change": {
        "zh": "{outcome}：按省聚类的结论为“{province}”，按城市聚类为“{city}”。",
        "en": "{outcome}: clustered by province the verdict is '{province}', by city '{city}'.",
    },
    "lc_variants": {
        "zh": "设计变体：(a) 删失设计、(c) 省×年固定效应、(d) 同级别对照",
        "en": "Design variants: (a) censored design, (c) province×year FE, (d) tier-matched comparison",
    },
    "lc_variants_note": {
        "zh": "全部在同一个设计样本上估计：有未知第二批成员的省份，其城市只在第二批开始前一年及以前作为对照，之后的年份删除。(a) Callaway-Sant'Anna 简单平均处理效应；(c) 双向固定效应，年份效应按省分开（省×年固定效应），按省聚类；(d) 只用与处理城市同级别（省会、副省级城市或直辖市与否）的对照。",
        "en": "All on the same design sample: cities of provinces with unknown batch-2 members are controls up to the year before batch 2, their later years dropped. (a) Callaway-Sant'Anna simple ATT; (c) TWFE with year effects per province (province×year FE), clustered by province; (d) controls restricted to the treated units' own tier (municipality, provincial capital or sub-provincial city, or not).",
    },
    "lc_bounds": {
        "zh": "(b) 对未知第二批成员的精确界",
        "en": "(b) Exact bounds over the unknown batch-2 members",
    },
    "lc_bounds_note": {
        "zh": "第二批已确认成员固定，未知名额（{slots} 个）在候选城市中按所有可行方式填充：每个在第一批后没有成员的省最多一个，总数不超过名额。对每种填充计算 Callaway-Sant'Anna 简单平均处理效应（在每个指标的平衡面板上），给出其最小值与最大值。方法是精确的（不是抽样）：处理效应对每个省的选择是可分的，逐省取最优再按名额组合，计算量随候选城市数线性增长、随名额数多项式增长，而可行填充数随省份数组合爆炸。",
        "en": "The confirmed batch-2 members are fixed and the unknown slots ({slots}) are filled in every admissible way among the candidate cities: at most one per province that held none after batch 1, no more than the slots. Each filling gives a Callaway-Sant'Anna simple ATT (on each outcome's balanced panel); the table gives the smallest and largest. The method is exact, not sampling: the effect is separable across provinces' choices, so it takes the best choice per province and combines them over the slots; the work grows linearly in the candidates and polynomially in the slots, while the number of admissible fillings grows combinatorially with the provinces.",
    },
    "lc_counts_same": {
        "zh": "本报告所有表格使用同一个设计样本：{treated} 个处理城市、{controls} 个对照城市（其中 {censored} 个只用到第二批开始前）。",
        "en": "Every table of this report uses the same design sample: {treated} treated and {controls} control cities ({censored} of them used only before batch 2).",
    },
    "note_nonpositive": {
        "zh": "{n} 个非正数值无法取对数，按缺失处理。",
        "en": "{n} non-positive value(s) cannot be logged and are treated as missing.",
    },
    "note_twfe_missing": {
        "zh": "{column} 缺失的 {n} 行未进入双向固定效应回归。",
        "en": "{n} rows with a missing value of {column} were left out of the TWFE fit.",
    },
    "note_att_cells": {
        "zh": "{n} 个 ATT(g,t) 单元无法估计（缺少处理或对照单位，或无重叠）。",
        "en": "{n} ATT(g,t) cell(s) not estimated (no treated or comparison units, or no overlap).",
    },
    "note_dropped_units": {
        "zh": "{total} 个单位中有 {n} 个因缺少协变量或观测期少于两期而被删除（例如代码 {example}）。",
        "en": "{n} of {total} units dropped: a missing covariate or fewer than two observed periods (e.g. code {example}).",
    },
    "note_other": {
        "zh": "另有 {n} 条估计程序提示（原文保存在 results.json 中）。",
        "en": "{n} further message(s) from the estimators (kept in results.json).",
    },
    "figure_mde_band": {"zh": "80% 把握下检测不到的效应", "en": "not detectable (80% power)"},
    "figure_margin": {"zh": "“较大效应”界限", "en": "'large effect' margin"},
    "figure_estimate": {"zh": "估计值及 95% 区间", "en": "estimate, 95% interval"},
    "figure_axis_percent": {"zh": "效应（%）", "en": "effect (%)"},
    "figure_axis_units": {"zh": "效应（指标原单位）", "en": "effect (the outcome's units)"},
    "headline_sample": {
        "zh": "推荐方法的样本：{treated} 个处理城市、{controls} 个对照城市（平衡面板），{clusters} 个聚类（其中 {treated_clusters} 个含处理城市）。",
        "en": "The recommended method's sample: {treated} treated and {controls} control cities (balanced panel), {clusters} clusters ({treated_clusters} holding treated cities).",
    },
    "figure_note_headline": {
        "zh": "图：各结果指标的主要估计及 95% 置信区间",
        "en": "Figure: each outcome's headline estimate and 95% interval",
    },
    # --- index ---
    "index_switch": {"zh": "English", "en": "中文 Chinese version"},
    "index_intro": {
        "zh": "每个结果变量的标题估计采用推荐的推断方法；区间为 95% 置信区间；对数结果以 % 表示。",
        "en": "Each headline uses the recommended inference method; intervals are 95% confidence "
        "intervals; log outcomes are shown in %.",
    },
    "index_forest_heading": {"zh": "各市估计（森林图）", "en": "City estimates (forest plots)"},
    "index_axis_pct": {"zh": "效应（%，95% 置信区间）", "en": "Effect (%, 95% CI)"},
    "index_axis_level": {
        "zh": "效应（结果变量原单位，95% 置信区间）",
        "en": "Effect (outcome units, 95% CI)",
    },
    "index_pooled_row": {"zh": "全省合并估计", "en": "Pooled (province DiD)"},
    "index_forest_note": {
        "zh": "蓝点：各市估计；灰点：无法判断；红色菱形：全省合并估计；竖线：零效应。",
        "en": "Blue: city estimates; grey: cannot tell; red diamond: pooled estimate; "
        "vertical line: zero effect.",
    },
    "index_map_heading": {"zh": "浙江 11 市估计地图", "en": "Map of the 11 Zhejiang cities"},
    "index_map_colour": {"zh": "颜色 = 估计值（{unit}）", "en": "Colour = estimate ({unit})"},
    "index_unit_pct": {"zh": "%", "en": "%"},
    "index_unit_level": {"zh": "原单位", "en": "outcome units"},
    "index_map_intended_1": {
        "zh": "计划预期方向：上升（红）",
        "en": "plan's intended direction: up (red)",
    },
    "index_map_intended_-1": {
        "zh": "计划预期方向：下降（蓝）",
        "en": "plan's intended direction: down (blue)",
    },
    "index_map_intended_0": {
        "zh": "计划未设定预期方向",
        "en": "the plan sets no intended direction",
    },
    "index_map_hatch": {"zh": "斜线淡色 = 无法判断", "en": "faded, hatched = cannot tell"},
    "index_map_missing": {"zh": "无报告", "en": "no report"},
    "index_city_table": {
        "zh": "各市 × 结果变量检验（按 BH q 值排序）",
        "en": "City x outcome tests (sorted by BH q-value)",
    },
    "index_q_note": {
        "zh": "按 Benjamini-Hochberg q 值（{n} 个城市 × 结果变量检验的错误发现率）排序和着色，而非按 p 值："
        "深绿 q < 0.05，浅绿 q < 0.10。点击列标题可重新排序。",
        "en": "Sorted and coloured by the Benjamini-Hochberg q-value (false discovery rate across "
        "the {n} city x outcome tests), not by p: dark green q < 0.05, light green q < 0.10. "
        "Click a column header to sort.",
    },
    "index_col_city": {"zh": "城市", "en": "City"},
    "index_col_outcome": {"zh": "结果变量", "en": "Outcome"},
    "index_col_estimate": {"zh": "估计值 [95% 置信区间]", "en": "Estimate [95% CI]"},
    "index_col_mde": {"zh": "最小可检测效应", "en": "MDE (80% power)"},
    "index_col_verdict": {"zh": "结论", "en": "Verdict"},
    "index_col_p": {"zh": "p 值", "en": "p"},
    "index_col_q": {"zh": "q 值", "en": "q"},
    "index_col_smallest_p": {"zh": "可达到的最小 p 值", "en": "Smallest attainable p"},
    "index_col_pretrend": {"zh": "事前趋势检验", "en": "Pre-trend test"},
    "index_col_report": {"zh": "报告", "en": "Report"},
    "index_verdict_effect_detected": {"zh": "检测到效应", "en": "effect detected"},
    "index_verdict_large_effects_ruled_out": {
        "zh": "可排除较大效应",
        "en": "large effects ruled out",
    },
    "index_verdict_cannot_tell": {"zh": "无法判断", "en": "cannot tell"},
    "index_direction_intended": {"zh": "方向符合预期", "en": "intended direction"},
    "index_direction_against": {"zh": "方向与预期相反", "en": "against the intended direction"},
    "index_cannot_reject": {"zh": "（5% 水平下无法拒绝）", "en": " (cannot reject at 5%)"},
    "index_pretrend_pass": {"zh": "未拒绝（p = {p}）", "en": "not rejected (p = {p})"},
    "index_pretrend_fail": {
        "zh": "拒绝（p = {p}）：平行趋势下不可解释",
        "en": "rejects (p = {p}): not interpretable under parallel trends",
    },
    "index_pretrend_none": {"zh": "无", "en": "none"},
    "index_pooled_reports": {
        "zh": "合并分析与专项报告",
        "en": "Pooled and programme reports",
    },
    "index_programme_cities": {
        "zh": "两创示范城市报告",
        "en": "Liangchuang (两创) demonstration city reports",
    },
    "index_other_reports": {"zh": "其他报告", "en": "Other reports"},
    "index_none": {"zh": "暂无", "en": "none yet"},
    "index_in_language_zh": {"zh": "（中文）", "en": "(in Chinese)"},
    "index_in_language_en": {"zh": "（英文）", "en": "(in English)"},
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
    "province_rank": {"zh": "全省排名", "en": "Province rank"},
    "reported_source": {"zh": "报告值来源", "en": "Source of the reported figure"},
    "period_years": {"zh": "计划年数", "en": "Plan years"},
    "target_per_year": {"zh": "每年应完成", "en": "Target per year"},
    "estimator": {"zh": "估计量", "en": "Estimator"},
    "first_treated_year": {"zh": "首次受处理年份", "en": "First treated year"},
    "cities": {"zh": "城市数", "en": "Cities"},
    "headline": {"zh": "总目标", "en": "Headline target"},
    "allocated": {"zh": "分解数之和", "en": "Sum of allocations"},
    "n_sub_units": {"zh": "分解单位数", "en": "Sub-units"},
    "difference": {"zh": "差额", "en": "Difference"},
    "total": {"zh": "合计", "en": "Total"},
    "reason": {"zh": "原因", "en": "Reason"},
    "codes": {"zh": "代码数", "en": "Codes"},
    "event_time": {"zh": "相对期数", "en": "Event time"},
    "weights": {"zh": "bootstrap 权重", "en": "Bootstrap weights"},
    "draws": {"zh": "抽样或置换次数", "en": "Draws or permutations"},
    "n_clusters": {"zh": "聚类数", "en": "Clusters"},
    "type": {"zh": "比较类型", "en": "Comparison"},
    "weight": {"zh": "权重", "en": "Weight"},
    "M": {"zh": "斜率变化上限 M", "en": "Bound M"},
    "n_permutations": {"zh": "置换次数", "en": "Permutations"},
    "min_p_value": {"zh": "可达到的最小 p 值", "en": "Smallest attainable p-value"},
    "rows": {"zh": "计划行数", "en": "Plan rows"},
    "status": {"zh": "状态", "en": "Status"},
    "unit_code": {"zh": "行政区划代码", "en": "Unit code"},
    "unit_name": {"zh": "城市", "en": "City"},
    "years_observed": {"zh": "已观测年数", "en": "Years observed"},
    "share_achieved": {"zh": "已完成比例", "en": "Share achieved"},
    "required_rate": {"zh": "所需年均进度", "en": "Required yearly pace"},
    "realised_rate": {"zh": "实际年均进度", "en": "Realised yearly pace"},
    "projected_final": {"zh": "按当前进度预计期末值", "en": "Projected final value"},
    "projected_share": {"zh": "预计完成比例", "en": "Projected share"},
    "on_track": {"zh": "能否按期完成", "en": "On track"},
    "policy": {"zh": "混杂政策处理方式", "en": "Confounder policy"},
    "n_treated": {"zh": "处理城市数", "en": "Treated"},
    "n_control": {"zh": "对照城市数", "en": "Controls"},
    "exposure": {"zh": "累计暴露的轮次", "en": "Rounds of exposure"},
    "rank": {"zh": "绝对值排序", "en": "Rank by magnitude"},
    # --- cityhead ---
    "outcome_label": {"zh": "结果指标", "en": "Outcome"},
    "comparison_method": {"zh": "方法", "en": "Method"},
    "smallest_p": {"zh": "最小可达 p 值", "en": "Smallest attainable p"},
    "restriction": {"zh": "约束", "en": "Restriction"},
    "multiple": {"zh": "倍数", "en": "Multiple"},
    "breakdown": {"zh": "崩溃值", "en": "Breakdown value"},
    # --- tidycols ---
    "cluster": {"zh": "聚类或置换单位", "en": "Cluster or permuted unit"},
    # --- pooled ---
    "headline_method": {"zh": "推荐方法", "en": "Recommended method"},
    "estimate_shown": {"zh": "估计值", "en": "Estimate"},
    "interval_shown": {"zh": "95% 置信区间", "en": "95% interval"},
    "mde_shown": {"zh": "最小可检测效应（80% 把握）", "en": "MDE (80% power)"},
    "verdict_shown": {"zh": "结论", "en": "Verdict"},
    "pretrend_p": {"zh": "事前趋势检验 p 值", "en": "Pre-trend test p"},
    "expected_sign": {"zh": "计划有效时的预期方向", "en": "Expected sign if the plan works"},
    "why": {"zh": "理由", "en": "Why"},
    "max_second_difference": {
        "zh": "事前最大二阶差分",
        "en": "Largest pre-period second difference",
    },
    "breakdown_m": {"zh": "崩溃值 M（Δ^SD）", "en": "Breakdown M (Δ^SD)"},
    "breakdown_mbar": {"zh": "崩溃值 M̄（Δ^RM）", "en": "Breakdown M̄ (Δ^RM)"},
    "lower": {"zh": "下界", "en": "Lower bound"},
    "upper": {"zh": "上界", "en": "Upper bound"},
    "n_assignments": {"zh": "可行填充方式数", "en": "Admissible assignments"},
    "seconds": {"zh": "计算时间（秒）", "en": "Time (s)"},
    "n_candidates": {"zh": "候选城市数", "en": "Candidate cities"},
    "n_groups": {"zh": "候选省份数", "en": "Candidate provinces"},
    "variant": {"zh": "设计变体", "en": "Variant"},
    "verdict_province": {"zh": "按省聚类的结论", "en": "Verdict, clustered by province"},
    "verdict_city": {"zh": "按城市聚类的结论", "en": "Verdict, clustered by city"},
    "n_units": {"zh": "平衡面板城市数", "en": "Cities (balanced panel)"},
    "slots": {"zh": "未知名额数", "en": "Unknown slots"},
}


def _chinese_terms(english: dict[str, str]) -> dict[str, dict[str, str]]:
    """Labels of Chinese terms (units, qualifiers) that a Chinese report shows as they are."""
    return {term: {"zh": term, "en": name} for term, name in english.items()}


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
        # HonestDiD (evalkit.inference.honest): the usual interval and the robust ones.
        "Original": {"zh": "常规置信区间", "en": "Original CI"},
        "FLCI": {"zh": "固定长度置信区间（FLCI）", "en": "Fixed-length CI (FLCI)"},
        "C-LF": {
            "zh": "条件最不利混合检验（C-LF）",
            "en": "Conditional least-favourable hybrid (C-LF)",
        },
        # The few-cluster methods (evalkit.inference.few_clusters), without the bootstrap
        # weights and draws, which report tables show in columns of their own.
        "CRV1 by city": {
            "zh": "聚类稳健标准误（CRV1），按城市聚类",
            "en": "CRV1, clustered by city",
        },
        "CRV1 by province": {
            "zh": "聚类稳健标准误（CRV1），按省份聚类",
            "en": "CRV1, clustered by province",
        },
        "WCR by province": {
            "zh": "受约束的 wild cluster bootstrap（WCR），按省份",
            "en": "Restricted wild cluster bootstrap (WCR) by province",
        },
        "WCR by city": {
            "zh": "受约束的 wild cluster bootstrap（WCR），按城市",
            "en": "Restricted wild cluster bootstrap (WCR) by city",
        },
        "RI (permute cities)": {
            "zh": "随机化推断：在城市间置换采纳时点",
            "en": "Randomization inference, permuting cities",
        },
        "RI (permute provinces)": {
            "zh": "随机化推断：在省份间置换采纳时点",
            "en": "Randomization inference, permuting provinces",
        },
        "aggregated t by province": {
            "zh": "省份间 t 检验（推荐）",
            "en": "Between-province t-test (recommended)",
        },
    },
    "term": {
        "treated_post": {"zh": "处理组×政策实施后", "en": "Treated × post"},
        "overall": {"zh": "总体效应", "en": "Overall"},
        "event_time": {"zh": "事件期", "en": "Event time"},
        "pre-trend test": {"zh": "事前趋势检验", "en": "Pre-trend test"},
    },
    "weights": {
        "rademacher": {"zh": "Rademacher 分布", "en": "Rademacher"},
        "webb": {"zh": "Webb 六点分布", "en": "Webb (six-point)"},
    },
    "draws": {"all": {"zh": "全部枚举", "en": "all (enumerated)"}},
    "type": {
        "treated vs never treated": {
            "zh": "受处理组对从未受处理组",
            "en": "treated vs never treated",
        },
        "earlier vs later treated": {
            "zh": "较早受处理组对较晚受处理组",
            "en": "earlier vs later treated",
        },
        "later vs earlier treated": {
            "zh": "较晚受处理组对较早受处理组",
            "en": "later vs earlier treated",
        },
    },
    "on_track": {
        "on track": {"zh": "按当前进度可以完成", "en": "on track"},
        "not on track": {"zh": "按当前进度不能完成", "en": "not on track"},
    },
    "status": {
        "treated": {"zh": "受处理", "en": "treated"},
        "never_treated": {"zh": "从未受处理", "en": "never treated"},
        "excluded": {"zh": "排除", "en": "excluded"},
    },
    "reason": {
        "unknown_membership": {
            "zh": "名单状态未知（批次名单不完整或仅为推断）",
            "en": "membership unknown (incomplete batch or only inferred)",
        },
        "sub_unit_awardee": {
            "zh": "所辖县或区获批，仅部分受处理",
            "en": "a county or district is an awardee: partly treated",
        },
        "treated_before_window": {
            "zh": "在样本期第一年或之前已受处理，无处理前年份",
            "en": "treated in or before the first year, no pre-treatment year",
        },
        "confounder": {"zh": "受混杂政策影响", "en": "exposed to a confounding programme"},
    },
    "estimator": {
        "TWFE": {"zh": "双向固定效应（TWFE）", "en": "TWFE"},
        "CS": {"zh": "Callaway-Sant'Anna（CS）", "en": "Callaway-Sant'Anna (CS)"},
        "Sun-Abraham": {"zh": "Sun-Abraham", "en": "Sun-Abraham"},
        "imputation": {"zh": "插补估计量", "en": "Imputation"},
    },
    "target_type": {
        "cumulative": {"zh": "累计", "en": "cumulative"},
        "annual_growth": {"zh": "年均增长", "en": "annual growth"},
        "share": {"zh": "占比", "en": "share"},
        "change_pp": {"zh": "百分点变化", "en": "change in percentage points"},
        "stock": {"zh": "存量", "en": "stock"},
        "annual": {"zh": "年度", "en": "annual"},
    },
    "qualifier": _chinese_terms(
        {
            "以上": "at least",
            "超过": "more than",
            "不低于": "no less than",
            "不少于": "no fewer than",
            "左右": "about",
            "达到": "reach",
        }
    ),
    "unit": {
        **_chinese_terms(
            {
                "家": "firms",
                "户": "households",
                "万户": "10 thousand households",
                "人": "persons",
                "个": "units",
                "件": "items",
                "场": "events",
                "批次": "batches",
                "台次": "machine-times",
                "单次": "times",
                "人次": "person-times",
                "家次": "firm-times",
                "万平方米": "10 thousand m²",
                "亿元": "100 million yuan",
                "万元": "10 thousand yuan",
            }
        ),
        "percentage points": {"zh": "百分点", "en": "percentage points"},
    },
    # --- cityhead ---
    "comparison_method": {
        "aggregated_t": {
            "zh": "省际聚合 t 检验（推荐）",
            "en": "Between-province aggregated t-test (recommended)",
        },
        "wild_cluster_bootstrap": {
            "zh": "野聚类自助法（推荐）",
            "en": "Wild cluster bootstrap (recommended)",
        },
        "cs_analytic": {
            "zh": "Callaway-Sant'Anna 解析标准误（推荐）",
            "en": "Callaway-Sant'Anna analytic SE (recommended)",
        },
        "twfe_crv1": {
            "zh": "双向固定效应（所有处理城市合并），按城市聚类（CRV1）",
            "en": "TWFE, all treated cities pooled, clustered by city (CRV1)",
        },
        "placebo_in_space": {"zh": "空间安慰剂检验", "en": "Placebo in space"},
        "its": {"zh": "中断时间序列", "en": "Interrupted time series"},
        "sc": {"zh": "合成控制", "en": "Synthetic control"},
        "synthdid": {"zh": "合成双重差分", "en": "Synthetic DiD"},
    },
    "restriction": {
        "original": {"zh": "常规区间", "en": "Original"},
        "smoothness": {"zh": "平滑性（Δ^SD）", "en": "Smoothness (Δ^SD)"},
        "relative_magnitude": {"zh": "相对幅度（Δ^RM）", "en": "Relative magnitude (Δ^RM)"},
    },
    # --- pooled ---
    "variant": {
        "censor_cs": {
            "zh": "(a) 删失设计，CS 简单平均",
            "en": "(a) censored design, CS simple ATT",
        },
        "province_year_fe": {
            "zh": "(c) 省×年固定效应（按省聚类）",
            "en": "(c) province×year FE (clustered by province)",
        },
        "tier_matched": {"zh": "(d) 同级别对照（CS）", "en": "(d) tier-matched comparison (CS)"},
    },
}
VALUES["reported_unit"] = VALUES["unit"]
VALUES["policy"] = {
    "default": {"zh": "默认：受影响的对照排除", "en": "default: exposed controls excluded"},
    "exclude_confounded_treated": {
        "zh": "受影响的处理城市也排除",
        "en": "exposed treated cities excluded too",
    },
    "drop_shanghai": {"zh": "全部保留，仅剔除上海", "en": "keep all, drop Shanghai only"},
    "drop_liangchuang": {
        "zh": "两创示范获批城市全部剔除",
        "en": "all 两创 awardees dropped",
    },
    "keep_all": {"zh": "全部保留", "en": "keep all"},
}
# The estimator comparison (evalkit.did.etable) has one column per estimator.
COLUMNS.update(VALUES["estimator"])
VALUES["vcov"] = {
    "CRV1, K counts all fixed effects, t(G-1)": {
        "zh": "方差估计：按城市聚类的稳健方差（CRV1），自由度校正计入全部固定效应，"
        "临界值取自由度为 G−1 的 t 分布",
        "en": "variance: cluster-robust by city (CRV1), the degrees-of-freedom correction "
        "counting all fixed effects, critical values from t(G-1)",
    }
}
# --- tidycols ---
# The few-cluster table's method codes (evalkit.inference.few_clusters; the cluster, weights
# and draws are columns of their own) and the estimator table's pre-trend row
# (evalkit.did.etable_cells).
VALUES["method"].update(
    {
        "crv1": {"zh": "聚类稳健标准误（CRV1）", "en": "Cluster-robust standard errors (CRV1)"},
        "wild_cluster_bootstrap": {
            "zh": "受约束的野聚类自助法（WCR）",
            "en": "Restricted wild cluster bootstrap (WCR)",
        },
        "randomization": {
            "zh": "随机化推断：置换采纳时点",
            "en": "Randomization inference, permuting adoption",
        },
        "aggregated_t": {
            "zh": "省份间 t 检验（推荐）",
            "en": "Between-province t-test (recommended)",
        },
    }
)
VALUES["cluster"] = {
    "city": {"zh": "城市", "en": "city"},
    "province": {"zh": "省份", "en": "province"},
}
VALUES["term"]["pretrend_test"] = VALUES["term"]["pre-trend test"]

# English names of the indicators of plan targets and reported figures (data/raw/plans), whose
# Chinese name is the document's own wording (the ``indicator_zh`` column); terms follow the
# glossary in ../shared/notes/glossary.md.
TARGET_INDICATORS: dict[str, str] = {
    "new_smf": "new small and micro firms",
    "smf_count_growth": "annual growth of the number of small and micro firms",
    "below_scale_industrial_va_growth": "annual growth of value added of below-scale industrial small firms",
    "new_key_industry_smf": "new small firms in the eight trillion-yuan industries",
    "key_industry_smf_growth": "growth of small firms in the eight trillion-yuan industries",
    "eliminated_overcapacity_firms": "firms with outdated or excess capacity eliminated",
    "low_scattered_closed": "low-end, scattered and disorderly firms closed or upgraded",
    "individual_to_enterprise": "individual businesses converted into enterprises",
    "individual_to_enterprise_growth": "growth of individual businesses converted into enterprises",
    "new_company_form_share": "share of converted firms taking company form",
    "individual_share_change": "fall in the individual businesses' share of market entities",
    "below_to_above_scale_industrial": "industrial small firms upgraded above designated size",
    "below_to_above_limit_trade": "trade, hotel and catering small firms upgraded above the size threshold",
    "new_joint_stock": "new joint-stock companies",
    "new_listed_otc": "new listings on the NEEQ or the Zhejiang equity exchange centre",
    "new_tech_smf": "new technology-based small firms",
    "tech_smf_growth": "annual growth of technology-based small firms",
    "contract_credit_units": '"contract-abiding and credit-worthy" enterprises (provincial or higher)',
    "rd_sales_share": "R&D spending of technology-based small firms as a share of sales",
    "tech_staff_share": "technical staff as a share of employees",
    "new_product_share": "new products' share of output value",
    "new_export_registration": "firms newly registered for import and export",
    "new_export_performers": "small firms newly recording exports",
    "new_smf_parks": "new small and micro enterprise parks",
    "standard_factory_area": "standard factory floor space built or expanded",
    "instruments_opened": "research instruments opened to small firms",
    "lab_services_opened": "laboratory services opened",
    "new_smf_bank_branches": "new bank branches dedicated to small firms",
    "new_smf_loans": "new loans to small and micro firms",
    "tax_relief_coverage": "coverage of the tax relief",
    "quality_assisted_smf": "small firms given quality assistance",
    "incubation_pool_provincial": "firms in the provincial small-firm incubation pool",
    "incubation_pool_city": "firms in the city small-firm incubation pool",
    "incubation_pool_county": "firms in the county small-firm incubation pool",
    "smf_parks_total": "small and micro enterprise parks (bases) in all",
    "smf_parks_floor_area": "floor area of small and micro enterprise parks",
    "smf_parks_firms": "firms in the parks",
    "smf_entering_parks": "small firms moved into parks",
    "ip_standard_smf": "small firms with standardised intellectual-property management",
    "credit_demo_smf": "credit-management demonstration small firms",
    "innovation_vouchers": "innovation vouchers issued",
    "patent_applications": "cumulative new patent applications of small firms",
    "zhejiang_made_brand": 'small firms in the "Made in Zhejiang" brand programme',
    "smf_credit_loans": "cumulative credit loans to small and micro firms",
    "first_loan_borrowers": "new first-time small-firm borrowers",
    "first_loan_amount": "cumulative loans to first-time small-firm borrowers",
    "zheli_inspection_orders": '"Zheli inspection" services per year',
    "quality_platform_served": "SMEs served by the one-stop quality-infrastructure platform",
    "worker_training": "cumulative training of small-firm workers",
    "metrology_services": "metrology services for small firms per year",
    "measurement_training": "free measurement-management training per year",
    "trade_secret_training": "trade-secret protection training sessions per year",
    "above_scale_industrial_smf_va": "value added of above-scale industrial small firms",
    "trademark_pledge_loans": "outstanding trademark-pledge loans to small firms",
    "new_equity_exchange_listings": "small firms newly listed on the equity exchange centre",
    "equity_exchange_listing_growth": "growth of new equity-exchange listings of small firms",
    "new_provincial_tech_sme": "newly certified provincial technology-based SMEs",
    "provincial_tech_sme_total": "provincial technology-based SMEs in all",
    "new_high_growth_tech_sme": "newly certified provincial high-growth technology-based SMEs",
    "top100_innovation_firms": "firms in the province's top-100 high-tech innovation ranking",
    "new_innovation_complexes": "new industrial innovation service complexes",
    "fund_smf_projects": "small-firm projects financed by government industry funds",
    "smf_loan_borrowers": "small and micro borrowers",
    "cost_reduction": "cost and burden reduction for firms",
    "cost_reduction_share_of_target": "cost reduction as a share of its target",
    "staff_return_rate": "rate of employees back at work",
    "migrant_workers_returned": "workers from other provinces brought back",
    "shared_employees": "shared employees",
    "private_loan_share": "private firms' share of all enterprise loans",
    "innovative_repayment_loans": "loans with innovative repayment terms",
    "no_principal_renewal_loans": "outstanding loans renewed without principal repayment",
    "deferred_repayment_rate_rank": "province rank of the deferred-repayment rate",
    "guarantee_balance": "outstanding guarantees of government financing-guarantee agencies",
    "guarantee_fee_saved": "guarantee fees saved for firms",
    "industrial_mortgage_rate": "average mortgage rate of industrial real-estate loans",
    "private_share_of_entities": "private entities' share of economic entities",
    "industrial_smf_count_share": "small firms' share of manufacturing firms",
    "industrial_smf_output_share": "small firms' share of gross industrial output",
    "provincial_park_funds": "provincial park funds obtained since 2018",
    "central_liangchuang_funds_received": "central 两创示范 funds received",
    "central_liangchuang_funds_allocated": "central 两创示范 funds allocated",
    "central_liangchuang_funds_spent": "central 两创示范 funds spent",
    "smf_total": "small and micro firms",
    "smf_tech_contract_value": "value of small firms' technology contracts",
    "smf_bases": "small-enterprise start-up bases",
    "smf_base_firms": "firms in the bases",
    "smf_base_employment": "employment in the bases",
    "smf_base_sales_h1": "invoiced sales of the bases, January-June",
    "smf_base_tax_h1": "taxes paid by the bases, January-June",
}


def text(key: str, language: str, **values: object) -> str:
    """Return a report sentence in ``language`` with ``values`` filled in.

    Examples
    --------
    >>> text("year", "zh")
    '年份'

    """
    check_language(language)
    return TEXT[key][language].format(**values)


def check_language(language: object) -> None:
    """Raise the one error of a language that the reports do not have.

    Raises
    ------
    ParameterError
        ``language='fr' is not supported; choose one of ('zh', 'en')``.

    Examples
    --------
    >>> check_language("zh")
    >>> check_language("fr")
    Traceback (most recent call last):
    ...
    evalkit.errors.ParameterError: language='fr' is not supported; choose one of ('zh', 'en')

    """
    if not isinstance(language, str) or language not in LANGUAGES:
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
    check_language(language)
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
    check_language(language)
    labels = VALUES.get(column, {})
    return labels[value][language] if isinstance(value, str) and value in labels else value


def target_label(indicator: str, wording: str, language: str) -> str:
    """Return how a report names the indicator of a plan target or reported figure.

    In Chinese the document's own wording (``indicator_zh``), in English the name in
    :data:`TARGET_INDICATORS` (the id itself for an indicator not listed there).

    Examples
    --------
    >>> target_label("new_smf", "累计新增小微企业", "en")
    'new small and micro firms'
    >>> target_label("new_smf", "累计新增小微企业", "zh")
    '累计新增小微企业'

    """
    check_language(language)
    return wording if language == "zh" else TARGET_INDICATORS.get(indicator, indicator)


# --- lang ---
# The texts every figure draws, by figure and key; a plot function takes them as its ``labels``
# argument (English by default) and knows no language. The keys are documented with each plot
# function: evalkit.plots.plot_event_study ("event_study"), evalkit.did.comparison_plot
# ("estimator_comparison"), BaconDecomposition.plot ("bacon"), evalkit.plots.plot_trends
# ("trends"), evalkit.plots.plot_placebo ("placebo"), evalkit.trend.plots.plot_its ("its"),
# evalkit.trend.plots.plot_placebo_breaks ("placebo_breaks") and
# evalkit.plans.plot_plan_timeline ("plan_timeline").
FIGURE_TEXT: dict[str, dict[str, dict[str, str]]] = {
    "event_study": {
        "event_time": {"zh": "相对政策实施的期数", "en": "Periods relative to treatment"},
        "group": {"zh": "批次（首次实施年份）", "en": "Cohort (first treated year)"},
        "time": {"zh": "年份", "en": "Year"},
        "estimate": {"zh": "平均处理效应估计值", "en": "Estimated effect (ATT)"},
        "pointwise": {"zh": "逐点{level}%置信区间", "en": "pointwise {level}% CI"},
        "uniform": {"zh": "一致{level}%置信带", "en": "uniform {level}% band"},
        "cohort": {"zh": "{value:g}年批次", "en": "cohort {value:g}"},
    },
    "estimator_comparison": {
        "event_time": {"zh": "相对政策实施的期数", "en": "Periods relative to treatment"},
        "estimate": {"zh": "处理效应估计值", "en": "Estimated effect"},
        "uniform": {"zh": "细线：一致95%置信带", "en": "thin lines: uniform 95% bands"},
        "TWFE": {"zh": "双向固定效应", "en": "TWFE"},
        "CS": {"zh": "Callaway-Sant'Anna", "en": "CS"},
        "Sun-Abraham": {"zh": "Sun-Abraham", "en": "Sun-Abraham"},
        "imputation": {"zh": "插补法（BJS）", "en": "imputation"},
    },
    "bacon": {
        "weight": {"zh": "权重", "en": "Weight"},
        "estimate": {"zh": "2x2 双重差分估计值", "en": "2x2 DiD estimate"},
        "twfe": {"zh": "双向固定效应 = {value:.3f}", "en": "TWFE = {value:.3f}"},
        "treated vs never treated": {
            "zh": "处理组 vs 从未处理组",
            "en": "treated vs never treated",
        },
        "earlier vs later treated": {
            "zh": "早处理组 vs 晚处理组",
            "en": "earlier vs later treated",
        },
        "later vs earlier treated": {
            "zh": "晚处理组 vs 早处理组（已处理对照）",
            "en": "later vs earlier treated",
        },
    },
    "trends": {key: TEXT[key] for key in ("this_city", "rest_of_province", "comparison", "year")},
    "placebo": {key: TEXT[key] for key in ("this_city", "placebo_effect", "count")},
    "its": {
        "actual": {"zh": "实际值", "en": "actual"},
        "trend": {"zh": "计划前趋势的外推", "en": "pre-plan trend"},
    },
    "placebo_breaks": {
        "real_break": {"zh": "真实断点", "en": "real break"},
        "statistic": {"zh": "t 统计量（水平变化）", "en": "t (level change)"},
    },
    "plan_timeline": {
        "year": {"zh": "年份", "en": "Year"},
        **VALUES["programme"],
        **VALUES["membership"],
    },
}


def figure_text(figure: str, language: str) -> dict[str, str]:
    """Return the ``labels`` mapping of a figure in ``language``.

    Parameters
    ----------
    figure : str
        A key of :data:`FIGURE_TEXT`, e.g. ``"event_study"`` or ``"plan_timeline"``.
    language : {"zh", "en"}
        The report language.

    Returns
    -------
    dict
        Label key -> text, to pass as the plot function's ``labels`` argument.

    Raises
    ------
    ParameterError
        For a language other than zh or en, or a figure not in :data:`FIGURE_TEXT`.

    Examples
    --------
    >>> figure_text("its", "zh")
    {'actual': '实际值', 'trend': '计划前趋势的外推'}

    """
    check_language(language)
    if figure not in FIGURE_TEXT:
        raise ParameterError(
            f"figure={figure!r} has no labels; choose one of {sorted(FIGURE_TEXT)} or add it "
            "to evalkit.i18n.FIGURE_TEXT with its zh and en texts"
        )
    return {key: texts[language] for key, texts in FIGURE_TEXT[figure].items()}
