"""report.notes: the estimators' warnings collected, and in the report language, each once."""

import warnings

from evalkit.report.notes import collected_warnings, program_notes


def test_program_notes_name_the_indicator_not_its_column():
    notes = [
        "243 rows with missing log_loans left out of the TWFE fit",
        "14 non-positive value(s) cannot be logged and are treated as missing",
        "dropped 1 of 57 units that have a missing covariate or fewer than two observed "
        "periods (e.g. 341400); set allow_unbalanced_panel=True to keep partly observed units",
        "an unexpected message",
    ]
    lines = program_notes(notes + notes[:1], {"log_loans": "年末贷款余额"}, "zh")
    assert lines == [
        "年末贷款余额 缺失的 243 行未进入双向固定效应回归。",
        "14 个非正数值无法取对数，按缺失处理。",
        "57 个单位中有 1 个因缺少协变量或观测期少于两期而被删除（例如代码 341400）。",
        "另有 1 条估计程序提示（原文保存在 results.json 中）。",
    ]
    assert not any("log_" in line for line in lines)


def test_the_city_reports_frequent_messages_are_worded_in_both_languages():
    notes = [
        "2 comparison unit(s) without observations both before and from 2015 left out of the "
        "DiD and the placebo set: ['341400', '460400']",
        "liangchuang_demo: dropped 1269 row(s) of 162 control(s) of unknown membership from "
        "the year their batch could have treated them",
    ]
    assert program_notes(notes, {}, "zh") == [
        "2 个对照单位在 2015 年前后没有同时被观测，未进入双重差分与安慰剂集合。",
        "162 个成员身份未知的对照单位自其批次可能开始受处理的年份起的 1269 行观测被删除。",
    ]
    assert program_notes(notes, {}, "en") == [
        "2 comparison unit(s) without observations both before and from 2015 were left out "
        "of the DiD and the placebo set.",
        "1269 rows of 162 control(s) of unknown membership were dropped from the year their "
        "batch could have treated them.",
    ]


def test_warnings_collected_once_each_in_order_without_deprecations():
    with collected_warnings() as messages:
        warnings.warn("second thing", UserWarning, stacklevel=1)
        warnings.warn("first thing", RuntimeWarning, stacklevel=1)
        warnings.warn("second thing", UserWarning, stacklevel=1)
        warnings.warn("old api", DeprecationWarning, stacklevel=1)
        assert messages == []  # filled when the block ends
    assert messages == ["second thing", "first thing"]


def test_warnings_outside_the_block_are_not_collected():
    with collected_warnings() as messages:
        pass
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        warnings.warn("later", UserWarning, stacklevel=1)
    assert messages == []
