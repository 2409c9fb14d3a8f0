"""Width folding, re-joined line breaks, Chinese numerals and figures (numbers_zh, quantities)."""

from __future__ import annotations

import pytest

from evalkit.plans.indicator_keys import indicator_key, keyword_rules
from evalkit.plans.numbers_zh import chinese_numeral_value, normalise
from evalkit.plans.quantities import find_quantities
from evalkit.plans.registry import DEFAULT_PATH
from evalkit.plans.schema import TARGET_COLUMNS, read_table


def _figures(text: str) -> list[tuple]:
    norm = normalise(text)
    return [(q.value, q.unit, q.lead, q.after, q.high) for q in find_quantities(norm.text, norm)]


def test_full_width_digits_and_punctuation_fold_one_for_one_so_spans_stay_exact():
    text = "新增小微企业５６００家以上，年均增长１５％左右；（市科技局牵头）"
    norm = normalise(text)
    assert norm.text == "新增小微企业5600家以上,年均增长15%左右;(市科技局牵头)"
    assert len(norm.text) == len(text)
    start = norm.text.index("5600")
    assert text[slice(*norm.span(start, start + 5))] == "５６００家"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("新增小微企业56\n00家", "新增小微企业5600家"),  # a number cut by a PDF line break
        ("标准厂房60万平\n方米", "标准厂房60万平方米"),  # a unit cut
        ("占比下降1个百\n分点", "占比下降1个百分点"),
        ("贷款36\n亿元", "贷款36亿元"),  # between number and unit
        ("新增小微企业１２\n  ００家", "新增小微企业1200家"),  # full width, spaces on the new line
        ("目标任务\n开发区", "目标任务\n开发区"),  # an ordinary line break stays
        ("新增56\n\n00家", "新增56\n\n00家"),  # a blank line is a paragraph break: kept
    ],
)
def test_line_breaks_inside_a_number_or_unit_are_removed_and_others_kept(text, expected):
    norm = normalise(text)
    assert norm.text == expected
    for position, char in enumerate(norm.text):
        assert normalise(norm.original[norm.origin[position]]).text == char


def test_span_of_a_rejoined_number_covers_the_break_in_the_original():
    text = "新增小微企业56\n00家以上"
    norm = normalise(text)
    start = norm.text.index("5600")
    assert text[slice(*norm.span(start, start + 5))] == "56\n00家"


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("五千六百", 5600), ("两千", 2000), ("十五", 15), ("二十", 20), ("一万二千", 12000),
     ("三百零五", 305), ("两万", 20000), ("一百二十", 120), ("三亿", 3e8)],
)  # fmt: skip
def test_chinese_numerals(numeral, value):
    assert chinese_numeral_value(numeral) == value


@pytest.mark.parametrize("bad", ["", "五六", "万", "abc"])
def test_malformed_chinese_numerals_are_refused(bad):
    with pytest.raises(ValueError):
        chinese_numeral_value(bad)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("新增2.6 万家", [(26000.0, "家", "", "", None)]),  # 万 with a space
        ("新增2.6万家以上", [(26000.0, "家", "", "以上", None)]),
        ("新增1.5万户", [(15000.0, "户", "", "", None)]),
        ("贷款36亿元", [(36.0, "亿元", "", "", None)]),  # 亿元/万元/万平方米 kept as printed
        ("发放6600万元", [(6600.0, "万元", "", "", None)]),
        ("厂房60 万平方米", [(60.0, "万平方米", "", "", None)]),
        ("五千六百家以上,两千家", [(5600.0, "家", "", "以上", None), (2000.0, "家", "", "", None)]),
        ("建设8—10个", [(8.0, "个", "", "", 10.0)]),
        ("建设8-10个", [(8.0, "个", "", "", 10.0)]),
        ("建设８～１０个", [(8.0, "个", "", "", 10.0)]),
        ("建设8至10家", [(8.0, "家", "", "", 10.0)]),
        ("增速不低于20%", [(20.0, "%", "不低于", "", None)]),
        ("下降1 个百分点", [(1.0, "个百分点", "", "", None)]),
        ("贷款余额翻一番", [(2.0, "倍", "", "", None)]),
        ("总量翻两番", [(4.0, "倍", "", "", None)]),
        ("超过60万平方米以上", [(60.0, "万平方米", "超过", "以上", None)]),
        ("共有5,388人", [(5388.0, "人", "", "", None)]),
    ],
)
def test_figures_with_multipliers_numerals_ranges_percent_and_doubling(text, expected):
    assert _figures(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "第34次常务会议",  # ordinal
        "兰政办发〔2018〕136号",  # document number
        "到2020年底",  # a year is not a figure
        "七个一批、一批企业、三家",  # idioms and one-character numerals
        "单户授信总额1000万元以下的普惠型小微企业",  # a figure used as a modifier
        "八大万亿重点产业",
    ],
)
def test_not_figures(text):
    assert _figures(text) == []


def test_chinese_comma_between_digits_is_not_a_thousands_separator():
    assert _figures("分别达到100，200家") == [(200.0, "家", "", "", None)]


def test_from_to_keeps_the_new_level_and_remembers_the_base():
    norm = normalise("抵押率已从68%提高至72%")
    (figure,) = find_quantities(norm.text, norm)
    assert (figure.value, figure.base) == (72.0, 68.0)


def test_every_registry_target_indicator_has_a_keyword_rule():
    targets = read_table(DEFAULT_PATH / "targets.csv", TARGET_COLUMNS)
    known = {rule.indicator for rule in keyword_rules()}
    assert set(targets["indicator"]) - known == set()


@pytest.mark.parametrize(
    ("wording", "key"),
    [
        ("新增小微企业", "new_smf"),
        ("新增小微企业贷款", "new_smf_loans"),
        ("新增“规下”升“规上”工业小微企业", "below_to_above_scale_industrial"),
        ("规下工业小微企业增加值年均增长", "below_scale_industrial_va_growth"),
        ("规上工业小微企业增加值", "above_scale_industrial_smf_va"),
        ("科技型小微企业研发投入占销售收入比例", "rd_sales_share"),
        ("科技型小微企业年均增长", "tech_smf_growth"),
        ("累计对小微企业首贷户发放贷款", "first_loan_amount"),
        ("新增小微企业首贷户", "first_loan_borrowers"),
        ("挂牌新三板企业总数", ""),
        ("其中改建", ""),
    ],
)
def test_indicator_keys_prefer_specific_rules(wording, key):
    assert indicator_key(wording) == key
