"""两创 on the Design's sample (report.liangchuang): one set of counts, bounds' inputs, variants.

Oracles: the registry's own rows (slots = 30 units in all minus the other batch's rows and the
batch's known members), the design's counts, direct refits of the estimators the variants wrap,
and a brute-force enumeration of a small bounds problem built by :func:`bounds_panels`.
"""

from __future__ import annotations

import itertools
import warnings
from types import SimpleNamespace

import pandas as pd
import pytest

from evalkit.design import build_design, outcome_column
from evalkit.did import aggte, att_gt, twfe
from evalkit.errors import ParameterError
from evalkit.panel import load
from evalkit.panel.tiers import unit_tiers
from evalkit.plans import PlanRegistry
from evalkit.report.liangchuang import (
    UNITS_IN_ALL_BATCHES,
    bounds_panels,
    design_bounds,
    design_variants,
    shown_bounds,
    unknown_members,
)

DESIGN = ("year", "unit_code", "first_treated_year")


@pytest.fixture(scope="module")
def setting():
    panel = load()
    design = build_design("liangchuang_demo", outcomes=["loans"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sample = design.sample(panel)
    return panel, design, sample


def test_candidates_are_the_censored_units_and_slots_follow_the_registry(setting):
    panel, design, _ = setting
    candidates, cohort, slots = unknown_members(design, panel.units)
    censored = design.units.loc[design.units["censored_from"] > 0]
    assert sorted(candidates) == sorted(censored["unit_code"])
    assert cohort == int(censored["censored_from"].max())
    plans = PlanRegistry.load().plans
    rows = plans.loc[plans["programme"] == "liangchuang_demo"]
    later = rows.loc[rows["period_start"] == cohort]
    known = later["membership"].isin(["confirmed", "inferred"]).sum()
    assert slots == UNITS_IN_ALL_BATCHES - (rows["period_start"] != cohort).sum() - known
    assert 0 < slots < len(set(candidates.values()))


def test_bounds_panel_keeps_the_design_units_with_candidates_never_treated(setting):
    panel, design, _ = setting
    panels, cohort, _ = bounds_panels(design, panel, ["loans"])
    balanced, present = panels["loans"]
    assert set(balanced["unit_code"]) <= set(design.units["unit_code"])
    counts = balanced.groupby("unit_code")["year"].nunique()
    assert counts.nunique() == 1  # balanced
    assert (balanced.loc[balanced["unit_code"].isin(list(present)), "year"] >= cohort).any()
    assert (
        balanced.loc[balanced["unit_code"].isin(list(present)), "first_treated_year"] == 0
    ).all()
    treated = balanced.loc[balanced["first_treated_year"] > 0, "unit_code"].nunique()
    assert treated == design.counts()["treated"]


def test_bounds_equal_brute_force_over_a_small_candidate_set(setting):
    panel, design, _ = setting
    panels, cohort, _ = bounds_panels(design, panel, ["loans"])
    balanced, present = panels["loans"]
    groups = pd.Series(present).value_counts(ascending=True).index[:2]
    small = {u: g for u, g in present.items() if g in set(groups)}
    others = [u for u in present if u not in small]
    frame = balanced.loc[~balanced["unit_code"].isin(others)]
    from evalkit.did import membership_bounds

    exact = membership_bounds(frame, "log_loans", *DESIGN, candidates=small, cohort=cohort,
                              max_members=1)  # fmt: skip
    values = []
    by_group = {g: [u for u, h in small.items() if h == g] for g in groups}
    for k in (0, 1):
        for picked in itertools.combinations(sorted(by_group), k):
            for members in itertools.product(*(by_group[g] for g in picked)):
                assigned = frame.copy()
                assigned.loc[assigned["unit_code"].isin(members), "first_treated_year"] = cohort
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    values.append(aggte(att_gt(assigned, "log_loans", *DESIGN)).overall_att)
    assert exact.n_assignments == len(values)
    assert exact.lower == pytest.approx(min(values), abs=1e-9)
    assert exact.upper == pytest.approx(max(values), abs=1e-9)


def test_design_bounds_table_brackets_every_filling(setting):
    panel, design, _ = setting
    table = design_bounds(design, panel, ["loans"])
    row = table.iloc[0]
    assert row["lower"] <= row["upper"] and row["n_assignments"] > 1
    assert row["n_candidates"] <= len(unknown_members(design, panel.units)[0])


def test_variants_refit_directly_and_share_the_design_counts(setting):
    panel, design, sample = setting
    tiers = unit_tiers(panel.units).set_index("unit_code")["major_city"]
    table = design_variants(sample, "loans", tiers).set_index("variant")
    observed = sample.dropna(subset=[outcome_column("loans")])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cs = aggte(att_gt(observed, "log_loans", *DESIGN, allow_unbalanced_panel=True,
                          base_period="universal"))  # fmt: skip
        fe = twfe(observed, "log_loans", *DESIGN, time_fe_by="province_code",
                  clustervars="province_code")  # fmt: skip
    assert table.loc["censor_cs", "estimate"] == pytest.approx(cs.overall_att, abs=1e-9)
    assert table.loc["province_year_fe", "estimate"] == pytest.approx(fe.estimate, abs=1e-12)
    assert table.loc["province_year_fe", "std_error"] == pytest.approx(fe.std_error, abs=1e-12)
    assert set(table["n_treated"]) == {design.counts()["treated"]}


def test_a_design_without_unknown_members_is_refused_with_the_fix():
    units = pd.DataFrame({"unit_code": ["330100"], "censored_from": [0]})
    design = SimpleNamespace(programme="liangchuang_demo", units=units)
    with pytest.raises(ParameterError) as error:
        unknown_members(design, units)
    assert str(error.value) == (
        "liangchuang_demo: no unit of unknown membership in the design; rule: the bounds fill "
        "the unknown slots of a batch; fix: build the design with unknown_membership='censor'"
    )


def test_shown_bounds_switch_to_scientific_notation_from_a_million_assignments():
    frame = pd.DataFrame({"n_assignments": [999_999, 10**6, 3 * 10**40]})
    shown = shown_bounds(frame)
    assert shown["n_assignments"].tolist() == ["999999", "1.00e+06", "3.00e+40"]
    assert frame["n_assignments"].tolist()[0] == 999_999  # the input is not changed
