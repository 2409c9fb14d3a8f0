"""The recommended-method rule and the headline it produces (same sample, percent, MDE)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from evalkit.did import aggte, att_gt, twfe
from evalkit.errors import EstimationError
from evalkit.inference.aggregated import aggregated_t_test
from evalkit.inference.gap import gap_t_test
from evalkit.inference.power import minimum_detectable_effect
from evalkit.inference.recommend import (
    DesignFacts,
    design_facts,
    recommend,
    recommended_headline,
    rule_table,
)
from evalkit.inference.wild_bootstrap import twfe_wild_bootstrap
from evalkit.simulate import simulate_province_rollout, simulate_staggered_panel

ARGS = ("year", "unit", "first_treated")


@pytest.mark.parametrize(
    ("facts", "method", "rule"),
    [
        (DesignFacts("province_code", 6, 1, False, n_units=62), "aggregated_t", "R1"),
        (DesignFacts("province_code", 6, 1, False, True, 52), "aggregated_t", "R1"),
        (DesignFacts("unit_code", 62, 11, False, n_units=62), "cs_analytic", "R4"),
        (DesignFacts("unit", 60, 40, True, n_units=60), "cs_analytic", "R4"),
        (DesignFacts("province_code", 6, 2, True, n_units=62), "wild_cluster_bootstrap", "R2"),
        (DesignFacts("province_code", 20, 8, True, n_units=200), "wild_cluster_bootstrap", "R5"),
        # 两创-like: treated cities in 14 provinces that also hold untreated cities
        (
            DesignFacts("province_code", 14, 14, True, False, 174, 14),
            "wild_cluster_bootstrap",
            "R5",
        ),
        (DesignFacts("province_code", 6, 1, False, False, 62, 1), "wild_cluster_bootstrap", "R2"),
        (DesignFacts("unit_code", 174, 17, True, False, 174), "cs_analytic", "R4"),
    ],
)
def test_rule_picks_the_method_the_coverage_study_supports(facts, method, rule):
    rec = recommend(facts)
    assert (rec.method, rec.rule) == (method, rule)
    assert rec.rule in rule_table()["rule"].tolist()
    assert rule_table().set_index("rule").loc[rule, "method"] == method


def test_zhejiang_reason_cites_the_coverage_numbers():
    rec = recommend(DesignFacts("province_code", 6, 1, False, n_units=62))
    assert "95.8%" in rec.evidence and "65.5%" in rec.evidence and "63.6%" in rec.evidence
    assert rec.needs_balanced_panel
    single = recommend(DesignFacts("province_code", 6, 1, False, True, 52))
    assert "one unit" in single.caveat


def test_no_untreated_clusters_is_an_error_naming_the_rule():
    with pytest.raises(EstimationError, match="rule R3: with fewer than 5 treated clusters"):
        recommend(DesignFacts("province_code", 2, 1, False))
    with pytest.raises(EstimationError, match="rule R0: a DiD needs treated and untreated units"):
        recommend(DesignFacts("province_code", 3, 3, False))
    # every cluster holds treated units, but some untreated units too: not R0
    assert recommend(DesignFacts("province_code", 3, 3, False, n_mixed_clusters=1)).rule == "R2"


def test_facts_read_from_the_panel():
    data = simulate_province_rollout(random_state=0)
    facts = design_facts(data, "year", "unit", "first_treated", "province")
    assert (facts.n_clusters, facts.n_treated_clusters, facts.n_untreated_clusters) == (6, 1, 5)
    assert not facts.staggered and not facts.single_treated_unit and facts.n_units == 62
    assert facts.n_mixed_clusters == 0
    # treat one city of province 1 as well: province 1 becomes mixed
    data.loc[data["unit"] == data.loc[data["province"] == 1, "unit"].min(), "first_treated"] = 2015
    mixed = design_facts(data, "year", "unit", "first_treated", "province")
    assert (mixed.n_treated_clusters, mixed.n_untreated_clusters, mixed.n_mixed_clusters) == (
        2,
        4,
        1,
    )
    assert recommend(mixed).rule == "R2"


def test_province_headline_is_the_aggregated_t_on_its_own_sample():
    data = simulate_province_rollout(effect=0.1, random_state=3)
    data["log_y"] = data["y"]
    head = recommended_headline(data, "log_y", *ARGS, "province")
    direct = aggregated_t_test(data, "log_y", *ARGS, "province")
    assert head.method == "aggregated_t" and head.n_units_dropped == 0
    assert head.estimate == pytest.approx(direct.estimate, abs=1e-14)
    assert (head.conf_low, head.conf_high) == pytest.approx((direct.conf_low, direct.conf_high))
    assert head.p_value == pytest.approx(direct.p_value)
    assert head.df == pytest.approx(direct.df)
    # balanced, one adoption year: the estimate is the static TWFE coefficient
    assert head.estimate == pytest.approx(twfe(data, "log_y", *ARGS).estimate, abs=1e-10)
    # percent versions transform the interval the same way
    assert head.estimate_pct == pytest.approx(np.expm1(head.estimate))
    assert head.conf_low_pct == pytest.approx(np.expm1(head.conf_low))
    assert head.conf_high_pct == pytest.approx(np.expm1(head.conf_high))
    t_sum = stats.t.ppf(0.975, direct.df) + stats.t.ppf(0.8, direct.df)
    assert head.mde == pytest.approx(t_sum * direct.std_error)
    assert head.mde_pct_high == pytest.approx(np.expm1(head.mde))


def test_unbalanced_units_are_dropped_and_the_estimate_comes_from_the_balanced_panel():
    data = simulate_province_rollout(effect=0.1, random_state=4)
    gaps = (data["unit"].isin([0, 20])) & (data["year"] == 2010)
    data.loc[gaps, "y"] = np.nan
    head = recommended_headline(data, "y", *ARGS, "province")
    balanced = data[~data["unit"].isin([0, 20])]
    direct = aggregated_t_test(balanced, "y", *ARGS, "province")
    assert head.n_units_dropped == 2 and head.n_units == 60
    assert head.estimate == pytest.approx(direct.estimate, abs=1e-14)
    assert "balanced panel" in head.sample_note and "2 unit(s) with missing years" in (
        head.sample_note
    )
    assert not head.log_outcome and np.isnan(head.estimate_pct)


def test_staggered_unit_clustered_headline_is_cs_simple():
    sim = simulate_staggered_panel(n_units=80, n_periods=6, random_state=5)
    head = recommended_headline(sim.data, "y", *ARGS, "unit")
    simple = aggte(att_gt(sim.data, "y", *ARGS, allow_unbalanced_panel=True), "simple")
    assert head.method == "cs_analytic" and head.df is None
    assert head.estimate == pytest.approx(simple.overall_att)
    assert head.std_error == pytest.approx(simple.overall_se)
    assert head.conf_high - head.conf_low == pytest.approx(2 * 1.959964 * simple.overall_se)
    assert head.mde == pytest.approx(minimum_detectable_effect(simple.overall_se))


def test_staggered_few_treated_clusters_uses_the_wild_bootstrap():
    sim = simulate_staggered_panel(n_units=60, n_periods=6, random_state=6)
    data = sim.data.assign(region=sim.data["unit"] % 8)
    # two treated regions, adopting in different years; the rest never treated
    region_cohort = {0: 2003, 1: 2004}
    data["first_treated"] = data["region"].map(region_cohort).fillna(0).astype(int)
    head = recommended_headline(data, "y", *ARGS, "region", n_draws=199)
    direct = twfe_wild_bootstrap(
        data, "y", *ARGS, "region", weights="webb", n_draws=199, random_state=0
    )
    assert head.method == "wild_cluster_bootstrap" and head.rule == "R2"
    assert (head.conf_low, head.conf_high) == pytest.approx((direct.conf_low, direct.conf_high))
    assert head.df == 7.0


def _stressed(**options):
    frame = simulate_province_rollout(effect=1.0, random_state=0, **options)
    return frame, recommended_headline(frame, "y", *ARGS, "province", diagnose=True)


def test_the_stress_check_keeps_r1_when_no_condition_breaks_it():
    frame, head = _stressed()
    plain = recommended_headline(frame, "y", *ARGS, "province")
    assert head.rule == "R1" and head.method == "aggregated_t"
    assert head.estimate == plain.estimate and head.conf_low == plain.conf_low
    conditions = {row["condition"]: row for row in head.settings["diagnostics"]}
    assert not conditions["treated shock variance"]["detected"]
    assert plain.settings["diagnostics"] == []  # no check unless asked


def test_larger_treated_shocks_switch_the_headline_to_the_gap_t_test():
    frame, head = _stressed(shock_scale=(3, 1, 1, 1, 1, 1))
    direct = gap_t_test(frame, "y", *ARGS)
    assert (head.rule, head.method) == ("R1s", "gap_t")
    assert (head.estimate, head.conf_low, head.conf_high, head.p_value, head.df) == (
        direct.estimate, direct.conf_low, direct.conf_high, direct.p_value, direct.df
    )  # fmt: skip
    assert head.mde == pytest.approx(
        minimum_detectable_effect(direct.std_error, df=direct.df, alpha=0.05, power=0.8)
    )
    assert "larger" in head.reason and head.conf_low < 1.0 < head.conf_high


def test_larger_treated_shocks_with_a_serially_correlated_gap_use_the_bootstrap():
    frame, head = _stressed(shock_scale=(3, 1, 1, 1, 1, 1), noise_ar1=0.6)
    direct = twfe_wild_bootstrap(
        frame, "y", *ARGS, "province", weights="webb", n_draws=9999, random_state=0
    )
    assert (head.rule, head.method) == ("R1w", "wild_cluster_bootstrap")
    assert (head.conf_low, head.conf_high) == (direct.conf_low, direct.conf_high)
    detected = {row["condition"] for row in head.settings["diagnostics"] if row["detected"]}
    assert {"treated shock variance", "serial correlation"} <= detected


def test_the_stress_rules_are_in_the_written_rule():
    rules = rule_table().set_index("rule")["method"]
    assert rules["R1s"] == "gap_t" and rules["R1w"] == "wild_cluster_bootstrap"


def test_a_sample_the_stress_check_cannot_run_on_keeps_r1_and_says_why():
    frame = simulate_province_rollout(effect=1.0, random_state=0)
    late = frame[frame["year"] >= frame.loc[frame["first_treated"] > 0, "first_treated"].min() - 2]
    head = recommended_headline(late, "y", *ARGS, "province", diagnose=True)
    assert head.rule == "R1" and head.settings["diagnostics"] == []
    assert head.settings["unchecked"].startswith("stress check not run:")
    assert "pre-period" in head.settings["unchecked"]
