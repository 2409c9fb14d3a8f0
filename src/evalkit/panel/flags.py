"""Flags that need a whole series: suspected breaks and unflagged interpolation.

* ``break_suspected``: the year-on-year log change of a level series lies far outside the
  series' own variation: ``|dlog - median| > max(BREAK_MIN_LOG, BREAK_SCALE * 1.4826 * MAD)``
  (MAD of the series' year-on-year log changes). The flag sits on the first year of the new
  level (Shanghai employed persons 752 → 351 万人: flag on 2002).
* Unflagged interpolation: four or more consecutive years on one straight line (second
  differences zero to the data's rounding, first differences not zero) are what linear
  interpolation leaves; the interior years get ``interpolated = True`` unless the source
  already flagged them.

* ``jump``: the year-on-year log change of the series exceeds :data:`JUMP_LOG` = log(1.4)
  in absolute value: a rise of more than 40% or a fall of more than 28.6% (the inverse of a
  40% rise) in one year. The threshold is a plausibility bound, the same for every
  indicator: a city's employment, loans, value added or lights do not move by 40% in a year
  except through a change of definition, coverage or sensor, a boundary change, or a data
  error, so a jump is a year to check and to leave out in a robustness row, not a proven
  error. Unlike ``break_suspected`` it does not scale with the series' own noise, so a
  noisy series (urban individual workers: 杭州 205 → 438 in 2018, 宁波 215 → 349 in 2017)
  is flagged as often as it jumps. The flag sits on the later year of the pair.

Shares, growth rates, indices and the pilot batch are not level series; they are skipped
(derived shares and ratios are checked for jumps when passed as ``extra``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

BREAK_MIN_LOG = 0.5
JUMP_LOG = float(np.log(1.4))
BREAK_SCALE = 8.0
NOT_LEVELS = frozenset({"%", "上年=100", "批次"})
LINEAR_TOLERANCE = 0.011


def _series(
    frame: pd.DataFrame, units: dict[str, str], extra: frozenset[str] = frozenset()
) -> pd.DataFrame:
    levels = frame["indicator"].map(units).map(lambda u: u not in NOT_LEVELS)
    levels = levels | frame["indicator"].isin(extra)
    series = frame[levels.astype(bool)].sort_values(["unit_code", "indicator", "year"])
    return series


def suspected_breaks(frame: pd.DataFrame, units: dict[str, str]) -> pd.Series:
    """Return a boolean Series (on ``frame``'s index): rows that start a new level.

    Parameters
    ----------
    frame : pandas.DataFrame
        Long panel rows.
    units : dict
        ``{indicator: canonical unit}``; non-level units are skipped.

    Examples
    --------
    >>> rows = pd.DataFrame({"unit_code": "310000", "indicator": "employed_persons",
    ...     "year": range(1998, 2006),
    ...     "value": [740, 745, 748, 752, 351, 360, 372, 380]})
    >>> suspected_breaks(rows, {"employed_persons": "万人"}).tolist()
    [False, False, False, False, True, False, False, False]
    """
    series = _series(frame, units)
    group = [series["unit_code"], series["indicator"]]
    value = series["value"].where(series["value"] > 0)
    consecutive = (
        series["year"].diff().eq(1)
        & series["unit_code"].eq(series["unit_code"].shift())
        & series["indicator"].eq(series["indicator"].shift())
    )
    change = np.log(value).diff().where(consecutive)
    centre = change.groupby(group).transform("median")
    spread = (change - centre).abs().groupby(group).transform("median") * 1.4826
    threshold = np.maximum(BREAK_MIN_LOG, BREAK_SCALE * spread.fillna(0))
    flagged = ((change - centre).abs() > threshold).fillna(False)
    return flagged.reindex(frame.index, fill_value=False).astype(bool)


def log_changes(
    frame: pd.DataFrame, units: dict[str, str], extra: frozenset[str] = frozenset()
) -> pd.Series:
    """Return the year-on-year log change of each row's series (on ``frame``'s index).

    Missing where the previous year is absent, a value is not positive, or the series is
    not a level (see the module docstring); ``extra`` names non-level series to include.

    Examples
    --------
    >>> rows = pd.DataFrame({"unit_code": "330100", "indicator": "w", "year": [2016, 2017, 2018],
    ...     "value": [100.0, 100.0, 200.0]})
    >>> log_changes(rows, {"w": "万人"}).round(4).tolist()
    [nan, 0.0, 0.6931]
    """
    series = _series(frame, units, extra)
    value = series["value"].where(series["value"] > 0)
    consecutive = (
        series["year"].diff().eq(1)
        & series["unit_code"].eq(series["unit_code"].shift())
        & series["indicator"].eq(series["indicator"].shift())
    )
    change = np.log(value).diff().where(consecutive)
    return change.reindex(frame.index)


def year_on_year_jumps(
    frame: pd.DataFrame,
    units: dict[str, str],
    *,
    threshold: float = JUMP_LOG,
    extra: frozenset[str] = frozenset(),
) -> pd.Series:
    """Return a boolean Series: rows whose log change from the year before exceeds ``threshold``.

    Parameters
    ----------
    frame : pandas.DataFrame
        Long panel rows (``unit_code, indicator, year, value``).
    units : dict
        ``{indicator: canonical unit}``; non-level units are skipped.
    threshold : float
        Absolute log change above which a year is flagged; default :data:`JUMP_LOG`
        (log 1.4: +40% or -28.6%).
    extra : frozenset of str
        Non-level indicators (derived shares and ratios) to check as well.

    Examples
    --------
    >>> rows = pd.DataFrame({"unit_code": "330100", "indicator": "urban_individual_workers",
    ...     "year": [2016, 2017, 2018, 2019], "value": [182.7, 205.3, 438.0, 350.4]})
    >>> year_on_year_jumps(rows, {"urban_individual_workers": "万人"}).tolist()
    [False, False, True, False]
    """
    change = log_changes(frame, units, extra)
    # a change of exactly the threshold (21 -> 15 is 1/1.4) is not beyond it, whatever the
    # rounding of log(a) - log(b)
    return (change.abs() > threshold + 1e-12).fillna(False).astype(bool)


def unflagged_interpolation(frame: pd.DataFrame, units: dict[str, str]) -> pd.Series:
    """Return a boolean Series: interior years of straight-line runs of 4+ years.

    Examples
    --------
    >>> rows = pd.DataFrame({"unit_code": "1", "indicator": "p", "year": range(2000, 2007),
    ...     "value": [10.0, 11.3, 12.0, 13.0, 14.0, 15.0, 15.2]})
    >>> unflagged_interpolation(rows, {"p": "万人"}).tolist()
    [False, False, False, True, True, False, False]
    """
    series = _series(frame, units)
    same = series["unit_code"].eq(series["unit_code"].shift()) & series["indicator"].eq(
        series["indicator"].shift()
    )
    step = series["year"].diff().eq(1) & same
    value = series["value"]
    tolerance = np.maximum(LINEAR_TOLERANCE, 1e-6 * value.abs())
    first = value.diff().where(step)
    second = (first.shift(-1) - first).where(step.shift(-1, fill_value=False))
    straight = (second.abs() <= tolerance) & (first.abs() > tolerance)
    run = straight & (straight.shift(1, fill_value=False) | straight.shift(-1, fill_value=False))
    return run.reindex(frame.index, fill_value=False).astype(bool)
