"""Loading and validating the plan registry (plans, targets, reported, units)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from evalkit.config import raw_file
from evalkit.plans import (
    AllocationError,
    PlanRegistry,
    PlanRegistryError,
    RegistryWarning,
    UnknownUnitCodeError,
)

LANXI_HEADLINES = {
    "new_smf": 5600, "new_key_industry_smf": 2000, "individual_to_enterprise": 400,
    "eliminated_overcapacity_firms": 100, "low_scattered_closed": 1000,
    "below_to_above_scale_industrial": 100, "new_tech_smf": 150, "new_export_performers": 150,
    "new_export_registration": 280, "new_smf_parks": 22, "below_to_above_limit_trade": 40,
}  # fmt: skip


def _load(folder: Path, registry: PlanRegistry) -> PlanRegistry:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RegistryWarning)
        return PlanRegistry.load(
            folder, panel_units=registry.roster.panel_units, crosswalk=registry.roster.crosswalk
        )


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_lanxi_allocation_tables_sum_to_the_headline_targets(registry):
    rows = registry.targets.loc[registry.targets["plan_id"] == "lanxi_growth_2018"]
    allocated = rows.loc[rows["sub_unit"] != ""].groupby("indicator")["target"].sum()
    assert allocated.to_dict() == {k: float(v) for k, v in LANXI_HEADLINES.items()}
    headline = rows.loc[rows["sub_unit"] == ""].set_index("indicator")["target"]
    assert all(headline[k] == v for k, v in LANXI_HEADLINES.items())
    table = registry.allocation("lanxi_growth_2018")
    assert table.shape == (11, 19)  # indicator_zh, 17 sub-units, 合计
    assert table.loc["new_smf", "兰江"] == 1647 and table.loc["new_smf", "合计"] == 5600


def test_registry_rows_cite_their_sources_and_dates_parse(registry):
    plans = registry.plans.set_index("plan_id")
    assert plans.loc["lanxi_growth_2018", "doc_number"] == "兰政办发〔2018〕136号"
    assert str(plans.loc["lanxi_growth_2018", "issued_date"]) == "2018-12-07"
    assert plans.loc["jiaxing_growth_2021", "issued_year"] == 2021
    assert plans.loc["liangchuang_b2_110114", "membership"] == "confirmed"
    assert (plans["source"] != "").all()
    assert (registry.targets["source"] != "").all() and (registry.reported["source"] != "").all()


def test_valid_codes_outside_the_panel_are_flagged_not_errors(registry):
    flags = registry.flags.set_index("key")
    assert flags.loc["lanxi_growth_2018", "panel_city"] == "330700"
    assert "map_districts=True" in flags.loc["lanxi_growth_2018", "reason"]
    assert flags.loc["liangchuang_b1_310115", "panel_city"] == "310000"
    assert "330100" not in set(registry.flags["unit_code"])


def test_unknown_unit_code_raises_naming_plan_code_and_fix(registry, registry_copy):
    path = registry_copy / "plans.csv"
    with path.open("a", encoding="utf-8") as stream:
        stream.write("bogus_plan,city_growth_plan,city,339999,无此市,2018-2020,,2018,2020,,x,"
                     "confirmed,\n")  # fmt: skip
    with pytest.raises(UnknownUnitCodeError) as raised:
        _load(registry_copy, registry)
    assert str(raised.value) == (
        "plans.csv: plan_id='bogus_plan' names unit_code '339999' (无此市), which is in neither "
        "the panel's unit list, the admin crosswalk nor data/raw/plans/units.csv; rule: every "
        "unit code must exist; fix: correct the code or add the unit with its source to "
        "data/raw/plans/units.csv"
    )


def test_allocation_that_does_not_sum_raises(registry, registry_copy):
    _edit(registry_copy / "targets.csv", ",兰江,1647,", ",兰江,1648,")
    with pytest.raises(
        AllocationError, match=r"17 sub-unit rows sum to 5601, the headline is 5600"
    ):
        _load(registry_copy, registry)


def test_bad_date_and_bad_qualifier_raise(registry, registry_copy):
    _edit(registry_copy / "plans.csv", "2018-12-07", "2018-13-07")
    with pytest.raises(PlanRegistryError, match=r"lanxi_growth_2018.*'2018-13-07' does not parse"):
        _load(registry_copy, registry)
    _edit(registry_copy / "plans.csv", "2018-13-07", "2018-12-07")
    _edit(registry_copy / "targets.csv", ",左右,", ",大约,")
    with pytest.raises(PlanRegistryError, match=r"qualifier='大约' is not allowed"):
        _load(registry_copy, registry)


def test_low_carbon_rows_match_the_pilot_list_file(registry):
    pilot = pd.read_excel(raw_file("pilot_lists/试点城市名单.xlsx"))
    batch = {"第一批": "batch 1", "第二批": "batch 2", "第三批": "batch 3"}
    expected = {(r.city_name, int(r.pilot_year), batch[r.batch]) for r in pilot.itertuples()}
    rows = registry.plans.loc[registry.plans["source"] == "pilot_lists/试点城市名单.xlsx"]
    got = {(r.unit_name, int(r.period_start), r.round) for r in rows.itertuples()}
    assert got == expected and len(rows) == len(pilot)
    codes = rows.set_index("unit_name")["unit_code"]
    assert codes["上海市"] == "310000" and codes["杭州市"] == "330100"


def test_reported_figures_for_jiaxing_2018(registry):
    jiaxing = registry.reported.loc[
        (registry.reported["unit_code"] == "330400") & (registry.reported["year"] == 2018)
    ].set_index("indicator")
    assert jiaxing.loc["individual_to_enterprise", "value"] == 3213
    assert jiaxing.loc["below_to_above_scale_industrial", "value"] == 835
    assert jiaxing.loc["below_to_above_scale_industrial", "province_rank"] == 3
    assert jiaxing.loc["new_smf_loans", "value"] == 127.95
    assert jiaxing.loc["individual_to_enterprise_growth", "province_rank"] == 1
    assert (jiaxing["province_rank"].dropna() <= 3).sum() == 7  # six indicators + 百强榜 rank


def test_targets_vs_reported_joins_by_indicator(registry):
    joined = registry.targets_vs_reported("jiaxing_growth_2021").set_index("indicator")
    assert joined.loc["new_smf", "target"] == 60000
    assert joined.loc["new_smf", "reported"] == 25592 and joined.loc["new_smf", "year"] == 2018
    assert joined["period_years"].iloc[0] == 3


def test_summary_names_the_registry_folder_without_a_machine_path(registry):
    # reports print the summary: an absolute path would differ from machine to machine
    first = registry.summary().splitlines()[0]
    assert first.startswith("Plan registry at data/raw/plans: 137 plan rows, 250 targets")
    assert not Path(first.split(" at ")[1].split(":")[0]).is_absolute()


def test_content_key_follows_the_content_not_the_folder(registry, registry_copy):
    copied = _load(registry_copy, registry)
    assert copied.path != registry.path
    assert copied.content_key() == registry.content_key()
    _edit(registry_copy / "targets.csv", ",兰江,1647,", ",兰江,1648,")
    _edit(registry_copy / "targets.csv", ",5600,", ",5601,")  # the allocation still sums
    assert _load(registry_copy, registry).content_key() != registry.content_key()
