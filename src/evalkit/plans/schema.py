"""Columns and allowed values of the registry files, and their one-time validation."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd

from evalkit.plans.errors import PlanRegistryError

PLAN_COLUMNS = (
    "plan_id", "programme", "level", "unit_code", "unit_name", "round", "issued",
    "period_start", "period_end", "doc_number", "source", "membership", "note",
)  # fmt: skip
TARGET_COLUMNS = (
    "plan_id", "indicator", "indicator_zh", "sub_unit", "target", "unit", "target_type",
    "horizon", "qualifier", "lead_department", "source", "note",
)  # fmt: skip
REPORTED_COLUMNS = (
    "unit_code", "unit_name", "year", "as_of", "indicator", "indicator_zh", "value", "unit",
    "qualifier", "province_rank", "rank_basis", "plan_id", "source", "reliability", "note",
)  # fmt: skip
UNIT_COLUMNS = ("unit_code", "unit_name", "level", "parent_code", "source")

LEVELS = frozenset({"province", "city", "county", "district"})
MEMBERSHIPS = frozenset({"confirmed", "inferred", "incomplete-batch"})
QUALIFIERS = frozenset({"", "以上", "左右", "不低于", "达到", "超过", "不少于"})
TARGET_TYPES = frozenset({"cumulative", "annual_growth", "share", "stock", "annual", "change_pp"})
RELIABILITIES = frozenset({"reported", "doubtful-year"})
_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def read_table(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    """Read one registry CSV as strings and check its header.

    Raises
    ------
    PlanRegistryError
        If the file is missing or lacks a column; the message names the file and columns.
    """
    if not path.is_file():
        raise PlanRegistryError(
            f"registry file missing: {path}; rule: a registry folder holds plans.csv, "
            "targets.csv, reported.csv and units.csv; fix: pass the folder that has them"
        )
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise PlanRegistryError(
            f"{path.name}: missing column(s) {missing}; rule: the file has columns "
            f"{list(columns)} (see the README.md beside it); fix: add the column(s)"
        )
    return frame[list(columns)].copy()


def parse_partial_date(text: str, *, where: str) -> date | None:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (blank gives None) to its first day.

    Examples
    --------
    >>> parse_partial_date("2015-06", where="x"), parse_partial_date("", where="x")
    (datetime.date(2015, 6, 1), None)
    """
    if text == "":
        return None
    match = _PARTIAL_DATE.fullmatch(text)
    try:
        if match is None:
            raise ValueError(text)
        year, month, day = match.groups()
        return date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise PlanRegistryError(
            f"{where}: date {text!r} does not parse; rule: dates are YYYY, YYYY-MM or "
            "YYYY-MM-DD (only the precision the source gives); fix: correct the date"
        ) from None


def parse_number(text: str, *, where: str, integer: bool = False, blank_ok: bool = False):
    """Parse a number (or a year when ``integer``); blank gives None only when allowed."""
    if text == "" and blank_ok:
        return None
    try:
        value = float(text)
        if integer and not value.is_integer():
            raise ValueError(text)
    except ValueError:
        kind = "an integer year" if integer else "a number"
        raise PlanRegistryError(
            f"{where}: {text!r} is not {kind}; fix: write {kind} without units or commas"
        ) from None
    return int(value) if integer else value


def check_allowed(frame: pd.DataFrame, column: str, allowed: frozenset[str], file: str) -> None:
    """Raise if a column holds a value outside its allowed set, naming the row and the set."""
    bad = frame.loc[~frame[column].isin(allowed), column]
    if len(bad):
        row = int(bad.index[0]) + 2
        raise PlanRegistryError(
            f"{file} line {row}: {column}={bad.iloc[0]!r} is not allowed; rule: {column} is one "
            f"of {sorted(allowed)}; fix: use one of these values"
        )


def check_code_format(frame: pd.DataFrame, file: str, label: str) -> None:
    """Raise if a unit_code is not six digits, naming the row's label."""
    bad = frame.loc[~frame["unit_code"].str.fullmatch(r"\d{6}")]
    if len(bad):
        raise PlanRegistryError(
            f"{file}: {label}={bad.iloc[0][label]!r} has unit_code {bad.iloc[0]['unit_code']!r}; "
            "rule: unit codes are 6-digit administrative codes; fix: write the 6-digit code"
        )
