"""Flagged registry codes counted per kind of reason, named in the report language.

The registry's ``flags`` (:attr:`PlanRegistry.flags`) carry an English reason with the code's
details ("sub-city unit of panel city 320800: mapped only with map_districts=True");
:func:`flag_reason_counts` counts them per kind and :func:`flag_list` lists every flagged code
with its kind named in ``language``, for the folded part of a report.
"""

from __future__ import annotations

import pandas as pd

from evalkit.i18n import check_language

# reason prefix -> kind; the first matching prefix wins
REASON_KINDS = {
    "province-level row": "province_row",
    "sub-city unit of panel city": "sub_city_unit",
    "valid code outside the panel": "outside_panel",
}
KIND_LABELS = {
    "province_row": {
        "zh": "省级行：覆盖该省的面板城市",
        "en": "province-level row: covers the panel cities of the province",
    },
    "sub_city_unit": {
        "zh": "面板城市下辖的县区：仅在按县区映射时计入",
        "en": "county or district of a panel city: mapped only when districts are mapped",
    },
    "outside_panel": {
        "zh": "有效代码，但不在面板单位表中",
        "en": "valid code outside the panel's unit list",
    },
    "other": {"zh": "其他原因", "en": "other reason"},
}
_HEADERS = {
    "reason": {"zh": "原因", "en": "Reason"},
    "codes": {"zh": "代码数", "en": "Codes"},
    "unit_name": {"zh": "单位", "en": "Unit"},
    "file": {"zh": "文件", "en": "File"},
}


def reason_kind(reason: str) -> str:
    """Return the kind of a flag reason (a key of :data:`KIND_LABELS`).

    Examples
    --------
    >>> reason_kind("sub-city unit of panel city 320800: mapped only with map_districts=True")
    'sub_city_unit'
    >>> reason_kind("something new")
    'other'
    """
    for prefix, kind in REASON_KINDS.items():
        if str(reason).startswith(prefix):
            return kind
    return "other"


def flag_reason_counts(flags: pd.DataFrame, language: str) -> pd.DataFrame:
    """Return the number of flagged codes per kind of reason, largest first.

    Examples
    --------
    >>> flags = pd.DataFrame({"reason": ["province-level row: x", "sub-city unit of panel "
    ...     "city 1: y", "sub-city unit of panel city 2: y"]})
    >>> flag_reason_counts(flags, "zh").values.tolist()
    [['面板城市下辖的县区：仅在按县区映射时计入', 2], ['省级行：覆盖该省的面板城市', 1]]
    """
    check_language(language)
    kinds = flags["reason"].map(reason_kind)
    counts = kinds.value_counts(sort=False).rename("codes").rename_axis("reason").reset_index()
    counts = counts.sort_values(["codes", "reason"], ascending=[False, True], kind="stable")
    counts["reason"] = counts["reason"].map(lambda kind: KIND_LABELS[kind][language])
    counts.columns = [_HEADERS[c][language] for c in ("reason", "codes")]
    return counts.reset_index(drop=True)


def flag_list(flags: pd.DataFrame, language: str) -> pd.DataFrame:
    """Return every flagged code: unit name, source file, kind of reason (in ``language``).

    Examples
    --------
    >>> flags = pd.DataFrame({"unit_name": ["浦东新区"], "file": ["plans.csv"],
    ...     "reason": ["sub-city unit of panel city 310000: mapped only with map_districts=True"]})
    >>> flag_list(flags, "en").iloc[0].tolist()[-1]
    'county or district of a panel city: mapped only when districts are mapped'
    """
    check_language(language)
    shown = flags[["unit_name", "file"]].copy()
    shown["reason"] = flags["reason"].map(lambda r: KIND_LABELS[reason_kind(r)][language])
    shown.columns = [_HEADERS[c][language] for c in shown.columns]
    return shown.reset_index(drop=True)
