"""Ambition: required against pre-plan rates, hand-computed; the trend counterfactual."""

from __future__ import annotations

import pandas as pd
import pytest

from evalkit.panel import Panel
from evalkit.plans import AMBITION_COLUMNS, PlanRegistryError, ambition, ambition_table

JIAXING_LOANS = {2017: 5973.8994, 2018: 6770.6905, 2019: 8004.4316, 2020: 10026.1567,
                 2021: 12066.7061, 2022: 14098.3851, 2023: 16343.4010, 2014: 4393.1643,
                 2015: 4718.3455, 2016: 5185.2269}  # fmt: skip
JIAXING_VA = {
    2014: 1813.67,
    2015: 1850.68,
    2016: 2010.50,
    2017: 2317.92,
    2018: 2624.49,
    2019: 2892.55,
    2020: 2861.00,
    2021: 3453.75,
    2022: 3719.61,
    2023: 3776.84,
}
JINHUA_VA = {2013: 1445.70, 2014: 1508.36, 2015: 1549.15, 2016: 1643.43, 2017: 1626.63,
             2018: 1745.47, 2019: 1833.03, 2020: 1814.00}  # fmt: skip


@pytest.fixture(scope="module")
def panel() -> Panel:
    series = {("330400", "嘉兴市", "loans"): JIAXING_LOANS,
              ("330400", "嘉兴市", "va_secondary"): JIAXING_VA,
              ("330700", "金华市", "va_secondary"): JINHUA_VA}  # fmt: skip
    rows = [
        {"unit_code": code, "unit_name": name, "province_code": "330000", "year": year,
         "indicator": indicator, "value": value, "source": "test"}
        for (code, name, indicator), values in series.items() for year, value in values.items()
    ]  # fmt: skip
    return Panel(pd.DataFrame(rows))


def test_cumulative_against_a_flat_baseline_pace():
    # 60,000 over 2021-2023 = 20,000 a year against 25,592 in 2018: ratio 0.781494,
    # difference -5,592; carried on, 76,776 >= 60,000: the trend alone meets it.
    result = ambition(target=60000, target_type="cumulative", period_start=2021, horizon=2023,
                      qualifier="以上", pre_plan_rate=25592)  # fmt: skip
    assert result.required_rate == 20000 and result.pre_plan_rate == 25592
    assert result.ratio == pytest.approx(20000 / 25592) and result.difference == -5592
    assert result.trend_total == 76776 and result.trend_meets is True
    short = ambition(target=10, target_type="cumulative", period_start=2021, horizon=2023,
                     qualifier="以上", pre_plan_rate=2)  # fmt: skip
    assert short.ratio == pytest.approx(10 / 6) and short.trend_meets is False


def test_growth_target_against_the_pre_plan_rate_with_about():
    about = ambition(target=0.15, target_type="annual_growth", period_start=2018, horizon=2020,
                     qualifier="左右", pre_plan_rate=0.142)  # fmt: skip
    assert about.difference == pytest.approx(0.008) and about.trend_meets is True
    at_least = ambition(target=0.15, target_type="annual_growth", period_start=2018,
                        horizon=2020, qualifier="以上", pre_plan_rate=0.142)  # fmt: skip
    assert at_least.trend_meets is False
    with pytest.raises(PlanRegistryError, match="target_type='stock' has no yearly rate"):
        ambition(target=1, target_type="stock", period_start=2021, horizon=2023, pre_plan_rate=1)


def test_jiaxing_ambition_table(registry, panel):
    table = ambition_table(registry, "jiaxing_growth_2021", panel=panel)
    assert table.columns.tolist() == AMBITION_COLUMNS
    rows = table.set_index("indicator")
    assert sorted(rows.index) == sorted([
        "new_smf", "new_key_industry_smf", "below_scale_industrial_va_growth", "new_tech_smf",
        "innovation_vouchers", "new_smf_loans", "instruments_opened", "new_smf_bank_branches",
    ])  # fmt: skip
    assert rows.loc["instruments_opened", "ratio"] == pytest.approx(6000 / 27497)
    assert rows.loc["new_smf_bank_branches", "finding"] == "needs more than the pre-plan trend"
    # va_secondary 2017-2020: (2861.00/2317.92)^(1/3)-1 = 0.072687 against 6%
    va = rows.loc["below_scale_industrial_va_growth"]
    assert va["pre_plan_rate"] == pytest.approx((2861.00 / 2317.92) ** (1 / 3) - 1)
    assert va["ratio"] == pytest.approx(0.06 / ((2861.00 / 2317.92) ** (1 / 3) - 1))
    assert va["trend_meets"] and va["outcome"] == "likely"
    assert va["finding"] == "on track; the pre-plan trend alone would also meet it"
    # loans on their 2017-2020 growth g = (10026.1567/5973.8994)^(1/3)-1 from 2020; new loans
    # 2021-2023 = L2020((1+g)^3 - 1); times the 2018 share 127.95/796.7911
    g = (10026.1567 / 5973.8994) ** (1 / 3) - 1
    trend = 127.95 / 796.7911 * 10026.1567 * ((1 + g) ** 3 - 1)
    loans = rows.loc["new_smf_loans"]
    assert loans["trend_total"] == pytest.approx(trend) and loans["trend_meets"]
    assert loans["pre_plan_rate"] == pytest.approx(trend / 3)


def test_lanxi_growth_target_uses_the_parent_city_and_says_so(registry, panel):
    table = ambition_table(registry, "lanxi_growth_2018", panel=panel).set_index("indicator")
    assert table.index.tolist() == ["below_scale_industrial_va_growth"]
    row = table.loc["below_scale_industrial_va_growth"]
    rate = (1626.63 / 1508.36) ** (1 / 3) - 1  # 金华 va_secondary 2014-2017
    assert row["pre_plan_rate"] == pytest.approx(rate) and row["ratio"] == pytest.approx(
        0.07 / rate
    )
    assert "parent city 金华市 330700, proxy" in row["basis"] and not row["trend_meets"]


def test_province_round_against_the_previous_round(registry):
    row = ambition_table(registry, "zj_growth_2021").set_index("indicator").loc["new_smf"]
    # 600,000 over 3 years against 1,212,200 added in 2018-2020 (404,066.67 a year)
    assert row["pre_plan_rate"] == pytest.approx(1212200 / 3)
    assert row["ratio"] == pytest.approx(200000 / (1212200 / 3)) and row["trend_meets"]
