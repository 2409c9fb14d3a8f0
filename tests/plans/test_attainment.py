"""Target attainment against hand-computed values."""

from __future__ import annotations

import pytest

from evalkit.plans import PlanRegistryError, attainment

# Cumulative: 新增5600家以上 over 2018-2020; 2,000 added in 2018 and 1,700 in 2019.
# share 3700/5600 = 0.660714; pace needed 5600/3 = 1866.667/yr, realised 3700/2 = 1850/yr;
# the last year needs 5600-3700 = 1900; projection 3700 + 1850 = 5550 -> 0.991071, short.
# With a stock of 10,000 before 2018: required (15600/10000)^(1/3)-1 = 0.159778,
# realised (13700/10000)^(1/2)-1 = 0.170470, remaining 15600/13700-1 = 0.138686.


def test_cumulative_target_hand_computed():
    result = attainment(5600, {2018: 2000, 2019: 1700}, kind="cumulative",
                        period_start=2018, horizon=2020)  # fmt: skip
    assert result.achieved == 3700 and result.years_observed == 2
    assert result.share_achieved == pytest.approx(0.660714, abs=1e-6)
    assert result.required_rate == pytest.approx(1866.667, abs=1e-3)
    assert result.realised_rate == 1850 and result.required_rate_remaining == 1900
    assert result.projected_final == 5550 and result.projected_share == pytest.approx(
        0.991071, abs=1e-6
    )
    assert result.on_track is False
    with_stock = attainment(5600, {2018: 2000, 2019: 1700}, kind="cumulative",
                            period_start=2018, horizon=2020, baseline=10000)  # fmt: skip
    assert with_stock.required_rate == pytest.approx(0.159778, abs=1e-6)
    assert with_stock.realised_rate == pytest.approx(0.170470, abs=1e-6)
    assert with_stock.required_rate_remaining == pytest.approx(0.138686, abs=1e-6)


# Rate: 年均增长15%左右 over 2018-2020 from a 2017 level of 1,000; 1,120 in 2018, 1,300 in 2019.
# target level 1000*1.15^3 = 1520.875; realised sqrt(1.3)-1 = 0.140175; share of the increase
# 300/520.875 = 0.575954; the last year needs 1520.875/1300-1 = 0.169904; projection
# 1300*1.140175 = 1482.228 -> 0.974589 of the target level. 左右 within 1 point: on track;
# under 以上 it is not.


def test_rate_target_hand_computed():
    levels = {2017: 1000, 2018: 1120, 2019: 1300}
    result = attainment(0.15, levels, kind="annual_growth", period_start=2018, horizon=2020,
                        qualifier="左右")  # fmt: skip
    assert result.realised_rate == pytest.approx(0.140175, abs=1e-6)
    assert result.share_achieved == pytest.approx(0.575954, abs=1e-6)
    assert result.required_rate_remaining == pytest.approx(0.169904, abs=1e-6)
    assert result.projected_final == pytest.approx(1482.228, abs=1e-3)
    assert result.projected_share == pytest.approx(0.974589, abs=1e-6)
    assert result.on_track is True
    strict = attainment(0.15, levels, kind="annual_growth", period_start=2018, horizon=2020)
    assert strict.on_track is False
    assert list(result.tidy().columns)[:3] == ["kind", "target", "qualifier"]


def test_rate_target_needs_the_baseline_year():
    with pytest.raises(PlanRegistryError, match=r"needs the level of the baseline year 2017"):
        attainment(0.15, {2018: 1120}, kind="annual_growth", period_start=2018, horizon=2020)
