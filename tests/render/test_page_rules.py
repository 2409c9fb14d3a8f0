import json

import pytest

from evalkit.config import PROJECT_ROOT
from evalkit.render.index import index_html
from evalkit.render.page_rules import raw_identifiers, untranslated

INDEX_FIXTURES = PROJECT_ROOT / "tests" / "render" / "fixtures" / "index_reports"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("结果变量 log_night_lights", ["log_night_lights"]),
        ("计划 liangchuang_b1_330100", ["_b1_3"]),
        ("plan zj_growth_2015 started", ["zj_growth_"]),
        ("control group nevertreated", ["nevertreated"]),
        ("计划 jiaxing_growth_2021", ["jiaxing_growth_2021"]),
        ("对数夜间灯光 (DN)", []),
        ("blog_post catalog_x", []),  # log_ only as a word start
    ],
)
def test_raw_identifiers(text, expected):
    assert raw_identifiers(text) == expected


def test_zh_page_flags_english_sentences_but_not_method_names():
    text = (
        "估计方法\tCallaway Sant'Anna\n说明：14 non-positive value(s) cannot be logged\nTWFE CRV1"
    )
    assert untranslated(text, "zh") == ["non-positive value(s) cannot be logged"]


def test_zh_page_allows_short_latin_tokens_and_file_names():
    text = "csmar_regional/CRE_Gdpct.csv\tSHA-256\t3f2a...\np 值\t0.21\tDiD"
    assert untranslated(text, "zh") == []


def test_en_page_flags_chinese_only_cells_but_not_official_place_names():
    text = "City\t杭州市\nOutcome\t夜间灯光\nPlan\t浙政办发〔2018〕34号\nName\t杭州 Hangzhou"
    assert untranslated(text, "en") == ["夜间灯光"]


def test_en_page_allows_names_the_caller_passes():
    assert untranslated("Township\t兰江", "en", proper_names=frozenset({"兰江"})) == []
    assert untranslated("Township\t兰江", "en") == ["兰江"]


def test_index_names_pooled_outcomes_and_methods_instead_of_column_keys():
    reports = {
        path.parent.name: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(INDEX_FIXTURES.glob("*/results.json"))
    }
    page = index_html(reports, language="zh")
    assert raw_identifiers(page) == []
    assert "log_loans" not in page and "province_aggregated_t" not in page
    # the catalogue's names of the outcomes, and the verdict codes in words
    assert "年末金融机构贷款余额（对数）" in page and "第二产业增加值（对数）" in page
    assert "cannot_tell" not in page and "无法判断" in page
