"""Tests of evalkit.panel.derived: formulas, values, flags and provenance of derived rows.

The values are checked against the definitions in ``derived.csv`` worked by hand:
``individual_worker_share = 100 * uiw / (uiw + employed)`` and ``loans_to_gdp = loans / gdp``.
"""

from __future__ import annotations

import pandas as pd
import pytest

from evalkit.errors import PanelError
from evalkit.panel.codebook import DERIVED_PATH
from evalkit.panel.derived import derive, derived_indicators, formula

FLAGS = dict(interpolated=False, rounded=False, break_suspected=False, conflict=False,
             jump=False)  # fmt: skip


def _rows(values: dict[tuple[str, str, int], float], **flags: bool) -> list[dict]:
    return [
        {"unit_code": unit, "unit_name": "c", "province_code": unit[:2] + "0000",
         "indicator": indicator, "year": year, "value": value, "source": "f.csv:2",
         **{**FLAGS, **flags}}
        for (unit, indicator, year), value in values.items()
    ]  # fmt: skip


def _base() -> list[dict]:
    return _rows(
        {
            ("330100", "urban_individual_workers", 2018): 438.0,
            ("330100", "employed_persons", 2018): 279.2,
            ("330100", "loans", 2018): 40000.0,
            ("330100", "gdp", 2018): 13500.0,
            ("330200", "urban_individual_workers", 2018): 0.0,
            ("330200", "employed_persons", 2018): 0.0,  # zero denominator: no share
            ("330200", "loans", 2018): 1.0,
            ("330200", "gdp", 2018): 4.0,
        }
    )


def test_formula_text_with_and_without_scale_and_sum():
    spec = pd.Series({"numerator": "a", "denominator": "b+c+d", "scale": 100.0})
    assert formula(spec) == "100 * a / (b + c + d)"
    assert formula(pd.Series({"numerator": "a", "denominator": "b", "scale": 1.0})) == "a / b"
    assert formula(pd.Series({"numerator": "a", "denominator": "b", "scale": 0.5})) == (
        "0.5 * a / b"
    )


def test_derived_indicators_are_the_ids_of_derived_csv():
    assert derived_indicators() == pd.read_csv(DERIVED_PATH)["id"].tolist()


def test_values_by_hand_and_zero_denominators_left_out():
    derived = derive(pd.DataFrame(_base())).set_index(["unit_code", "indicator"])
    assert derived.loc[("330100", "individual_worker_share"), "value"] == pytest.approx(
        100 * 438.0 / (438.0 + 279.2)
    )
    assert derived.loc[("330100", "loans_to_gdp"), "value"] == pytest.approx(40000 / 13500)
    assert derived.loc[("330200", "loans_to_gdp"), "value"] == 0.25
    assert ("330200", "individual_worker_share") not in derived.index
    assert derived["value"].dtype == "float64"


def test_each_row_says_how_it_was_made():
    derived = derive(pd.DataFrame(_base())).set_index(["unit_code", "indicator"])
    assert derived.loc[("330100", "loans_to_gdp"), "source"] == (
        "derived:loans_to_gdp = loans / gdp"
    )
    assert derived.loc[("330100", "individual_worker_share"), "source"] == (
        "derived:individual_worker_share = 100 * urban_individual_workers / "
        "(urban_individual_workers + employed_persons)"
    )


@pytest.mark.parametrize("flag", ["interpolated", "rounded", "break_suspected", "conflict"])
def test_a_flag_on_any_input_year_flags_the_derived_year_only(flag):
    rows = _base()
    for row in rows:
        if row["unit_code"] == "330100" and row["indicator"] == "employed_persons":
            row[flag] = True
    derived = derive(pd.DataFrame(rows)).set_index(["unit_code", "indicator"])
    assert derived.loc[("330100", "individual_worker_share"), flag]
    assert not derived.loc[("330100", "loans_to_gdp"), flag]
    assert not derived.loc[("330200", "loans_to_gdp"), flag]


def test_a_missing_input_indicator_names_it_and_the_file_to_fix():
    rows = [r for r in _base() if r["indicator"] != "gdp"]
    with pytest.raises(PanelError) as error:
        derive(pd.DataFrame(rows))
    assert str(error.value) == (
        "derived.csv: indicator 'loans_to_gdp' needs ['gdp'], which the panel lacks; rule: a "
        "derived indicator is built from panel indicators; fix: correct numerator/denominator "
        "in src/evalkit/panel/derived.csv"
    )


def _city_rows(values: dict[tuple[str, int], float], **flags: bool) -> list[dict]:
    """Long rows of 杭州 (one unit) from ``{(indicator, year): value}``."""
    return [{"unit_code": "330100", "unit_name": "杭州市", "province_code": "330000",
             "indicator": indicator, "year": year, "value": value, "source": "f.csv:2",
             **{**FLAGS, **flags}} for (indicator, year), value in values.items()]  # fmt: skip


def test_derived_values_flags_and_gaps() -> None:
    rows = _city_rows({("urban_individual_workers", 2017): 200.0, ("employed_persons", 2017): 300.0,
                  ("urban_individual_workers", 2018): 400.0, ("employed_persons", 2018): 300.0,
                  ("urban_individual_workers", 2019): 410.0,
                  ("loans", 2017): 10.0, ("loans", 2018): 12.0})  # fmt: skip
    rows += _city_rows({("gdp", 2017): 5.0, ("gdp", 2018): 6.0}, conflict=True)
    derived = derive(pd.DataFrame(rows)).set_index(["indicator", "year"])
    assert derived.loc[("individual_worker_share", 2017), "value"] == 40.0
    assert derived.loc[("individual_worker_share", 2018), "value"] == pytest.approx(400 / 7)
    assert ("individual_worker_share", 2019) not in derived.index  # employed persons missing
    # 40 -> 57.1 is a log change of 0.357 > log 1.4: the share's own jump
    assert derived.loc[("individual_worker_share", 2018), "jump"]
    assert derived.loc[("loans_to_gdp", 2017), "value"] == 2.0
    assert derived.loc[("loans_to_gdp", 2018), "conflict"]  # inherited from GDP
    assert not derived.loc[("individual_worker_share", 2017), "conflict"]
