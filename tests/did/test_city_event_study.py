"""One city's event study: brute-force placebos, pre-trend test size and power, known effect."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evalkit.did import city_event_study
from evalkit.errors import EstimationError

ARGS = ("y", "year", "unit", "g")


def _panel(seed, *, n_comparison=39, slope=0.0, effect=0.0, n_years=11, start=8):
    """City 0 adopts in year ``start``; ``slope`` is its own trend, ``effect`` its post shift."""
    rng = np.random.default_rng(seed)
    years = np.arange(1, n_years + 1)
    units = np.arange(n_comparison + 1)
    frame = pd.DataFrame([(u, t) for u in units for t in years], columns=["unit", "year"]).assign(
        g=lambda f: np.where(f.unit == 0, start, 0)
    )
    level = rng.normal(size=units.size)[frame.unit]
    common = rng.normal(scale=0.5, size=n_years)[frame.year - 1]
    city = frame.unit == 0
    frame["y"] = (
        level
        + common
        + 0.1 * frame.year
        + rng.normal(size=len(frame))
        + city * (slope * (frame.year - start) + effect * (frame.year >= start))
    )
    return frame


def test_coefficients_and_placebos_match_the_definition():
    frame = _panel(1, n_comparison=6, n_years=6, start=4)
    study = city_event_study(frame, *ARGS, city=0)
    wide = frame.pivot(index="unit", columns="year", values="y")
    comparison = wide.loc[1:]

    def gap(unit, others):
        series = wide.loc[unit] - others.mean()
        return (series - series[3]).to_numpy()  # reference year 3 = adoption 4 - 1

    assert study.event_time.tolist() == [-3, -2, -1, 0, 1, 2]
    np.testing.assert_allclose(study.estimate, gap(0, comparison), atol=1e-12)
    for unit in comparison.index:
        np.testing.assert_allclose(
            study.placebo.loc[unit], gap(unit, comparison.drop(index=unit)), atol=1e-12
        )
    tidy = study.tidy()
    assert tidy.loc[tidy.event_time == -1, ["estimate", "std_error"]].fillna(
        -9
    ).values.tolist() == [[0.0, -9.0]]
    # placebo-quantile bounds invert the placebo test at each event time
    draws = study.placebo.to_numpy()
    low_q, high_q = np.quantile(draws, [0.025, 0.975], axis=0)
    np.testing.assert_allclose(tidy.conf_low[tidy.event_time == 2], study.estimate[-1] - high_q[-1])
    np.testing.assert_allclose(tidy.conf_high[tidy.event_time == 2], study.estimate[-1] - low_q[-1])
    np.testing.assert_allclose(study.vcov, np.cov(np.delete(draws, 2, axis=1), rowvar=False))
    betahat, sigma, n_pre, n_post = study.honest_inputs()
    np.testing.assert_allclose(betahat, np.delete(study.estimate, 2))
    assert (sigma.shape, n_pre, n_post) == ((5, 5), 2, 3)
    # the pre-trend statistic: d' M^-1 d at e = -3, -2, M pooled over the city and placebos
    pre = np.vstack([study.estimate[:2], draws[:, :2]])
    moment = sum(np.outer(v, v) for v in pre) / len(pre)
    scores = np.array([v @ np.linalg.solve(moment, v) for v in pre])
    test = study.pretrend_test()
    assert test.statistic == pytest.approx(scores[0], rel=1e-12)
    assert test.p_value == pytest.approx((1 + (scores[1:] >= scores[0]).sum()) / 7)
    assert test.min_p_value == pytest.approx(1 / 7)
    assert not test.rejects  # 6 placebos: the test cannot reject at 5%


def test_a_built_in_pre_trend_is_rejected_and_none_is_rejected_at_the_level():
    trended = [
        city_event_study(_panel(seed, slope=1.0), *ARGS, city=0).pretrend_test()
        for seed in range(20)
    ]
    assert np.mean([t.rejects for t in trended]) >= 0.9
    assert trended[0].min_p_value == pytest.approx(1 / 40)
    flat = [
        city_event_study(_panel(1000 + seed), *ARGS, city=0).pretrend_test().rejects
        for seed in range(400)
    ]
    # exact under exchangeability: P(p <= 0.05) = 2/40; 400 panels, sd 1.1 points
    assert 0.02 <= np.mean(flat) <= 0.085


def test_estimates_recover_a_known_post_effect_and_intervals_cover():
    studies = [
        city_event_study(_panel(2000 + seed, effect=1.5), *ARGS, city=0) for seed in range(150)
    ]
    average = np.array([s.average_post()[0] for s in studies])
    assert average.mean() == pytest.approx(1.5, abs=0.15)  # sd of the mean about 0.09
    at_zero = pd.concat([s.tidy().iloc[[7]] for s in studies])  # e = 0
    assert (at_zero.event_time == 0).all()
    covers = (at_zero.conf_low <= 1.5) & (1.5 <= at_zero.conf_high)
    assert 0.88 <= covers.mean() <= 1.0  # placebo quantiles of 39 draws, 150 panels


def test_honestdid_runs_on_the_city_coefficients_and_placebo_covariance():
    from evalkit.inference import sensitivity_smoothness

    study = city_event_study(_panel(4, effect=2.0), *ARGS, city=0)
    betahat, sigma, n_pre, n_post = study.honest_inputs()
    bounds = sensitivity_smoothness(betahat, sigma, n_pre, n_post, [0.0, 0.5])
    widths = bounds.conf_high - bounds.conf_low
    assert widths[1] > widths[0] > 0  # a looser smoothness bound widens the interval
    # the original interval is e = 0's normal interval with the placebo sd
    row = study.tidy(interval="normal").query("event_time == 0").iloc[0]
    assert bounds.original == pytest.approx((row.conf_low, row.conf_high), rel=1e-6)


def test_missing_years_are_named_and_bad_input_raises():
    frame = _panel(3)
    gap = frame[
        ~((frame.unit == 0) & (frame.year == 11)) & ~((frame.unit == 5) & (frame.year == 2))
    ]
    with pytest.warns(UserWarning) as caught:
        study = city_event_study(gap, *ARGS, city=0)
    messages = [str(w.message) for w in caught]
    assert "0: y missing in [11]; event time(s) [3] left out" in messages
    assert any("1 comparison unit(s)" in m and "[5]" in m for m in messages)
    assert study.event_time.max() == 2 and study.n_placebo == 38
    with pytest.raises(EstimationError, match=r"city 7 is never treated \('g' = 0\)"):
        city_event_study(frame, *ARGS, city=7)
    with pytest.raises(EstimationError, match="has no 'y' in 7, the reference year"):
        city_event_study(frame[~((frame.unit == 0) & (frame.year == 7))], *ARGS, city=0)
    with pytest.raises(EstimationError, match=r"city 99 is not in column 'unit'"):
        city_event_study(frame, *ARGS, city=99)
