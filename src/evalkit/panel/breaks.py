"""Common series breaks across provinces, and the consistent windows chosen for them.

A city-level jump (:func:`evalkit.panel.flags.year_on_year_jumps`) can be a data error in one
city; a jump in *every* province in the same year is a change of source, definition or
sensor. :func:`common_breaks` tests each year of one indicator:

* ``m[p, t]`` is the mean over the cities of province ``p`` of the log change from ``t - 1``
  to ``t`` (consecutive years with positive values only);
* year ``t`` is a **common break** when ``m[p, t]`` has the same sign in every province and
  ``min_p |m[p, t]|`` exceeds the city jump threshold :data:`evalkit.panel.flags.JUMP_LOG`
  (log 1.4): the average city of every province moved by more than the jump that flags one
  city-year;
* ``p_value`` says how unusual that is: under the hypothesis that no year is special, each
  province's year labels are exchangeable, and the chance that a year drawn independently
  per province has ``sign * m[p, s] >= min |m[p, t]|`` in every province is
  ``prod_p #{s : sign * m[p, s] >= stat} / T_p`` (``T_p`` years with a change): an exact
  probability under independent relabelling, no distributional assumption.

How each registered break is handled is data, in ``series_breaks.csv`` beside this file
(``indicator, break_year, handling, consistent_from, reason``): ``handling = window`` means
the series is used from ``consistent_from`` on (:func:`consistent_window`), which
:func:`evalkit.panel.outcome_columns` applies and the reports state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from evalkit.errors import PanelError
from evalkit.panel.flags import JUMP_LOG
from evalkit.regions import EAST_CHINA

SERIES_BREAKS_PATH = Path(__file__).with_name("series_breaks.csv")
BREAK_COLUMNS = ["indicator", "break_year", "handling", "consistent_from", "reason"]
TEST_COLUMNS = ["year", "provinces", "low", "high", "statistic", "common", "p_value"]


@dataclass(frozen=True)
class CommonBreakTest:
    """The common-break test of one indicator.

    Parameters
    ----------
    indicator : str
        The indicator tested.
    threshold : float
        The absolute province-mean log change every province must pass.
    province_means : pandas.DataFrame
        ``m[p, t]``: years by province code.
    table : pandas.DataFrame
        One row per year (:data:`TEST_COLUMNS`): provinces with a change, the lowest and
        highest province mean, the statistic (``sign * min |m|``, 0 when signs differ),
        whether the year is a common break, and its p-value.
    """

    indicator: str
    threshold: float
    province_means: pd.DataFrame = field(repr=False)
    table: pd.DataFrame = field(repr=False)

    @property
    def break_years(self) -> list[int]:
        """Years that are common breaks."""
        return [int(y) for y in self.table.loc[self.table["common"], "year"]]

    def volatility(self, year: int) -> tuple[float, float]:
        """Return the mean absolute province-mean log change before ``year`` and after it."""
        means = self.province_means.abs()
        before = means[means.index < year].stack().mean()
        after = means[means.index > year].stack().mean()
        return float(before), float(after)

    def tidy(self) -> pd.DataFrame:
        """Return the per-year table with the indicator and the threshold."""
        out = self.table.copy()
        out.insert(0, "indicator", self.indicator)
        out["threshold"] = self.threshold
        return out


def province_mean_changes(frame: pd.DataFrame, indicator: str, provinces) -> pd.DataFrame:
    """Return the province-mean year-on-year log change (years by province).

    Examples
    --------
    >>> rows = pd.DataFrame({"unit_code": ["1", "1", "2", "2"], "province_code": "330000",
    ...     "indicator": "x", "year": [2012, 2013, 2012, 2013], "value": [1.0, 2.0, 1.0, 4.0]})
    >>> province_mean_changes(rows, "x", ["330000"]).round(4).to_dict()
    {'330000': {2013: 1.0397}}
    """
    rows = frame[(frame["indicator"] == indicator) & frame["province_code"].isin(provinces)]
    rows = rows.sort_values(["unit_code", "year"])
    logged = np.log(rows["value"].where(rows["value"] > 0))
    same = rows["unit_code"].eq(rows["unit_code"].shift()) & rows["year"].diff().eq(1)
    change = logged.diff().where(same)
    means = change.groupby([rows["year"], rows["province_code"]]).mean().unstack()
    means = means.dropna(how="all")
    means.columns.name = None
    means.index.name = None
    return means


def _p_value(means: pd.DataFrame, statistic: float) -> float:
    if statistic == 0:
        return 1.0
    sign = np.sign(statistic)
    probability = 1.0
    for province in means.columns:
        column = means[province].dropna() * sign
        probability *= float((column >= abs(statistic) - 1e-12).sum()) / len(column)
    return probability


def common_breaks(
    frame: pd.DataFrame,
    indicator: str,
    *,
    provinces: tuple[str, ...] = EAST_CHINA,
    threshold: float = JUMP_LOG,
) -> CommonBreakTest:
    """Test every year of ``indicator`` for a break common to all ``provinces``.

    Parameters
    ----------
    frame : pandas.DataFrame
        Long panel rows (``panel.frame``).
    indicator : str
        The indicator.
    provinces : tuple of str
        Province codes; default the six East China provinces.
    threshold : float
        Minimum absolute province-mean log change; default log(1.4).

    Returns
    -------
    CommonBreakTest
        Per-year statistics, p-values and the break years.

    Raises
    ------
    PanelError
        If no province has two consecutive years of the indicator.

    Examples
    --------
    >>> test = common_breaks(load().frame, "night_lights")  # doctest: +SKIP
    >>> test.break_years  # doctest: +SKIP
    [2013]
    """
    means = province_mean_changes(frame, indicator, provinces)
    if means.empty:
        raise PanelError(
            f"panel: indicator {indicator!r} has no consecutive years in provinces "
            f"{list(provinces)}; rule: a break test needs year-on-year changes; fix: check the "
            "indicator id and the provinces"
        )
    rows = []
    for year, values in means.iterrows():
        values = values.dropna()
        same_sign = len(values) and (np.all(values > 0) or np.all(values < 0))
        statistic = float(np.sign(values.iloc[0]) * values.abs().min()) if same_sign else 0.0
        common = bool(same_sign and len(values) == means.shape[1] and abs(statistic) > threshold)
        rows.append({
            "year": int(year), "provinces": len(values), "low": float(values.min()),
            "high": float(values.max()), "statistic": statistic, "common": common,
            "p_value": _p_value(means, statistic),
        })  # fmt: skip
    return CommonBreakTest(indicator, threshold, means, pd.DataFrame(rows, columns=TEST_COLUMNS))


@cache
def _registered() -> pd.DataFrame:
    book = pd.read_csv(SERIES_BREAKS_PATH, dtype=str, keep_default_na=False)
    for column in ("break_year", "consistent_from"):
        book[column] = book[column].astype(int)
    return book


def series_breaks() -> pd.DataFrame:
    """Return the registered breaks and how each is handled (``series_breaks.csv``).

    Examples
    --------
    >>> series_breaks().set_index("indicator").loc["night_lights", "consistent_from"]
    np.int64(2013)
    """
    return _registered().copy()


def consistent_window(indicator: str) -> int | None:
    """Return the first year of ``indicator``'s consistent window, or None if it has no break.

    Examples
    --------
    >>> consistent_window("night_lights"), consistent_window("loans")
    (2013, None)
    """
    book = _registered()
    rows = book[(book["indicator"] == indicator) & (book["handling"] == "window")]
    return int(rows["consistent_from"].max()) if len(rows) else None
