import numpy as np
import pandas as pd
import pytest

from evalkit.errors import EstimationError
from evalkit.trend import interrupted_time_series, newey_west_lags

YEARS = np.arange(2000, 2022)


def simulated(seed: int, level: float = 2.0, slope: float = 0.3, noise: float = 0.3):
    rng = np.random.default_rng(seed)
    after = YEARS >= 2013
    errors = np.zeros(YEARS.size)
    shocks = rng.normal(0, noise, YEARS.size)
    for t in range(YEARS.size):  # AR(1) errors, where HAC matters
        errors[t] = (0.5 * errors[t - 1] if t else 0.0) + shocks[t]
    y = 1 + 0.5 * (YEARS - 2013) + level * after + slope * after * (YEARS - 2013) + errors
    return pd.DataFrame({"year": YEARS, "y": y})


def test_noise_free_series_recovers_level_and_slope_exactly():
    fit = interrupted_time_series(simulated(0, noise=0.0), tname="year", yname="y", start=2013)
    assert fit.level_change == pytest.approx(2.0, abs=1e-10)
    assert fit.slope_change == pytest.approx(0.3, abs=1e-10)
    post = YEARS >= 2013
    assert fit.estimate == pytest.approx(2.0 + 0.3 * (YEARS[post] - 2013).mean())


def test_monte_carlo_is_unbiased_and_intervals_cover():
    levels, slopes, covered = [], [], 0
    for seed in range(200):
        fit = interrupted_time_series(
            simulated(seed), tname="year", yname="y", start=2013, placebo=False
        )
        levels.append(fit.level_change)
        slopes.append(fit.slope_change)
        row = fit.tidy().set_index("term").loc["level_change"]
        covered += row["conf_low"] <= 2.0 <= row["conf_high"]
    assert np.mean(levels) == pytest.approx(2.0, abs=0.08)
    assert np.mean(slopes) == pytest.approx(0.3, abs=0.02)
    # Newey-West with 22 periods and AR(0.5) errors under-covers (here ~69% for a nominal
    # 95%): a known small-sample property the reports must state, bounded here.
    assert 0.6 < covered / 200 < 0.95


def bartlett_sandwich(design, residuals, lags, small_sample):
    """Newey-West covariance written out by hand: the oracle for statsmodels' HAC."""
    n_obs, n_coef = design.shape
    scores = design * residuals[:, None]
    meat = scores.T @ scores
    for lag in range(1, lags + 1):
        gamma = scores[lag:].T @ scores[:-lag]
        meat += (1 - lag / (lags + 1)) * (gamma + gamma.T)
    bread = np.linalg.inv(design.T @ design)
    return bread @ meat @ bread * (n_obs / (n_obs - n_coef) if small_sample else 1.0)


@pytest.mark.parametrize("lags", [0, 1, 2, 4])
@pytest.mark.parametrize("correction", [False, True])
def test_hac_equals_the_bartlett_sandwich(lags, correction):
    data = simulated(3)
    fit = interrupted_time_series(
        data, tname="year", yname="y", start=2013, hac_lags=lags, small_sample=correction
    )
    after = (YEARS >= 2013).astype(float)
    design = np.column_stack([np.ones(YEARS.size), YEARS - 2013, after, after * (YEARS - 2013)])
    coef = np.linalg.solve(design.T @ design, design.T @ data["y"].to_numpy())
    residuals = data["y"].to_numpy() - design @ coef
    np.testing.assert_allclose(fit.coef.to_numpy(), coef, rtol=1e-10)
    np.testing.assert_allclose(
        fit.covariance.to_numpy(),
        bartlett_sandwich(design, residuals, lags, correction),
        rtol=1e-10,
    )
    if lags == 0:  # zero lags is White's heteroskedasticity-robust form
        bread = np.linalg.inv(design.T @ design)
        white = bread @ (design.T * residuals**2) @ design @ bread
        factor = len(YEARS) / (len(YEARS) - 4) if correction else 1.0
        np.testing.assert_allclose(fit.covariance.to_numpy(), white * factor, rtol=1e-10)


def test_default_lag_rule():
    assert newey_west_lags(22) == 2 and newey_west_lags(100) == 4
    fit = interrupted_time_series(simulated(1), tname="year", yname="y", start=2013)
    assert fit.hac_lags == 2


def test_lag_moves_the_break():
    fit = interrupted_time_series(
        simulated(0, noise=0.0), tname="year", yname="y", start=2011, lag=2
    )
    assert fit.level_change == pytest.approx(2.0, abs=1e-10)


def test_counterfactual_projects_the_pre_trend_with_bands():
    fit = interrupted_time_series(simulated(4), tname="year", yname="y", start=2013)
    path = fit.path
    line = fit.coef["intercept"] + fit.coef["pre_slope"] * (path["time"] - 2013)
    np.testing.assert_allclose(path["counterfactual"], line)
    assert (path["pred_low"] < path["conf_low"]).all()
    assert (path["conf_high"] < path["pred_high"]).all()


def test_placebo_breaks_use_pre_period_only():
    fit = interrupted_time_series(simulated(5), tname="year", yname="y", start=2013)
    assert fit.placebos["placebo_start"].tolist() == list(range(2003, 2012))
    assert 0 < fit.placebo_p_value <= 1
    no_break = interrupted_time_series(
        simulated(5, level=0.0, slope=0.0), tname="year", yname="y", start=2013
    )
    assert fit.placebo_p_value < no_break.placebo_p_value


def test_comparison_mean_is_subtracted():
    treated = simulated(0, noise=0.0)
    others = pd.concat(
        [treated.assign(y=0.2 * (YEARS - 2000) + k, unit=k) for k in range(3)], ignore_index=True
    )
    fit = interrupted_time_series(
        treated.assign(y=treated["y"] + 0.2 * (YEARS - 2000) + 1),
        tname="year",
        yname="y",
        start=2013,
        comparison=others,
    )
    assert fit.level_change == pytest.approx(2.0, abs=1e-10)
    assert fit.slope_change == pytest.approx(0.3, abs=1e-10)


def test_errors_name_the_problem():
    with pytest.raises(EstimationError, match="2 period\\(s\\) before the break 2002"):
        interrupted_time_series(simulated(0), tname="year", yname="y", start=2002)
    with pytest.raises(EstimationError, match="column 'year' repeats a period"):
        interrupted_time_series(pd.concat([simulated(0)] * 2), tname="year", yname="y", start=2013)
    with pytest.raises(EstimationError, match="yname='z' is not a column of the data"):
        interrupted_time_series(simulated(0), tname="year", yname="z", start=2013)


def test_result_is_frozen_with_summary():
    fit = interrupted_time_series(simulated(0), tname="year", yname="y", start=2013)
    with pytest.raises(AttributeError):
        fit.estimate = 1.0
    assert fit.tidy()["term"].tolist()[-1] == "average_effect"
    assert "Newey-West" in fit.summary() and '<div class="evalkit-result">' in fit._repr_html_()
