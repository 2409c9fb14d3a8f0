"""The one check that the columns an estimator is told to use exist in its data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from evalkit.errors import EstimationError


def require_columns(
    data: pd.DataFrame,
    columns: Mapping[str, str | None] | Sequence[str | None],
    *,
    error: type[Exception] = EstimationError,
) -> None:
    """Raise when ``data`` is not a DataFrame or lacks a named column; ``None`` names are skipped.

    Parameters
    ----------
    data : pandas.DataFrame
        The estimator's input.
    columns : mapping or sequence
        Argument name -> column (``{"yname": "lemp"}``), so the message names the argument
        to fix; or bare column names.
    error : type
        The :class:`~evalkit.errors.EvalkitError` subclass to raise.

    Raises
    ------
    EstimationError
        One line naming every missing column (with its argument), the columns there are
        and the fix.

    Examples
    --------
    >>> frame = pd.DataFrame({"y": [1.0], "year": [2001]})
    >>> require_columns(frame, {"yname": "y", "tname": "year", "clustervars": None})
    >>> require_columns(frame, {"yname": "y", "idname": "unit"})
    Traceback (most recent call last):
    ...
    evalkit.errors.EstimationError: idname='unit' is not a column of the data; columns: ['y', 'year']; fix: pass the name of an existing column as idname
    """  # noqa: E501
    if not isinstance(data, pd.DataFrame):
        raise error(
            f"data is a {type(data).__name__}; rule: the estimators take a long pandas "
            "DataFrame with one row per unit and period; fix: pass pd.DataFrame(...)"
        )
    roles = columns.items() if isinstance(columns, Mapping) else [(None, c) for c in columns]
    missing = [
        (role, column)
        for role, column in dict.fromkeys(roles)
        if column is not None and column not in data.columns
    ]
    if not missing:
        return
    labels = [f"{role}={column!r}" if role else repr(column) for role, column in missing]
    present = list(data.columns)
    if len(missing) == 1:
        role = missing[0][0]
        raise error(
            f"{labels[0]} is not a column of the data; columns: {present}; fix: pass the name "
            f"of an existing column{f' as {role}' if role else ''}"
        )
    raise error(
        f"{', '.join(labels)} are not columns of the data; columns: {present}; fix: pass the "
        "names of existing columns"
    )


__all__ = ["require_columns"]
