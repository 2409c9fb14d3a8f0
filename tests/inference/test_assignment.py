"""per_group: one value per group, and the groups where it is not constant."""

from __future__ import annotations

import pandas as pd

from evalkit.inference.assignment import per_group


def test_values_per_group_and_the_first_five_varying_groups():
    groups = pd.Series([f"p{i // 2}" for i in range(16)])
    values = pd.Series([2015, 2015, 0, 0] + [0, 1] * 6)  # p0, p1 constant; p2..p7 vary
    value, varying = per_group(values, groups)
    assert value.loc[["p0", "p1"]].tolist() == [2015, 0]
    assert varying == ["p2", "p3", "p4", "p5", "p6"]  # five at most, in group order
    flags, none = per_group(pd.Series([True, True, False]), pd.Series([1, 1, 2]))
    assert flags.tolist() == [True, False] and none == []
