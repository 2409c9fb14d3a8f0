"""Common-break test, derived indicators and outcome columns on small frames with known answers."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from evalkit.errors import PanelError
from evalkit.panel import Panel, common_breaks, flagged_unit_years, outcome_columns
from evalkit.panel.breaks import province_mean_changes
from evalkit.panel.derived import derive

PROVINCES = ("310000", "320000", "330000")
FLAGS = dict(interpolated=False, rounded=False, break_suspected=False, conflict=False,
             jump=False)  # fmt: skip


def _lights(shift_year: int | None, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for province in PROVINCES:
        for city in range(3):
            level = 0.0
            for year in range(2010, 2016):
                level += rng.normal(0.05, 0.05) + (0.6 if year == shift_year else 0.0)
                rows.append({"unit_code": f"{province[:2]}{city + 1:02d}00",
                             "province_code": province, "indicator": "x", "year": year,
                             "value": float(np.exp(level)), "unit_name": "c",
                             "source": "t", **FLAGS})  # fmt: skip
    return pd.DataFrame(rows)


def test_a_shift_in_every_province_is_found_and_only_it() -> None:
    test = common_breaks(_lights(2013), "x", provinces=PROVINCES)
    assert test.break_years == [2013]
    assert common_breaks(_lights(None), "x", provinces=PROVINCES).break_years == []


def test_p_value_equals_brute_force_enumeration_of_year_relabellings() -> None:
    frame = _lights(2013, seed=5)
    test = common_breaks(frame, "x", provinces=PROVINCES)
    means = province_mean_changes(frame, "x", PROVINCES)
    for row in test.table.itertuples(index=False):
        if row.statistic <= 0:
            continue
        hits = [
            all(means.loc[year, province] >= row.statistic - 1e-12
                for province, year in zip(PROVINCES, years, strict=True))
            for years in itertools.product(means.index, repeat=len(PROVINCES))
        ]  # fmt: skip
        assert row.p_value == pytest.approx(np.mean(hits), rel=1e-12)


def test_no_consecutive_years_is_an_error() -> None:
    frame = _lights(None)
    with pytest.raises(PanelError, match="has no consecutive years in provinces"):
        common_breaks(frame, "missing", provinces=PROVINCES)


def _rows(values: dict[tuple[str, int], float], **flags: bool) -> list[dict]:
    return [{"unit_code": "330100", "unit_name": "杭州市", "province_code": "330000",
             "indicator": indicator, "year": year, "value": value, "source": "f.csv:2",
             **{**FLAGS, **flags}} for (indicator, year), value in values.items()]  # fmt: skip


def test_derived_values_flags_and_gaps() -> None:
    rows = _rows({("urban_individual_workers", 2017): 200.0, ("employed_persons", 2017): 300.0,
                  ("urban_individual_workers", 2018): 400.0, ("employed_persons", 2018): 300.0,
                  ("urban_individual_workers", 2019): 410.0,
                  ("loans", 2017): 10.0, ("loans", 2018): 12.0})  # fmt: skip
    rows += _rows({("gdp", 2017): 5.0, ("gdp", 2018): 6.0}, conflict=True)
    derived = derive(pd.DataFrame(rows)).set_index(["indicator", "year"])
    assert derived.loc[("individual_worker_share", 2017), "value"] == 40.0
    assert derived.loc[("individual_worker_share", 2018), "value"] == pytest.approx(400 / 7)
    assert ("individual_worker_share", 2019) not in derived.index  # employed persons missing
    # 40 -> 57.1 is a log change of 0.357 > log 1.4: the share's own jump
    assert derived.loc[("individual_worker_share", 2018), "jump"]
    assert derived.loc[("loans_to_gdp", 2017), "value"] == 2.0
    assert derived.loc[("loans_to_gdp", 2018), "conflict"]  # inherited from GDP
    assert not derived.loc[("individual_worker_share", 2017), "conflict"]


def test_outcome_columns_transform_and_name_the_columns() -> None:
    rows = _rows({("loans", 2012): 10.0, ("loans", 2013): 20.0, ("night_lights", 2012): 5.0,
                  ("night_lights", 2013): 8.0, ("share_primary", 2013): 3.5})  # fmt: skip
    panel = Panel(pd.DataFrame(rows))
    columns = outcome_columns(panel, ["loans", "night_lights", "share_primary"])
    assert list(columns.columns) == ["unit_code", "year", "log_loans", "log_night_lights",
                                     "share_primary"]  # fmt: skip
    assert columns["log_loans"].tolist() == [np.log(10.0), np.log(20.0)]
    assert np.isnan(columns["log_night_lights"].iloc[0])  # before the 2013 window
    assert columns["log_night_lights"].iloc[1] == np.log(8.0)
    growth = outcome_columns(panel, ["loans"], transformations={"loans": "growth"})
    assert growth["growth_loans"].iloc[1] == pytest.approx(np.log(2.0))
    unwindowed = outcome_columns(panel, ["night_lights"], windows=False)
    assert unwindowed["log_night_lights"].iloc[0] == np.log(5.0)
    with pytest.raises(PanelError, match=r"transformation\(s\) \{'loans': 'cube'\} unknown"):
        outcome_columns(panel, ["loans"], transformations={"loans": "cube"})
    assert panel.wide(["loans"], log=True)["log_loans"].iloc[1] == np.log(20.0)


def test_flagged_share_counts_unit_years_with_a_flag() -> None:
    rows = _rows({("loans", y): 1.0 for y in range(2010, 2020)})
    frame = pd.DataFrame(rows)
    frame.loc[frame["year"] == 2012, "jump"] = True
    frame.loc[frame["year"] == 2015, "break_suspected"] = True
    frame.loc[frame["year"] == 2019, "jump"] = True  # outside the window
    check = flagged_unit_years(frame, "loans", (2010, 2018))
    assert (check.unit_years, len(check.flagged), check.share) == (9, 2, 2 / 9)
    assert check.warn
    assert check.drop().values.tolist() == [["330100", 2012], ["330100", 2015]]
    assert check.tidy()["flagged"].iloc[0] == 2
    assert not flagged_unit_years(frame, "loans", (2016, 2018)).warn
