import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from evalkit.did import event_study, sup_t_critical
from evalkit.errors import EstimationError
from evalkit.simulate import simulate_staggered_panel


def _dummy_regression(frame, low=-np.inf, high=np.inf):
    event = np.where(frame.first_treat > 0, frame.year - frame.first_treat, np.nan)
    event = np.clip(event, low, high)
    names = []
    for e in sorted(set(event[~np.isnan(event)]) - {-1}):
        name = f"e_{int(e) + 10}"
        frame[name] = (event == e) * 1.0
        names.append(name)
    fit = smf.ols(f"lemp ~ {' + '.join(names)} + C(countyreal) + C(year)", frame).fit(
        cov_type="cluster", cov_kwds={"groups": frame.countyreal}
    )
    return fit.params[names].to_numpy(), fit.bse[names].to_numpy()


def test_matches_statsmodels_with_dummies_on_mpdta(mpdta):
    result = event_study(mpdta, "lemp", "year", "countyreal", "first_treat")
    params, bse = _dummy_regression(mpdta.copy())
    assert result.event_time.tolist() == [-4, -3, -2, 0, 1, 2, 3]
    np.testing.assert_allclose(result.estimate, params, atol=1e-10)
    np.testing.assert_allclose(result.std_error, bse, rtol=1e-8)
    assert result.df == mpdta.countyreal.nunique() - 1


def test_binned_endpoints_match_clipped_dummies(mpdta):
    result = event_study(mpdta, "lemp", "year", "countyreal", "first_treat", min_e=-2, max_e=1)
    params, bse = _dummy_regression(mpdta.copy(), -2, 1)
    assert result.event_time.tolist() == [-2, 0, 1]
    np.testing.assert_allclose(result.estimate, params, atol=1e-10)
    np.testing.assert_allclose(result.std_error, bse, rtol=1e-8)


def test_trimmed_endpoints_drop_treated_rows_outside_the_window(mpdta):
    result = event_study(
        mpdta, "lemp", "year", "countyreal", "first_treat", min_e=-2, max_e=1, endpoints="trim"
    )
    event = mpdta.year - mpdta.first_treat
    outside = (mpdta.first_treat > 0) & ((event < -2) | (event > 1))
    assert result.n_obs == len(mpdta) - int(outside.sum())


def test_recovers_dynamic_effects_without_pretrends():
    sim = simulate_staggered_panel(
        n_units=3000, n_periods=8, cohorts=[2005], effect_growth=0.25, random_state=3
    )
    result = event_study(sim.data, "y", "year", "unit", "first_treated")
    truth = sim.true_aggregate("dynamic").reindex(result.event_time).to_numpy()
    assert np.all(np.abs(result.estimate - truth) < 4 * result.std_error)
    assert result.pretrend_test().p_value > 0.01


def test_uniform_band_is_wider_than_pointwise(mpdta):
    tidy = event_study(mpdta, "lemp", "year", "countyreal", "first_treat").tidy()
    assert (tidy.conf_high_uniform > tidy.conf_high).all()
    assert sup_t_critical(np.eye(1), draws=400_000) == pytest.approx(1.96, abs=0.02)
    # perfectly correlated effects need no widening beyond the pointwise value
    assert sup_t_critical(np.ones((3, 3)), draws=400_000) == pytest.approx(1.96, abs=0.02)


def test_errors_state_the_rule():
    frame = pd.DataFrame(
        {"unit": [1, 1, 2, 2], "year": [1, 2, 1, 2], "y": [0.0, 1, 0, 2], "g": [0, 0, 2, 2]}
    )
    with pytest.raises(EstimationError, match="rule: min_e <= -2 and max_e >= 0"):
        event_study(frame, "y", "year", "unit", "g", min_e=-1)
    with pytest.raises(EstimationError, match="endpoints='bin'"):
        event_study(frame, "y", "year", "unit", "g", endpoints="cut")
