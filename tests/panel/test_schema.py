"""Tests of evalkit.panel.schema.check_schema: the panel contract, one rule at a time."""

from __future__ import annotations

import pandas as pd
import pytest

from evalkit.errors import PanelError
from evalkit.panel.schema import PANEL_SCHEMA, check_schema

FIX = "rule: evalkit.panel.schema.PANEL_SCHEMA; fix: build it with evalkit.panel.build()"


def _frame(**changes) -> pd.DataFrame:
    row = {
        "unit_code": "330100", "unit_name": "杭州市", "province_code": "330000", "year": 2015,
        "indicator": "gdp", "value": 1.0, "source": "f.csv:2", "interpolated": False,
        "rounded": False, "break_suspected": False, "conflict": False, "jump": False,
    }  # fmt: skip
    frame = pd.DataFrame([row, {**row, "year": 2016, "value": 2.0}])
    frame = frame.astype({"year": "int64", "value": "float64"})
    for column, value in changes.items():
        frame[column] = value
    return frame


def test_a_valid_frame_passes():
    check_schema(_frame(), "panel")


@pytest.mark.parametrize(
    "changes",
    [
        {"unit_code": "33010"},  # five digits
        {"province_code": "330100"},  # a city code is not a province code
        {"year": 1900},  # out of range
        {"value": "1.0"},  # text, not float64
        {"jump": 0},  # int, not bool
        {"extra": 1},  # strict: no other column
    ],
)
def test_each_broken_rule_raises_one_line_naming_the_frame_and_the_fix(changes):
    with pytest.raises(PanelError) as error:
        check_schema(_frame(**changes), "regional")
    message = str(error.value)
    assert message.startswith("regional: breaks the panel schema (")
    assert message.endswith(FIX)
    assert "\n" not in message


def test_a_repeated_unit_year_indicator_is_refused():
    frame = _frame(year=2015)
    with pytest.raises(PanelError, match=r"^panel: breaks the panel schema"):
        check_schema(frame, "panel")


def test_empty_frame_passes_with_every_column_and_fails_without():
    check_schema(pd.DataFrame(columns=list(PANEL_SCHEMA.columns)), "panel")
    with pytest.raises(PanelError, match=r"^panel: breaks the panel schema"):
        check_schema(pd.DataFrame(columns=["unit_code"]), "panel")
