"""Cross-city table in the spirit of the province's 评价指标排序 (evaluation-indicator ranking).

For each indicator, every city's reported value and its rank among the cities of the same
province whose figure the registry holds for the same year, unit and reliability. A rank is
computed only where at least two cities have the figure; the rank the source itself reports
(``province_rank``, e.g. 嘉兴's "全省第3") is shown beside it, with its basis and source. No
other rank is made up: a city whose figure the registry lacks is simply absent.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from evalkit.plans.errors import PlanRegistryError

# The indicators of the province's 评价指标排序 that the registry holds figures for:
# 个转企 (number and growth: the province ranks its growth), 小升规, SME loans,
# 规上工业小微企业增加值.
RANKED_INDICATORS = (
    "individual_to_enterprise",
    "individual_to_enterprise_growth",
    "below_to_above_scale_industrial",
    "new_smf_loans",
    "above_scale_industrial_smf_va",
)
CROSS_CITY_COLUMNS = [
    "indicator", "indicator_zh", "year", "province_code", "unit_code", "unit_name", "value",
    "unit", "n_cities", "registry_rank", "province_rank", "rank_basis", "source",
    "reliability",
]  # fmt: skip


def cross_city_table(
    reported: pd.DataFrame,
    indicators: Sequence[str] | None = RANKED_INDICATORS,
    *,
    city_codes: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Return each city's value and rank for indicators reported for cities.

    Parameters
    ----------
    reported : pandas.DataFrame
        ``PlanRegistry.reported``.
    indicators : sequence of str, optional
        Indicators to show (default :data:`RANKED_INDICATORS`); None for every indicator
        that the registry reports for at least two cities of a province in the same year.
    city_codes : sequence of str, optional
        The codes that count as cities (the panel's units); default: codes ending in ``00``
        that are not provinces.

    Returns
    -------
    pandas.DataFrame
        :data:`CROSS_CITY_COLUMNS`, sorted by indicator, year, province and rank.
        ``registry_rank`` is 1 for the largest value among the ``n_cities`` cities of the
        same province, year, unit and reliability (ties share the smaller rank), blank when
        ``n_cities`` is 1; ``province_rank`` is the rank the source reports.

    Examples
    --------
    >>> rows = pd.DataFrame({"unit_code": ["330400", "330100", "330200"],
    ...     "unit_name": ["嘉兴市", "杭州市", "宁波市"], "year": [2018] * 3,
    ...     "indicator": ["x"] * 3, "indicator_zh": ["某指标"] * 3, "value": [5.0, 9.0, 5.0],
    ...     "unit": ["家"] * 3, "province_rank": [pd.NA] * 3, "rank_basis": [""] * 3,
    ...     "source": ["s"] * 3, "reliability": ["reported"] * 3})
    >>> cross_city_table(rows, ["x"])[["unit_name", "registry_rank"]].values.tolist()
    [['杭州市', 1], ['宁波市', 2], ['嘉兴市', 2]]
    """
    frame = reported.copy()
    codes = frame["unit_code"].astype(str)
    if city_codes is None:
        is_city = codes.str.endswith("00") & ~codes.str.endswith("0000")
    else:
        is_city = codes.isin(set(city_codes))
    frame = frame.loc[is_city].copy()
    frame["province_code"] = frame["unit_code"].str[:2] + "0000"
    key = ["indicator", "year", "province_code", "unit", "reliability"]
    frame["n_cities"] = frame.groupby(key)["unit_code"].transform("nunique")
    if indicators is None:
        selected = frame.loc[frame["n_cities"] >= 2, "indicator"].unique()
    else:
        unknown = sorted(set(indicators) - set(reported["indicator"]))
        if unknown:
            raise PlanRegistryError(
                f"cross_city_table: indicator(s) {unknown} are not in reported.csv; rule: only "
                "figures the registry holds are ranked; fix: add the figures or drop the names"
            )
        selected = list(indicators)
    frame = frame.loc[frame["indicator"].isin(selected)].copy()
    ranks = frame.groupby(key)["value"].rank(method="min", ascending=False)
    frame["registry_rank"] = ranks.where(frame["n_cities"] >= 2).astype("Int64")
    frame["province_rank"] = frame["province_rank"].astype("Int64")
    order = {name: position for position, name in enumerate(selected)}
    frame["_order"] = frame["indicator"].map(order)
    frame = frame.sort_values(["_order", "year", "province_code", "registry_rank", "unit_code"])
    return frame[CROSS_CITY_COLUMNS].reset_index(drop=True)
