"""The label catalogue (src/evalkit/labels.csv) read by evalkit.i18n."""

import csv
import re

import pytest

from evalkit import i18n
from evalkit.errors import ParameterError

HEADER = "kind,column,key,zh,en\n"


def _catalogue(tmp_path, rows: str):
    path = tmp_path / "labels.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_the_catalogue_is_the_only_home_of_the_texts():
    rows = list(csv.DictReader(i18n.CATALOGUE.open(encoding="utf-8")))
    sentences = {row["key"] for row in rows if row["kind"] == "sentence"}
    assert sentences <= set(i18n.TEXT)
    assert i18n.TEXT["year"] == {"zh": "年份", "en": "Year"}
    moved = ["i18n.py", "plans/labels.py", "plans/flag_reasons.py", "plans/catalogue_table.py"]
    for module in [*moved, "report/verdict.py"]:
        source = (i18n.CATALOGUE.parent / module).read_text(encoding="utf-8")
        assert not re.search(r'\{"(zh|en)": "', source), module  # no text written in code


def test_a_row_is_read_into_its_kind_and_column(tmp_path):
    path = _catalogue(
        tmp_path,
        "sentence,,hello,你好,hello\n"
        "value,cluster,city,城市,city\n"
        "figure,its,actual,实际值,actual\n"
        "target_indicator,,smf_total,,small and micro firms\n",
    )
    tables = i18n.read_catalogue(path)
    assert tables["sentence"] == {"hello": {"zh": "你好", "en": "hello"}}
    assert tables["value"] == {"cluster": {"city": {"zh": "城市", "en": "city"}}}
    assert tables["figure"] == {"its": {"actual": {"zh": "实际值", "en": "actual"}}}
    assert tables["target_indicator"] == {"smf_total": "small and micro firms"}


def test_chinese_text_and_commas_round_trip_through_the_file(tmp_path):
    path = _catalogue(tmp_path, 'sentence,,note,"单位：亿元，当年价","unit: 100m yuan, current"\n')
    assert i18n.read_catalogue(path)["sentence"]["note"] == {
        "zh": "单位：亿元，当年价",
        "en": "unit: 100m yuan, current",
    }


@pytest.mark.parametrize(
    ("rows", "rule"),
    [
        ("phrase,,a,甲,a\n", "kind 'phrase'"),
        ("sentence,,a,,a\n", "every label has a key and its zh and en texts"),
        ("sentence,,a,甲,a\nsentence,,a,乙,b\n", "'a' is listed twice"),
        ("sentence,intro,a,甲,a\n", "a sentence row leaves column empty"),
        ("value,,a,甲,a\n", "a value row names the table column in column"),
        ("scoped_sentence,,a,甲,a\n", "a scoped_sentence row names the scope in column"),
        ("scoped_value,plan_targets,a,甲,a\n", "names the scope and the table column in column"),
        ("scoped_column,Plan Targets,a,甲,a\n", "(pattern [a-z_]+)"),
        (
            "scoped_value,plan_targets.status,met,已完成,met\n"
            "scoped_value,plan_targets.status,met,完成,met\n",
            "'met' is listed twice",
        ),
    ],
)
def test_a_bad_row_is_refused_with_its_line_and_the_fix(tmp_path, rows, rule):
    path = _catalogue(tmp_path, rows)
    with pytest.raises(ParameterError, match=r"labels\.csv: line") as error:
        i18n.read_catalogue(path)
    assert rule in str(error.value)
    assert "fix:" in str(error.value)


def test_a_wrong_header_is_refused(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_text("key,zh,en\na,甲,a\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="restore the header row"):
        i18n.read_catalogue(path)


def test_shared_entries_are_one_object():
    assert i18n.VALUES["reported_unit"] is i18n.VALUES["unit"]
    assert i18n.COLUMNS["TWFE"] is i18n.VALUES["estimator"]["TWFE"]
    assert i18n.FIGURE_TEXT["trends"]["year"] is i18n.TEXT["year"]
    assert (
        i18n.FIGURE_TEXT["plan_timeline"]["zj_growth_plan"]
        is (i18n.VALUES["programme"]["zj_growth_plan"])
    )


def test_scoped_rows_are_read_into_their_scope_and_column(tmp_path):
    path = _catalogue(
        tmp_path,
        "scoped_sentence,verdict,p,p = {value},p = {value}\n"
        "scoped_column,plan_targets,status,完成状态,Status\n"
        "scoped_value,plan_targets.status,met,已完成,met\n"
        'scoped_sentence,punctuation,list_separator,；,"; "\n',
    )
    tables = i18n.read_catalogue(path)
    assert tables["scoped_sentence"] == {
        "verdict": {"p": {"zh": "p = {value}", "en": "p = {value}"}},
        "punctuation": {"list_separator": {"zh": "；", "en": "; "}},  # quoted space kept
    }
    assert tables["scoped_column"] == {
        "plan_targets": {"status": {"zh": "完成状态", "en": "Status"}}
    }
    assert tables["scoped_value"] == {
        "plan_targets": {"status": {"met": {"zh": "已完成", "en": "met"}}}
    }


def test_a_bad_scoped_row_names_the_example_fix(tmp_path):
    path = _catalogue(tmp_path, "sentence,,a,甲,a\nscoped_value,status,met,已完成,met\n")
    with pytest.raises(ParameterError) as error:
        i18n.read_catalogue(path)
    assert str(error.value) == (
        "labels.csv: line 3 (scoped_value status/'met'): column 'status'; rule: a scoped_value "
        "row names the scope and the table column in column (pattern [a-z_]+\\.\\w+); fix: "
        "write it there, e.g. 'plan_targets.status'"
    )


def test_scoped_text_fills_in_and_checks_the_language():
    assert i18n.scoped_text("verdict", "p", "zh", value="0.0312") == "p = 0.0312"
    assert i18n.scoped_text("punctuation", "list_separator", "en") == "; "
    with pytest.raises(ParameterError, match="language='de' is not supported"):
        i18n.scoped_text("verdict", "p", "de", value="0.5")


def test_scoped_entries_shared_with_the_report_are_one_object():
    cols, values = i18n.SCOPED_COLUMNS, i18n.SCOPED_VALUES
    assert cols["plan_targets"]["method"] is i18n.COLUMNS["method"]
    assert cols["outcome_catalogue"]["sign"] is i18n.COLUMNS["expected_sign"]
    assert cols["outcome_catalogue"]["status"] is i18n.COLUMNS["status"]
    share = values["outcome_catalogue"]["transformation"]["share"]
    assert share is i18n.VALUES["target_type"]["share"]
    assert cols["registry_flags"]["unit_name"] is i18n.COLUMNS["unit"]
    assert set(cols["registry_flags"]) == {"reason", "codes", "unit_name", "file"}


def test_no_moved_text_is_repeated_in_the_file():
    rows = list(csv.DictReader(i18n.CATALOGUE.open(encoding="utf-8")))
    scoped = [row for row in rows if row["kind"].startswith("scoped_")]
    pairs: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        pairs.setdefault((row["zh"], row["en"]), []).append(row["key"])
    repeated = {
        (row["column"], row["key"]): pairs[row["zh"], row["en"]]
        for row in scoped
        if len(pairs[row["zh"], row["en"]]) > 1
    }
    assert repeated == {}  # a text the catalogue has is linked in evalkit.i18n, not repeated
