"""Administrative tier of each city: municipality, sub-provincial city, provincial capital.

The admin crosswalk (``admin_crosswalk/``) records legal names and levels (every city is
``prefecture``) but not a city's rank, so the ranks come from ``city_tiers.csv`` beside this
module: the 27 capitals of provinces and autonomous regions and the 15 sub-provincial cities
(副省级市; 10 of them capitals, plus the separately planned 大连, 宁波, 厦门, 青岛, 深圳).
Sources: 中央机构编制委员会《关于副省级市若干问题的意见》(中编〔1995〕5号), which named 16
sub-provincial cities, less 重庆, a municipality since 1997; capitals as in the national
administrative division list (民政部, 行政区划统计表). The ranks held throughout 1997-2023. The four
municipalities (北京, 天津, 上海, 重庆) are province-level and get their own tier.

Tiers (one per unit, first that applies): ``municipality``, ``sub_provincial``,
``provincial_capital``, ``prefecture``; ``major_city`` is any of the first three.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources

import pandas as pd

from evalkit.errors import PanelError
from evalkit.panel.provinces import MUNICIPALITIES

TIERS: tuple[str, ...] = ("municipality", "sub_provincial", "provincial_capital", "prefecture")
TIER_FILE = "city_tiers.csv"


def city_tiers() -> pd.DataFrame:
    """Return the rank table: ``unit_code, unit_name, provincial_capital, sub_provincial``.

    Examples
    --------
    >>> table = city_tiers()
    >>> int(table["provincial_capital"].sum()), int(table["sub_provincial"].sum())
    (27, 15)
    """
    with resources.files("evalkit.panel").joinpath(TIER_FILE).open(encoding="utf-8") as handle:
        table = pd.read_csv(handle, dtype={"unit_code": str})
    for column in ("provincial_capital", "sub_provincial"):
        bad = ~table[column].isin([0, 1])
        if bad.any():
            raise PanelError(
                f"{TIER_FILE}: row {int(bad.idxmax()) + 2}: {column} is "
                f"{table.loc[bad, column].iloc[0]!r}; rule: 0 or 1; fix: correct the cell"
            )
        table[column] = table[column].astype(bool)
    if table["unit_code"].duplicated().any():
        code = table.loc[table["unit_code"].duplicated(), "unit_code"].iloc[0]
        raise PanelError(f"{TIER_FILE}: unit_code {code} repeats; rule: one row per city")
    return table


def unit_tiers(units: Sequence[str] | pd.DataFrame) -> pd.DataFrame:
    """Attach the tier to panel units.

    Parameters
    ----------
    units : sequence of str or pandas.DataFrame
        Unit codes, or a frame with ``unit_code`` (such as ``evalkit.panel.load().units``);
        its other columns are kept.

    Returns
    -------
    pandas.DataFrame
        The units with ``provincial_capital``, ``sub_provincial``, ``municipality`` (bool),
        ``tier`` (one of :data:`TIERS`) and ``major_city`` (bool).

    Examples
    --------
    >>> unit_tiers(["310000", "350200", "360100", "350400"])["tier"].tolist()
    ['municipality', 'sub_provincial', 'provincial_capital', 'prefecture']
    """
    if isinstance(units, pd.DataFrame):
        if "unit_code" not in units.columns:
            raise PanelError(
                "units: no 'unit_code' column; rule: pass unit codes or a frame with "
                "unit_code; fix: e.g. evalkit.panel.load().units"
            )
        frame = units.copy()
    else:
        frame = pd.DataFrame({"unit_code": list(units)})
    frame["unit_code"] = frame["unit_code"].astype(str)
    table = city_tiers().set_index("unit_code")
    for column in ("provincial_capital", "sub_provincial"):
        frame[column] = frame["unit_code"].map(table[column]).fillna(False).astype(bool)
    frame["municipality"] = frame["unit_code"].isin(MUNICIPALITIES)
    frame["tier"] = "prefecture"
    frame.loc[frame["provincial_capital"], "tier"] = "provincial_capital"
    frame.loc[frame["sub_provincial"], "tier"] = "sub_provincial"
    frame.loc[frame["municipality"], "tier"] = "municipality"
    frame["major_city"] = frame["tier"] != "prefecture"
    return frame
