"""Province codes and the regions evalkit compares."""

from __future__ import annotations

PROVINCE_NAMES: dict[str, dict[str, str]] = {
    "310000": {"zh": "上海市", "en": "Shanghai"},
    "320000": {"zh": "江苏省", "en": "Jiangsu"},
    "330000": {"zh": "浙江省", "en": "Zhejiang"},
    "340000": {"zh": "安徽省", "en": "Anhui"},
    "350000": {"zh": "福建省", "en": "Fujian"},
    "360000": {"zh": "江西省", "en": "Jiangxi"},
}
ZHEJIANG = "330000"
EAST_CHINA: tuple[str, ...] = ("310000", "320000", "330000", "340000", "350000", "360000")
SHANGHAI = "310000"
