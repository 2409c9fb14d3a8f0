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
    source = (i18n.CATALOGUE.parent / "i18n.py").read_text(encoding="utf-8")
    assert not re.search(r'^\s+"\w+": \{"zh"', source, flags=re.M)  # no text written in code


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
