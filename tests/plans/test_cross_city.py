"""Cross-city table: ranks only among cities the registry holds figures for."""

from __future__ import annotations

import pandas as pd
import pytest

from evalkit.plans import PlanRegistryError, cross_city_table


def _rows(records):
    columns = ["unit_code", "unit_name", "year", "indicator", "indicator_zh", "value", "unit",
               "province_rank", "rank_basis", "source", "reliability"]  # fmt: skip
    return pd.DataFrame([dict(zip(columns, r, strict=True)) for r in records])


def test_ranks_within_province_year_unit_and_reliability():
    rows = _rows([
        ("330400", "嘉兴市", 2018, "x", "指标", 5.0, "家", 3, "number", "s1", "reported"),
        ("330100", "杭州市", 2018, "x", "指标", 9.0, "家", pd.NA, "", "s2", "reported"),
        ("330200", "宁波市", 2018, "x", "指标", 5.0, "家", pd.NA, "", "s3", "reported"),
        ("330300", "温州市", 2019, "x", "指标", 50.0, "家", pd.NA, "", "s4", "reported"),
        ("320100", "南京市", 2018, "x", "指标", 99.0, "家", pd.NA, "", "s5", "reported"),
        ("330000", "浙江省", 2018, "x", "指标", 999.0, "家", pd.NA, "", "s6", "reported"),
    ])  # fmt: skip
    table = cross_city_table(rows, ["x"])
    ranked = table.loc[table["n_cities"] == 3].set_index("unit_name")
    assert ranked["registry_rank"].to_dict() == {"杭州市": 1, "宁波市": 2, "嘉兴市": 2}
    assert ranked.loc["嘉兴市", "province_rank"] == 3  # the source's own rank kept beside
    alone = table.loc[table["n_cities"] == 1]
    assert set(alone["unit_name"]) == {"温州市", "南京市"}  # other year, other province
    assert alone["registry_rank"].isna().all()
    assert "浙江省" not in set(table["unit_name"])  # a province is not a city


def test_every_indicator_for_several_cities_when_none_named():
    rows = _rows([
        ("330400", "嘉兴市", 2018, "x", "指标", 5.0, "家", pd.NA, "", "s", "reported"),
        ("330100", "杭州市", 2018, "x", "指标", 9.0, "家", pd.NA, "", "s", "reported"),
        ("330100", "杭州市", 2018, "y", "指标", 9.0, "家", pd.NA, "", "s", "reported"),
    ])  # fmt: skip
    assert set(cross_city_table(rows, None)["indicator"]) == {"x"}


def test_registry_holds_one_city_per_ranked_indicator_so_no_rank_is_made(registry):
    table = cross_city_table(registry.reported)
    jiaxing = table.loc[table["unit_name"] == "嘉兴市"].set_index("indicator")
    assert jiaxing.loc["below_to_above_scale_industrial", ["value", "province_rank"]].tolist() == [
        835.0, 3,
    ]  # fmt: skip
    assert jiaxing.loc["individual_to_enterprise_growth", "province_rank"] == 1
    assert jiaxing.loc["new_smf_loans", "value"] == 127.95
    assert table["registry_rank"].isna().all() and (table["n_cities"] == 1).all()
    with pytest.raises(PlanRegistryError, match=r"indicator\(s\) \['nope'\] are not in"):
        cross_city_table(registry.reported, ["nope"])
