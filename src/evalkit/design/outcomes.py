"""How a design turns panel indicators into analysis columns: the one place to change it.

Each outcome is transformed as the outcome catalogue says (``data/raw/plans/
outcome_measures.csv``: log level, share, ratio, growth; see :mod:`evalkit.plans.outcomes`).
An indicator the catalogue does not list (e.g. a user's own series) gets its default
transformation: logs for levels, as-is for shares and ratios.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from evalkit.plans.outcomes import outcome_column as _catalogue_column
from evalkit.plans.outcomes import outcome_columns

if TYPE_CHECKING:
    from evalkit.panel import Panel


def outcome_column(outcome: str) -> str:
    """Return the sample column that holds an outcome.

    Examples
    --------
    >>> outcome_column("night_lights"), outcome_column("loans_to_gdp")
    ('log_night_lights', 'loans_to_gdp')
    """
    return _catalogue_column(outcome)


def outcome_frame(panel: Panel, outcomes: Sequence[str]) -> pd.DataFrame:
    """Return ``unit_code, year`` and one analysis column per outcome (catalogue transformation).

    Examples
    --------
    >>> from evalkit.panel import load
    >>> outcome_frame(load(), ["loans", "loans_to_gdp"]).columns.tolist()  # doctest: +SKIP
    ['unit_code', 'year', 'log_loans', 'loans_to_gdp']
    """
    return outcome_columns(panel, list(outcomes))
