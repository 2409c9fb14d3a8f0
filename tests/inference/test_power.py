"""Minimum detectable effect: closed forms and the power it delivers (normal, t, simulation)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from evalkit.errors import EstimationError
from evalkit.inference.power import implied_standard_error, mde_percent, minimum_detectable_effect


def _two_sided_power(effect: float, std_error: float, df: float | None) -> float:
    """Exact rejection probability of |T| > q when T = effect/SE + noise (noncentral t)."""
    if df is None:
        critical = stats.norm.ppf(0.975)
        shift = effect / std_error
        return stats.norm.sf(critical - shift) + stats.norm.cdf(-critical - shift)
    critical = stats.t.ppf(0.975, df)
    shift = effect / std_error
    return stats.nct.sf(critical, df, shift) + stats.nct.cdf(-critical, df, shift)


def test_normal_mde_is_2_80_standard_errors_and_has_80_percent_power():
    mde = minimum_detectable_effect(0.05)
    assert mde == pytest.approx((1.959963985 + 0.841621234) * 0.05, rel=1e-9)
    assert _two_sided_power(mde, 0.05, None) == pytest.approx(0.80, abs=1e-4)


@pytest.mark.parametrize("df", [4.0, 5.0, 12.5, 59.0])
def test_t_mde_uses_t_quantiles_and_gives_about_80_percent_power(df):
    mde = minimum_detectable_effect(0.2, df=df)
    assert mde == pytest.approx((stats.t.ppf(0.975, df) + stats.t.ppf(0.8, df)) * 0.2)
    # the t-quantile sum approximates the noncentral-t power to within a few points
    assert _two_sided_power(mde, 0.2, df) == pytest.approx(0.80, abs=0.03)
    assert mde > minimum_detectable_effect(0.2)  # fewer df, larger MDE


def test_simulated_power_at_the_mde():
    rng = np.random.default_rng(0)
    std_error = 0.1
    mde = minimum_detectable_effect(std_error)
    estimates = rng.normal(loc=mde, scale=std_error, size=200_000)
    rejected = np.abs(estimates / std_error) > stats.norm.ppf(0.975)
    assert rejected.mean() == pytest.approx(0.80, abs=0.005)


def test_implied_standard_error_inverts_the_interval():
    assert implied_standard_error(0.1 - 2.571 * 0.3, 0.1 + 2.571 * 0.3, df=5) == pytest.approx(
        0.3, rel=1e-3
    )


def test_percent_mde_is_asymmetric_for_logs():
    down, up = mde_percent(np.log(1.5))
    assert (down, up) == pytest.approx((1 / 1.5 - 1, 0.5))


def test_bad_input_names_the_rule():
    with pytest.raises(EstimationError, match="df=0; rule: degrees of freedom must be positive"):
        minimum_detectable_effect(0.1, df=0)
    with pytest.raises(EstimationError, match="std_error=nan; rule: a finite non-negative"):
        minimum_detectable_effect(float("nan"))
