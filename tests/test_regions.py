"""Tests of evalkit.regions against the province table of evalkit.panel.provinces."""

from __future__ import annotations

from evalkit.panel.provinces import PROVINCE_CODES
from evalkit.regions import EAST_CHINA, PROVINCE_NAMES, SHANGHAI, ZHEJIANG


def test_east_china_is_the_six_comparison_provinces_in_code_order():
    # the comparison region of the growth plan: 上海, 江苏, 浙江, 安徽, 福建, 江西 (the
    # statistical 华东 division also holds 山东, which evalkit does not use as a comparison)
    expected = [PROVINCE_CODES[name] for name in ("上海", "江苏", "浙江", "安徽", "福建", "江西")]
    assert list(EAST_CHINA) == expected
    assert ZHEJIANG == PROVINCE_CODES["浙江"] and SHANGHAI == PROVINCE_CODES["上海"]


def test_names_agree_with_the_province_table_in_both_languages():
    assert set(PROVINCE_NAMES) == set(EAST_CHINA)
    for code, names in PROVINCE_NAMES.items():
        assert PROVINCE_CODES[names["zh"][:2]] == code
        assert names["en"] and names["en"].isascii()
