"""The city headline: recommended test on a simulated city with a known effect, the gate, JSON."""

import numpy as np
import pandas as pd
import pytest

from evalkit.errors import EstimationError
from evalkit.report.city_headline import city_headline
from evalkit.report.contract import CONTRACT_KEYS
from evalkit.report.summary import attainment_rows, headline_sentence, target_sentence


def city_panel(effect=0.0, pre_trend=0.0, seed=0, n_per_province=6, years=range(2008, 2020)):
    """One treated city (province 33) adopting in 2015, never-treated cities in 4 provinces."""
    rng = np.random.default_rng(seed)
    rows = []
    units = [("330100", "330000", 2015)] + [
        (f"{p}{i:02d}00", f"{p}0000", 0) for p in ("32", "34", "35", "36")
        for i in range(1, n_per_province + 1)
    ]  # fmt: skip
    shocks = {y: rng.normal(0, 0.05) for y in years}
    for code, province, first in units:
        level = rng.normal(5, 1)
        for year in years:
            y = level + 0.03 * (year - 2008) + shocks[year] + rng.normal(0, 0.05)
            if first:
                y += effect * (year >= first) + pre_trend * min(year - first, 0)
            rows.append((code, code, province, year, first, y, np.exp(y) / 100))
    return pd.DataFrame(
        rows,
        columns=["unit_code", "unit_name", "province_code", "year", "first_treated_year",
                 "log_loans", "loans_to_gdp"],
    )  # fmt: skip


def test_the_city_headline_is_the_recommended_test_and_its_closed_form():
    sample = city_panel(effect=0.3, seed=1)
    head = city_headline(sample, "330100", "loans", honest=False)
    assert head.headline.method == "aggregated_t" and head.headline.rule == "R1"
    # balanced one-adoption DiD: mean post gap minus mean pre gap (closed form)
    wide = sample.pivot(index="unit_code", columns="year", values="log_loans")
    gap = wide.loc["330100"] - wide.drop(index="330100").mean()
    expected = gap[gap.index >= 2015].mean() - gap[gap.index < 2015].mean()
    assert head.headline.estimate == pytest.approx(expected, abs=1e-10)
    assert head.headline.estimate_pct == pytest.approx(np.expm1(expected), abs=1e-12)
    assert head.verdict.kind == "effect_detected" and head.direction == "intended"
    assert head.interpretable
    row = head.as_dict()
    assert set(CONTRACT_KEYS) <= set(row)
    assert row["n_treated"] == 1 and row["n_control"] == 24 and row["smallest_p"] == 0.0


def test_a_negative_effect_on_loans_reads_against_the_plan():
    head = city_headline(city_panel(effect=-0.3, seed=2), "330100", "loans", honest=False)
    assert head.verdict.kind == "effect_detected" and head.direction == "against"
    assert "against the direction the plan intended" in headline_sentence(head, "en")


def test_a_ratio_outcome_has_no_percent_and_a_margin_in_its_own_units():
    sample = city_panel(seed=3)
    head = city_headline(sample, "330100", "loans_to_gdp", honest=False)
    row = head.as_dict()
    assert row["transformation"] == "ratio"
    assert row["estimate_pct"] is None and row["mde_pct_low"] is None
    pre = sample[(sample["unit_code"] == "330100") & (sample["year"] < 2015)]["loans_to_gdp"]
    assert row["margin"] == pytest.approx(float(f"{0.1 * pre.mean():.2g}"))
    # numbers in percentage points, never "%" of a ratio (the only %s: 95% CI, 80% power)
    assert "%" not in head.verdict.sentence("en").replace("95%", "").replace("80%", "")
    assert "(in percentage points)" in headline_sentence(head, "en")


def test_a_city_with_a_pre_trend_is_gated_and_gets_honest_bounds():
    sample = city_panel(pre_trend=0.15, seed=4)
    head = city_headline(sample, "330100", "loans", honest=True)
    assert head.pretrend.rejects and not head.interpretable
    assert head.as_dict()["interpretable"] is False
    sentence = headline_sentence(head, "en")
    assert "not interpretable under parallel trends" in sentence
    assert head.honest is not None and head.honest.target == "average"
    assert np.isfinite(head.honest.breakdown_smoothness)


def test_target_sentences_count_the_projection_verdicts():
    assert target_sentence([], "zh") == "目标：计划登记表中没有本市的目标。"
    rows = [{"status": "likely"}, {"status": "likely"}, {"status": "unlikely"},
            {"status": "no realised figure"}]  # fmt: skip
    expected = "Targets: 4 registered; projected: 2 likely met, 1 unlikely met."
    assert target_sentence(rows, "en") == expected
    own = pd.DataFrame({"indicator": ["a", "b"], "indicator_zh": ["甲", "乙"],
                        "unit_name": ["嘉兴市"] * 2, "status": ["met", "no realised figure"],
                        "verdict": ["", "uncertain"], "p_meet": [np.nan, 0.4]})  # fmt: skip
    assert [(r["status"], r["probability"]) for r in attainment_rows(own, "en")] == [
        ("met", None),
        ("uncertain", 0.4),
    ]


def test_a_year_the_city_lacks_is_left_out_for_everyone_not_the_city():
    # 南昌's secondary value added ends a year early: the headline uses the years the city has
    sample = city_panel(effect=0.3, seed=1)
    sample.loc[(sample["unit_code"] == "330100") & (sample["year"] == 2019), "log_loans"] = np.nan
    sample.loc[(sample["unit_code"] == "320100") & (sample["year"] == 2010), "log_loans"] = np.nan
    head = city_headline(sample, "330100", "loans", honest=False)
    kept = sample[(sample["year"] < 2019) & (sample["unit_code"] != "320100")]
    wide = kept.pivot(index="unit_code", columns="year", values="log_loans")
    gap = wide.loc["330100"] - wide.drop(index="330100").mean()
    expected = gap[gap.index >= 2015].mean() - gap[gap.index < 2015].mean()
    assert head.headline.estimate == pytest.approx(expected, abs=1e-10)
    assert head.as_dict()["n_control"] == 23  # 320100 misses a kept year: left out


def test_a_city_without_the_series_is_refused_with_the_fix():
    sample = city_panel(seed=1)
    sample.loc[sample["unit_code"] == "330100", "log_loans"] = np.nan
    with pytest.raises(EstimationError, match=r"330100: no observed year of 'log_loans'.*fix:"):
        city_headline(sample, "330100", "loans", honest=False)
