"""Report texts: every key in both languages, the pre-trend line in Chinese, target names."""

from __future__ import annotations

import re
import string

import pytest

from evalkit.did.results import WaldTest
from evalkit.errors import ParameterError
from evalkit.i18n import (
    COLUMNS,
    FIGURE_TEXT,
    LANGUAGES,
    SCOPED_COLUMNS,
    SCOPED_TEXT,
    SCOPED_VALUES,
    TEXT,
    VALUES,
    figure_text,
    target_label,
    text,
)
from evalkit.inference import RECOMMENDED

WALD = WaldTest(statistic=8.99912, df=6, p_value=0.173716)


def _fields(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


@pytest.mark.parametrize(
    "table",
    [
        TEXT,
        COLUMNS,
        *VALUES.values(),
        *SCOPED_TEXT.values(),
        *SCOPED_COLUMNS.values(),
        *(table for scope in SCOPED_VALUES.values() for table in scope.values()),
    ],
)
def test_every_label_has_both_languages_and_the_same_placeholders(table):
    for key, texts in table.items():
        assert set(texts) == set(LANGUAGES), key
        assert _fields(texts["zh"]) == _fields(texts["en"]), key


def test_chinese_texts_are_chinese():
    han = re.compile(r"[\u4e00-\u9fff]")
    english_only = [key for key, texts in TEXT.items() if not han.search(texts["zh"])]
    assert english_only == []


def test_pretrend_line_is_chinese_in_zh_and_unchanged_in_en():
    zh = text("pretrend", "zh", outcome="夜间灯光总量 (DN)", **vars(WALD))
    assert zh == "夜间灯光总量 (DN)：事前趋势 Wald 检验，卡方统计量 χ²(6) = 8.999，p 值 = 0.1737。"
    assert "chi2" not in zh and ", p =" not in zh
    en = text("pretrend", "en", outcome="Night lights", **vars(WALD))
    assert en == "Night lights: pre-trend Wald test Wald chi2(6) = 8.999, p = 0.1737."
    assert str(WALD) == "Wald chi2(6) = 8.999, p = 0.1737"


def test_the_wald_test_holds_no_language():
    # the estimator's result words itself in English only; the report translates
    assert "__format__" not in vars(WaldTest)
    assert f"{WALD}" == str(WALD)


@pytest.mark.parametrize("figure", sorted(FIGURE_TEXT))
def test_every_figure_label_has_both_languages_and_the_same_placeholders(figure):
    for key, texts in FIGURE_TEXT[figure].items():
        assert set(texts) == set(LANGUAGES), (figure, key)
        assert _fields(texts["zh"]) == _fields(texts["en"]), (figure, key)


def test_figure_text_of_an_unknown_figure_names_the_known_ones():
    with pytest.raises(ParameterError, match=r"figure='map' has no labels; choose one of \["):
        figure_text("map", "zh")


def test_target_label_uses_the_document_wording_in_zh_and_the_english_name_in_en():
    assert target_label("new_smf_loans", "新增小微企业贷款", "zh") == "新增小微企业贷款"
    english = target_label("new_smf_loans", "新增小微企业贷款", "en")
    assert english == "new loans to small and micro firms"
    assert target_label("not_listed", "某指标", "en") == "not_listed"
    with pytest.raises(ParameterError, match="language='fr' is not supported"):
        target_label("new_smf", "新增小微企业", "fr")


def test_few_cluster_recommendation_says_in_english_what_the_library_says():
    from evalkit.inference.few_clusters import _RECOMMENDATION

    library = _RECOMMENDATION.replace(f"{RECOMMENDED!r}", "the between-province t-test")
    assert text("few_cluster_recommendation", "en") == library
    zh = text("few_cluster_recommendation", "zh")
    for phrase in ["省份间 t 检验", "95%", "正态分布", "CRV1 过度拒绝", "1/省份数"]:
        assert phrase in zh


def test_recommended_few_cluster_method_is_named_in_both_languages():
    assert VALUES["method"][RECOMMENDED] == {
        "zh": "省份间 t 检验（推荐）",
        "en": "Between-province t-test (recommended)",
    }
