"""Target attainment against hand-computed values."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from evalkit.panel import Panel
from evalkit.plans import (
    ROUND_COLUMNS,
    PlanRegistry,
    PlanRegistryError,
    attainment,
    round_attainment,
    unit_attainment,
)
from evalkit.plans.attainment import reported_spans

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


# --- attainment per round, sections of a unit's report ----------------------------------------


JIAXING_LOANS = {2015: 4718.3455, 2016: 5185.2269, 2017: 5973.8994, 2018: 6770.6905,
                 2019: 8004.4316, 2020: 10026.1567, 2021: 12066.7061, 2022: 14098.3851,
                 2023: 16343.4010, 2010: 3002.9376, 2011: 3212.7393, 2012: 3419.5265,
                 2013: 3860.0250, 2014: 4393.1643}  # fmt: skip
JIAXING_VA = {2010: 1296.0, 2011: 1440.0, 2012: 1603.08, 2013: 1726.73, 2014: 1813.67,
              2015: 1850.68, 2016: 2010.50, 2017: 2317.92, 2018: 2624.49, 2019: 2892.55,
              2020: 2861.00, 2021: 3453.75, 2022: 3719.61, 2023: 3776.84}  # fmt: skip


def _panel(series: dict[tuple[str, str], dict[int, float]]) -> Panel:
    names = {"330400": "嘉兴市", "330700": "金华市", "330800": "衢州市"}
    rows = [
        {"unit_code": code, "unit_name": names[code], "province_code": "330000", "year": year,
         "indicator": indicator, "value": value, "source": "test"}
        for (code, indicator), values in series.items() for year, value in values.items()
    ]  # fmt: skip
    return Panel(pd.DataFrame(rows))


@pytest.fixture(scope="module")
def small_panel() -> Panel:
    return _panel({("330400", "loans"): JIAXING_LOANS, ("330400", "va_secondary"): JIAXING_VA,
                   ("330700", "va_secondary"): {2013: 1445.70, 2014: 1508.36, 2015: 1549.15,
                                                2016: 1643.43, 2017: 1626.63, 2018: 1745.47,
                                                2019: 1833.03, 2020: 1814.00},
                   ("330800", "loans"): JIAXING_LOANS})  # fmt: skip


def test_reported_span_follows_year_and_as_of():
    rows = pd.DataFrame({"year": [2018, 2018, 2020], "as_of": ["2020-12-31", "2018-11-30", ""]})
    spans = reported_spans(rows)
    assert spans[["span_start", "span_end"]].values.tolist() == [[2018, 2020], [2018, 2018],
                                                                  [2020, 2020]]  # fmt: skip


def test_jiaxing_round_shows_2018_only_as_a_baseline(registry, small_panel):
    table = round_attainment(registry, "jiaxing_growth_2021", panel=small_panel)
    assert table.columns.tolist() == ROUND_COLUMNS
    assert set(table["round"]) == {"2021-2023"} and set(table["unit_name"]) == {"嘉兴市"}
    rows = table.set_index("indicator")
    # 27,497台次 in 2018 against 6,000 a year: a baseline of the previous round, not progress
    instruments = rows.loc["instruments_opened"]
    assert instruments["baseline"] == 27497 and instruments["baseline_years"] == "2018"
    assert instruments["baseline_round"] == "2018-2020"
    assert np.isnan(instruments["realised"]) and instruments["status"] == "no realised figure"
    assert table["realised"].isna().all()  # the registry holds no 2021-2023 figure for 嘉兴
    loans = rows.loc["new_smf_loans"]
    assert loans["projection"] == pytest.approx(127.95 / 796.7911 * 6317.2443, abs=1e-3)
    assert loans["conf_low"] < 1000 < loans["conf_high"] and loans["verdict"] == "uncertain"
    va = rows.loc["below_scale_industrial_va_growth"]
    assert va["projection"] == pytest.approx(((3776.84 / 2861.00) ** (1 / 3) - 1) * 100, abs=1e-9)


def test_realised_inside_the_period_counts_and_a_complete_period_is_judged(registry_copy):
    reported = registry_copy / "reported.csv"
    extra = (
        "330400,嘉兴市,2021,,new_tech_smf,新增科技型小微企业,300,家,,,,jiaxing_growth_2021,test,reported,\n"
        "330400,嘉兴市,2022,,new_tech_smf,新增科技型小微企业,250,家,,,,jiaxing_growth_2021,test,reported,\n"
        "330400,嘉兴市,2023,,new_tech_smf,新增科技型小微企业,260,家,,,,jiaxing_growth_2021,test,reported,\n"
        "330400,嘉兴市,2021,2022-12-31,new_smf,累计新增小微企业,41000,家,,,,jiaxing_growth_2021,test,reported,\n"
    )  # fmt: skip
    reported.write_text(reported.read_text(encoding="utf-8") + extra, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the panel's absence, if any, is not under test
        changed = PlanRegistry.load(registry_copy)
    rows = round_attainment(changed, "jiaxing_growth_2021").set_index("indicator")
    tech = rows.loc["new_tech_smf"]  # 300 + 250 + 260 = 810 >= 800 over the whole period
    assert (tech["realised"], tech["realised_years"], tech["status"]) == (810, "2021-2023", "met")
    assert tech["share_achieved"] == pytest.approx(810 / 800)
    assert tech["baseline"] == 837  # 2018 stays a baseline
    smf = rows.loc["new_smf"]  # cumulative 2021 to end-2022: 41,000 of 60,000, in progress
    assert (smf["realised"], smf["realised_years"], smf["status"]) == (41000, "2021-2022",
                                                                       "in progress")  # fmt: skip


def test_jinhua_report_holds_lanxi_targets_and_checked_allocations(registry, small_panel):
    sections = unit_attainment(registry, small_panel, "330700")
    assert sections.own.empty
    assert len(sections.sub_units) == 30 and set(sections.sub_units["unit_name"]) == {"兰溪市"}
    assert set(sections.sub_units["level"]) == {"county"}
    allocation = sections.allocation.set_index("indicator")
    assert allocation.loc["new_smf", ["headline", "allocated", "n_sub_units"]].tolist() == [
        5600.0, 5600.0, 17,
    ]  # fmt: skip
    assert allocation["consistent"].all() and len(allocation) == 11
    va = sections.sub_units.set_index("indicator").loc["below_scale_industrial_va_growth"]
    assert "parent city 金华市 330700" in va["method"]
    assert va["projection"] == pytest.approx(((1814.00 / 1626.63) ** (1 / 3) - 1) * 100)
    province = sections.province.set_index("indicator").loc["new_smf"]
    assert (province["target"], province["baseline"], province["baseline_years"]) == (
        600000, 1212200, "2018-2020",
    )  # fmt: skip
    assert sorted(sections.province_reported["value"]) == [1212200, 2500900]


def test_quzhou_report_holds_its_2020_figures_with_the_implied_target(registry, small_panel):
    sections = unit_attainment(registry, small_panel, "330800")
    assert sections.own.empty and sections.sub_units.empty
    cost = sections.reported.set_index("indicator").loc["cost_reduction"]
    assert cost["share_of_target"] == pytest.approx(1.5393)
    assert cost["implied_target"] == pytest.approx(103.72 / 1.5393)  # about 67.38亿元
    assert "cost_reduction_share_of_target" not in set(sections.reported["indicator"])
    assert len(sections.reported) == 17  # the 18 衢州 rows with the share folded in


def test_unit_attainment_rejects_a_bad_code(registry):
    with pytest.raises(PlanRegistryError, match="'3307' is not a 6-digit administrative code"):
        unit_attainment(registry, None, "3307")


def test_display_table_has_names_not_ids_and_no_index(registry):
    from evalkit.plans import display_table

    frame = round_attainment(registry, "zj_growth_2021")
    shown = display_table(frame, "zh")
    html = shown._repr_html_()
    assert "<th>地区</th>" in html and "浙江省" in html and "330000" not in html
    assert "zj_growth_2021" not in html and "<th></th>" not in html  # no index header cell
    assert "基期值（上一轮，非本轮进度）" in shown.frame.columns
    assert shown.frame.loc[0, "完成状态"] == "登记表无本轮实际值"
    english = display_table(frame, "en").frame
    assert english.loc[0, "Indicator"] == "new small and micro firms"
    assert english.loc[0, "Status"] == "no realised figure in the round"
    from evalkit.errors import ParameterError

    with pytest.raises(ParameterError, match="'nope' has no report label"):
        display_table(pd.DataFrame({"nope": [1]}), "zh")
