from __future__ import annotations

import numpy as np
import pandas as pd

from evalkit.panel.flags import suspected_breaks, unflagged_interpolation

UNITS = {"employed_persons": "万人", "gdp_growth": "%"}


def _series(values: list[float], indicator: str = "employed_persons") -> pd.DataFrame:
    years = range(1995, 1995 + len(values))
    return pd.DataFrame({"unit_code": "310000", "indicator": indicator, "year": years,
                         "value": values})  # fmt: skip


def test_level_shift_is_flagged_on_the_first_year_of_the_new_level() -> None:
    rng = np.random.default_rng(3)
    smooth = list(700 * np.exp(np.cumsum(rng.normal(0.01, 0.01, 7))))
    values = [*smooth, 351.0, 356.0, 362.0, 370.0]
    flagged = suspected_breaks(_series(values), UNITS)
    assert flagged.tolist() == [False] * 7 + [True, False, False, False]


def test_noisy_series_without_a_shift_is_not_flagged() -> None:
    rng = np.random.default_rng(4)
    values = list(50 * np.exp(np.cumsum(rng.normal(0.0, 0.15, 20))))
    assert not suspected_breaks(_series(values), UNITS).any()


def test_rates_are_not_level_series() -> None:
    frame = _series([8.0, 8.0, 1.0, 9.0], indicator="gdp_growth")
    assert not suspected_breaks(frame, UNITS).any()


def test_straight_line_runs_are_flagged_but_constant_runs_are_not() -> None:
    line = _series([10.0, 11.3, 12.0, 13.0, 14.0, 15.0, 15.2, 15.2, 15.2, 15.2])
    expected = [False, False, False, True, True, False, False, False, False, False]
    assert unflagged_interpolation(line, UNITS).tolist() == expected


def test_a_gap_in_years_breaks_a_run() -> None:
    frame = _series([1.0, 2.0, 3.0, 4.0, 5.0])
    frame.loc[2:, "year"] += 1
    assert not unflagged_interpolation(frame, UNITS).any()


def test_jumps_are_flagged_beyond_40_percent_either_way_and_not_at_it() -> None:
    from evalkit.panel.flags import JUMP_LOG, year_on_year_jumps

    assert JUMP_LOG == np.log(1.4)
    values = [100.0, 141.0, 100.0, 71.0, 100.0, 140.0, 100.0]
    # +41% jump, -29.1% (beyond 1/1.4), +40.8%, exactly +40% and exactly -28.57%: not beyond
    flagged = year_on_year_jumps(_series(values), UNITS)
    assert flagged.tolist() == [False, True, True, True, True, False, False]


def test_jumps_skip_rates_unless_named_and_need_consecutive_years() -> None:
    from evalkit.panel.flags import year_on_year_jumps

    rates = _series([8.0, 2.0, 9.0], indicator="gdp_growth")
    assert not year_on_year_jumps(rates, UNITS).any()
    assert year_on_year_jumps(rates, UNITS, extra=frozenset({"gdp_growth"})).tolist() == [
        False, True, True]  # fmt: skip
    gap = _series([10.0, 30.0])
    gap.loc[1, "year"] += 1
    assert not year_on_year_jumps(gap, UNITS).any()
