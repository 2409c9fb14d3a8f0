"""Tests of evalkit.design.sensitivity on a small hand-made roster.

Roster: 杭州 and 宁波 (growth-plan cities, 两创 awardees), 台州 (growth-plan city, finance
pilot), 合肥 and 厦门 (两创 awardees), 芜湖 (no programme) and 上海 (its district 浦东 is a
两创 awardee). Each variant's arms follow from its policy by hand.
"""

from __future__ import annotations

import pandas as pd
import pytest

from evalkit.design import build_design, confounder_variants, programme_counts

UNITS = pd.DataFrame(
    {
        "unit_code": ["330100", "330200", "331000", "340100", "340200", "350200", "310000"],
        "unit_name": ["杭州市", "宁波市", "台州市", "合肥市", "芜湖市", "厦门市", "上海市"],
        "province_code": ["330000", "330000", "330000", "340000", "340000", "350000", "310000"],
    }
)


@pytest.fixture(scope="module")
def variants(registry):
    return confounder_variants(build_design(registry=registry, units=UNITS))


def _arms(design) -> tuple[list[str], list[str], list[str]]:
    return design.treated_units, design.control_units, sorted(design.exclusions["unit_code"])


def test_variants_in_the_order_a_pooled_report_compares_them(variants):
    assert list(variants) == [
        "default", "exclude_confounded_treated", "drop_shanghai", "drop_liangchuang", "keep_all",
    ]  # fmt: skip


def test_every_variant_keeps_the_designs_own_roster(variants):
    for name, design in variants.items():
        placed = set(design.units["unit_code"]) | set(design.exclusions["unit_code"])
        assert placed <= set(UNITS["unit_code"]), name


def test_each_policy_moves_the_exposed_units_as_it_says(variants):
    assert _arms(variants["default"]) == (
        ["330100", "330200", "331000"], ["340200"], ["310000", "340100", "350200"]
    )  # fmt: skip
    assert _arms(variants["exclude_confounded_treated"]) == (
        [], ["340200"], ["310000", "330100", "330200", "331000", "340100", "350200"]
    )  # fmt: skip
    assert _arms(variants["drop_shanghai"]) == (
        ["330100", "330200", "331000"], ["340100", "340200", "350200"], []
    )  # fmt: skip
    assert _arms(variants["drop_liangchuang"]) == (
        ["331000"], ["340200"], ["310000", "330100", "330200", "340100", "350200"]
    )  # fmt: skip
    assert _arms(variants["keep_all"]) == (
        ["330100", "330200", "331000"], ["310000", "340100", "340200", "350200"], []
    )  # fmt: skip
    assert variants["drop_shanghai"].dropped_provinces == ("310000",)


def test_no_shanghai_variant_when_shanghai_is_not_in_the_pool(registry):
    without = build_design(registry=registry, units=UNITS[UNITS["unit_code"] != "310000"])
    assert "drop_shanghai" not in confounder_variants(without)


def test_programme_counts_are_the_four_design_counts(variants):
    for design in variants.values():
        counts = design.counts()
        found = programme_counts(design)
        assert found == {k: counts[k] for k in ("treated", "controls", "excluded", "censored")}
        pooled = UNITS[~UNITS["province_code"].isin(design.dropped_provinces)]
        assert found["treated"] + found["controls"] + found["excluded"] == len(pooled)
