"""Between-cluster t-test: TWFE estimate, the closed form with equal clusters, coverage, errors."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from evalkit.did import twfe
from evalkit.errors import EstimationError
from evalkit.inference.aggregated import aggregated_t_test
from evalkit.simulate import simulate_province_rollout


def _test(data, **options):
    return aggregated_t_test(data, "y", "year", "unit", "first_treated", "province", **options)


def test_estimate_is_the_static_twfe_coefficient():
    data = simulate_province_rollout(treated_provinces=(0, 2), effect=1.0, random_state=0)
    result = _test(data)
    fit = twfe(data, "y", "year", "unit", "first_treated")
    assert result.estimate == pytest.approx(fit.estimate, rel=1e-10)
    assert (result.n_clusters, result.n_treated_clusters, result.n_units) == (6, 2, 62)


def test_equal_clusters_give_the_prediction_t_test_with_untreated_minus_one_df():
    # one treated cluster and G0 untreated, all of size M: the variance of the difference is
    # s^2 (1 + 1/G0), s^2 the sample variance of untreated cluster means, on G0 - 1 df
    data = simulate_province_rollout(sizes=(8,) * 7, shock_sd=1.0, effect=0.7, random_state=4)
    result = _test(data, null=0.2)
    post = data.year >= 2015
    contrast = data[post].groupby("unit").y.mean() - data[~post].groupby("unit").y.mean()
    means = contrast.groupby(data.groupby("unit").province.first()).mean()
    treated, untreated = means.iloc[0], means.iloc[1:]
    std_error = np.sqrt(untreated.var(ddof=1) * (1 + 1 / 6))
    statistic = (treated - untreated.mean() - 0.2) / std_error
    assert result.cluster_variance > 0  # not truncated, so the closed form applies
    assert result.estimate == pytest.approx(treated - untreated.mean(), rel=1e-12)
    assert result.std_error == pytest.approx(std_error, rel=1e-10)
    assert result.df == pytest.approx(5.0, rel=1e-10)
    assert result.p_value == pytest.approx(2 * stats.t.sf(abs(statistic), 5), rel=1e-8)
    half = stats.t.ppf(0.975, 5) * std_error
    assert result.conf_high - result.conf_low == pytest.approx(2 * half, rel=1e-10)


def test_variance_components_recover_the_simulated_ones():
    # many clusters: A (shock contrast variance) and B (unit contrast variance) are estimable
    sizes = (5,) * 200
    estimates = [
        _test(simulate_province_rollout(sizes=sizes, shock_sd=0.5, effect=0.0, random_state=seed))
        for seed in range(5)
    ]
    # variance of a post-minus-pre mean contrast per unit variance: 1/#post + 1/#pre years
    frame = simulate_province_rollout(random_state=0)
    post = frame.year >= 2015  # the simulator's default adoption year
    weight = 1 / frame.year[post].nunique() + 1 / frame.year[~post].nunique()
    assert np.mean([r.cluster_variance for r in estimates]) == pytest.approx(
        0.25 * weight, rel=0.15
    )
    assert np.mean([r.unit_variance for r in estimates]) == pytest.approx(weight, rel=0.05)


def test_coverage_in_the_zhejiang_shaped_design():
    # 11 treated cities in one of 6 provinces, province shocks: the 95% interval covers
    hits = [
        (r.conf_low <= 1.0 <= r.conf_high)
        for r in (
            _test(simulate_province_rollout(effect=1.0, random_state=1000 + seed))
            for seed in range(150)
        )
    ]
    assert 0.89 <= np.mean(hits) <= 1.0  # 150 panels: sd 1.8 points around 95%


def test_bad_designs_are_named():
    data = simulate_province_rollout(effect=0.0, random_state=0)
    mixed = data.assign(first_treated=np.where(data.unit == 11, 2015, data.first_treated))
    with pytest.raises(EstimationError, match=r"cluster\(s\) \[1\] of 'province' hold treated"):
        _test(mixed)
    staggered = data.assign(first_treated=np.where(data.unit < 5, 2016, data.first_treated))
    with pytest.raises(EstimationError, match="'first_treated' has 2 adoption years"):
        _test(staggered)
    with pytest.raises(EstimationError, match="the panel is not balanced in 'year'"):
        _test(data.iloc[1:])
    gap = data.assign(y=np.where((data.unit == 7) & (data.year == 2010), np.nan, data.y))
    with pytest.raises(EstimationError, match=r"1 missing value\(s\) in 'y' \(units \[7\]\)"):
        _test(gap)
    with pytest.raises(EstimationError, match="'state' is not a column of the data"):
        aggregated_t_test(data, "y", "year", "unit", "first_treated", "state")
