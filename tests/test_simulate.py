"""The staggered-panel simulator: CS recovers the known truth where TWFE is biased."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evalkit.did import aggte, att_gt, twfe
from evalkit.simulate import simulate_province_rollout, simulate_staggered_panel

ARGS = ("y", "year", "unit", "first_treated")


def test_seeded_and_shaped():
    first = simulate_staggered_panel(n_units=100, n_periods=6, random_state=4)
    again = simulate_staggered_panel(n_units=100, n_periods=6, random_state=4)
    pd.testing.assert_frame_equal(first.data, again.data)
    assert first.data.shape == (600, 6)
    assert sorted(first.truth["group"].unique()) == [2002, 2003, 2005, 2006]


def test_cs_recovers_truth_where_twfe_is_biased():
    sim = simulate_staggered_panel(
        n_units=3000,
        n_periods=8,
        effect=1.0,
        effect_growth=0.5,
        cohort_gap=-0.3,
        never_treated_share=0.1,
        random_state=11,
    )
    fit = att_gt(sim.data, *ARGS)
    simple = aggte(fit, "simple")
    truth = sim.true_aggregate("simple")
    assert abs(simple.overall_att - truth) < 3 * simple.overall_se
    dynamic = aggte(fit, "dynamic")
    true_dynamic = sim.true_aggregate("dynamic").reindex(dynamic.labels)
    z = (dynamic.att - true_dynamic.to_numpy()) / dynamic.std_error
    assert np.all(np.abs(z) < 4), z
    cells = fit.tidy().merge(sim.truth, on=["group", "time"])
    assert np.mean(np.abs(cells["estimate"] - cells["att"]) < 2 * cells["std_error"]) > 0.85
    static = twfe(sim.data, *ARGS)
    assert abs(static.estimate - truth) > 10 * simple.overall_se
    assert abs(static.estimate - truth) > 0.3


def test_two_by_two_cs_equals_twfe_exactly():
    sim = simulate_staggered_panel(n_units=500, n_periods=2, cohorts=[2002], random_state=2)
    fit = att_gt(sim.data, *ARGS)
    assert fit.att.size == 1
    assert fit.att[0] == pytest.approx(twfe(sim.data, *ARGS).estimate, abs=1e-12)


def test_conditional_parallel_trends_need_the_covariate():
    sim = simulate_staggered_panel(
        n_units=4000, n_periods=5, effect_growth=0.0, covariate_trend=0.5, random_state=8
    )
    truth = sim.true_aggregate("simple")
    plain = aggte(att_gt(sim.data, *ARGS), "simple")
    adjusted = aggte(att_gt(sim.data, *ARGS, xformla="~ x"), "simple")
    assert abs(adjusted.overall_att - truth) < 3 * adjusted.overall_se
    assert abs(plain.overall_att - truth) > 5 * plain.overall_se


def test_province_rollout_shares_shocks_within_provinces_and_carries_the_effect():
    exact = simulate_province_rollout(effect=0.4, shock_sd=0.0, noise_sd=0.0, random_state=2)
    assert twfe(exact, "y", "year", "unit", "first_treated").estimate == pytest.approx(0.4)
    assert exact.groupby("province")["unit"].nunique().tolist() == [11, 13, 17, 9, 11, 1]
    assert set(exact.loc[exact.first_treated > 0, "province"]) == {0}
    # without city noise, cities of a province differ only by their own level
    shocks = simulate_province_rollout(noise_sd=0.0, random_state=3)
    demeaned = shocks.y - shocks.groupby("unit").y.transform("mean")
    spread = demeaned.groupby([shocks.province, shocks.year]).std().fillna(0.0)
    assert spread.max() == pytest.approx(0.0, abs=1e-12)
    assert demeaned.groupby(shocks.year).std().min() > 0.05
