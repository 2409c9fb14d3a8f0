import numpy as np
import pandas as pd
import pytest

from evalkit.did import imputation
from evalkit.errors import EstimationError
from evalkit.simulate import simulate_staggered_panel


def _dense_reference(frame: pd.DataFrame, cluster: str):
    """BJS by brute force: dummy regression on untreated rows, explicit implied weights."""
    treated = ((frame.first_treated > 0) & (frame.year >= frame.first_treated)).to_numpy()
    design = np.column_stack(
        [pd.get_dummies(frame.unit).to_numpy(float), pd.get_dummies(frame.year).to_numpy(float)]
    )
    z0, z1, y = design[~treated], design[treated], frame.y.to_numpy()
    coef = np.linalg.lstsq(z0, y[~treated], rcond=None)[0]
    tau = y[treated] - z1 @ coef
    event = (frame.year - frame.first_treated).to_numpy()[treated]
    cohort = frame.first_treated.to_numpy()[treated]
    centred = tau - pd.Series(tau).groupby([cohort, event]).transform("mean").to_numpy()
    clusters = frame[cluster].to_numpy()
    projector = np.linalg.pinv(z0.T @ z0)
    out = {}
    for label, weight in [("overall", np.full(tau.size, 1 / tau.size))] + [
        (e, (event == e) / (event == e).sum()) for e in np.unique(event)
    ]:
        implied = -z0 @ (projector @ (z1.T @ weight))
        scores = (
            pd.Series(np.r_[implied * (y[~treated] - z0 @ coef), weight * centred])
            .groupby(np.r_[clusters[~treated], clusters[treated]])
            .sum()
        )
        out[label] = (weight @ tau, float(np.sqrt((scores**2).sum())))
    return out


def test_equals_dense_dummy_computation_with_province_clusters():
    sim = simulate_staggered_panel(
        n_units=150, n_periods=6, effect_growth=0.2, cohort_gap=0.3, n_provinces=9, random_state=5
    )
    fit = imputation(sim.data, "y", "year", "unit", "first_treated", clustervars="province")
    reference = _dense_reference(sim.data, "province")
    assert fit.overall_estimate == pytest.approx(reference["overall"][0], abs=1e-10)
    assert fit.overall_se == pytest.approx(reference["overall"][1], rel=1e-8)
    for e, estimate, se in zip(fit.event_time, fit.estimate, fit.std_error, strict=True):
        assert estimate == pytest.approx(reference[e][0], abs=1e-10)
        assert se == pytest.approx(reference[e][1], rel=1e-8)
    assert fit.n_clusters == 9


def test_recovers_the_truth_with_dynamic_heterogeneous_effects():
    sim = simulate_staggered_panel(
        n_units=3000, n_periods=10, effect_growth=0.3, cohort_gap=0.5, random_state=21
    )
    fit = imputation(sim.data, "y", "year", "unit", "first_treated")
    truth = sim.true_aggregate("dynamic").reindex(fit.event_time).to_numpy()
    assert np.all(np.abs(fit.estimate - truth) < 4 * fit.std_error)
    # overall target: equal weight per treated observation
    data = sim.data.merge(sim.truth, left_on=["first_treated", "year"], right_on=["group", "time"])
    true_overall = data.loc[data.year >= data.first_treated, "att"].mean()
    assert abs(fit.overall_estimate - true_overall) < 4 * fit.overall_se


def test_cohort_with_a_single_untreated_year_is_imputed_exactly():
    # first period 2001, cohort 2002 has one untreated year; noise-free so estimates are exact
    sim = simulate_staggered_panel(
        n_units=400, n_periods=6, cohorts=[2002, 2004], effect_growth=0.5, noise_sd=0.0,
        random_state=8,
    )  # fmt: skip
    fit = imputation(sim.data, "y", "year", "unit", "first_treated", pretrends=1)
    truth = sim.true_aggregate("dynamic").reindex(fit.event_time[fit.event_time >= 0])
    np.testing.assert_allclose(fit.estimate[fit.event_time >= 0], truth.to_numpy(), atol=1e-9)
    assert fit.estimate[fit.event_time == -1][0] == pytest.approx(0.0, abs=1e-9)


def test_single_untreated_year_with_noise_recovers_truth():
    sim = simulate_staggered_panel(
        n_units=2000, n_periods=5, cohorts=[2002, 2003], effect=2.0, random_state=9
    )
    fit = imputation(sim.data, "y", "year", "unit", "first_treated")
    assert abs(fit.overall_estimate - 2.0) < 4 * fit.overall_se
    assert fit.settings["n_treated_obs"] + fit.settings["n_untreated_obs"] == fit.n_obs


def test_unbalanced_panel_matches_dense_reference():
    sim = simulate_staggered_panel(n_units=150, n_periods=6, random_state=13, n_provinces=5)
    keep = sim.data.year.eq(2001) | (np.random.default_rng(1).random(len(sim.data)) < 0.85)
    frame = sim.data[keep].reset_index(drop=True)  # every unit keeps its untreated year 2001
    fit = imputation(frame, "y", "year", "unit", "first_treated", clustervars="province")
    reference = _dense_reference(frame, "province")
    assert fit.overall_estimate == pytest.approx(reference["overall"][0], abs=1e-9)
    assert fit.overall_se == pytest.approx(reference["overall"][1], rel=1e-7)


def test_units_without_untreated_year_are_left_out_with_a_warning():
    sim = simulate_staggered_panel(n_units=200, n_periods=5, cohorts=[2003], random_state=6)
    treated_units = sim.data.loc[sim.data.first_treated > 0, "unit"].unique()[:2]
    frame = sim.data[~(sim.data.unit.isin(treated_units) & (sim.data.year < 2003))]
    with pytest.warns(UserWarning, match=r"6 treated observation\(s\) left out: 2 treated"):
        fit = imputation(frame, "y", "year", "unit", "first_treated")
    complete = imputation(sim.data[~sim.data.unit.isin(treated_units)], "y", "year", "unit",
                          "first_treated")  # fmt: skip
    assert fit.overall_estimate == pytest.approx(complete.overall_estimate, abs=1e-10)


def test_pretrend_leads_detect_anticipation():
    sim = simulate_staggered_panel(n_units=2000, n_periods=8, cohorts=[2005], random_state=2)
    frame = sim.data.copy()
    frame.loc[frame.first_treated.gt(0) & frame.year.eq(2004), "y"] += 1.0
    fit = imputation(frame, "y", "year", "unit", "first_treated", pretrends=2)
    assert fit.settings["bjs_pretrend_test"].p_value < 1e-6
    lead = fit.estimate[fit.event_time == -1][0]
    assert lead == pytest.approx(1.0, abs=0.15)


def test_error_names_the_rule():
    with pytest.raises(EstimationError, match="pretrends=-1; rule: a non-negative"):
        imputation(pd.DataFrame({"u": [1]}), "y", "t", "u", "g", pretrends=-1)
