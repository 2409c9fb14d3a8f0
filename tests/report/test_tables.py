"""Report tables: labels in the report language, every cell shown in full."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evalkit.errors import ParameterError
from evalkit.inference import RECOMMENDED, FewClustersTable
from evalkit.report.tables import (
    MISSING,
    attainment_table,
    bacon_table,
    cohort_sizes,
    estimator_table,
    few_cluster_table,
    honest_table,
    pretrend_table,
    randomization_table,
    registry_table,
    report_table,
    timing_table,
    unit_timing_table,
)

CHECKSUM = "c26f19fac0e44cbf16aa8bb2c414e941b3c4449649ae53" + "0123456789abcdef01"


def test_checksums_are_shown_in_full_whatever_the_pandas_options():
    name = "admin_crosswalk/entity_id_crosswalk.csv"
    frame = pd.DataFrame({"file": [name], "sha256": [CHECKSUM]})
    assert len(CHECKSUM) == 64
    with pd.option_context("display.max_colwidth", 20):
        assert CHECKSUM not in frame._repr_html_()  # what pandas alone shows: "c26f...…"
        table = report_table(frame, "zh")
        html, text = table._repr_html_(), repr(table)
    assert f"<td>{CHECKSUM}</td>" in html
    assert CHECKSUM in text
    assert "<th>文件</th>" in html and f"<td>{name}</td>" in html


def test_headers_and_codes_follow_the_language_names_stay():
    frame = pd.DataFrame(
        {
            "indicator": ["night_lights"],
            "method": ["synthdid"],
            "programme": ["zj_growth_plan"],
            "membership": ["incomplete-batch"],
            "round": ["batch 2"],
            "top_donors": ["南京市 0.96"],
            "period_end": [pd.NA],
        }
    )
    zh = report_table(frame, "zh").frame
    assert zh.columns.tolist() == [
        "指标",
        "方法",
        "政策项目",
        "名单状态",
        "轮次或批次",
        "主要供体（权重）",
        "结束年份",
    ]
    assert zh.iloc[0].tolist() == [
        "夜间灯光总量 (DN)",
        "合成双重差分",
        "浙江省小微企业三年成长计划",
        "批次名单不完整",
        "第二批",
        "南京市 0.96",
        MISSING,
    ]
    en = report_table(frame, "en").frame
    assert en.columns[:3].tolist() == ["Indicator", "Method", "Programme"]
    assert en.iloc[0, :4].tolist() == [
        "Night-time lights (sum of lights) (DN)",
        "Synthetic DiD",
        "Zhejiang Small and Micro Enterprise Three-Year Growth Plan",
        "incomplete batch",
    ]


def test_target_tables_show_chinese_indicator_names_in_zh_and_whole_years():
    frame = pd.DataFrame(
        {
            "indicator": ["new_smf", "new_smf"],
            "indicator_zh": ["累计新增小微企业", "累计新增小微企业"],
            "qualifier": ["以上", "左右"],
            "year": [2018.0, float("nan")],
        }
    )
    zh = report_table(frame, "zh").frame
    assert zh.columns.tolist() == ["指标", "限定词", "报告年份"]
    assert zh["指标"].tolist() == ["累计新增小微企业"] * 2
    assert zh["报告年份"].tolist() == [2018, MISSING]
    en = report_table(frame, "en").frame
    assert en["Qualifier"].tolist() == ["at least", "about"]
    assert en["Indicator"].tolist() == ["new small and micro firms"] * 2


def test_every_plan_target_indicator_has_an_english_name():
    from evalkit.plans import PlanRegistry

    registry = PlanRegistry.load()
    for plan_id in ["lanxi_growth_2018", "jiaxing_growth_2021"]:
        frame = registry.targets_vs_reported(plan_id)[["indicator", "indicator_zh"]]
        shown = report_table(frame, "en").frame["Indicator"]
        assert not shown.isin(frame["indicator"]).any(), shown[shown.isin(frame["indicator"])]


def test_proper_name_columns_keep_their_headers_and_values():
    frame = pd.DataFrame({"indicator": ["gdp"], "兰江": [1647.0], "total": [5600.0]})
    zh = report_table(frame, "zh", names=["兰江"]).frame
    assert zh.columns.tolist() == ["指标", "兰江", "合计"]
    assert zh.iloc[0].tolist() == ["地区生产总值 (亿元)", 1647, 5600]
    assert report_table(frame, "en", names=["兰江"]).frame.columns.tolist() == [
        "Indicator",
        "兰江",
        "Total",
    ]
    with pytest.raises(ParameterError, match="table column '兰江' has no report label"):
        report_table(frame, "zh")


def test_a_column_without_a_label_is_named_with_the_fix():
    with pytest.raises(
        ParameterError,
        match=r"table column 'flag2' has no report label; add it to evalkit\.i18n\.COLUMNS",
    ):
        report_table(pd.DataFrame({"flag2": [1]}), "zh")


def test_cohort_sizes_count_cities_not_rows():
    sample = pd.DataFrame(
        {
            "unit_code": ["330100"] * 3 + ["320100"] * 3 + ["340100"] * 2,
            "first_treated_year": [2015] * 3 + [0] * 5,
        }
    )
    sizes = cohort_sizes(sample)
    assert sizes.to_dict(orient="list") == {"first_treated_year": [0, 2015], "cities": [2, 1]}
    assert report_table(sizes, "zh").frame.columns.tolist() == ["首次受处理年份", "城市数"]


def test_pretrend_table_is_long_with_translated_estimators():
    from evalkit.did import etable
    from evalkit.simulate import simulate_staggered_panel

    sim = simulate_staggered_panel(n_units=120, n_periods=5, random_state=0)
    comparison = etable(sim.data, "y", "year", "unit", "first_treated", random_state=0)
    table = pretrend_table({"log_night_lights": comparison})
    assert table["estimator"].tolist() == list(comparison.pretrend_p_values)
    assert table["p_value"].tolist() == list(comparison.pretrend_p_values.values())
    zh = report_table(table, "zh").frame
    assert zh.columns.tolist() == ["指标", "估计量", "p 值"]
    assert set(zh["指标"]) == {"夜间灯光总量 (DN)"}
    assert "双向固定效应（TWFE）" in zh["估计量"].tolist()


@pytest.fixture(scope="module")
def simulated():
    from evalkit.simulate import simulate_staggered_panel

    return simulate_staggered_panel(n_units=120, n_periods=5, random_state=0).data


def test_estimator_table_codes_the_rows_and_keeps_the_cells_of_the_etable(simulated):
    from evalkit.did import etable

    comparison = etable(simulated, "y", "year", "unit", "first_treated", random_state=0)
    wide = comparison.wide()
    table = estimator_table(comparison)
    assert table.drop(columns=["term", "event_time"]).values.tolist() == wide.values.tolist()
    # the event times are the comparison's own integers, in order, each row once
    tidy = comparison.tidy()
    periods = sorted(set(tidy.loc[tidy["term"] == "event_time", "event_time"]))
    assert table["event_time"].dropna().tolist() == periods == [-4, -3, -2, -1, 0, 1, 2, 3]
    assert table["term"].tolist() == ["event_time"] * 8 + ["overall", "pretrend_test"]
    overall = tidy.query("term == 'overall' and estimator == 'TWFE'").iloc[0]
    cell = table.loc[table["term"] == "overall", "TWFE"].item()
    assert cell == f"{overall.estimate:.4f} ({overall.std_error:.4f})"
    cs = tidy.query("estimator == 'CS' and event_time == -2").iloc[0]
    cell = table.loc[table["event_time"] == -2, "CS"].item()
    assert cell == f"{cs.estimate:.4f} ({cs.std_error:.4f})"
    pretrend = table.loc[table["term"] == "pretrend_test", "imputation"].item()
    assert pretrend == f"p = {comparison.pretrend_p_values['imputation']:.3f}"
    # the reference period -1 of TWFE, CS and Sun-Abraham is an empty cell
    assert table.loc[table["event_time"] == -1, ["TWFE", "CS", "Sun-Abraham"]].values.tolist() == [
        ["", "", ""]
    ]
    zh = report_table(table, "zh").frame
    assert zh.columns.tolist() == [
        "系数", "相对期数", "双向固定效应（TWFE）", "Callaway-Sant'Anna（CS）", "Sun-Abraham",
        "插补估计量",
    ]  # fmt: skip
    assert zh["系数"].iloc[-2:].tolist() == ["总体效应", "事前趋势检验"]
    assert zh["相对期数"].iloc[-1] == MISSING
    en = report_table(table, "en").frame
    assert en["Term"].tolist()[-3:] == ["Event time", "Overall", "Pre-trend test"]


def _comparison(event_times, estimates):
    """An EstimatorComparison of one estimator with the given event-time estimates."""
    from types import MappingProxyType

    from evalkit.did.compare import COLUMNS, EstimatorComparison

    rows = len(event_times) + 1
    table = pd.DataFrame({column: np.full(rows, np.nan) for column in COLUMNS})
    table["estimator"] = "TWFE"
    table["term"] = ["event_time"] * len(event_times) + ["overall"]
    table["event_time"] = [*map(float, event_times), np.nan]
    table["estimate"] = [*estimates, 0.5]
    table["std_error"] = 0.25
    pretrend = MappingProxyType({"TWFE": 0.125})
    return EstimatorComparison(table=table, pretrend_p_values=pretrend, settings={})


def test_estimator_table_reads_event_times_from_the_tidy_column_not_the_display(monkeypatch):
    from evalkit.did import EstimatorComparison

    # event times of two digits, unsorted: the rows come out in order, as integers
    comparison = _comparison([12, -10, 3], [1.0, -1.0, 0.3])
    # the display layout is not consulted: a report table must not parse its row names
    monkeypatch.setattr(EstimatorComparison, "wide", lambda *_: pytest.fail("wide() parsed"))
    table = estimator_table(comparison, digits=2)
    assert table["term"].tolist() == ["event_time"] * 3 + ["overall", "pretrend_test"]
    assert table["event_time"].tolist()[:3] == [-10, 3, 12]
    assert table["event_time"].dtype == "Int64"
    assert table["TWFE"].tolist() == [
        "-1.00 (0.25)", "0.30 (0.25)", "1.00 (0.25)", "0.50 (0.25)", "p = 0.125",
    ]  # fmt: skip


def _few_cluster_tidy(**columns) -> pd.DataFrame:
    """The tidy frame of a FewClustersTable: one outcome, each method of few_cluster_pvalues."""
    frame = pd.DataFrame(
        {
            "outcome": "log_night_lights",
            "method": ["crv1", "crv1", "wild_cluster_bootstrap", "wild_cluster_bootstrap",
                       "wild_cluster_bootstrap", "randomization", "randomization", RECOMMENDED],
            "cluster": ["city", "province", "province", "province", "city", "city", "province",
                        "province"],
            "weights": [None, None, "rademacher", "webb", "rademacher", None, None, None],
            "draws": pd.Series([None, None, "all", 9999, 9999, 999, "all", None], dtype=object),
            "label": "display only",
            "n_clusters": [117, 6, 6, 6, 117, 117, 6, 6],
            "estimate": 0.123456,
            "p_value": [0.01, 0.2, 0.5, 0.45, 0.03, 0.02, 1 / 6, 0.3],
        }
    )  # fmt: skip
    return frame.assign(**columns)


def test_few_cluster_table_takes_the_method_columns_as_they_are():
    tidy = _few_cluster_tidy()
    table = few_cluster_table(FewClustersTable(table=tidy))
    assert table.columns.tolist() == [
        "indicator", "method", "cluster", "weights", "draws", "n_clusters", "estimate", "p_value",
    ]  # fmt: skip
    for column in ["method", "cluster", "weights", "draws"]:
        assert table[column].tolist() == tidy[column].tolist(), column
    assert table["p_value"].iloc[6] == 0.1667 and table["estimate"].iloc[0] == 0.1235
    # the display label is not read: any label gives the same table
    relabelled = few_cluster_table(FewClustersTable(table=_few_cluster_tidy(label="WCR (x, 1)")))
    pd.testing.assert_frame_equal(relabelled, table)


def test_few_cluster_table_is_translated_in_both_languages():
    table = few_cluster_table(FewClustersTable(table=_few_cluster_tidy()))
    zh = report_table(table, "zh").frame
    assert zh.columns.tolist() == [
        "指标", "方法", "聚类或置换单位", "bootstrap 权重", "抽样或置换次数", "聚类数", "估计值",
        "p 值",
    ]  # fmt: skip
    assert zh["方法"].tolist() == [
        "聚类稳健标准误（CRV1）",
        "聚类稳健标准误（CRV1）",
        "受约束的野聚类自助法（WCR）",
        "受约束的野聚类自助法（WCR）",
        "受约束的野聚类自助法（WCR）",
        "随机化推断：置换采纳时点",
        "随机化推断：置换采纳时点",
        "省份间 t 检验（推荐）",
    ]
    assert zh["聚类或置换单位"].tolist() == ["城市", "省份", "省份", "省份", "城市", "城市",
                                             "省份", "省份"]  # fmt: skip
    weights = [MISSING, MISSING, "Rademacher 分布", "Webb 六点分布"]
    assert zh["bootstrap 权重"].tolist()[:4] == weights
    assert zh["抽样或置换次数"].tolist() == [MISSING, MISSING, "全部枚举", 9999, 9999, 999,
                                             "全部枚举", MISSING]  # fmt: skip
    assert set(zh["指标"]) == {"夜间灯光总量 (DN)"}
    en = report_table(table, "en").frame
    assert en["Method"].tolist()[::2] == [
        "Cluster-robust standard errors (CRV1)",
        "Restricted wild cluster bootstrap (WCR)",
        "Restricted wild cluster bootstrap (WCR)",
        "Randomization inference, permuting adoption",
    ]
    assert en["Cluster or permuted unit"].tolist()[:2] == ["city", "province"]
    assert en["Bootstrap weights"].tolist()[2:4] == ["Rademacher", "Webb (six-point)"]
    assert en["Draws or permutations"].tolist()[2:4] == ["all (enumerated)", 9999]


def test_few_cluster_table_of_a_real_run_shows_the_draws_passed():
    from evalkit.inference import few_cluster_pvalues
    from evalkit.simulate import simulate_province_rollout

    sample = simulate_province_rollout(effect=0.3, random_state=1).rename(
        columns={"unit": "unit_code", "first_treated": "first_treated_year",
                 "province": "province_code", "y": "log_y"}
    )  # fmt: skip
    few = few_cluster_pvalues(sample, ["log_y"], n_draws=99, n_permutations=49)
    table = few_cluster_table(few)
    assert table["draws"].tolist() == [None, None, "all", 99, 99, 49, "all", None]
    assert table["weights"].tolist()[2:5] == ["rademacher", "webb", "rademacher"]
    tidy = few.tidy()
    assert table["p_value"].tolist() == tidy["p_value"].round(4).tolist()
    en = report_table(table, "en").frame
    assert en["Draws or permutations"].tolist()[3:6] == [99, 99, 49]


def test_report_tables_hold_no_pattern_on_display_text():
    import ast
    import inspect

    from evalkit.report import tables

    tree = ast.parse(inspect.getsource(tables))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}  # fmt: skip
    assert "re" not in imported
    assert not hasattr(tables, "_method_parts") and not hasattr(tables, "_WILD_BOOTSTRAP")


def test_bacon_table_weights_sum_to_one_and_average_to_the_twfe_coefficient(simulated):
    from evalkit.did import bacon_decomposition

    bacon = bacon_decomposition(simulated, "y", "year", "unit", "first_treated")
    table = bacon_table(bacon, digits=12)
    assert table.columns.tolist() == ["type", "weight", "estimate"]
    assert table["weight"].sum() == pytest.approx(1.0, abs=1e-9)
    averaged = (table["weight"] * table["estimate"]).sum()
    assert averaged == pytest.approx(bacon.twfe_estimate, abs=1e-9)
    zh = report_table(table, "zh").frame
    assert zh.columns.tolist() == ["比较类型", "权重", "估计值"]
    assert "受处理组对从未受处理组" in zh["比较类型"].tolist()
    assert not zh["比较类型"].str.contains("treated").any()


def test_honest_table_has_the_original_interval_then_one_row_per_bound():
    from evalkit.inference import sensitivity_smoothness

    betahat = [0.01, -0.02, 0.0, 0.3, 0.35]
    sigma = 0.01 * np.eye(5)
    result = sensitivity_smoothness(betahat, sigma, 3, 2, [0.0, 0.05])
    table = honest_table({"log_night_lights": result, "log_gdp": result})
    assert table["method"].tolist() == ["Original", "FLCI", "FLCI"] * 2
    assert table["indicator"].tolist() == ["night_lights"] * 3 + ["gdp"] * 3
    assert table["M"].iloc[1:3].tolist() == [0.0, 0.05]
    # the usual 95% interval of the first post-period coefficient: 0.3 +/- 1.96 * 0.1
    assert table[["conf_low", "conf_high"]].iloc[0].tolist() == pytest.approx(
        [0.3 - 0.196, 0.3 + 0.196], abs=1e-3
    )
    zh = report_table(table, "zh").frame
    assert zh.columns.tolist() == ["指标", "方法", "斜率变化上限 M", "置信区间下限", "置信区间上限"]
    assert zh["方法"].iloc[:2].tolist() == ["常规置信区间", "固定长度置信区间（FLCI）"]
    assert zh["斜率变化上限 M"].iloc[0] == MISSING


def test_randomization_table_has_the_smallest_attainable_p_value(simulated):
    from evalkit.inference import randomization_test

    result = randomization_test(
        simulated, "y", "year", "unit", "first_treated", n_permutations=99, random_state=0
    )
    table = randomization_table({"log_night_lights": result})
    assert table.iloc[0].tolist() == [
        "night_lights",
        round(result.estimate, 4),
        round(result.p_value, 4),
        99,
        0.01,
    ]
    assert report_table(table, "zh").frame.columns.tolist() == [
        "指标", "估计值", "p 值", "置换次数", "可达到的最小 p 值",
    ]  # fmt: skip


@pytest.fixture(scope="module")
def registry():
    from evalkit.plans import PlanRegistry

    return PlanRegistry.load()


def test_registry_table_counts_every_plan_row_once(registry):
    table = registry_table(registry)
    assert table["rows"].sum() == len(registry.plans)
    zh = report_table(table, "zh").frame
    assert zh.columns.tolist() == ["政策项目", "名单状态", "计划行数"]
    assert "小微企业创业创新基地城市示范（两创示范）" in zh["政策项目"].tolist()


def test_timing_tables_count_cities_by_status_and_name_the_reasons(registry):
    units = registry.roster.panel_units
    with pytest.warns(UserWarning):
        timing = registry.treatment_timing("liangchuang_demo", units, range(2005, 2022))
    status = timing.timing["status"].value_counts()
    table = timing_table(timing)
    counted = table.groupby("status")["cities"].sum()
    assert counted["treated"] == status["treated"]
    assert counted["never_treated"] == status["never_treated"]
    # a city excluded for several reasons counts once under each
    reasons = timing.exclusions[["unit_code", "reason"]].drop_duplicates()
    assert status["excluded"] == reasons["unit_code"].nunique() > 0
    assert counted["excluded"] == len(reasons)
    excluded = table.loc[table["status"] == "excluded"].set_index("reason")["cities"]
    assert excluded.to_dict() == reasons.groupby("reason")["unit_code"].nunique().to_dict()
    zh = report_table(table, "zh").frame
    assert zh.columns.tolist() == ["状态", "首次受处理年份", "原因", "城市数"]
    assert set(zh["状态"]) <= {"受处理", "从未受处理", "排除"}
    assert not zh["原因"].str.contains("_").any()
    listed = unit_timing_table(timing)
    assert listed["unit_code"].nunique() == len(timing.timing)
    assert listed["reason"].notna().sum() == len(reasons)
    shown = report_table(listed, "zh").frame
    assert shown.columns.tolist() == ["行政区划代码", "城市", "首次受处理年份", "状态", "原因"]


def test_attainment_table_has_one_row_per_target_with_its_pace():
    from evalkit.plans import attainment

    targets = pd.DataFrame(
        {
            "indicator": ["new_tech_smf", "new_smf"],
            "indicator_zh": ["新增科技型小微企业", "新增小微企业"],
        }
    )
    results = {
        "new_tech_smf": attainment(800, {2021: 837}, kind="cumulative", period_start=2021,
                                   horizon=2023, qualifier=""),
        "new_smf": attainment(1000, {2021: 127.95}, kind="cumulative", period_start=2021,
                              horizon=2023, qualifier="以上"),
    }  # fmt: skip
    table = attainment_table(results, targets)
    # 837 of 800 after one of three years; 800 / 3 a year needed; 3 x 837 projected
    assert table.iloc[0][["share_achieved", "required_rate", "realised_rate"]].tolist() == [
        1.046, 266.67, 837.0,
    ]  # fmt: skip
    assert table.iloc[0][["projected_final", "projected_share"]].tolist() == [2511.0, 3.139]
    assert table["on_track"].tolist() == ["on track", "not on track"]
    zh = report_table(table, "zh").frame
    assert zh["指标"].tolist() == ["新增科技型小微企业", "新增小微企业"]
    assert zh["能否按期完成"].tolist() == ["按当前进度可以完成", "按当前进度不能完成"]
    assert zh["目标类型"].tolist() == ["累计", "累计"]
    en = report_table(table, "en").frame
    assert en["Indicator"].tolist() == [
        "new technology-based small firms",
        "new small and micro firms",
    ]
    assert en["Qualifier"].tolist() == ["", "at least"]
