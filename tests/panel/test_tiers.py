import pandas as pd
import pytest

from evalkit.config import raw_file
from evalkit.errors import PanelError
from evalkit.panel.crosswalk import ENTITY_FILE
from evalkit.panel.provinces import MUNICIPALITIES, PROVINCE_CODES
from evalkit.panel.tiers import TIERS, city_tiers, unit_tiers


def test_one_capital_for_each_province_and_region():
    table = city_tiers()
    capitals = table.loc[table["provincial_capital"], "unit_code"]
    provinces = {code for code in PROVINCE_CODES.values() if code < "700000"} - MUNICIPALITIES
    assert len(provinces) == 27
    assert sorted(code[:2] + "0000" for code in capitals) == sorted(provinces)


def test_fifteen_sub_provincial_cities_ten_of_them_capitals():
    table = city_tiers()
    sub = table.loc[table["sub_provincial"]]
    assert len(sub) == 15
    assert int(sub["provincial_capital"].sum()) == 10
    separately_planned = set(sub.loc[~sub["provincial_capital"], "unit_name"])
    assert separately_planned == {"大连市", "宁波市", "厦门市", "青岛市", "深圳市"}


def test_codes_and_names_agree_with_the_admin_crosswalk():
    entities = pd.read_csv(raw_file(ENTITY_FILE), dtype=str)
    names = dict(
        zip(entities["legacy_entity_id"].str[1:], entities["canonical_name_zh"], strict=True)
    )
    table = city_tiers()
    assert {code: names.get(code) for code in table["unit_code"]} == dict(
        zip(table["unit_code"], table["unit_name"], strict=True)
    )


def test_unit_tiers_precedence_and_frame_input():
    units = pd.DataFrame({"unit_code": ["110000", "210200", "210100", "130100", "130200"],
                          "extra": range(5)})  # fmt: skip
    out = unit_tiers(units)
    assert out["tier"].tolist() == [
        "municipality", "sub_provincial", "sub_provincial", "provincial_capital", "prefecture"
    ]  # fmt: skip
    assert out["major_city"].tolist() == [True, True, True, True, False]
    assert out["extra"].tolist() == list(range(5))
    assert set(out["tier"]) <= set(TIERS)


def test_frame_without_unit_code_is_an_error():
    with pytest.raises(PanelError, match="units: no 'unit_code' column; rule: pass unit codes"):
        unit_tiers(pd.DataFrame({"code": ["110000"]}))


def test_ten_of_the_fourteen_batch_one_city_awardees_are_capitals_or_sub_provincial():
    from evalkit.plans import PlanRegistry

    plans = PlanRegistry.load().plans
    batch1 = plans.loc[
        (plans["programme"] == "liangchuang_demo")
        & (plans["round"] == "batch 1")
        & (plans["level"] == "city")
    ]
    tiers = unit_tiers(batch1["unit_code"])
    assert len(tiers) == 14
    assert int(tiers["tier"].isin(["provincial_capital", "sub_provincial"]).sum()) == 10
    assert set(tiers.loc[tiers["tier"] == "prefecture", "unit_code"]) == {
        "350400",
        "440700",
        "620700",
        "640200",
    }  # 三明, 江门, 张掖, 石嘴山
