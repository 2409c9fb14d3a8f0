"""How a design turns panel indicators into analysis columns: the one place to change it.

Today every outcome is analysed in natural logs (``log_<indicator>``, non-positive values
missing). The outcome catalogue may replace this with ``evalkit.panel.outcome_columns``; only
these two functions then change.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from evalkit.panel import Panel


def outcome_column(indicator: str) -> str:
    """Return the sample column that holds an indicator's outcome.

    Examples
    --------
    >>> outcome_column("night_lights")
    'log_night_lights'
    """
    return f"log_{indicator}"


def outcome_frame(panel: Panel, indicators: Sequence[str]) -> pd.DataFrame:
    """Return ``unit_code, year`` and one outcome column per indicator (natural logs).

    Examples
    --------
    >>> from evalkit.panel import load
    >>> outcome_frame(load(), ["night_lights"]).columns.tolist()  # doctest: +SKIP
    ['unit_code', 'year', 'log_night_lights']
    """
    return panel.wide(list(indicators), log=True)
