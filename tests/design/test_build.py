"""Tests of evalkit.design.build on a small hand-made roster of units.

Eight units: three Zhejiang cities (杭州 and 宁波 are 两创 awardees, 台州 a finance pilot),
合肥 and 厦门 (两创 awardees outside Zhejiang), 芜湖 and 景德镇 (no programme) and 北京
(outside East China). The expected arms follow from plans.csv and the comparison rules by hand.
"""

from __future__ import annotations

import pandas as pd
import pytest

from evalkit.design import ConfounderPolicy, build_design, design_variant
from evalkit.design.build import PROGRAMMES
from evalkit.errors import ParameterError
from evalkit.regions import EAST_CHINA

UNITS = pd.DataFrame(
    {
        "unit_code": ["330100", "330200", "331000", "340100", "340200", "350200", "360200",
                      "110000"],
        "unit_name": ["杭州市", "宁波市", "台州市", "合肥市", "芜湖市", "厦门市", "景德镇市",
                      "北京市"],
        "province_code": ["330000", "330000", "330000", "340000", "340000", "350000",
                          "360000", "110000"],
    }
)  # fmt: skip


def _plan(registry, programme: str, unit_code: str) -> pd.Series:
    plans = registry.plans
    rows = plans[(plans["programme"] == programme) & (plans["unit_code"] == unit_code)]
    assert len(rows) == 1
    return rows.iloc[0]


@pytest.fixture(scope="module")
def design(registry):
    return build_design(registry=registry, units=UNITS)


def test_east_china_pool_keeps_only_east_china_provinces_in_their_order(design):
    assert design.comparison_rule == "east_china"
    assert design.pool_provinces == ("330000", "340000", "350000", "360000")
    assert list(design.pool_provinces) == [p for p in EAST_CHINA if p in design.pool_provinces]
    assert "110000" not in set(design.units["unit_code"]) | set(design.exclusions["unit_code"])


def test_zhejiang_cities_treated_from_the_first_round_and_flagged_by_confounder(design, registry):
    rounds = registry.plans[registry.plans["programme"] == "zj_growth_plan"]
    first_round = int(rounds["period_start"].min())
    treated = design.units[design.units["role"] == "treated"].set_index("unit_code")
    assert list(treated.index) == ["330100", "330200", "331000"]
    assert set(treated["first_treated_year"]) == {first_round}
    assert treated["flags"].to_dict() == {
        "330100": "liangchuang_demo",
        "330200": "liangchuang_demo",
        "331000": "smf_finance_pilot",
    }
    assert design.cohorts == {first_round: 3}


def test_exposed_controls_excluded_with_programme_year_and_plan_id(design, registry):
    controls = design.units.loc[design.units["role"] == "control", "unit_code"]
    assert list(controls) == ["340200", "360200"]
    expected = []
    for code, name in (("340100", "合肥市"), ("350200", "厦门市")):
        plan = _plan(registry, "liangchuang_demo", code)
        detail = f"liangchuang_demo from {int(plan['period_start'])} ({plan['plan_id']})"
        expected.append([code, name, "confounder (control)", detail])
    assert design.exclusions.to_numpy().tolist() == expected


def test_covariate_policy_keeps_exposed_controls_with_an_activity_indicator(registry):
    policy = ConfounderPolicy("liangchuang_demo", treated="keep", controls="covariate")
    design = build_design(registry=registry, units=UNITS, confounders=(policy,))
    assert design.exclusions.empty
    roles = design.units.set_index("unit_code")["role"]
    assert roles[["340100", "350200"]].tolist() == ["control", "control"]
    active = design.covariates.set_index(["unit_code", "year"])["liangchuang_demo_active"]
    start = int(_plan(registry, "liangchuang_demo", "340100")["period_start"])
    hefei = active.xs("340100")
    assert hefei.index.tolist() == list(range(design.years[0], design.years[1] + 1))
    assert hefei.tolist() == [int(year >= start) for year in hefei.index]
    assert active.xs("330100").sum() == 0  # treated side is "keep": no indicator
    assert active.xs("340200").sum() == 0  # never exposed


def test_drop_provinces_removes_them_from_the_pool(registry):
    design = build_design(registry=registry, units=UNITS, drop_provinces=("350000",))
    assert design.pool_provinces == ("330000", "340000", "360000")
    assert "350200" not in set(design.exclusions["unit_code"])
    assert design.dropped_provinces == ("350000",)


def test_same_province_rule_pools_the_awardees_provinces(registry):
    design = build_design("city_growth_plan", registry=registry, units=UNITS, confounders=())
    plans = registry.plans[registry.plans["programme"] == "city_growth_plan"]
    provinces = sorted({str(code)[:2] + "0000" for code in plans["unit_code"]})
    assert design.pool_provinces == tuple(provinces)
    assert set(design.units["unit_code"]) == set(
        UNITS.loc[UNITS["province_code"].isin(provinces), "unit_code"]
    )


def test_national_rule_pools_every_province(registry):
    design = build_design("liangchuang_demo", registry=registry, units=UNITS, confounders=())
    assert design.pool_provinces == tuple(sorted(set(UNITS["province_code"])))
    assert PROGRAMMES["liangchuang_demo"]["unknown_membership"] == design.unknown_membership


def test_years_must_be_increasing(registry):
    with pytest.raises(ParameterError) as error:
        build_design(registry=registry, units=UNITS, years=(2020, 2020))
    assert str(error.value) == "years=(2020, 2020): the first year must precede the last"


def test_a_variant_changes_only_the_settings_asked_for(design):
    same = design_variant(design)
    assert same.settings()["units"].equals(UNITS) and same.counts() == design.counts()
    pd.testing.assert_frame_equal(same.units, design.units)
    moved = design_variant(design, seed=7, confounders=())
    unchanged = {key: value for key, value in design.settings().items() if key != "units"}
    assert {k: v for k, v in moved.settings().items() if k != "units"} == {
        **unchanged, "seed": 7, "confounders": (),
    }  # fmt: skip
    # without confounder policies the exposed controls (合肥, 厦门) come back as controls
    assert set(moved.control_units) - set(design.control_units) == {"340100", "350200"}
