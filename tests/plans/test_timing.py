"""Treatment timing: first treated years, exclusions with warnings, districts, confounders."""

from __future__ import annotations

import inspect

import pandas as pd
import pytest

from evalkit.plans import PlanRegistry, PlanRegistryError, TimingWarning, treatment_timing

JIANGSU = ["320100", "320500", "321300"]
UNITS = ["330100", "330200", "330400", "330700", "331000", "340100", "340200", "310000", *JIANGSU]
WINDOW = range(2010, 2022)


def _timing(registry, programme, units=UNITS, years=WINDOW, **options):
    return registry.treatment_timing(programme, units, years, **options)


def test_liangchuang_first_treated_years(registry):
    with pytest.warns(TimingWarning):
        timing = _timing(registry, "liangchuang_demo").timing.set_index("unit_code")
    assert timing.loc["330100", "first_treated_year"] == 2015  # 杭州, batch 1
    assert timing.loc["330200", "first_treated_year"] == 2016  # 宁波, batch 2
    assert timing.loc["340100", "first_treated_year"] == 2015  # 合肥
    assert timing.loc["340200", ["first_treated_year", "status"]].tolist() == [0, "never_treated"]


def test_unconfirmed_batch_two_units_are_excluded_from_controls_with_a_warning(registry):
    with pytest.warns(
        TimingWarning,
        match=r"3 unit\(s\) excluded .*\(unknown_membership\): "
        r"320100 320100, 320500 320500, 321300 321300; membership unknown",
    ):
        result = _timing(registry, "liangchuang_demo")
    excluded = result.exclusions.loc[result.exclusions["reason"] == "unknown_membership"]
    assert sorted(excluded["unit_code"]) == JIANGSU
    assert not set(JIANGSU) & set(result.usable["unit_code"])
    with pytest.warns(TimingWarning):
        kept = _timing(registry, "liangchuang_demo", unknown_membership="control")
    assert set(JIANGSU) <= set(kept.usable["unit_code"])
    assert (kept.timing.set_index("unit_code").loc[JIANGSU, "first_treated_year"] == 0).all()


def test_district_awardee_maps_to_its_city_only_when_asked(registry):
    with pytest.warns(TimingWarning, match=r"\(sub_unit_awardee\): 310000 310000"):
        default = _timing(registry, "liangchuang_demo").timing.set_index("unit_code")
    assert default.loc["310000", "status"] == "excluded"
    with pytest.warns(TimingWarning):
        mapped = _timing(registry, "liangchuang_demo", map_districts=True)
    assert mapped.timing.set_index("unit_code").loc["310000", "first_treated_year"] == 2015
    jinhua = _timing(registry, "city_growth_plan", units=["330700", "330400"])
    # 金华 has its own confirmed 2018 plan, so 兰溪's plan does not exclude it
    assert jinhua.timing.set_index("unit_code")["first_treated_year"].to_dict() == {
        "330700": 2018, "330400": 2021,
    }  # fmt: skip


def test_province_wide_rounds_treat_every_zhejiang_city(registry):
    timing = _timing(registry, "zj_growth_plan", years=range(2005, 2022)).timing
    zhejiang = timing.loc[timing["unit_code"].str.startswith("33"), "first_treated_year"]
    assert (zhejiang == 2015).all()
    assert sorted(timing.loc[zhejiang.index, "unit_code"]) == [u for u in UNITS if u[:2] == "33"]
    assert (timing.loc[~timing["unit_code"].str.startswith("33"), "first_treated_year"] == 0).all()


def test_window_edges_exclude_early_and_recode_late_treatment(registry):
    with pytest.warns(TimingWarning, match=r"treated_before_window"):
        early = _timing(
            registry, "liangchuang_demo", units=["330100", "330200"], years=range(2015, 2021)
        )
    assert early.timing.set_index("unit_code").loc["330100", "status"] == "excluded"
    with pytest.warns(TimingWarning, match=r"330200 330200 \(2016\)"):
        late = _timing(
            registry, "liangchuang_demo", units=["330100", "330200"], years=range(2005, 2016)
        )
    assert late.timing.set_index("unit_code")["first_treated_year"].to_dict() == {
        "330100": 2015, "330200": 0,
    }  # fmt: skip


def test_confounders_are_excluded_or_returned_as_covariates(registry):
    units = ["330100", "330200", "331000", "340200"]
    with pytest.warns(TimingWarning, match=r"\(confounder\): 330100 330100, 330200 330200"):
        excluded = _timing(registry, "liangchuang_demo", units=units,
                           confounders=["low_carbon_pilot", "smf_finance_pilot"])  # fmt: skip
    reasons = excluded.exclusions.set_index("unit_code")["detail"]
    assert reasons["331000"] == "smf_finance_pilot from 2015"
    assert sorted(excluded.usable["unit_code"]) == ["340200"]
    covariate = _timing(
        registry, "liangchuang_demo", units=units, years=range(2005, 2022),
        confounders=["low_carbon_pilot"], confounder_handling="covariate",
    )  # fmt: skip
    active = covariate.covariates.set_index(["unit_code", "year"])["low_carbon_pilot_active"]
    assert active[("330100", 2009)] == 0 and active[("330100", 2010)] == 1
    assert active[("330200", 2012)] == 0 and active[("330200", 2013)] == 1
    assert active.xs("340200", level="unit_code").sum() == 0


def test_issued_onset_and_attach(registry):
    issued = _timing(registry, "smf_finance_pilot", units=["331000"], onset="issued")
    assert issued.usable["first_treated_year"].tolist() == [2015]
    frame = pd.DataFrame({"unit_code": ["330100", "320100"], "year": [2016, 2016]})
    with pytest.warns(TimingWarning):
        timing = _timing(registry, "liangchuang_demo")
    with pytest.warns(TimingWarning, match="attach dropped 1 row"):
        attached = timing.attach(frame)
    assert attached.to_dict("records") == [
        {"unit_code": "330100", "year": 2016, "first_treated_year": 2015}
    ]
    assert "treated" in timing.summary() and "unknown_membership" in timing.summary()


def test_unknown_programme_raises(registry):
    with pytest.raises(PlanRegistryError, match=r"programme\(s\) \['two_creates'\] not in plans"):
        _timing(registry, "two_creates")


def test_registry_method_takes_the_options_of_the_function_with_the_same_defaults():
    # PlanRegistry.treatment_timing restates the function's signature for readers; they must
    # not drift apart
    method = list(inspect.signature(PlanRegistry.treatment_timing).parameters.values())
    function = list(inspect.signature(treatment_timing).parameters.values())
    assert [p.name for p in method[:1]] == ["self"] and function[0].name == "registry"
    assert method[1:] == function[1:]


def test_censor_keeps_unknown_members_as_controls_until_their_batch(registry):
    with pytest.warns(TimingWarning):
        result = _timing(registry, "liangchuang_demo", unknown_membership="censor")
    timing = result.timing.set_index("unit_code")
    batch_two = registry.plans.loc[
        registry.plans["plan_id"] == "liangchuang_b2_unknown_320000", "period_start"
    ].iloc[0]
    for code in JIANGSU:
        assert timing.loc[code, ["status", "censored_from"]].tolist() == [
            "never_treated",
            batch_two,
        ]
    assert timing.loc["340200", "censored_from"] == 0  # Anhui held 合肥 after batch 1: known
    assert timing.loc["330100", "censored_from"] == 0  # treated units are never censored
    assert not (result.exclusions["reason"] == "unknown_membership").any()
    frame = pd.DataFrame(
        [(code, year) for code in ["320100", "340200"] for year in WINDOW],
        columns=["unit_code", "year"],
    )
    with pytest.warns(
        TimingWarning, match=r"attach dropped \d+ row\(s\) of 1 unit\(s\) of unknown"
    ):
        attached = result.attach(frame)
    nanjing = attached.loc[attached["unit_code"] == "320100", "year"]
    assert nanjing.tolist() == [y for y in WINDOW if y < batch_two]
    assert len(attached.loc[attached["unit_code"] == "340200"]) == len(WINDOW)
    assert "controls censored (unknown membership): 3" in result.summary()


def test_unknown_membership_option_is_checked(registry):
    with pytest.raises(PlanRegistryError, match=r"unknown_membership='drop'; valid: 'exclude'"):
        _timing(registry, "liangchuang_demo", unknown_membership="drop")
