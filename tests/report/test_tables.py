"""Report tables: labels in the report language, every cell shown in full."""

from __future__ import annotations

import pandas as pd
import pytest

from evalkit.errors import ParameterError
from evalkit.report.tables import MISSING, cohort_sizes, pretrend_table, report_table

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
