"""Tests of evalkit.validate.require_columns: exact one-line messages naming the argument."""

from __future__ import annotations

import pandas as pd
import pytest

from evalkit.errors import EstimationError, PanelError
from evalkit.validate import require_columns

FRAME = pd.DataFrame({"y": [1.0], "year": [2001]})


def test_present_columns_and_skipped_none_pass():
    require_columns(FRAME, {"yname": "y", "tname": "year", "xformla": None})
    require_columns(FRAME, ["y", None])


def test_one_missing_column_names_argument_columns_and_fix():
    with pytest.raises(EstimationError) as error:
        require_columns(FRAME, {"yname": "y", "idname": "unit"})
    assert str(error.value) == (
        "idname='unit' is not a column of the data; columns: ['y', 'year']; fix: pass the "
        "name of an existing column as idname"
    )


def test_several_missing_columns_are_named_together_once_each():
    with pytest.raises(EstimationError) as error:
        require_columns(FRAME, ["unit", "g", "unit"])
    assert str(error.value) == (
        "'unit', 'g' are not columns of the data; columns: ['y', 'year']; fix: pass the names "
        "of existing columns"
    )


def test_not_a_dataframe_and_another_error_class():
    with pytest.raises(PanelError) as error:
        require_columns({"y": [1.0]}, ["y"], error=PanelError)
    assert str(error.value) == (
        "data is a dict; rule: the estimators take a long pandas DataFrame with one row per "
        "unit and period; fix: pass pd.DataFrame(...)"
    )
