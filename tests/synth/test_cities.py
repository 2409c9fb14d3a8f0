import warnings

import numpy as np
import pandas as pd
import pytest

from evalkit.errors import EstimationError
from evalkit.panel import Panel
from evalkit.synth import city_counterfactuals


def small_panel() -> Panel:
    rng = np.random.default_rng(9)
    years = np.arange(2005, 2020)
    units = [("330100", "330000"), ("330200", "330000")] + [
        (f"{p}{i:02d}00", f"{p}0000") for p in ("32", "34") for i in range(1, 6)
    ]
    common = rng.normal(0, 0.05, years.size).cumsum()
    rows = []
    for code, province in units:
        level = rng.normal(5, 0.3)
        path = np.exp(level + common + 0.03 * (years - 2005) + rng.normal(0, 0.01, years.size))
        if code == "330100":
            path = path * np.where(years >= 2016, 1.2, 1.0)
        for year, value in zip(years, path, strict=True):
            if code == "340300" and year == 2010:
                continue  # a donor with a gap: excluded and listed
            rows.append((code, f"city{code}", province, year, "night_lights", value, "test"))
    columns = ["unit_code", "unit_name", "province_code", "year", "indicator", "value", "source"]
    return Panel(pd.DataFrame(rows, columns=columns))


@pytest.fixture(scope="module")
def table():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return city_counterfactuals(
            small_panel(),
            indicators=["night_lights"],
            comparison_provinces=("320000", "340000"),
            start=2016,
            exclude={"320500": "low-carbon pilot"},
        )


def test_one_row_per_city_and_method(table):
    assert table.table[["unit_code", "method"]].values.tolist() == [
        ["330100", "sc"],
        ["330100", "synthdid"],
        ["330200", "sc"],
        ["330200", "synthdid"],
    ]
    assert (table.table["n_donors"] == 8).all()


def test_exclusions_are_listed_per_city(table):
    reasons = table.exclusions[table.exclusions["unit_code"] == "330100"]
    assert dict(zip(reasons["unit"], reasons["reason"], strict=True)) == {
        "320500": "low-carbon pilot",
        "340300": "missing log_night_lights in [2010]",
    }


def test_treated_city_effect_is_found(table):
    hangzhou = table.results[("330100", "night_lights", "synthdid")]
    assert hangzhou.estimate == pytest.approx(np.log(1.2), abs=0.03)
    assert hangzhou.p_value == pytest.approx(1 / 9)
    assert table.tidy().columns.tolist().count("std_error") == 1


def test_unknown_city_is_an_error():
    with pytest.raises(EstimationError, match="cities \\['999999'\\] are not cities of province"):
        city_counterfactuals(
            small_panel(),
            cities=["999999"],
            indicators=["night_lights"],
            comparison_provinces=("320000",),
            start=2016,
        )
