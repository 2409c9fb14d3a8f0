import numpy as np
import pytest
import statsmodels.formula.api as smf

from evalkit.did import aggte, att_gt, sun_abraham
from evalkit.errors import EstimationError
from evalkit.simulate import simulate_staggered_panel


def test_cohort_effects_equal_callaway_santanna_post_periods_on_mpdta(mpdta):
    sa = sun_abraham(mpdta, "lemp", "year", "countyreal", "first_treat")
    cs = att_gt(mpdta, "lemp", "year", "countyreal", "first_treat").tidy()
    merged = cs[cs.event_time >= 0].merge(sa.cohort_tidy(), on=["group", "time"])
    assert len(merged) == 7
    assert np.abs(merged.estimate_x - merged.estimate_y).max() < 1e-12


def test_pre_periods_equal_universal_base_callaway_santanna(mpdta):
    sa = sun_abraham(mpdta, "lemp", "year", "countyreal", "first_treat")
    cs = att_gt(mpdta, "lemp", "year", "countyreal", "first_treat", base_period="universal")
    merged = cs.tidy().merge(sa.cohort_tidy(), on=["group", "time"])
    assert len(merged) == 12
    assert np.abs(merged.estimate_x - merged.estimate_y).max() < 1e-12


def test_aggregates_use_cohort_shares_like_cs(mpdta):
    sa = sun_abraham(mpdta, "lemp", "year", "countyreal", "first_treat")
    cs = att_gt(mpdta, "lemp", "year", "countyreal", "first_treat", base_period="universal")
    dynamic = aggte(cs, "dynamic")
    keep = dynamic.labels != -1
    np.testing.assert_allclose(sa.estimate, dynamic.att[keep], atol=1e-12)
    assert sa.overall_estimate == pytest.approx(aggte(cs, "simple").overall_att, abs=1e-12)


def test_covariance_matches_statsmodels_dummy_regression_with_fixed_shares(mpdta):
    sa = sun_abraham(mpdta, "lemp", "year", "countyreal", "first_treat")
    frame = mpdta.copy()
    event = frame.year - frame.first_treat
    names = []
    for g, e in zip(sa.cohort, sa.cohort_event_time, strict=True):
        names.append(f"c{g:.0f}_{e + 10:.0f}")
        frame[names[-1]] = ((frame.first_treat == g) & (event == e)) * 1.0
    reference = smf.ols(f"lemp ~ {' + '.join(names)} + C(countyreal) + C(year)", frame).fit(
        cov_type="cluster", cov_kwds={"groups": frame.countyreal}
    )
    cohort_vcov = reference.cov_params().loc[names, names].to_numpy()
    np.testing.assert_allclose(sa.cohort_estimate, reference.params[names], atol=1e-10)
    np.testing.assert_allclose(sa.cohort_vcov, cohort_vcov, rtol=1e-8, atol=1e-14)
    # event-time effects: cohort-size shares among the cohorts observed at e, held fixed
    size = mpdta.groupby("countyreal").first_treat.first().value_counts()
    shares = np.array(
        [
            (sa.cohort_event_time == e) * size.reindex(sa.cohort).to_numpy(float)
            for e in sa.event_time
        ]
    )
    shares /= shares.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(sa.std_error, np.sqrt(np.diag(shares @ cohort_vcov @ shares.T)))


def test_recovers_heterogeneous_effects_where_twfe_is_biased():
    sim = simulate_staggered_panel(
        n_units=2000, n_periods=8, effect_growth=0.3, cohort_gap=0.5, random_state=11
    )
    sa = sun_abraham(sim.data, "y", "year", "unit", "first_treated")
    truth = sim.true_aggregate("dynamic").reindex(sa.event_time).to_numpy()
    assert np.all(np.abs(sa.estimate - truth) < 4 * sa.std_error)
    assert abs(sa.overall_estimate - sim.true_aggregate("simple")) < 4 * sa.overall_se


def test_last_treated_control_and_missing_never_treated(mpdta):
    treated_only = mpdta[mpdta.first_treat > 0]
    with pytest.raises(EstimationError, match="fix: use control_group='lasttreated'"):
        sun_abraham(treated_only, "lemp", "year", "countyreal", "first_treat")
    with pytest.warns(UserWarning, match="last-treated cohort is the comparison group"):
        sa = sun_abraham(
            mpdta, "lemp", "year", "countyreal", "first_treat", control_group="lasttreated"
        )
    assert set(sa.cohort.tolist()) == {2004.0, 2006.0}
    assert sa.cohort_event_time.max() == 2  # 2007 (the control cohort's start) is dropped
