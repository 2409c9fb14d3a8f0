"""Shared input checks: columns present; one value per group, and where it varies."""

from __future__ import annotations

import pandas as pd
import pytest

from evalkit.errors import EstimationError
from evalkit.inference.checks import per_group, selected_columns


def test_values_per_group_and_the_first_five_varying_groups():
    groups = pd.Series([f"p{i // 2}" for i in range(16)])
    values = pd.Series([2015, 2015, 0, 0] + [0, 1] * 6)  # p0, p1 constant; p2..p7 vary
    value, varying = per_group(values, groups)
    assert value.loc[["p0", "p1"]].tolist() == [2015, 0]
    assert varying == ["p2", "p3", "p4", "p5", "p6"]  # five at most, in group order
    flags, none = per_group(pd.Series([True, True, False]), pd.Series([1, 1, 2]))
    assert flags.tolist() == [True, False] and none == []


def test_selected_columns_keeps_order_drops_repeats_and_names_what_is_missing():
    data = pd.DataFrame({"y": [1.0], "year": [2015], "unit": [1]})
    assert list(selected_columns(data, "y", "unit", None, "y").columns) == ["y", "unit"]
    with pytest.raises(
        EstimationError,
        match=r"'state', 'g' are not columns of the data; columns: \['y', 'year', 'unit'\]",
    ):
        selected_columns(data, "y", "state", "g")
