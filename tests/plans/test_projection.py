"""Projections of targets: closed forms, constructed paths with known outcomes, 嘉兴's loans."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm

from evalkit.plans import PlanRegistryError
from evalkit.plans.projection import (
    VERDICT_RULE,
    flat_pace,
    flow_from_stock,
    meets,
    project_cumulative_path,
    project_growth_path,
    project_growth_via_denominator,
    project_share_of_flow,
    verdict,
)

# 嘉兴 year-end loans (亿元), panel city_yearbook/金融发展水平（2003-2023）236缺失.xlsx
JIAXING_LOANS = {
    2003: 1013.8417, 2004: 1196.9346, 2005: 1312.4858, 2006: 1548.4604, 2007: 1808.5225,
    2008: 2062.6018, 2009: 2705.9052, 2010: 3002.9376, 2011: 3212.7393, 2012: 3419.5265,
    2013: 3860.0250, 2014: 4393.1643, 2015: 4718.3455, 2016: 5185.2269, 2017: 5973.8994,
    2018: 6770.6905, 2019: 8004.4316, 2020: 10026.1567, 2021: 12066.7061, 2022: 14098.3851,
    2023: 16343.4010,
}  # fmt: skip


def test_verdict_rule_thresholds_are_inclusive():
    assert VERDICT_RULE == (
        "likely if P(meet) >= 0.8, unlikely if P(meet) <= 0.2, otherwise uncertain"
    )
    assert [verdict(p) for p in [1.0, 0.8, 0.7999, 0.5, 0.2001, 0.2, 0.0]] == [
        "likely", "likely", "uncertain", "uncertain", "uncertain", "unlikely", "unlikely",
    ]  # fmt: skip
    with pytest.raises(PlanRegistryError, match=r"p_meet=1.5 is not a probability"):
        verdict(1.5)
    with pytest.raises(PlanRegistryError, match=r"rule: 0 <= unlikely < likely <= 1"):
        verdict(0.5, likely=0.2, unlikely=0.8)


def test_meets_follows_the_qualifier():
    assert meets(np.array([99.0, 100.0, 101.0]), 100, "以上").tolist() == [False, True, True]
    assert meets(np.array([0.139, 0.14, 0.16, 0.161]), 0.15, "左右", tolerance=0.01).tolist() == [
        False, True, True, False,
    ]  # fmt: skip


def test_jiaxing_sme_loans_share_of_new_loans_reproduces_the_issue():
    # share 127.95 / 796.7911 = 0.160582; new loans 2021-23 = 2040.5494 + 2031.6790 + 2245.0159
    # = 6317.2443; 0.160582 x 6317.2443 = 1014.43
    new_loans = flow_from_stock(JIAXING_LOANS)
    assert new_loans.loc[2018] == pytest.approx(796.7911, abs=1e-4)
    assert new_loans.loc[2021:2023].sum() == pytest.approx(6317.2443, abs=1e-4)
    result = project_share_of_flow({2018: 127.95}, new_loans, target=1000, period_start=2021,
                                   horizon=2023, n_draws=2000)  # fmt: skip
    assert result.settings["share"] == pytest.approx(127.95 / 796.7911, abs=1e-9)
    assert result.point == pytest.approx(127.95 / 796.7911 * 6317.2443, abs=1e-3)
    assert result.conf_low < 1000 < result.conf_high
    assert 0.2 < result.p_meet < 0.8 and result.verdict == "uncertain"
    assert "random walk" in result.method and "2018" in result.method
    # the old flat pace: 2018 treated as year 1 of the round
    assert flat_pace(127.95, 1, 3) == 383.85


def test_share_probability_matches_the_normal_closed_form():
    # One projected year, denominator 1000 known, share 0.1 with log steps ~ N(0, 0.2):
    # total = 100 exp(e) >= T  <=>  e >= log(T / 100); P = 1 - Phi(log(T/100) / 0.2).
    steps = norm.ppf((np.arange(4000) + 0.5) / 4000) * 0.2
    for target in [80.0, 100.0, 130.0]:
        result = project_share_of_flow({2020: 100.0}, {2020: 1000.0, 2021: 1000.0},
                                       target=target, period_start=2021, horizon=2021,
                                       steps=steps, n_draws=20000, seed=1)  # fmt: skip
        expected = 1 - norm.cdf(np.log(target / 100) / 0.2)
        assert result.p_meet == pytest.approx(expected, abs=0.012)
    assert [project_share_of_flow({2020: 100.0}, {2020: 1000.0, 2021: 1000.0}, target=t,
                                  period_start=2021, horizon=2021, steps=steps).verdict
            for t in [70.0, 100.0, 140.0]] == ["likely", "uncertain", "unlikely"]  # fmt: skip


def test_share_needs_a_year_with_both_series():
    with pytest.raises(PlanRegistryError, match="no year has both the numerator"):
        project_share_of_flow({2015: 1.0}, {2018: 5.0}, target=1, period_start=2021, horizon=2023)


def test_missing_denominator_years_are_drawn_and_said():
    flow = {year: 100.0 * 1.1 ** (year - 2010) for year in range(2010, 2022)}
    flow[2015] *= 1.05  # some variability
    result = project_share_of_flow({2021: 20.0}, flow, target=75, period_start=2021,
                                   horizon=2023, n_draws=500)  # fmt: skip
    assert "2 year(s) drawn: [2022, 2023]" in result.method
    # realised 2021 = 20 counts as is; share 20 / 100*1.1^11 for the drawn years
    assert result.settings["realised"] == 20.0


def test_growth_via_denominator_is_the_denominator_growth():
    va = {2017: 2317.92, 2018: 2624.49, 2019: 2892.55, 2020: 2861.00, 2021: 3453.75,
          2022: 3719.61, 2023: 3776.84, 2010: 1500.0, 2011: 1560.0, 2012: 1603.08,
          2013: 1726.73, 2014: 1813.67, 2015: 1850.68, 2016: 2010.50}  # fmt: skip
    result = project_growth_via_denominator(
        va, target_rate=0.06, period_start=2021, horizon=2023, qualifier="以上", n_draws=2000
    )
    assert result.point == pytest.approx((3776.84 / 2861.00) ** (1 / 3) - 1, abs=1e-9)
    assert result.conf_low < result.point < result.conf_high
    with pytest.raises(PlanRegistryError, match="base year 2020"):
        project_growth_via_denominator({2021: 1.0, 2022: 2.0}, target_rate=0.1,
                                       period_start=2021, horizon=2023)  # fmt: skip


def _geometric_paths(rng, n_paths, n_years, sigma):
    shocks = rng.normal(0.0, sigma, size=(n_paths, n_years))
    return 100.0 * np.exp(np.cumsum(shocks, axis=1))


def test_constructed_paths_verdicts_are_calibrated():
    # Paths of additions with log growth N(0, 0.15), 12 years of history, a 3-year period of
    # which 1 is observed; the target is drawn around the truth. Among "likely" verdicts the
    # target must be met at least ~80% of the time, among "unlikely" at most ~20%.
    rng = np.random.default_rng(7)
    paths = _geometric_paths(rng, 150, 15, 0.15)
    outcomes = {"likely": [], "uncertain": [], "unlikely": []}
    for path in paths:
        history = dict(zip(range(2005, 2017), path[:12], strict=True))
        period = dict(zip(range(2017, 2020), path[12:], strict=True))
        target = sum(period.values()) * float(np.exp(rng.normal(0, 0.15)))
        result = project_cumulative_path(
            {2017: period[2017]},
            target=target,
            period_start=2017,
            horizon=2019,
            history=history,
            n_draws=400,
            seed=3,
        )
        outcomes[result.verdict].append(sum(period.values()) >= target)
    assert min(len(v) for v in outcomes.values()) >= 10
    assert np.mean(outcomes["likely"]) >= 0.75
    assert np.mean(outcomes["unlikely"]) <= 0.25
    assert 0.2 < np.mean(outcomes["uncertain"]) < 0.8


def test_paths_far_from_target_give_sure_verdicts():
    history = {2010 + k: 100.0 * (1.02 if k % 2 else 0.98) for k in range(8)}
    above = project_cumulative_path({2018: 100.0}, target=150, period_start=2018, horizon=2020,
                                    history=history)  # fmt: skip
    below = project_cumulative_path({2018: 100.0}, target=450, period_start=2018, horizon=2020,
                                    history=history)  # fmt: skip
    assert (above.verdict, above.p_meet) == ("likely", 1.0)
    assert (below.verdict, below.p_meet) == ("unlikely", 0.0)
    complete = project_cumulative_path({2018: 100.0, 2019: 90.0, 2020: 80.0}, target=270,
                                       period_start=2018, horizon=2020)  # fmt: skip
    assert complete.point == 270 and complete.verdict == "likely"
    assert "the period is complete" in complete.method


def test_previous_round_values_are_not_progress():
    with pytest.raises(PlanRegistryError, match="only from values inside its own plan period"):
        project_cumulative_path({2018: 127.95}, target=1000, period_start=2021, horizon=2023)


def test_growth_path_of_a_steady_series_is_likely_and_of_a_flat_one_unlikely():
    steady = {2010 + k: 100 * 1.08**k * (1.01 if k % 2 else 0.99) for k in range(12)}
    assert project_growth_path(steady, target_rate=0.05, period_start=2020,
                               horizon=2023).verdict == "likely"  # fmt: skip
    assert project_growth_path(steady, target_rate=0.12, period_start=2020,
                               horizon=2023).verdict == "unlikely"  # fmt: skip
