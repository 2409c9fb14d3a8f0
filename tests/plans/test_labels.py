"""The target tables' labels (evalkit.plans.labels), read from the label catalogue."""

from __future__ import annotations

import string

import pandas as pd
import pytest

from evalkit.errors import ParameterError
from evalkit.i18n import COLUMNS, SCOPED_TEXT, TEXT, VALUES
from evalkit.plans.labels import (
    COLUMN_LABELS,
    SENTENCES,
    SOURCE_WORDS_ZH,
    VALUE_LABELS,
    display_table,
    header,
    known_columns,
    sentence,
)


def _fields(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def test_a_header_of_the_target_tables_in_zh_and_en():
    assert header("p_meet", "zh") == "完成概率"
    assert header("p_meet", "en") == "P(meet)"
    assert header("baseline", "zh") == "基期值（上一轮，非本轮进度）"


def test_a_column_the_target_tables_do_not_name_falls_back_to_the_report_columns():
    assert "target" not in COLUMN_LABELS
    assert header("target", "en") == COLUMNS["target"]["en"] == "Target"
    # the target tables' own "status" wins over the report-wide one
    assert header("status", "zh") == "完成状态" != COLUMNS["status"]["zh"]


def test_an_unknown_column_is_refused_with_the_fix():
    with pytest.raises(
        ParameterError,
        match=r"^table column 'no_such_column' has no report label; add it to evalkit\.i18n",
    ):
        header("no_such_column", "zh")
    assert "no_such_column" not in known_columns()
    with pytest.raises(ParameterError, match="'no_such_column' has no report label"):
        display_table(pd.DataFrame({"no_such_column": [1.5]}), "en")


def test_coded_values_are_shown_in_the_report_language():
    frame = pd.DataFrame(
        {
            "status": ["met", "in progress"],
            "verdict": ["likely", "unlikely"],
            "trend_meets": [True, False],
            "level": ["county", "city"],
        }
    )
    zh = display_table(frame, "zh").frame
    assert zh.columns.tolist() == ["完成状态", "能否按期完成", "仅靠趋势能否完成", "层级"]
    assert zh.values.tolist() == [
        ["已完成", "很可能完成", "是", "县（市）"],
        ["进行中", "不太可能完成", "否", "市"],
    ]
    en = display_table(frame, "en").frame
    assert en.columns.tolist() == ["Status", "On track", "Trend alone meets it", "Level"]
    assert en.values.tolist() == [
        ["met", "likely", "yes", "county"],
        ["in progress", "unlikely", "no", "city"],
    ]


def test_a_value_without_a_label_is_shown_as_it_is():
    frame = pd.DataFrame({"status": ["met", "something new"], "unit_name": ["衢州市", "x"]})
    assert display_table(frame, "zh").frame.iloc[:, 0].tolist() == ["已完成", "something new"]
    assert display_table(frame, "en").frame.iloc[:, 1].tolist() == ["衢州市", "x"]


def test_source_citations_get_chinese_words_in_zh_only():
    frame = pd.DataFrame({"source": ["Xinhua 2019-05-01 (Policy facts)"]})
    assert display_table(frame, "zh").frame.iloc[0, 0] == "新华社 2019-05-01（政策事实一节）"
    assert display_table(frame, "en").frame.iloc[0, 0] == "Xinhua 2019-05-01 (Policy facts)"
    # the leading space of the catalogue's quoted field survives
    assert SOURCE_WORDS_ZH == {" (Policy facts)": "（政策事实一节）", "Xinhua": "新华社"}


def test_display_table_drops_codes_and_ids_and_has_no_index():
    frame = pd.DataFrame(
        {
            "unit_code": ["330400"],
            "plan_id": ["zj_330400_2018"],
            "unit_name": ["嘉兴市"],
            "indicator": ["new_smf"],
            "indicator_zh": ["累计新增小微企业"],
            "method_zh": ["按年增量"],
            "method": ["yearly increment"],
        },
        index=[7],
    )
    zh = display_table(frame, "zh").frame
    assert zh.columns.tolist() == ["地区", "指标", "方法"]
    assert zh.iloc[0].tolist() == ["嘉兴市", "累计新增小微企业", "按年增量"]
    assert zh.index.tolist() == [0]
    en = display_table(frame, "en").frame
    assert en.iloc[0].tolist() == ["嘉兴市", "new small and micro firms", "yearly increment"]
    assert "330400" not in repr(display_table(frame, "en"))


def test_a_sentence_with_placeholders_filled_in_both_languages():
    assert sentence("ambition_line", "en", n=5, trend=2, more=3) == (
        "- 5 targets have a baseline: the pre-plan trend alone would meet 2, 3 need more than "
        "the trend."
    )
    assert sentence("ambition_line", "zh", n=5, trend=2, more=3) == (
        "- 有基期值的目标 5 个：仅按计划前趋势即可完成的 2 个，需要超过趋势的 3 个。"
    )
    assert sentence("timing_units", "en", units=12).startswith("All 12 units with their")
    with pytest.raises(ParameterError, match="language='fr' is not supported"):
        sentence("summary", "fr")


@pytest.mark.parametrize("scope", sorted(SCOPED_TEXT))
def test_every_moved_sentence_has_the_same_placeholders_in_zh_and_en(scope):
    for key, texts in SCOPED_TEXT[scope].items():
        assert set(texts) == {"zh", "en"}, (scope, key)
        assert _fields(texts["zh"]) == _fields(texts["en"]), (scope, key)


def test_the_target_tables_share_the_report_words_they_repeat():
    assert COLUMN_LABELS["verdict"] is COLUMNS["on_track"]
    assert COLUMN_LABELS["year"] is TEXT["year"]
    assert SENTENCES["summary"] is TEXT["summary"]
    assert VALUE_LABELS["flat_verdict"] is VALUES["on_track"]
    assert VALUE_LABELS["outcome"]["met"] is VALUE_LABELS["status"]["met"]
    assert VALUE_LABELS["outcome"]["likely"] is VALUE_LABELS["verdict"]["likely"]
    assert VALUE_LABELS["unit"]["rank"] is VALUE_LABELS["rank_basis"]["rank"]
    assert not {"yes_no", "source_words"} & set(VALUE_LABELS)  # cell words, not looked up
