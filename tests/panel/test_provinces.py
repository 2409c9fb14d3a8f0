"""Tests of evalkit.panel.provinces: every way sources write a province, and bad names."""

from __future__ import annotations

import re

import pytest

from evalkit.errors import RawDataError
from evalkit.panel.provinces import MUNICIPALITIES, PROVINCE_CODES, province_code


def test_table_holds_the_34_provincial_divisions_with_distinct_gb_codes():
    assert len(PROVINCE_CODES) == 34
    assert len(set(PROVINCE_CODES.values())) == 34
    assert all(re.fullmatch(r"[1-8]\d0000", code) for code in PROVINCE_CODES.values())
    assert {PROVINCE_CODES[n] for n in ("北京", "天津", "上海", "重庆")} == MUNICIPALITIES


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("浙江", "330000"), ("浙江省", "330000"), (" 浙江省 ", "330000"), ("上海市", "310000"),
        ("内蒙古自治区", "150000"), ("广西壮族自治区", "450000"), ("宁夏回族自治区", "640000"),
        ("新疆维吾尔自治区", "650000"), ("西藏自治区", "540000"), ("黑龙江省", "230000"),
        ("香港特别行政区", "810000"), ("澳门特别行政区", "820000"),
    ],
)  # fmt: skip
def test_full_and_short_names_give_the_code(name, code):
    assert province_code(name, file="census/a.csv", row=2) == code


def test_every_short_name_with_each_suffix_round_trips():
    for short, code in PROVINCE_CODES.items():
        for suffix in ("", "省", "市", "自治区"):
            assert province_code(short + suffix, file="f", row=1) == code


def test_a_city_name_is_refused_naming_file_row_rule_and_fix():
    with pytest.raises(RawDataError) as error:
        province_code(" 杭州市", file="census/a.csv", row=17)
    assert str(error.value) == (
        f"census/a.csv: row 17: '杭州市' is not a province name; rule: province columns hold "
        f"one of {sorted(PROVINCE_CODES)} (with or without 省/市/自治区); fix: correct the cell"
    )


def test_a_missing_cell_is_refused_not_matched():
    with pytest.raises(RawDataError, match=r"^f: row 3: 'nan' is not a province name"):
        province_code(float("nan"), file="f", row=3)
