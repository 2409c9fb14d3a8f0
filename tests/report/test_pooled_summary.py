"""The pooled reports' headline records, summary and helpers (report.pooled_summary).

Oracles: the recommended headline computed directly (the record must carry its numbers),
simulated province roll-outs with a known effect (a large true effect must be detected, in the
intended direction), ``exp(b) - 1`` for the percent fields, the catalogue's expected signs and
the contract's key list (``/work/briefs/contract.md``), closed forms for the bootstrap floor
and the ratio margin.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from evalkit.i18n import text, value_label
from evalkit.inference.recommend import recommended_headline
from evalkit.plans.outcomes import outcome_measures
from evalkit.report.contract import CONTRACT_KEYS, smallest_p
from evalkit.report.pooled_summary import (
    PREVIOUS_DEFAULTS,
    breakdown_rows,
    headline_figure,
    headline_table,
    honest_average,
    honest_averages,
    honest_event_study,
    outcome_change_estimates,
    outcome_change_table,
    pooled_headline,
    stress_summary,
    stress_table,
    summary_sentences,
    unit_margin,
)
from evalkit.simulate import simulate_province_rollout, simulate_staggered_panel

RENAME = {"unit": "unit_code", "first_treated": "first_treated_year", "province": "province_code"}


def _rollout(column: str, effect: float, seed: int, **options) -> pd.DataFrame:
    data = simulate_province_rollout(effect=effect, random_state=seed, **options)
    return data.rename(columns={"y": column, **RENAME})


@pytest.fixture(scope="module")
def null_sample() -> pd.DataFrame:
    return _rollout("log_loans", 0.0, 1)


def test_record_carries_the_recommended_headline_computed_directly(null_sample):
    direct = recommended_headline(
        null_sample, "log_loans", "year", "unit_code", "first_treated_year", "province_code",
        log_outcome=True, random_state=0,
    )  # fmt: skip
    record = pooled_headline(null_sample, "loans").record()
    assert record["method"] == direct.method == "aggregated_t"
    assert record["method_label"] == direct.method_label
    for key in ("estimate", "conf_low", "conf_high", "p_value", "mde"):
        assert record[key] == pytest.approx(getattr(direct, key), abs=1e-9)
    assert record["column"] == "log_loans" and record["transformation"] == "log"


def test_percent_fields_are_exp_minus_one_of_the_log_numbers(null_sample):
    record = pooled_headline(null_sample, "loans").record()
    for level, pct in [("estimate", "estimate_pct"), ("conf_low", "conf_low_pct"),
                       ("conf_high", "conf_high_pct")]:  # fmt: skip
        assert record[pct] == pytest.approx(math.exp(record[level]) - 1, abs=1e-9)
    assert record["mde_pct_high"] == pytest.approx(math.exp(record["mde"]) - 1, abs=1e-9)
    assert record["mde_pct_low"] == pytest.approx(math.exp(-record["mde"]) - 1, abs=1e-9)


def test_ratio_outcome_has_no_percent_fields_and_a_margin_of_its_baseline():
    sample = _rollout("loans_to_gdp", 0.0, 2)
    sample["loans_to_gdp"] += 10.0  # a positive level, as a ratio has
    record = pooled_headline(sample, "loans_to_gdp").record()
    assert record["transformation"] == "ratio"
    assert [record[k] for k in ("estimate_pct", "conf_low_pct", "conf_high_pct",
                                "mde_pct_low", "mde_pct_high")] == [None] * 5  # fmt: skip
    treated = sample["first_treated_year"] > 0
    baseline = sample.loc[treated & (sample["year"] < sample["first_treated_year"]),
                          "loans_to_gdp"].mean()  # fmt: skip
    assert record["margin"] == pytest.approx(0.1 * abs(baseline), rel=5e-3)
    assert record["margin"] == float(f"{0.1 * abs(baseline):.3g}")


def test_a_large_known_effect_is_detected_in_the_intended_direction():
    # +0.8 log points against province shocks of sd 0.05: far beyond the test's MDE
    sample = _rollout("log_loans", 0.8, 3, shock_sd=0.05, noise_sd=0.1)
    record = pooled_headline(sample, "loans").record()
    assert record["verdict"] == "effect_detected"
    assert record["direction"] == "intended"  # the catalogue expects loans to rise
    assert record["expected_sign"] == 1
    assert record["conf_low"] > 0


def test_a_large_known_fall_is_detected_against_the_expected_sign():
    sample = _rollout("log_loans", -0.8, 4, shock_sd=0.05, noise_sd=0.1)
    record = pooled_headline(sample, "loans").record()
    assert (record["verdict"], record["direction"]) == ("effect_detected", "against")


def test_a_precise_null_rules_out_large_effects():
    sample = _rollout("log_loans", 0.0, 5, shock_sd=0.005, noise_sd=0.01)
    record = pooled_headline(sample, "loans").record()
    assert record["verdict"] == "large_effects_ruled_out"
    assert record["mde_pct_high"] < 0.10


def test_record_has_every_contract_key_with_json_values(null_sample):
    record = pooled_headline(null_sample, "loans", pretrend_p=0.3).record()
    assert [key for key in CONTRACT_KEYS if key not in record] == []
    decoded = json.loads(json.dumps(record, allow_nan=False))
    assert decoded == record
    assert isinstance(record["n_treated"], int) and isinstance(record["interpretable"], bool)
    assert record["verdict"] in ("effect_detected", "large_effects_ruled_out", "cannot_tell")


def test_counts_are_the_units_of_the_balanced_panel_the_method_uses(null_sample):
    # drop one year of one control city: the aggregated t-test leaves that city out
    control = null_sample.loc[null_sample["first_treated_year"] == 0, "unit_code"].iloc[0]
    gap = null_sample[~((null_sample["unit_code"] == control) & (null_sample["year"] == 2010))]
    record = pooled_headline(gap, "loans").record()
    units = null_sample.drop_duplicates("unit_code")
    assert record["n_treated"] == int((units["first_treated_year"] > 0).sum()) == 11
    assert record["n_control"] == int((units["first_treated_year"] == 0).sum()) - 1


def test_pretrend_gate_makes_the_headline_not_interpretable(null_sample):
    assert pooled_headline(null_sample, "loans", pretrend_p=0.01).record()["interpretable"] is False
    assert pooled_headline(null_sample, "loans", pretrend_p=0.2).record()["interpretable"] is True
    assert pooled_headline(null_sample, "loans").record()["pretrend_p"] is None


def test_smallest_p_is_the_bootstrap_floor_and_zero_for_t_tests(null_sample):
    from types import SimpleNamespace

    assert pooled_headline(null_sample, "loans").record()["smallest_p"] == 0.0
    webb = SimpleNamespace(method="wild_cluster_bootstrap", n_clusters=4, settings={"n_draws": 99})
    assert smallest_p(webb) == pytest.approx(max(2 / 6**4, 1 / 99))
    many = SimpleNamespace(
        method="wild_cluster_bootstrap", n_clusters=20, settings={"n_draws": 999}
    )
    assert smallest_p(many) == pytest.approx(1 / 999)


def test_unit_margin_is_ten_percent_of_the_treated_pre_period_mean():
    sample = pd.DataFrame({"first_treated_year": [5, 5, 5, 0, 0], "year": [3, 4, 5, 3, 4],
                           "y": [2.0, -6.0, 100.0, 50.0, 50.0]})  # fmt: skip
    assert unit_margin(sample, "y") == pytest.approx(0.1 * 2.0)


def test_summary_states_each_verdict_with_its_number_and_the_method(null_sample):
    head = pooled_headline(null_sample, "loans", pretrend_p=0.001)
    gated = pooled_headline(null_sample, "loans", pretrend_p=1e-9)
    assert "（p < 0.0001）" in summary_sentences([gated], {"loans": "贷款"}, "zh")[0]
    sentences = summary_sentences([head], {"loans": "贷款"}, "zh")
    assert sentences[0].startswith("贷款：" + head.verdict.sentence("zh"))
    assert f"{head.verdict.estimate:+.1%}" in sentences[0]
    assert "p = 0.0010" in sentences[0]  # the pre-trend gate
    assert text("method_aggregated_t", "zh") in sentences[1]
    assert "6 个省级聚类" in sentences[1]


def test_headline_table_shows_percent_for_logs():
    sample = _rollout("log_loans", 0.8, 3, shock_sd=0.05, noise_sd=0.1)
    head = pooled_headline(sample, "loans")
    row = headline_table([head], "en").iloc[0]
    assert row["estimate_shown"] == f"{math.expm1(head.headline.estimate):+.1%}"
    assert row["verdict_shown"] == "effect detected"


def test_headline_figure_has_one_panel_per_outcome(null_sample):
    head = pooled_headline(null_sample, "loans")
    figure = headline_figure([head, head], {"loans": "Loans"}, "en")
    assert len(figure.axes) == 2 and figure.axes[0].get_title(loc="left") == "Loans"


def test_outcome_change_table_lists_catalogue_defaults_then_previous_ones():
    measures = outcome_measures()
    defaults = measures.loc[measures["default"].astype(int) == 1]
    table = outcome_change_table("zh")
    labels = defaults["label_zh"].tolist() + [
        measures.set_index("outcome").loc[o, "label_zh"] for o in PREVIOUS_DEFAULTS
    ]
    assert table["outcome_label"].tolist() == labels
    assert table["status"].tolist() == [text("outcome_status_new", "zh")] * len(defaults) + [
        text("outcome_status_old", "zh")
    ] * len(PREVIOUS_DEFAULTS)
    assert table["expected_sign"].tolist()[-2:] == [
        int(measures.set_index("outcome").loc[o, "expected_sign"]) for o in PREVIOUS_DEFAULTS
    ]
    assert "2013" in table["why"].iloc[-1]  # the lights break is why they were dropped


def test_outcome_change_estimates_put_each_headline_under_its_status():
    new = pooled_headline(_rollout("log_loans", 0.8, 3, shock_sd=0.05, noise_sd=0.1), "loans")
    old = pooled_headline(_rollout("log_night_lights", 0.0, 4), "night_lights")
    table = outcome_change_estimates([new], [old], "en")
    assert table["status"].tolist() == ["new default", "previous default (dropped)"]
    assert table["indicator"].tolist() == ["loans", "night_lights"]
    expected = pd.concat([headline_table([new], "en"), headline_table([old], "en")])
    assert table.drop(columns="status").to_numpy().tolist() == expected.to_numpy().tolist()


def test_honest_event_study_has_a_universal_base_and_the_chosen_pre_periods():
    data = simulate_staggered_panel(n_units=60, n_periods=8, random_state=0).data
    sample = data.rename(columns=RENAME)
    study = honest_event_study(sample, "y", pre_periods=2)
    labels = np.asarray(study.labels)
    assert labels.min() == -3  # e = -3, -2 and the reference -1
    assert -1 in labels


def test_breakdown_rows_read_each_summary():
    from types import SimpleNamespace

    fit = SimpleNamespace(estimate=0.1, max_second_difference=0.02, breakdown_smoothness=0.05,
                          breakdown_relative_magnitude=1.5)  # fmt: skip
    rows = breakdown_rows({"loans": fit})
    assert rows.iloc[0].tolist() == ["loans", 0.1, 0.02, 0.05, 1.5]


def test_honest_averages_fit_each_outcome_and_name_the_one_that_failed():
    data = simulate_staggered_panel(n_units=200, n_periods=6, random_state=0).data
    sample = data.rename(
        columns={"y": "log_loans", "unit": "unit_code", "first_treated": "first_treated_year"}
    ).assign(log_va_secondary=np.nan)  # an outcome with no observation
    fits, failures = honest_averages(sample, ["loans", "va_secondary"])
    assert list(fits) == ["loans"] and fits["loans"].target == "average"
    direct = honest_average(honest_event_study(sample, "log_loans"))
    assert fits["loans"].estimate == pytest.approx(direct.estimate, abs=1e-12)
    # the empty outcome is named with the error's class, not raised
    assert failures == {"va_secondary": "PanelError"}


def test_larger_treated_shocks_are_named_and_the_gap_t_test_takes_the_headline():
    sample = _rollout("log_loans", 0.0, 0, shock_scale=(3, 1, 1, 1, 1, 1))
    head = pooled_headline(sample, "loans")
    assert (head.record()["method"], head.record()["rule"]) == ("gap_t", "R1s")
    table = stress_table([head], "en")
    row = table.set_index("condition").loc["treated shock variance"]
    assert row["detected"] == "yes" and "under-covers (71.3%" in row["finding"]
    assert set(table["headline_method"]) == {text("method_gap_t", "en")}
    found = stress_summary([head], "zh").iloc[0]
    assert found["headline_method"] == text("method_gap_t", "zh")
    assert value_label("condition", "treated shock variance", "zh") in found["conditions_detected"]
    first, method = summary_sentences([head], {"loans": "Loans"}, "en")
    assert "Stress check: the treated province's yearly shocks are larger" in first
    assert f"(p = {row['p_value']:.4f})" in first
    assert method.startswith(f"The design's rule recommends {text('method_aggregated_t', 'en')}")


def test_without_the_check_the_rule_r1_headline_has_no_stress_rows(null_sample):
    head = pooled_headline(null_sample, "loans", diagnose=False)
    assert head.record()["rule"] == "R1" and stress_table([head], "zh").empty
    checked = stress_table([pooled_headline(null_sample, "loans")], "zh")
    assert len(checked) == 7 and checked["finding"].str.len().gt(0).all()
