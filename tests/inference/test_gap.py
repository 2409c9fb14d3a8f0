"""Tests of evalkit.inference.gap: closed form, TWFE equivalence, exact-t coverage, errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from evalkit.errors import EstimationError
from evalkit.inference.gap import gap_t_test, rollout_arrays

YEARS = np.arange(2008, 2015)  # adoption 2012: four pre-periods, three post


def _panel(values: np.ndarray, treated: list[bool], adoption: int = 2012) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"unit": unit, "year": int(year), "y": float(values[unit, j]),
             "g": adoption if treated[unit] else 0}
            for unit in range(values.shape[0])
            for j, year in enumerate(YEARS)
        ]
    )  # fmt: skip


def test_estimate_and_standard_error_by_hand():
    values = np.array([
        [1.0, 2.0, 1.5, 2.5, 5.0, 6.0, 5.5],   # treated
        [0.0, 1.0, 1.0, 1.0, 2.0, 2.0, 2.5],   # comparison
        [1.0, 1.0, 2.0, 2.0, 2.0, 3.0, 2.5],   # comparison
    ])  # fmt: skip
    result = gap_t_test(_panel(values, [True, False, False]), "y", "year", "unit", "g")
    gap = values[0] - values[1:].mean(axis=0)  # [0.5, 1, 0, 1, 3, 3.5, 3]
    pre, post = gap[:4], gap[4:]
    variance = np.var(pre, ddof=1)
    se = np.sqrt(variance * (1 / 3 + 1 / 4))
    assert result.estimate == pytest.approx(post.mean() - pre.mean())
    assert (result.gap_variance, result.std_error) == pytest.approx((variance, se))
    assert result.df == 3.0
    t = result.estimate / se
    assert result.p_value == pytest.approx(2 * stats.t.sf(abs(t), 3))
    half = stats.t.ppf(0.975, 3) * se
    assert (result.conf_low, result.conf_high) == pytest.approx(
        (result.estimate - half, result.estimate + half)
    )
    assert result.gap.to_numpy() == pytest.approx(gap)
    assert (result.n_pre, result.n_post, result.n_treated, result.n_comparison) == (4, 3, 1, 2)


def test_estimate_equals_the_static_twfe_coefficient():
    rng = np.random.default_rng(7)
    values = rng.normal(size=(5, YEARS.size)).cumsum(axis=1)
    treated = [True, True, False, False, False]
    frame = _panel(values, treated)
    post = ((frame["g"] > 0) & (frame["year"] >= 2012)).astype(float)
    design = np.column_stack([
        post, pd.get_dummies(frame["unit"], dtype=float),
        pd.get_dummies(frame["year"], dtype=float).iloc[:, 1:],
    ])  # fmt: skip
    twfe = np.linalg.lstsq(design, frame["y"].to_numpy(), rcond=None)[0][0]
    assert gap_t_test(frame, "y", "year", "unit", "g").estimate == pytest.approx(twfe)


def test_null_shifts_the_statistic_not_the_interval():
    rng = np.random.default_rng(8)
    frame = _panel(rng.normal(size=(3, YEARS.size)), [True, False, False])
    zero = gap_t_test(frame, "y", "year", "unit", "g")
    shifted = gap_t_test(frame, "y", "year", "unit", "g", null=0.5)
    assert shifted.statistic == pytest.approx((zero.estimate - 0.5) / zero.std_error)
    assert (shifted.conf_low, shifted.conf_high) == (zero.conf_low, zero.conf_high)


def test_interval_covers_the_true_effect_at_its_level_under_iid_normal_gaps():
    # the test's own assumption: then t is exactly Student t on T_pre - 1 df
    rng = np.random.default_rng(2024)
    effect, replications, covered = 0.7, 200, 0
    frame = _panel(np.zeros((4, YEARS.size)), [True, False, False, False])
    for _ in range(replications):
        values = rng.normal(size=(4, YEARS.size)) * np.array([[3.0], [1.0], [1.0], [1.0]])
        values[0, YEARS >= 2012] += effect
        frame["y"] = values.ravel()  # rows are unit-major, years ascending
        result = gap_t_test(frame, "y", "year", "unit", "g", alpha=0.10)
        covered += result.conf_low <= effect <= result.conf_high
    # binomial(200, 0.90): sd 2.1 points, 0.85-0.95 is 2.4 sd either side (fixed seed); a
    # normal critical value instead of t(3) would cover about 80%
    assert 0.85 <= covered / replications <= 0.95


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f.assign(y=f["y"].where(f["unit"] != 1)),
         "7 missing value(s) in 'y' (units [1]); rule: the test needs a balanced panel; fix: "
         "drop units with missing years first"),
        (lambda f: f.assign(g=np.where(f["unit"] == 1, 2011, f["g"])),
         "'g' has 2 adoption year(s) and 1 never-treated unit(s); rule: one common adoption "
         "year and never-treated units; fix: keep one cohort and the never treated"),
        (lambda f: f.assign(g=np.where(f["unit"] == 0, 2010, f["g"])),
         "adoption year 2010 leaves 2 pre-period(s) and 5 post-period(s) in 'year'; rule: at "
         "least three before and one from adoption; fix: widen the sample years"),
        (lambda f: f[~((f["unit"] == 2) & (f["year"] == 2009))],
         "the panel is not balanced in 'year'; rule: every unit observed once in each of the "
         "same periods; fix: balance the panel"),
    ],
)  # fmt: skip
def test_bad_panels_are_refused_with_rule_and_fix(change, message):
    frame = _panel(np.ones((3, YEARS.size)), [True, False, False])
    with pytest.raises(EstimationError) as error:
        rollout_arrays(change(frame), "y", "year", "unit", "g")
    assert str(error.value) == message


def test_a_constant_pre_period_gap_has_no_variance():
    values = np.tile(np.arange(YEARS.size, dtype=float), (3, 1))
    with pytest.raises(EstimationError, match=r"^'y': the pre-period gap does not vary"):
        gap_t_test(_panel(values, [True, False, False]), "y", "year", "unit", "g")
