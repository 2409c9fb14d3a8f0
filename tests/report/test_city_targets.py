"""The city report's target section (evalkit.report.city_targets) on the committed registry."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest

from evalkit.errors import ParameterError
from evalkit.plans import PlanRegistry, RegistryWarning
from evalkit.plans.ambition import AMBITION_COLUMNS
from evalkit.plans.attainment import ROUND_COLUMNS
from evalkit.plans.labels import DisplayTable
from evalkit.plans.unit_sections import ALLOCATION_COLUMNS, REPORTED_COLUMNS, UnitAttainment
from evalkit.report.city_targets import CityTargetSection, city_targets_section, folded_html


@pytest.fixture(scope="module")
def registry() -> PlanRegistry:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RegistryWarning)
        return PlanRegistry.load()


def _empty(columns) -> pd.DataFrame:
    return pd.DataFrame(columns=list(columns))


def _unit(own: pd.DataFrame) -> UnitAttainment:
    empty_rounds, empty_reported = _empty(ROUND_COLUMNS), _empty(REPORTED_COLUMNS)
    return UnitAttainment(
        "330400", "嘉兴市", own, empty_rounds, _empty(ALLOCATION_COLUMNS), empty_reported,
        empty_rounds, empty_reported, _empty(AMBITION_COLUMNS),
    )  # fmt: skip


def _row(indicator: str, status: str, verdict: str, p_meet: float) -> dict:
    row = dict.fromkeys(ROUND_COLUMNS, np.nan)
    row.update(unit_code="330400", unit_name="嘉兴市", level="city", plan_id="p", round="2021-2023",
               indicator=indicator, indicator_zh=indicator, status=status, verdict=verdict,
               p_meet=p_meet, method="m", method_zh="m", target_type="cumulative",
               qualifier="", unit="家", baseline_years="", baseline_round="",
               realised_years="")  # fmt: skip
    return row


def test_attainment_status_is_the_verdict_with_its_probability_else_the_realised_status():
    own = pd.DataFrame([_row("a", "no realised figure", "likely", 0.9),
                        _row("b", "not met", "", np.nan), _row("c", "met", "", np.nan),
                        _row("d", "no realised figure", "", np.nan)])  # fmt: skip
    records = CityTargetSection(_unit(own), "en").attainment()
    assert [(r["indicator"], r["status"], r["probability"]) for r in records] == [
        ("a", "likely", 0.9), ("b", "missed", None), ("c", "met", None), ("d", "no figure", None)
    ]  # fmt: skip
    assert all(r["unit_name"] == "嘉兴市" and r["section"] == "own" for r in records)


def test_jiaxing_previous_round_figure_is_only_a_labelled_baseline(registry):
    section = city_targets_section(registry, None, "330400", "zh")
    own = section.unit.own
    assert set(own["round"]) == {"2021-2023"}
    # the registry holds 2018 figures (previous round) for 嘉兴 and none inside 2021-2023
    assert own["realised"].isna().all()
    loans = own.set_index("indicator").loc["new_smf_loans"]
    assert loans["baseline"] == 127.95 and loans["baseline_round"] == "2018-2020"
    assert loans["status"] == "no realised figure"
    page = section._repr_html_()
    assert "基期值（上一轮，非本轮进度）" in page and "基期所属轮次" in page
    assert "<th>地区</th>" in page and "嘉兴市" in page
    assert not re.search(r"jiaxing_growth|_b1_|zj_growth_", page)


def test_jinhua_section_names_lanxi_and_township_allocations_sum_to_the_county_total(registry):
    section = city_targets_section(registry, None, "330700", "zh")
    unit = section.unit
    assert set(unit.sub_units["unit_name"]) == {"兰溪市"} and len(unit.sub_units) == 30
    # brute force: sum the township columns of the allocation table ourselves
    plan_id = unit.allocation["plan_id"].iloc[0]
    table = registry.allocation(plan_id)
    townships = table.columns.drop(["indicator_zh", "合计"])
    sums = table[townships].sum(axis=1)
    checked = unit.allocation.set_index("indicator")
    for indicator, total in sums.items():
        assert checked.loc[indicator, "allocated"] == pytest.approx(total)
        assert checked.loc[indicator, "headline"] == pytest.approx(table.loc[indicator, "合计"])
    assert checked["consistent"].all() and (checked["n_sub_units"] == len(townships)).all()
    headings = [block.heading for block in section.blocks()]
    assert "所辖县（市、区）的目标" in headings and "乡镇分解数之和与县级总目标的核对" in headings
    assert all(r["unit_name"] in ("兰溪市", "浙江省") for r in section.attainment())


def test_quzhou_section_shows_its_2020_figures_and_cost_reduction_met(registry):
    section = city_targets_section(registry, None, "330800", "en")
    reported = section.unit.reported.set_index("indicator")
    cost = reported.loc["cost_reduction"]
    assert cost["year"] == 2020 and cost["value"] == 103.72
    assert cost["share_of_target"] == pytest.approx(1.5393)
    assert cost["implied_target"] == pytest.approx(103.72 / 1.5393)
    records = [r for r in section.attainment() if r["indicator"] == "cost_reduction"]
    assert records == [{"indicator": "cost_reduction", "label": records[0]["label"],
                        "unit_name": "衢州市", "round": "2020", "section": "reported",
                        "status": "met", "probability": None}]  # fmt: skip
    page = section._repr_html_()
    assert "103.72" in page and "Reported figures with no target" in page


def test_long_tables_are_folded_short_ones_are_not():
    table = DisplayTable(pd.DataFrame({"地区": ["嘉兴市"] * 9}))
    folded = folded_html(table, "zh", fold_rows=8)
    assert folded.startswith("<details><summary>表格共 9 行") and folded.endswith("</details>")
    assert folded.count("<td>嘉兴市</td>") == 9  # every row kept inside the fold
    assert folded_html(table, "zh", fold_rows=9) == table._repr_html_()


def test_bad_language_is_refused(registry):
    message = "language='fr' is not supported; choose one of ('zh', 'en')"
    with pytest.raises(ParameterError, match=re.escape(message)):
        city_targets_section(registry, None, "330800", "fr")
