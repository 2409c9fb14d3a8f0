"""Gap t-test and condition diagnostics: closed forms, simulated conditions, sizes, errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from evalkit.did import twfe
from evalkit.errors import EstimationError
from evalkit.inference.aggregated import aggregated_t_test
from evalkit.inference.gap import gap_t_test
from evalkit.inference.stress import FALLBACK, RECOMMENDED, condition_diagnostics
from evalkit.simulate import simulate_province_rollout

ARGS = ("y", "year", "unit", "first_treated")
TREATED_3X = (3, 1, 1, 1, 1, 1)


def _diagnose(data, **options):
    options.setdefault("n_draws", 199)
    return condition_diagnostics(data, *ARGS, "province", **options)


def test_gap_t_is_the_pre_period_t_test_of_the_yearly_gap():
    data = simulate_province_rollout(effect=0.8, random_state=3)
    result = gap_t_test(data, *ARGS, null=0.5)
    means = data.groupby([data.first_treated > 0, "year"]).y.mean().unstack(0)
    gap = (means[True] - means[False]).to_numpy()
    pre, post = gap[:7], gap[7:]  # 2008-2014 and 2015-2018
    std_error = np.sqrt(pre.var(ddof=1) * (1 / 4 + 1 / 7))
    estimate = post.mean() - pre.mean()
    assert result.estimate == pytest.approx(estimate, rel=1e-12)
    assert result.std_error == pytest.approx(std_error, rel=1e-12)
    assert result.p_value == pytest.approx(
        2 * stats.t.sf(abs((estimate - 0.5) / std_error), 6), rel=1e-10
    )
    # in a balanced panel with one adoption year it is the TWFE (and between-province) estimate
    assert result.estimate == pytest.approx(twfe(data, *ARGS).estimate, rel=1e-10)
    assert result.estimate == pytest.approx(
        aggregated_t_test(data, *ARGS, "province").estimate, rel=1e-10
    )
    assert (result.df, result.n_pre, result.n_post, result.n_treated) == (6.0, 7, 4, 11)
    assert list(result.tidy().columns[:2]) == ["term", "estimate"]


def test_gap_t_covers_where_the_treated_province_has_its_own_shock_variance():
    hits = []
    for seed in range(150):
        data = simulate_province_rollout(shock_scale=TREATED_3X, random_state=300 + seed)
        gap = gap_t_test(data, *ARGS)
        hits.append(gap.conf_low <= 1.0 <= gap.conf_high)
    # exact t under the simulation: 150 panels, sd 1.8 points around 95%
    assert 0.9 <= np.mean(hits) <= 0.99


def test_gap_t_needs_one_adoption_year_and_a_balanced_panel():
    data = simulate_province_rollout(random_state=0)
    with pytest.raises(
        EstimationError, match=r"7 missing value\(s\) in 'y' \(units \[0, 9, 18, 27, 36\] ...\)"
    ):
        gap_t_test(data.assign(y=data.y.where(data.index % 100 != 0)), *ARGS)
    late = data.assign(first_treated=np.where(data.unit == 0, 2016, data.first_treated))
    with pytest.raises(EstimationError, match="has 2 adoption year"):
        gap_t_test(late, *ARGS)
    with pytest.raises(EstimationError, match="leaves 2 pre-period"):
        gap_t_test(data[data.year >= 2013], *ARGS)
    with pytest.raises(EstimationError, match="not balanced"):
        gap_t_test(data.drop(index=5), *ARGS)


def test_each_condition_is_found_where_it_was_built():
    found = {
        name: set(_diagnose(simulate_province_rollout(random_state=21, **options)).detected)
        for name, options in {
            "treated shock variance": {"shock_scale": (5, 1, 1, 1, 1, 1)},
            "heavy tails": {"tails_df": 3},
            "serial correlation": {"noise_ar1": 0.7},
            "effect varies by city": {"effect_sd": 2.0},
            "comparison shock variance": {"shock_scale": (1, 1, 6, 1, 1, 1)},
        }.items()
    }
    for name, detected in found.items():
        assert name in detected, (name, detected)
    one_city = _diagnose(simulate_province_rollout(sizes=(1, 13, 17, 9, 11, 11), random_state=2))
    row = one_city.tidy().set_index("condition").loc["one-city province (treated)"]
    assert row.detected and row.statistic == 1.0


def test_no_condition_is_found_at_more_than_the_level_in_the_plain_design():
    detected = pd.DataFrame(
        [
            _diagnose(simulate_province_rollout(random_state=700 + seed), n_draws=99)
            .tidy()
            .set_index("condition")["detected"]
            for seed in range(80)
        ]
    ).mean()
    # 80 panels at 5%: sd 2.4 points; the one-city comparison province is always there
    assert detected["one-city province (comparison)"] == 1.0
    tested = detected.drop(["one-city province (treated)", "one-city province (comparison)"])
    assert tested.max() <= 0.14, tested


def test_effect_heterogeneity_is_the_within_province_f_test():
    data = simulate_province_rollout(effect_sd=0.5, random_state=5)
    post = data.year >= 2015
    contrast = data[post].groupby("unit").y.mean() - data[~post].groupby("unit").y.mean()
    units = data.groupby("unit")[["province", "first_treated"]].first()
    within = contrast - contrast.groupby(units.province).transform("mean")
    treated = units.first_treated > 0
    ratio = (within[treated] ** 2).sum() / (11 - 1) / ((within[~treated] ** 2).sum() / (51 - 5))
    row = _diagnose(data).tidy().set_index("condition").loc["effect varies by city"]
    assert row.statistic == pytest.approx(ratio, rel=1e-10)
    assert row.p_value == pytest.approx(stats.f.sf(ratio, 10, 46), rel=1e-10)


def test_the_method_follows_the_treated_shock_variance_and_serial_correlation():
    plain = _diagnose(simulate_province_rollout(random_state=1))
    assert plain.method == RECOMMENDED
    larger = _diagnose(simulate_province_rollout(shock_scale=(5, 1, 1, 1, 1, 1), random_state=1))
    assert larger.method == FALLBACK
    both = _diagnose(
        simulate_province_rollout(shock_scale=(5, 1, 1, 1, 1, 1), noise_ar1=0.8, random_state=1)
    )
    assert {"treated shock variance", "serial correlation"} <= set(both.detected)
    assert both.method == "none"
    assert "use: none" in both.summary()
    # same seed, same p-values
    again = _diagnose(simulate_province_rollout(random_state=1))
    pd.testing.assert_frame_equal(plain.tidy(), again.tidy())


def test_diagnostics_name_bad_designs():
    data = simulate_province_rollout(random_state=0)
    mixed = data.assign(first_treated=np.where(data.unit == 11, 2015, data.first_treated))
    with pytest.raises(EstimationError, match=r"cluster\(s\) \[1\] of 'province' hold treated"):
        _diagnose(mixed)
    few = data[data.province <= 2]
    with pytest.raises(EstimationError, match="2 comparison cluster"):
        _diagnose(few)
    singles = data.assign(province=data.unit)
    with pytest.raises(EstimationError, match="every cluster of 'province' holds one unit"):
        _diagnose(singles.assign(first_treated=np.where(singles.unit < 11, 2015, 0)))
    with pytest.raises(EstimationError, match="'region' is not a column of the data"):
        condition_diagnostics(data, *ARGS, "region")
