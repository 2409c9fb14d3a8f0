"""Designs built from the registry: cohorts, comparison pools, confounders on both sides."""

from __future__ import annotations

import pandas as pd
import pytest

from evalkit.design import (
    ConfounderPolicy,
    build_design,
    confounder_variants,
    design_variant,
    outcome_column,
    programme_counts,
)
from evalkit.errors import ParameterError
from evalkit.plans.timing import programme_exposure
from evalkit.regions import EAST_CHINA, SHANGHAI, ZHEJIANG


def _rows(registry, programme):
    return registry.plans.loc[registry.plans["programme"] == programme]


@pytest.fixture(scope="module")
def zhejiang(registry):
    return build_design("zj_growth_plan", registry=registry)


@pytest.fixture(scope="module")
def liangchuang(registry):
    return build_design("liangchuang_demo", registry=registry)


def test_growth_plan_treats_every_zhejiang_city_from_the_first_round(registry, zhejiang):
    units = registry.roster.panel_units
    cities = sorted(units.loc[units["province_code"] == ZHEJIANG, "unit_code"])
    rounds = _rows(registry, "zj_growth_plan")
    assert zhejiang.treated_units == cities
    assert zhejiang.cohorts == {int(rounds["period_start"].min()): len(cities)}
    assert zhejiang.round_starts == sorted(rounds["period_start"].astype(int))
    assert len(zhejiang.round_starts) == 3


def test_confounded_units_are_not_controls_and_confounded_treated_are_flagged(registry, zhejiang):
    pool = registry.roster.panel_units
    pool = pool.loc[pool["province_code"].isin(EAST_CHINA)]
    exposed = set()
    for programme in ("liangchuang_demo", "smf_finance_pilot"):
        exposed |= set(programme_exposure(registry, programme, pool, 2023).index)
    never = set(pool.loc[pool["province_code"] != ZHEJIANG, "unit_code"])
    assert set(zhejiang.control_units) == never - exposed
    assert SHANGHAI in exposed and SHANGHAI not in zhejiang.control_units  # 浦东 is an awardee
    flagged = {u for u in zhejiang.treated_units if zhejiang.flags(u)}
    assert flagged == exposed & set(zhejiang.treated_units) == {"330100", "330200", "331000"}
    assert zhejiang.flags("331000") == ["smf_finance_pilot"]
    excluded = set(zhejiang.exclusions["unit_code"])
    assert excluded == exposed & never
    described = zhejiang.describe()
    for row in zhejiang.exclusions.itertuples():
        assert f"excluded: {row.unit_code} {row.unit_name}: {row.reason}" in described


def test_confounder_variants_move_units_between_arms(zhejiang):
    variants = confounder_variants(zhejiang)
    assert list(variants) == [
        "default", "exclude_confounded_treated", "drop_shanghai", "drop_liangchuang", "keep_all",
    ]  # fmt: skip
    n_exposed_controls = zhejiang.exclusions["unit_code"].nunique()
    counts = {name: (len(d.treated_units), len(d.control_units)) for name, d in variants.items()}
    treated, controls = counts["default"]
    assert counts["exclude_confounded_treated"] == (treated - 3, controls)
    assert counts["keep_all"] == (treated, controls + n_exposed_controls)
    assert counts["drop_shanghai"] == (treated, controls + n_exposed_controls - 1)
    assert counts["drop_liangchuang"] == (treated - 2, controls)  # 台州 (finance pilot) stays
    assert SHANGHAI not in variants["drop_shanghai"].control_units


def test_sample_has_the_design_units_years_and_outcome_columns(panel, zhejiang):
    design = design_variant(zhejiang, outcomes=("night_lights",), years=(2008, 2020))
    sample = design.sample(panel)
    assert sample.columns.tolist() == [
        "unit_code", "unit_name", "province_code", "year", "first_treated_year",
        outcome_column("night_lights"),
    ]  # fmt: skip
    in_design = set(design.treated_units) | set(design.control_units)
    observed = set(panel.wide(["night_lights"]).dropna()["unit_code"])
    assert set(sample["unit_code"]) == in_design & observed
    assert (sample["year"].min(), sample["year"].max()) == (2008, 2020)
    assert not sample.duplicated(["unit_code", "year"]).any()
    cohorts = sample.drop_duplicates("unit_code").groupby("first_treated_year").size()
    assert cohorts.drop(0).to_dict() == design.cohorts


def test_covariate_policy_adds_an_activity_column(panel, registry):
    design = build_design(
        "zj_growth_plan", registry=registry, outcomes=("night_lights",),
        confounders=(ConfounderPolicy("liangchuang_demo", "keep", "covariate"),),
    )  # fmt: skip
    sample = design.sample(panel).set_index(["unit_code", "year"])
    column = "liangchuang_demo_active"
    start = int(_rows(registry, "liangchuang_demo")["period_start"].min())
    assert sample.loc[("340100", start), column] == 1  # 合肥, a control awardee
    assert sample.loc[("340100", start - 1), column] == 0
    assert sample.loc[("330100", start), column] == 0  # treated side is "keep", not covariate
    assert sample.loc[("320200", start), column] == 0
    assert "340100" in design.control_units and design.flags("340100") == ["liangchuang_demo"]


def test_liangchuang_unknown_batch_two_units_are_controls_until_the_batch(panel, liangchuang):
    batch_two = int(
        liangchuang.rounds.loc[liangchuang.rounds["round"] == "batch 2", "period_start"].iloc[0]
    )
    units = liangchuang.units.set_index("unit_code")
    assert units.loc["320100", ["role", "censored_from"]].tolist() == ["control", batch_two]
    assert units.loc["440300", ["role", "first_treated_year"]].tolist() == ["treated", batch_two]
    sample = design_variant(liangchuang, outcomes=("night_lights",)).sample(panel)
    nanjing = sample.loc[sample["unit_code"] == "320100", "year"]
    assert nanjing.max() == batch_two - 1 and nanjing.min() == liangchuang.years[0]
    assert sample.loc[sample["unit_code"] == "440100", "year"].max() > batch_two  # 广州: known


def test_liangchuang_excludes_growth_plan_cities_from_controls(registry, liangchuang):
    zhejiang = set(registry.roster.panel_units.query("province_code == @ZHEJIANG")["unit_code"])
    assert not zhejiang & set(liangchuang.control_units)
    assert set(liangchuang.treated_units) & zhejiang == {"330100", "330200"}
    assert liangchuang.flags("330100") == ["zj_growth_plan"]


def test_programme_counts_are_the_design_counts(liangchuang):
    counts = programme_counts(liangchuang)
    assert counts == {
        "treated": len(liangchuang.treated_units),
        "controls": len(liangchuang.control_units),
        "excluded": liangchuang.exclusions["unit_code"].nunique(),
        "censored": int((liangchuang.units["censored_from"] > 0).sum()),
    }
    assert counts["treated"] == sum(liangchuang.cohorts.values())


def test_every_report_showing_liangchuang_counts_calls_programme_counts():
    from evalkit.config import PROJECT_ROOT

    for name in ("liangchuang_did.py", "plan_targets.py"):
        source = (PROJECT_ROOT / "notebooks" / name).read_text(encoding="utf-8")
        assert "programme_counts(" in source, name
        assert '["status"].value_counts()' not in source, name


def test_to_dict_is_json_and_carries_the_settings(zhejiang):
    import json

    settings = json.loads(json.dumps(zhejiang.to_dict()))
    assert settings["programme"] == "zj_growth_plan"
    assert settings["counts"]["treated"] == len(zhejiang.treated_units)
    assert settings["confounders"][0] == {
        "programme": "liangchuang_demo", "treated": "keep", "controls": "exclude",
    }  # fmt: skip


def test_bad_settings_raise_one_line_errors(registry):
    with pytest.raises(ParameterError, match=r"programme='x' has no design; valid: \["):
        build_design("x", registry=registry)
    with pytest.raises(ParameterError, match=r"controls='drop'; valid: \['exclude'"):
        build_design(
            registry=registry, confounders=(ConfounderPolicy("smf_finance_pilot", "keep", "drop"),)
        )
    with pytest.raises(ParameterError, match=r"confounder programme\(s\) \['nope'\] not in"):
        build_design(registry=registry, confounders=(ConfounderPolicy("nope"),))


def test_units_of_the_design_are_a_frame_with_one_row_per_unit(zhejiang):
    assert isinstance(zhejiang.units, pd.DataFrame)
    assert not zhejiang.units["unit_code"].duplicated().any()
