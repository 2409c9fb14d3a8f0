"""extract_reported on made-up report paragraphs written the way results news is written."""

from __future__ import annotations

import pandas as pd
import pytest

from evalkit.cli import main
from evalkit.plans import ExtractionError, extract_reported
from evalkit.plans.reported_extract import REVIEW_COLUMNS, default_year
from evalkit.plans.schema import REPORTED_COLUMNS

KEY = ["indicator", "value", "unit", "qualifier", "year", "province_rank"]


def _rows(text: str, **options) -> list[list]:
    frame = extract_reported(text, **options).tidy()
    return [
        [r.indicator, r.value, r.unit, r.qualifier, r.year, None if pd.isna(r.province_rank)
         else int(r.province_rank)]
        for r in frame[KEY].itertuples()
    ]  # fmt: skip


def test_figures_ranks_and_a_rank_basis():
    text = (
        "2022年,某市新增个体工商户转企业1520家,同比增速31.2%,“个转企”增速全省第2。"
        "全年有412家规下工业企业提升为规上小微企业,“小升规”企业新增数量全省第5。"
        "规上工业小微企业增加值2.6 万亿元以上,列全省第4。"
    )
    frame = extract_reported(text).tidy()
    assert _rows(text) == [
        ["individual_to_enterprise", 1520.0, "家", "", 2022, None],
        ["individual_to_enterprise_growth", 31.2, "%", "", 2022, 2],
        ["below_to_above_scale_industrial", 412.0, "家", "", 2022, 5],
        ["above_scale_industrial_smf_va", 2.6e4, "亿元", "以上", 2022, 4],
    ]
    assert frame["rank_basis"].tolist() == ["", "个转企增速", "小升规企业新增数量", "level"]


def test_a_rank_with_no_figure_before_it_is_its_own_row():
    assert _rows("2021年,某市小微企业贷款不良率位列全省第三位。") == [
        ["", 3.0, "rank", "", 2021, 3]
    ]


def test_national_ranks_are_noted_not_taken_as_province_ranks():
    frame = extract_reported("2021年,新增小微企业900家,居全国第7。").tidy()
    assert pd.isna(frame.loc[0, "province_rank"]) and "national rank" in frame.loc[0, "note"]


def test_future_sentences_and_next_step_sections_are_left_out():
    text = (
        "2020年,全市新增小微企业园12个。到2025年,计划建设小微企业园100个以上。"
        "预计至2023年,入园企业达到3000家。今年将实现新增小微企业5000家。\n"
        "三、下一步工作打算\n全市新增省级小微企业园5家以上。\n四、其他\n新增小微企业300家。"
    )
    assert _rows(text) == [
        ["new_smf_parks", 12.0, "个", "", 2020, None],
        ["new_smf", 300.0, "家", "", 2020, None],
    ]


def test_as_of_dates_and_the_year_carried_within_a_paragraph():
    text = (
        "全市2019年为企业降本减负40.5亿元。3月底企业员工返岗率达到97.1%。\n"
        "截止2020年6月,全市经省认定的小微企业园15个。总计入驻企业300家。\n"
        "截至2019年末,政府性融资担保机构在保余额8.2亿元。"
    )
    frame = extract_reported(text).tidy()
    assert frame[["indicator", "value", "year", "as_of"]].values.tolist() == [
        ["cost_reduction", 40.5, 2019, ""],
        ["staff_return_rate", 97.1, 2019, "2019-03-31"],
        ["smf_parks_total", 15.0, 2020, "2020-06-30"],
        ["", 300.0, 2020, ""],
        ["guarantee_balance", 8.2, 2019, "2019-12-31"],
    ]


def test_default_year_is_the_year_named_most_and_the_option_overrides_it():
    assert default_year("2019年度。2019年。到2022年。") == 2019
    text = "2019年度评价。2019年成效显著。\n去年,新增小微企业900家。"
    assert _rows(text)[0][4] == 2019
    assert _rows(text, year=2018)[0][4] == 2018


def test_a_figure_printed_twice_is_kept_once_with_a_note():
    paragraph = "2018年,全市新增小微企业1200家,新增小微企业园8个。"
    frame = extract_reported(paragraph + "\n" + paragraph).tidy()
    assert frame["value"].tolist() == [1200.0, 8.0]
    assert frame["note"].str.contains("printed again later").all()


def test_headings_and_modifiers_are_not_figures():
    text = "6项指标排名居前\n2018年,全市7家政府性融资担保机构在保余额17.3亿元,放大倍数2.1倍。"
    assert _rows(text) == [
        ["guarantee_balance", 17.3, "亿元", "", 2018, None],
        ["", 2.1, "倍", "", 2018, None],
    ]


def test_approximate_figures_and_from_to():
    text = (
        "2020年,全市共有民营经济主体30多万家,占全市经济主体总数的97%左右;抵押率已从60%提高至70%。"
    )
    frame = extract_reported(text).tidy()
    assert frame[["indicator", "value", "qualifier"]].values.tolist() == [
        ["", 300000.0, "多"],
        ["private_share_of_entities", 97.0, "左右"],
        ["industrial_mortgage_rate", 70.0, ""],
    ]
    assert "from 60" in frame.loc[2, "note"]


def test_columns_and_fixed_fields():
    frame = extract_reported(
        "2020年,新增小微企业10家。", unit_code="330800", unit_name="衢州市", source="x.txt"
    ).tidy()
    assert list(frame.columns) == [*REPORTED_COLUMNS, *REVIEW_COLUMNS]
    assert frame.loc[0, ["unit_code", "unit_name", "source", "reliability"]].tolist() == [
        "330800", "衢州市", "x.txt", "reported"
    ]  # fmt: skip


def test_empty_text_raises():
    with pytest.raises(ExtractionError, match="extract_reported: the text is empty"):
        extract_reported("")


def test_cli_extract_reported_prints_csv(tmp_path, capsys):
    document = tmp_path / "report.txt"
    document.write_text("2020年,全市新增小微企业2.6 万家,列全省第3。", encoding="utf-8")
    assert main(["extract-reported", str(document), "--unit-code", "330800"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("unit_code,unit_name,year,as_of,indicator")
    assert lines[1].startswith("330800,,2020,,new_smf,新增小微企业,26000.0,家,,3,level")
