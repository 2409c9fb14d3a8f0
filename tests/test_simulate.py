"""The staggered-panel simulator: CS recovers the known truth where TWFE is biased."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from evalkit.did import aggte, att_gt, twfe
from evalkit.errors import ParameterError
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


def _province_rollout_before_stress_options(
    sizes=(11, 13, 17, 9, 11, 1),
    *,
    treated_provinces=(0,),
    years=(2008, 2018),
    start=2015,
    effect=1.0,
    shock_sd=0.5,
    noise_sd=1.0,
    trend=0.1,
    random_state=None,
):
    """The simulator as it was before the stress options (the oracle for identical draws)."""
    rng = np.random.default_rng(random_state)
    province = np.repeat(np.arange(len(sizes)), sizes)
    calendar = np.arange(years[0], years[1] + 1)
    first = np.where(np.isin(province, treated_provinces), start, 0)
    unit_effect = rng.normal(size=province.size)
    shocks = rng.normal(scale=shock_sd, size=(len(sizes), calendar.size))
    treated = (first[:, None] > 0) & (calendar[None, :] >= first[:, None])
    y = (
        unit_effect[:, None]
        + trend * (calendar - years[0])[None, :]
        + shocks[province]
        + effect * treated
        + rng.normal(scale=noise_sd, size=(province.size, calendar.size))
    )
    return pd.DataFrame(
        {
            "unit": np.repeat(np.arange(province.size), calendar.size),
            "year": np.tile(calendar, province.size),
            "y": y.ravel(),
            "first_treated": np.repeat(first, calendar.size),
            "province": np.repeat(province, calendar.size),
        }
    )


@pytest.mark.parametrize(
    "options",
    [{}, {"effect": 0.3, "shock_sd": 1.0}, {"sizes": (5,) * 7, "treated_provinces": (0, 2)}],
)
def test_province_rollout_defaults_draw_the_numbers_they_drew_before(options):
    for seed in range(3):
        pd.testing.assert_frame_equal(
            simulate_province_rollout(random_state=seed, **options),
            _province_rollout_before_stress_options(random_state=seed, **options),
            check_exact=True,
        )
    # neutral stress settings are the defaults
    neutral = simulate_province_rollout(
        shock_scale=(1,) * 6, noise_ar1=0.0, effect_sd=0.0, random_state=5
    )
    pd.testing.assert_frame_equal(neutral, simulate_province_rollout(random_state=5))


def _long(sizes, n_years, **options):
    return simulate_province_rollout(
        sizes=sizes, years=(1, n_years), start=n_years, trend=0.0, random_state=9, **options
    )


def test_shock_scale_multiplies_one_province_shock_sd():
    frame = _long((4, 4, 4), 4000, noise_sd=0.0, shock_scale=(3.0, 1.0, 0.5), effect=0.0)
    demeaned = frame.y - frame.groupby("unit").y.transform("mean")
    sd = demeaned.groupby([frame.province, frame.year]).first().groupby("province").std()
    assert sd.to_numpy() == pytest.approx([1.5, 0.5, 0.25], rel=0.05)


def test_student_t_tails_keep_the_sd_and_add_kurtosis():
    frame = _long((200,), 400, shock_sd=0.0, tails_df=9, effect=0.0)
    noise = frame.y - frame.groupby("unit").y.transform("mean")
    assert noise.std() == pytest.approx(1.0, rel=0.03)
    assert stats.kurtosis(noise) == pytest.approx(1.2, abs=0.3)  # t(9): 6 / (9 - 4)
    normal = _long((200,), 400, shock_sd=0.0, effect=0.0)
    assert abs(stats.kurtosis(normal.y - normal.groupby("unit").y.transform("mean"))) < 0.1


def test_ar1_noise_has_the_coefficient_and_the_variance():
    frame = _long((300,), 300, shock_sd=0.0, noise_ar1=0.5, effect=0.0)
    wide = frame.pivot(index="unit", columns="year", values="y").to_numpy()
    noise = wide - wide.mean(axis=1, keepdims=True)
    lag = (noise[:, 1:] * noise[:, :-1]).sum() / (noise**2).sum()
    assert lag == pytest.approx(0.5, abs=0.02)
    assert noise.var() == pytest.approx(1.0, rel=0.05)


def test_city_effects_vary_and_average_exactly_the_effect():
    frame = simulate_province_rollout(
        effect=0.7, effect_sd=1.0, shock_sd=0.0, noise_sd=0.0, trend=0.0, random_state=3
    )
    post = frame.year >= 2015
    contrast = frame[post].groupby("unit").y.mean() - frame[~post].groupby("unit").y.mean()
    treated = frame.groupby("unit").first_treated.first() > 0
    assert contrast[treated].mean() == pytest.approx(0.7, abs=1e-12)
    assert contrast[treated].std() > 0.4
    assert np.abs(contrast[~treated]).max() < 1e-12


def test_stress_options_are_checked():
    with pytest.raises(ParameterError, match="shock_scale has 2 entries for 6 provinces"):
        simulate_province_rollout(shock_scale=(1, 3))
    with pytest.raises(ParameterError, match=r"noise_ar1=1.0 is not stationary"):
        simulate_province_rollout(noise_ar1=1.0)
    with pytest.raises(ParameterError, match=r"tails_df=2 has no finite variance"):
        simulate_province_rollout(tails_df=2)
