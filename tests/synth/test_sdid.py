"""California Proposition 99: Arkhangelsky et al. (2021), Table 1, and the R synthdid package."""

import numpy as np
import pandas as pd
import pytest

from evalkit.synth import did_estimate, synthdid, synthetic_control

from .conftest import CALIFORNIA_ARGS

SEED = 0


def placebo_estimates(result):
    return result.placebos.loc[result.placebos["placebo"], "estimate"].to_numpy()


def r_placebo_se(estimates, seed, replications=200):
    """R's placebo_se: sd of `replications` draws of the placebo estimates, x sqrt((B-1)/B)."""
    draws = estimates[np.random.default_rng(seed).integers(estimates.size, size=replications)]
    return np.sqrt((replications - 1) / replications) * np.std(draws, ddof=1)


@pytest.fixture(scope="module")
def fits(california):
    return {
        "synthdid": synthdid(california, **CALIFORNIA_ARGS, random_state=SEED),
        "sc": synthetic_control(california, **CALIFORNIA_ARGS, random_state=SEED),
        "did": did_estimate(california, **CALIFORNIA_ARGS, random_state=SEED),
    }


@pytest.mark.parametrize(
    ("method", "published", "r_package"),
    [("synthdid", -15.6, -15.60383), ("sc", -19.6, -19.61966), ("did", -27.3, -27.34911)],
)
def test_california_point_estimates(fits, method, published, r_package):
    estimate = fits[method].estimate
    assert round(estimate, 1) == published
    assert estimate == pytest.approx(r_package, abs=1e-4)


def test_synthdid_prints_like_r(fits):
    assert f"{fits['synthdid'].estimate:.2f}" == "-15.60"


def test_placebo_se_with_fixed_seed(fits):
    result = fits["synthdid"]
    assert len(placebo_estimates(result)) == 38
    assert result.se == pytest.approx(r_placebo_se(placebo_estimates(result), SEED), rel=1e-12)


def test_published_placebo_se_is_inside_the_monte_carlo_spread(california):
    base = synthdid(california, **CALIFORNIA_ARGS, replications=None)
    estimates = placebo_estimates(base)
    limit = np.std(estimates)  # infinitely many draws
    assert base.se == pytest.approx(limit, rel=1e-12)
    draws = [r_placebo_se(estimates, seed) for seed in range(300)]
    low, high = np.quantile(draws, [0.025, 0.975])
    assert low < 8.4 < high  # the published SE is one such draw (R's RNG)
    assert np.mean(draws) == pytest.approx(limit, abs=0.15)


def test_did_se_near_published(fits):
    assert abs(fits["did"].se - 17.7) < 2.0


def test_weights_on_the_simplex_and_time_weights(fits):
    result = fits["synthdid"]
    assert result.unit_weights.sum() == pytest.approx(1.0)
    assert result.time_weights.sum() == pytest.approx(1.0)
    assert result.unit_weights.index.tolist()[0] == "Alabama"
    assert (fits["sc"].time_weights == 0).all()


def test_estimate_is_mean_post_gap(fits):
    for result in fits.values():
        post = result.years >= 1989
        assert result.gap[post].mean() == pytest.approx(result.estimate)


def test_result_is_frozen_and_tidy(fits):
    result = fits["synthdid"]
    with pytest.raises(AttributeError):
        result.estimate = 0.0
    tidy = result.tidy()
    assert tidy.loc[0, "term"] == "att"
    assert tidy.loc[0, "std_error"] == pytest.approx(result.se)
    assert tidy.loc[0, "p_value"] == pytest.approx(result.p_value)
    assert (tidy["term"] == "gap").sum() == 31
    assert "California" in result.summary()
    assert '<div class="evalkit-result">' in result._repr_html_()


def test_simulated_constant_effect_is_recovered():
    rng = np.random.default_rng(11)
    years = np.arange(2000, 2020)
    factors = rng.normal(size=(3, years.size)).cumsum(axis=1)
    loadings = rng.dirichlet(np.ones(3), size=20)
    donors = loadings @ factors + rng.normal(0, 0.05, (20, years.size))
    treated = 0.5 * donors[0] + 0.5 * donors[1] + 3.0 + 2.0 * (years >= 2015)
    rows = [
        {"unit": f"d{i}", "year": y, "y": v}
        for i, row in enumerate(donors)
        for y, v in zip(years, row, strict=True)
    ] + [{"unit": "t", "year": y, "y": v} for y, v in zip(years, treated, strict=True)]
    data = pd.DataFrame(rows)
    fit = synthdid(
        data, idname="unit", tname="year", yname="y", treated_unit="t", start=2015, placebo=False
    )
    assert fit.estimate == pytest.approx(2.0, abs=0.1)
