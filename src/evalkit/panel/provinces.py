"""Province-level divisions: 6-digit codes and the names sources write for them."""

from __future__ import annotations

from evalkit.errors import RawDataError

PROVINCE_CODES: dict[str, str] = {
    "北京": "110000", "天津": "120000", "河北": "130000", "山西": "140000", "内蒙古": "150000",
    "辽宁": "210000", "吉林": "220000", "黑龙江": "230000", "上海": "310000", "江苏": "320000",
    "浙江": "330000", "安徽": "340000", "福建": "350000", "江西": "360000", "山东": "370000",
    "河南": "410000", "湖北": "420000", "湖南": "430000", "广东": "440000", "广西": "450000",
    "海南": "460000", "重庆": "500000", "四川": "510000", "贵州": "520000", "云南": "530000",
    "西藏": "540000", "陕西": "610000", "甘肃": "620000", "青海": "630000", "宁夏": "640000",
    "新疆": "650000", "台湾": "710000", "香港": "810000", "澳门": "820000",
}  # fmt: skip
MUNICIPALITIES: frozenset[str] = frozenset({"110000", "120000", "310000", "500000"})


def province_code(name: str, *, file: str, row: object) -> str:
    """Return the 6-digit code of a province written as ``name`` (full or short form).

    Raises
    ------
    RawDataError
        If the name is not a province; the message names the file and row.

    Examples
    --------
    >>> province_code("浙江省", file="f", row=2), province_code("广西壮族自治区", file="f", row=3)
    ('330000', '450000')
    """
    text = str(name).strip()
    for short, code in PROVINCE_CODES.items():
        if text.startswith(short):
            return code
    raise RawDataError(
        f"{file}: row {row}: {text!r} is not a province name; rule: province columns hold one "
        f"of {sorted(PROVINCE_CODES)} (with or without 省/市/自治区); fix: correct the cell"
    )
