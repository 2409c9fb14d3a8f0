"""extract_targets on made-up sentences written the way plans are written, one habit per test.

Each test gives a sentence in the style of the seeds (not copied from them) and the rows it
must yield: (indicator, target, unit, qualifier, target_type, horizon).
"""

from __future__ import annotations

import pandas as pd
import pytest

from evalkit.cli import main
from evalkit.plans import ExtractionError, extract_targets
from evalkit.plans.extract import REVIEW_COLUMNS, plan_period
from evalkit.plans.schema import TARGET_COLUMNS

KEY = ["indicator", "target", "unit", "qualifier", "target_type", "horizon"]


def _rows(text: str, **options) -> list[tuple]:
    frame = extract_targets(text, **options).tidy()
    return [
        (r.indicator, r.target, r.unit, r.qualifier, r.target_type, r.horizon)
        for r in frame[KEY].itertuples()
    ]


def _plan(body: str) -> str:
    return f"某市小微企业三年成长计划(2024—2026年)\n一、主要目标\n{body}\n二、重点任务\n无。"


def test_full_width_digits_and_punctuation():
    text = _plan("到２０２６年底，新增小微企业３０００家以上；小微企业年均增长１２％左右。")
    assert _rows(text) == [
        ("new_smf", 3000.0, "家", "以上", "cumulative", 2026),
        ("smf_count_growth", 12.0, "%", "左右", "annual_growth", 2026),
    ]


def test_only_an_ascii_comma_between_digits_is_a_thousands_separator():
    assert [row[1] for row in _rows(_plan("新增小微企业1,200家。"))] == [1200.0]
    assert [row[1] for row in _rows(_plan("新增小微企业1，200家。"))] == [200.0]


def test_multipliers_with_and_without_a_space():
    text = _plan(
        "累计新增小微企业2.6 万家以上，新增小微企业首贷户1.2万户，新增小微企业贷款350亿元。"
    )
    assert _rows(text) == [
        ("new_smf", 26000.0, "家", "以上", "cumulative", 2026),
        ("first_loan_borrowers", 12000.0, "户", "", "cumulative", 2026),
        ("new_smf_loans", 350.0, "亿元", "", "cumulative", 2026),
    ]


def test_chinese_numerals():
    text = _plan("全市新增小微企业五千六百家以上，新增科技型小微企业两千家。")
    assert _rows(text) == [
        ("new_smf", 5600.0, "家", "以上", "cumulative", 2026),
        ("new_tech_smf", 2000.0, "家", "", "cumulative", 2026),
    ]


@pytest.mark.parametrize("dash", ["—", "-", "～", "至"])
def test_ranges_give_the_low_end_and_keep_the_high_end(dash):
    frame = extract_targets(_plan(f"新增小微企业园8{dash}10个。")).tidy()
    assert frame[["indicator", "target", "unit", "target_high"]].values.tolist() == [
        ["new_smf_parks", 8.0, "个", 10.0]
    ]
    assert "range 8—10" in frame.loc[0, "note"]


def test_doubling_is_a_multiple_of_the_base():
    frame = extract_targets(_plan("小微企业商标质押贷款余额翻一番。")).tidy()
    assert frame[["indicator", "target", "unit", "target_type"]].values.tolist() == [
        ["trademark_pledge_loans", 2.0, "倍", "stock"]
    ]


def test_percent_shares_and_percentage_points():
    text = _plan(
        "科技人员占职工总数比例不低于12%，个体工商户在市场主体中的占比下降2个百分点，"
        "税收优惠政策实际受惠面达到100%。"
    )
    assert _rows(text) == [
        ("tech_staff_share", 12.0, "%", "不低于", "share", 2026),
        ("individual_share_change", 2.0, "percentage points", "", "change_pp", 2026),
        ("tax_relief_coverage", 100.0, "%", "达到", "share", 2026),
    ]


def test_several_targets_in_one_sentence_with_semicolons_enumeration_commas_and_commas():
    text = _plan(
        "到2025年底，累计新增知识产权管理规范化小微企业50家、信用管理示范小微企业8家和科技型"
        "小微企业300家；每年开放实验室服务900批次，提供浙里检服务1200单次；小微企业园总量超过"
        "80个，总建筑面积超过500万平方米，入园企业数量达到900家。"
    )
    assert _rows(text) == [
        ("ip_standard_smf", 50.0, "家", "", "cumulative", 2025),
        ("credit_demo_smf", 8.0, "家", "", "cumulative", 2025),
        ("new_tech_smf", 300.0, "家", "", "cumulative", 2025),
        ("lab_services_opened", 900.0, "批次", "", "annual", 2025),
        ("zheli_inspection_orders", 1200.0, "单次", "", "annual", 2025),
        ("smf_parks_total", 80.0, "个", "超过", "stock", 2025),
        ("smf_parks_floor_area", 500.0, "万平方米", "超过", "stock", 2025),
        ("smf_parks_firms", 900.0, "家", "达到", "stock", 2025),
    ]


def test_respectively_distributes_items_and_the_leading_qualifier():
    text = _plan("省市县三级小微企业培育库入库企业分别达到500家、1200家、4000家。")
    frame = extract_targets(text).tidy()
    assert _rows(text) == [
        ("incubation_pool_provincial", 500.0, "家", "达到", "stock", 2026),
        ("incubation_pool_city", 1200.0, "家", "达到", "stock", 2026),
        ("incubation_pool_county", 4000.0, "家", "达到", "stock", 2026),
    ]
    assert frame["indicator_zh"].tolist()[0] == "省级小微企业培育库入库企业"


def test_respectively_with_a_mismatched_list_is_flagged_not_guessed():
    frame = extract_targets(_plan("科技型小微企业和外贸企业分别新增30家、40家、50家。")).tidy()
    assert len(frame) == 3
    assert frame["note"].str.contains("分别 lists 2 items for 3 figures").all()
    assert (frame["confidence"] < 1).all()


def test_line_breaks_inside_numbers_and_units_from_a_pdf():
    text = _plan("新增小微企业12\n00家以上，改扩建标准厂房40万平\n方米。")
    frame = extract_targets(text).tidy()
    assert _rows(text) == [
        ("new_smf", 1200.0, "家", "以上", "cumulative", 2026),
        ("standard_factory_area", 40.0, "万平方米", "", "cumulative", 2026),
    ]
    start, end = frame.loc[0, ["span_start", "span_end"]]
    assert text[start:end] == "12\n00家以上"
    assert text[slice(*frame.loc[1, ["span_start", "span_end"]])] == "40万平\n方米"


def test_figure_before_its_noun_and_a_subject_carried_to_a_bare_predicate():
    text = _plan(
        "推动30家优质小微企业在新三板挂牌，引导200户个体工商户转型升级为企业；"
        "新增八大万亿产业小微企业900家以上，增速不低于18%。"
    )
    assert _rows(text) == [
        ("new_listed_otc", 30.0, "家", "", "cumulative", 2026),
        ("individual_to_enterprise", 200.0, "户", "", "cumulative", 2026),
        ("new_key_industry_smf", 900.0, "家", "以上", "cumulative", 2026),
        ("key_industry_smf_growth", 18.0, "%", "不低于", "annual_growth", 2026),
    ]


def test_lead_department_in_parentheses_applies_to_the_figures_before_it():
    text = _plan(
        "新增小微企业800家以上，年均增长10%左右(市市场监管局牵头)；新增小微企业园5个(市经信局牵头)。"
    )
    frame = extract_targets(text).tidy()
    assert frame["lead_department"].tolist() == ["市市场监管局", "市市场监管局", "市经信局"]


def test_task_sections_yield_only_dated_or_aspirational_targets():
    text = (
        "某县计划(2024—2026年)\n一、工作目标\n新增小微企业800家。\n二、重点任务\n"
        "对年应纳税所得额不超过100万元的部分减按12.5%计入。给予最高15万元资助。\n"
        "到2025年底,完成质量帮扶小微企业达20家。力争三年内新增小微专营机构6家以上。"
        "（责任单位：市金融办、市财政局。列第一位的为牵头单位）\n三、工作要求\n无。"
    )
    frame = extract_targets(text).tidy()
    assert frame[["indicator", "target", "horizon", "qualifier"]].values.tolist() == [
        ["new_smf", 800.0, 2026, ""],
        ["quality_assisted_smf", 20.0, 2025, "达到"],
        ["new_smf_bank_branches", 6.0, 2026, "以上"],
    ]
    assert frame.loc[2, "lead_department"] == "市金融办"
    assert "力争" in frame.loc[2, "note"]


def test_allocation_table_gives_one_row_per_sub_unit_and_merges_its_headline():
    cells = ["目标任务", "甲镇", "乙镇", "丙镇", "1.新增小微企业600 (市市场监管局)", "100", "200",
             "300", "2.新增小微企业园3个(市经信局)", "1", "1", "1(其中改造1个)",
             "3.新增小微企业贷款20亿元(市人行)", "由市人行负责牵头完成。"]  # fmt: skip
    text = _plan("新增小微企业600家以上(市市场监管局牵头)。") + "\n附件\n" + "\n\n".join(cells)
    frame = extract_targets(text).tidy()
    headline = frame.loc[frame["sub_unit"] == ""]
    assert headline[["indicator", "target", "unit", "qualifier"]].values.tolist() == [
        ["new_smf", 600.0, "家", "以上"],
        ["new_smf_parks", 3.0, "个", ""],
        ["new_smf_loans", 20.0, "亿元", ""],
    ]
    allocated = frame.loc[frame["indicator"] == "new_smf"].iloc[1:]
    assert allocated[["sub_unit", "target", "unit", "qualifier"]].values.tolist() == [
        ["甲镇", 100.0, "家", ""], ["乙镇", 200.0, "家", ""], ["丙镇", 300.0, "家", ""]
    ]  # fmt: skip
    assert (allocated["lead_department"] == "市市场监管局").all()
    parks = frame.loc[(frame["indicator"] == "new_smf_parks") & (frame["sub_unit"] != "")]
    assert parks["target"].sum() == 3.0


def test_allocation_cells_that_do_not_sum_to_the_headline_are_flagged():
    cells = ["目标任务", "甲镇", "乙镇", "丙镇", "1.新增小微企业600家", "100", "200", "250"]
    frame = extract_targets("\n".join(cells), horizon=2026).tidy()
    allocated = frame.loc[frame["sub_unit"] != ""]
    assert allocated["note"].str.contains("cells sum to 550, the headline is 600").all()
    assert (allocated["confidence"] < frame.loc[0, "confidence"]).all()


def test_horizon_from_the_sentence_then_the_title_then_the_option():
    assert plan_period("计划(20182020年)") == (2018, 2020)  # the seed's lost tilde
    assert _rows("到2027年,新增小微企业100家。")[0][-1] == 2027
    untitled = extract_targets("新增小微企业100家。").tidy()
    assert pd.isna(untitled.loc[0, "horizon"]) and untitled.loc[0, "confidence"] <= 0.7
    assert _rows("新增小微企业100家。", horizon=2030)[0][-1] == 2030


def test_output_has_the_registry_columns_then_the_review_columns():
    result = extract_targets(_plan("新增小微企业800家。"), plan_id="demo", source="demo.txt")
    frame = result.tidy()
    assert list(frame.columns) == [*TARGET_COLUMNS, *REVIEW_COLUMNS]
    assert frame.loc[0, "source_sentence"] == "新增小微企业800家"
    assert (frame.loc[0, "plan_id"], frame.loc[0, "source"]) == ("demo", "demo.txt")
    assert result.summary().startswith("1 target rows (0 sub-unit rows), 1 with a registry")


def test_an_unknown_indicator_is_kept_blank_with_low_confidence():
    frame = extract_targets(_plan("新建共享仓储中心12个。")).tidy()
    assert frame.loc[0, "indicator"] == "" and frame.loc[0, "indicator_zh"] == "新建共享仓储中心"
    assert frame.loc[0, "confidence"] == 0.5  # 1 - 0.4 (no key) - 0.1 (horizon from the title)


def test_empty_text_raises_with_the_fix():
    with pytest.raises(ExtractionError, match=r"the text is empty; .* fix: check the file"):
        extract_targets("  \n")


def test_cli_writes_the_review_csv_and_compares_with_a_registry(tmp_path, capsys):
    document = tmp_path / "plan.txt"
    document.write_text(_plan("新增小微企业800家以上，新增小微企业园5个。"), encoding="utf-8")
    registry = tmp_path / "targets.csv"
    pd.DataFrame(
        [["demo", "new_smf", "新增小微企业", "", "800", "家", "cumulative", "2026", "以上", "",
          "plan.txt", ""],
         ["demo", "new_tech_smf", "新增科技型小微企业", "", "90", "家", "cumulative", "2026", "",
          "", "plan.txt", ""]],
        columns=TARGET_COLUMNS,
    ).to_csv(registry, index=False)  # fmt: skip
    output = tmp_path / "out.csv"
    code = main(["extract-targets", str(document), "--plan-id", "demo", "-o", str(output),
                 "--compare", str(registry)])  # fmt: skip
    printed = capsys.readouterr().out
    assert code == 0
    written = pd.read_csv(output, dtype=str, keep_default_na=False)
    assert written["indicator"].tolist() == ["new_smf", "new_smf_parks"]
    assert printed.startswith("precision 50.0% (1/2 extracted rows in the registry), recall 50.0%")
    assert "not in the extraction" in printed and "not in the registry" in printed


def test_cli_missing_file_is_one_line(tmp_path, capsys):
    assert main(["extract-targets", str(tmp_path / "none.txt")]) == 2
    assert capsys.readouterr().err.startswith("evalkit: ")
