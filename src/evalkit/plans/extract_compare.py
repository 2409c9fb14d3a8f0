"""Extracted rows against the registry: precision, recall, and every miss and false hit.

Rows match when their match columns agree: for targets ``indicator`` (the registry's English
key, after the keyword table; blank never matches), ``sub_unit``, ``target``, ``unit``,
``qualifier`` and ``horizon``; for reported figures ``indicator``, ``value``, ``unit``,
``qualifier`` and ``year``. Values and units are compared after folding 万/亿 prefixes into the
number (14 万户 = 140000 户, 36 亿元 = 3.6e9 元), to six significant digits. Matching counts
rows as a multiset: a figure printed twice but transcribed once matches once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from evalkit.plans.errors import PlanRegistryError
from evalkit.plans.schema import REPORTED_COLUMNS, TARGET_COLUMNS, read_table

TARGET_MATCH = ("indicator", "sub_unit", "target", "unit", "qualifier", "horizon")
REPORTED_MATCH = ("indicator", "value", "unit", "qualifier", "year")
_PREFIX = {"万": 1e4, "亿": 1e8}


def canonical(value: float, unit: str) -> tuple[float, str]:
    """Fold a 万/亿 prefix of the unit into the value, to six significant digits.

    Examples
    --------
    >>> canonical(14, "万户"), canonical(36, "亿元"), canonical(15, "%")
    ((140000.0, '户'), (3600000000.0, '元'), (15.0, '%'))
    """
    factor = 1.0
    if len(unit) > 1 and unit[0] in _PREFIX:
        factor, unit = _PREFIX[unit[0]], unit[1:]
    return float(f"{float(value) * factor:.6g}"), unit


def _keys(frame: pd.DataFrame, columns: tuple[str, ...]) -> list[tuple]:
    value_column = columns[2] if columns[1] == "sub_unit" else columns[1]
    out = []
    for row in frame.to_dict("records"):
        value, unit = canonical(row[value_column], str(row["unit"]))
        key = []
        for column in columns:
            if column == value_column:
                key.append(value)
            elif column == "unit":
                key.append(unit)
            elif column in ("horizon", "year"):
                key.append(None if pd.isna(row[column]) or row[column] == "" else int(row[column]))
            else:
                key.append(str(row[column]) if not pd.isna(row[column]) else "")
        out.append(tuple(key))
    return out


@dataclass(frozen=True)
class Comparison:
    """Precision and recall of an extraction against the registry, with the rows behind them."""

    precision: float
    recall: float
    n_extracted: int
    n_registry: int
    n_matched: int
    misses: pd.DataFrame
    false_hits: pd.DataFrame
    match_columns: tuple[str, ...]

    def tidy(self) -> pd.DataFrame:
        """Misses and false hits in one frame with a ``status`` and a ``reason`` column."""
        return pd.concat(
            [self.misses.assign(status="miss"), self.false_hits.assign(status="false hit")],
            ignore_index=True,
        )

    def summary(self) -> str:
        """One line with the counts, precision and recall."""
        return (
            f"precision {self.precision:.1%} ({self.n_matched}/{self.n_extracted} extracted rows "
            f"in the registry), recall {self.recall:.1%} ({self.n_matched}/{self.n_registry} "
            f"registry rows extracted); matched on {', '.join(self.match_columns)}"
        )


def _reason(key: tuple, others: list[tuple], columns: tuple[str, ...], other_name: str) -> str:
    """Say how the nearest row on the other side differs (same indicator, or same value)."""
    same_indicator = [o for o in others if o[0] == key[0] and o[0] != ""]
    if len(columns) == 6:
        same_indicator = [o for o in same_indicator if o[1] == key[1]] or same_indicator
    if same_indicator:
        nearest = min(
            same_indicator, key=lambda o: sum(a != b for a, b in zip(o, key, strict=True))
        )
        differs = [
            f"{c} {o!r} vs {k!r}" for c, o, k in zip(columns, nearest, key, strict=True) if o != k
        ]
        return f"{other_name} has this indicator with " + "; ".join(differs)
    value_at = 2 if len(columns) == 6 else 1
    same_value = [
        o for o in others if o[value_at] == key[value_at] and o[value_at + 1] == key[value_at + 1]
    ]
    if same_value:
        return f"{other_name} has this value under indicator {same_value[0][0]!r}"
    if key[0] == "":
        return "no indicator key (the keyword table has no rule for this wording)"
    return f"not in {other_name}"


def compare(
    extracted: pd.DataFrame, registry: pd.DataFrame, match: tuple[str, ...] = TARGET_MATCH
) -> Comparison:
    """Compare extracted rows with registry rows on the match columns.

    Parameters
    ----------
    extracted, registry : pandas.DataFrame
        Frames with the match columns (the registry's ``targets.csv`` or ``reported.csv``
        columns, as read or typed).
    match : tuple of str
        :data:`TARGET_MATCH` or :data:`REPORTED_MATCH`.

    Returns
    -------
    Comparison

    Examples
    --------
    >>> ext = pd.DataFrame({"indicator": ["new_smf", ""], "sub_unit": ["", ""],
    ...     "target": [60000.0, 5.0], "unit": ["家", "个"], "qualifier": ["以上", ""],
    ...     "horizon": [2023, 2023]})
    >>> reg = ext.iloc[:1].assign(target=6.0, unit="万家")
    >>> result = compare(ext, reg)
    >>> result.precision, result.recall
    (0.5, 1.0)
    """
    extracted_keys = _keys(extracted, match)
    registry_keys = _keys(registry, match)
    common = Counter(extracted_keys) & Counter(registry_keys)
    matched = sum(common.values())
    left = common.copy()
    miss_rows, reasons = [], []
    for position, key in enumerate(registry_keys):
        if left[key] > 0:
            left[key] -= 1
            continue
        miss_rows.append(position)
        reasons.append(_reason(key, extracted_keys, match, "the extraction"))
    misses = registry.iloc[miss_rows].reset_index(drop=True).assign(reason=reasons)
    left = common.copy()
    hit_rows, hit_reasons = [], []
    for position, key in enumerate(extracted_keys):
        if left[key] > 0:
            left[key] -= 1
            continue
        hit_rows.append(position)
        hit_reasons.append(_reason(key, registry_keys, match, "the registry"))
    false_hits = extracted.iloc[hit_rows].reset_index(drop=True).assign(reason=hit_reasons)
    return Comparison(
        precision=matched / len(extracted_keys) if extracted_keys else float("nan"),
        recall=matched / len(registry_keys) if registry_keys else float("nan"),
        n_extracted=len(extracted_keys),
        n_registry=len(registry_keys),
        n_matched=matched,
        misses=misses,
        false_hits=false_hits,
        match_columns=match,
    )


def registry_rows(registry_csv: Path, document: Path, plan_id: str = "") -> pd.DataFrame:
    """Return the registry rows of a document: its ``plan_id``, else the rows citing it.

    Parameters
    ----------
    registry_csv : pathlib.Path
        ``targets.csv`` or ``reported.csv`` of a registry folder.
    document : pathlib.Path
        The document extracted; rows whose ``source`` ends with its file name are its rows.
    plan_id : str
        When given (and the file has the column), the rows of that plan instead.

    Raises
    ------
    PlanRegistryError
        If the file is missing, lacks a column, or no row belongs to the document.
    """
    columns = TARGET_COLUMNS if "sub_unit" in _header(registry_csv) else REPORTED_COLUMNS
    frame = read_table(registry_csv, columns)
    if plan_id and columns is TARGET_COLUMNS:
        rows = frame.loc[frame["plan_id"] == plan_id]
        rule = f"plan_id == {plan_id!r}"
    else:
        rows = frame.loc[frame["source"].str.endswith(document.name)]
        rule = f"source ending {document.name!r}"
    if rows.empty:
        raise PlanRegistryError(
            f"{registry_csv.name}: no row with {rule}; rule: --compare needs the registry rows "
            "of this document; fix: pass --plan-id, or cite the file in the source column"
        )
    value = "target" if columns is TARGET_COLUMNS else "value"
    rows = rows.assign(**{value: rows[value].astype(float)})
    return rows.reset_index(drop=True)


def _header(path: Path) -> list[str]:
    if not path.is_file():
        raise PlanRegistryError(
            f"registry file missing: {path}; fix: pass the path of targets.csv or reported.csv"
        )
    with path.open(encoding="utf-8") as handle:
        return handle.readline().strip().split(",")


def comparison_report(result: Comparison, columns: tuple[str, ...]) -> str:
    """Text for the terminal: the summary line, then every miss and false hit with its reason."""
    lines = [result.summary()]
    table = result.tidy()
    if table.empty:
        return lines[0] + "\nno misses, no false hits"
    shown = ["status", "indicator_zh", *[c for c in columns if c in table.columns], "reason"]
    shown = [c for c in shown if c in table.columns]
    with pd.option_context("display.width", 220, "display.max_colwidth", 60):
        lines.append(table[shown].to_string(index=False))
    return "\n".join(lines)
