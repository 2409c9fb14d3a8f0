"""Analysis columns: panel indicators transformed the way an outcome is estimated.

:func:`outcome_columns` is what the designs call instead of ``panel.wide(outcomes, log=True)``:
each outcome gets its transformation (``log`` for levels, the value itself for shares and
ratios, ``growth`` for year-on-year log change) and, where ``series_breaks.csv`` registers a
break handled by a window, only the years of the consistent window.
"""

from __future__ import annotations

import warnings
from typing import Literal

import numpy as np
import pandas as pd

from evalkit.errors import PanelError
from evalkit.panel.breaks import consistent_window
from evalkit.panel.codebook import canonical_units, derived_codebook
from evalkit.panel.container import Panel

Transformation = Literal["log", "share", "ratio", "level", "growth"]
TRANSFORMATIONS = ("log", "share", "ratio", "level", "growth")
_UNLOGGED = frozenset({"%", "上年=100", "批次"})


def default_transformation(indicator: str) -> Transformation:
    """Return how an indicator is used as an outcome when nothing else is said.

    Derived shares and ratios, and indicators in %, are used as they are; every other
    indicator (a level: 万人, 亿元, DN, or a user's count) in logs.

    Examples
    --------
    >>> default_transformation("loans"), default_transformation("individual_worker_share")
    ('log', 'share')
    """
    kinds = derived_codebook().set_index("id")["kind"].to_dict()
    if indicator in kinds:
        return kinds[indicator]
    return "level" if canonical_units().get(indicator) in _UNLOGGED else "log"


def column_name(indicator: str, transformation: Transformation) -> str:
    """Return the analysis column of an indicator: ``log_<id>``, ``growth_<id>`` or ``<id>``.

    Examples
    --------
    >>> column_name("loans", "log"), column_name("loans_to_gdp", "ratio")
    ('log_loans', 'loans_to_gdp')
    """
    if transformation in ("log", "growth"):
        return f"{transformation}_{indicator}"
    return indicator


def outcome_columns(
    panel: Panel,
    outcomes: list[str] | tuple[str, ...],
    *,
    transformations: dict[str, Transformation] | None = None,
    windows: bool = True,
) -> pd.DataFrame:
    """Return one row per unit-year with each outcome transformed for estimation.

    Parameters
    ----------
    panel : Panel
        The validated panel (raw, derived and user indicators).
    outcomes : sequence of str
        Indicator ids.
    transformations : dict, optional
        ``{indicator: "log" | "share" | "ratio" | "level" | "growth"}``; indicators not
        named get :func:`default_transformation` (the outcome catalogue passes its own).
    windows : bool
        If true (default), an indicator with a break handled by a window
        (``series_breaks.csv``: night lights from 2013) is missing before the window.

    Returns
    -------
    pandas.DataFrame
        ``unit_code, year`` and one column per outcome (:func:`column_name`). Values that
        cannot be logged (not positive) are missing, with a warning that counts them.

    Raises
    ------
    PanelError
        If an outcome is not in the panel or a transformation is unknown.

    Examples
    --------
    >>> columns = outcome_columns(load(), ["loans", "loans_to_gdp"])  # doctest: +SKIP
    >>> list(columns.columns)  # doctest: +SKIP
    ['unit_code', 'year', 'log_loans', 'loans_to_gdp']
    """
    transformations = dict(transformations or {})
    chosen = {o: transformations.get(o, default_transformation(o)) for o in outcomes}
    unknown = {o: t for o, t in chosen.items() if t not in TRANSFORMATIONS}
    if unknown:
        raise PanelError(
            f"outcome_columns: transformation(s) {unknown} unknown; rule: one of "
            f"{list(TRANSFORMATIONS)}; fix: correct the outcome catalogue"
        )
    wide = panel.wide(list(dict.fromkeys(outcomes))).sort_values(["unit_code", "year"])
    out = wide[["unit_code", "year"]].copy()
    for outcome, transformation in chosen.items():
        values = wide[outcome]
        if windows and (first := consistent_window(outcome)) is not None:
            values = values.where(wide["year"] >= first)
        if transformation in ("log", "growth"):
            positive = values > 0
            bad = int((values.notna() & ~positive).sum())
            if bad:
                warnings.warn(
                    f"{outcome}: {bad} non-positive value(s) cannot be logged and are "
                    "treated as missing",
                    stacklevel=2,
                )
            values = np.log(values.where(positive))
        if transformation == "growth":
            previous = wide.groupby("unit_code")["year"].shift()
            values = (values - values.groupby(wide["unit_code"]).shift()).where(
                wide["year"] - previous == 1
            )
        out[column_name(outcome, transformation)] = values.to_numpy()
    return out.reset_index(drop=True)
