"""Flagged registry codes counted per kind of reason, named in the report language.

The registry's ``flags`` (:attr:`PlanRegistry.flags`) carry an English reason with the code's
details ("sub-city unit of panel city 320800: mapped only with map_districts=True");
:func:`flag_reason_counts` counts them per kind and :func:`flag_list` lists every flagged code
with its kind named in ``language``, for the folded part of a report. The names of the kinds
are rows of the label catalogue ``evalkit/labels.csv`` (``scoped_value``,
``registry_flags.reason_kind``); the headers are the report's own columns.
"""

from __future__ import annotations

import pandas as pd

from evalkit.i18n import SCOPED_COLUMNS, SCOPED_VALUES, check_language

# reason prefix -> kind; the first matching prefix wins
REASON_KINDS = {
    "province-level row": "province_row",
    "sub-city unit of panel city": "sub_city_unit",
    "valid code outside the panel": "outside_panel",
}
# kind -> its zh/en name: scope ``registry_flags`` of the label catalogue
KIND_LABELS: dict[str, dict[str, str]] = SCOPED_VALUES["registry_flags"]["reason_kind"]
# the headers are the report's columns, linked in evalkit.i18n
_HEADERS: dict[str, dict[str, str]] = SCOPED_COLUMNS["registry_flags"]


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
