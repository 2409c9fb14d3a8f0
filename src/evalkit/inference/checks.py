"""Input checks shared by the inference methods: columns present, assignment constant in groups."""

from __future__ import annotations

import pandas as pd

from evalkit.validate import require_columns


def selected_columns(data: pd.DataFrame, *columns: str | None) -> pd.DataFrame:
    """Return ``data`` restricted to ``columns`` (duplicates and None dropped), all present.

    Raises
    ------
    EstimationError
        Naming the missing columns, the columns there are and the fix.

    Examples
    --------
    >>> list(selected_columns(pd.DataFrame({"y": [1], "t": [2]}), "y", None, "y").columns)
    ['y']
    """
    wanted = [c for c in dict.fromkeys(columns) if c is not None]
    require_columns(data, wanted)
    return data[wanted]


def per_group(values: pd.Series, groups: pd.Series) -> tuple[pd.Series, list]:
    """Return each group's value and the groups (up to five) in which it is not constant.

    Parameters
    ----------
    values : pandas.Series
        A column that should be constant within groups (adoption year, treated flag).
    groups : pandas.Series
        Group labels, aligned with ``values``.

    Returns
    -------
    (pandas.Series, list)
        The smallest value per group (sorted by group) and the first five groups where
        values differ; the caller raises with its own rule and fix when the list is not empty.

    Examples
    --------
    >>> value, varying = per_group(pd.Series([1, 1, 2, 3]), pd.Series(["a", "a", "b", "b"]))
    >>> value.tolist(), varying
    ([1, 2], ['b'])
    """
    spread = values.groupby(groups, sort=True).agg(["min", "max"])
    return spread["min"], spread.index[spread["min"] != spread["max"]][:5].tolist()
