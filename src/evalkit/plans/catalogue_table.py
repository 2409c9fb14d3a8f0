"""The outcome catalogue as a reader sees it: target -> proxy -> sign -> years (zh/en).

:func:`catalogue_table` names every part of :func:`evalkit.plans.outcomes.outcome_catalogue`
in a report language (targets by their wording or English name, proxies by the panel
codebook's label, the sign in words); :func:`catalogue_markdown` is the README's table, written
by ``scripts/outcome_catalogue.py``. Its zh/en texts are rows of the label catalogue
``evalkit/labels.csv``, scope ``outcome_catalogue`` (:mod:`evalkit.i18n`).
"""

from __future__ import annotations

import pandas as pd

from evalkit.i18n import (
    SCOPED_COLUMNS,
    SCOPED_TEXT,
    SCOPED_VALUES,
    check_language,
    target_label,
)
from evalkit.panel import indicator_label
from evalkit.plans.outcomes import NEEDS_ADMIN, outcome_catalogue

CATALOGUE_TABLE_COLUMNS = ("target", "proxy", "transformation", "sign", "years", "status")
# the texts: scope ``outcome_catalogue`` of the label catalogue (headers, values)
_HEADERS: dict[str, dict[str, str]] = SCOPED_COLUMNS["outcome_catalogue"]
_TRANSFORMATIONS: dict[str, dict[str, str]] = SCOPED_VALUES["outcome_catalogue"]["transformation"]
_SIGNS = {int(sign): words for sign, words in SCOPED_VALUES["outcome_catalogue"]["sign"].items()}
_STATUS: dict[str, dict[str, str]] = SCOPED_VALUES["outcome_catalogue"]["status"]
_SEPARATOR: dict[str, str] = SCOPED_TEXT["punctuation"]["list_separator"]


def _transformations(text: str, language: str) -> str:
    words = []
    for part in str(text).split(";"):
        word = part.split(":")[-1].strip()
        words.append(_TRANSFORMATIONS.get(word, {}).get(language, word))
    return _SEPARATOR[language].join(dict.fromkeys(words))


def catalogue_table(panel, language: str, *, catalogue: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the outcome catalogue, one row per target indicator, named in ``language``.

    Columns are :data:`CATALOGUE_TABLE_COLUMNS` headed in ``language``; proxied targets come
    first. A target with no panel proxy has ``status`` "needs administrative data" and dashes.

    Examples
    --------
    >>> catalogue = pd.DataFrame({"indicator": ["new_smf_loans", "new_smf"],
    ...     "indicator_zh": ["新增小微企业贷款", "新增小微企业"], "proxies": ["loans", ""],
    ...     "transformation": ["loans: log", ""], "expected_sign": [1, pd.NA],
    ...     "years": ["2003-2023", ""], "status": ["proxy", NEEDS_ADMIN]})
    >>> table = catalogue_table(None, "zh", catalogue=catalogue)
    >>> table.iloc[0, [0, 2, 3, 4]].tolist()
    ['新增小微企业贷款', '对数', '上升（+1）', '2003-2023']
    >>> table.iloc[1, -1]
    '需要行政数据'
    """
    check_language(language)
    frame = outcome_catalogue(panel) if catalogue is None else catalogue
    rows = []
    for row in frame.itertuples(index=False):
        proxied = row.status != NEEDS_ADMIN
        transformation = _transformations(row.transformation, language) if proxied else "—"
        proxies = [p for p in str(row.proxies).split(";") if p] if proxied else []
        rows.append(
            {
                "target": target_label(row.indicator, row.indicator_zh, language),
                "proxy": _SEPARATOR[language].join(indicator_label(p, language) for p in proxies)
                or "—",
                "transformation": transformation if proxied else "—",
                "sign": _SIGNS[int(row.expected_sign)][language] if proxied else "—",
                "years": _SEPARATOR[language].join(dict.fromkeys(str(row.years).split("; ")))
                if proxied
                else "—",
                "status": _STATUS.get(row.status, {}).get(language, row.status),
                "_order": 0 if proxied else 1,
            }
        )
    table = pd.DataFrame(rows, columns=[*CATALOGUE_TABLE_COLUMNS, "_order"])
    table = table.sort_values("_order", kind="stable").drop(columns="_order")
    table.columns = [_HEADERS[column][language] for column in CATALOGUE_TABLE_COLUMNS]
    return table.reset_index(drop=True)


def catalogue_markdown(panel, *, catalogue: pd.DataFrame | None = None) -> str:
    """Return the README's catalogue: a markdown table of the proxied targets, then the rest.

    Examples
    --------
    >>> catalogue = pd.DataFrame({"indicator": ["new_smf_loans"],
    ...     "indicator_zh": ["新增小微企业贷款"], "proxies": ["loans"],
    ...     "transformation": ["loans: log"], "expected_sign": [1],
    ...     "years": ["2003-2023"], "status": ["proxy"]})
    >>> print(catalogue_markdown(None, catalogue=catalogue).splitlines()[2])
    | new loans to small and micro firms (新增小微企业贷款) | Year-end loans of financial institutions (亿元) | log level | up (+1) | 2003-2023 |
    """  # noqa: E501
    frame = outcome_catalogue(panel) if catalogue is None else catalogue
    en = catalogue_table(panel, "en", catalogue=frame)
    zh_names = [target_label(i, w, "zh") for i, w in zip(frame["indicator"], frame["indicator_zh"],
                                                         strict=True)]  # fmt: skip
    order = [0 if s != NEEDS_ADMIN else 1 for s in frame["status"]]
    zh_names = [name for _, name in sorted(zip(order, zh_names, strict=True), key=lambda x: x[0])]
    en.iloc[:, 0] = [f"{name} ({zh})" for name, zh in zip(en.iloc[:, 0], zh_names, strict=True)]
    proxied = en.loc[en.iloc[:, -1] != NEEDS_ADMIN].iloc[:, :-1]
    needs = en.loc[en.iloc[:, -1] == NEEDS_ADMIN].iloc[:, 0]
    headers = [_HEADERS[column]["en"] for column in CATALOGUE_TABLE_COLUMNS[:-1]]
    lines = [
        "| " + " | ".join(headers) + " |",
        "|---|---|---|---|---|",
        *("| " + " | ".join(str(v) for v in row) + " |" for row in proxied.itertuples(index=False)),
    ]
    if len(needs):
        lines += [
            "",
            f"{len(needs)} further targets have no panel proxy ({NEEDS_ADMIN}):",
            "",
            "; ".join(needs) + ".",
        ]
    return "\n".join(lines)
