"""Tests of evalkit.synth.engine.run on small hand-made setups with closed-form answers.

With ``method="did"`` the weights are uniform, so the estimate, every placebo refit and every
leave-one-out refit is the textbook 2x2 difference in means; the placebo p-value and standard
error follow by brute force. With ``method="sc"`` and a treated unit that is an exact convex
combination of donors plus a constant post-period effect, the estimate is that effect.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evalkit.synth.engine import run
from evalkit.synth.placebo import rank_p_value
from evalkit.synth.setup import SynthSetup

YEARS = np.arange(2010, 2019)
START = 2015  # five pre-periods, four post-periods


def _setup(controls: np.ndarray, treated: np.ndarray) -> SynthSetup:
    donors = tuple(f"d{i}" for i in range(controls.shape[0]))
    return SynthSetup(
        controls=controls,
        treated=treated,
        donors=donors,
        treated_unit="T",
        years=YEARS,
        start=START,
        excluded=pd.DataFrame({"unit": [], "reason": []}),
        dropped_periods=(),
    )


def _did(treated: np.ndarray, controls: np.ndarray, n_pre: int) -> float:
    """Difference in differences of means: (treated post - pre) - (controls post - pre)."""
    treated_change = treated[n_pre:].mean() - treated[:n_pre].mean()
    control_change = controls[:, n_pre:].mean() - controls[:, :n_pre].mean()
    return float(treated_change - control_change)


@pytest.fixture(scope="module")
def panel():
    rng = np.random.default_rng(11)
    controls = rng.normal(size=(6, YEARS.size)).cumsum(axis=1) + np.arange(6)[:, None]
    treated = rng.normal(size=YEARS.size).cumsum() + 2.0 + 1.5 * (YEARS >= START)
    return controls, treated


def test_did_estimate_weights_placebos_and_leave_one_out_are_the_2x2_formula(panel):
    controls, treated = panel
    n_pre = int((YEARS < START).sum())
    result = run(_setup(controls, treated), "did", replications=None, leave_one_out=True)
    assert result.estimate == pytest.approx(_did(treated, controls, n_pre), abs=1e-10)
    assert np.allclose(result.unit_weights, 1 / 6)
    assert np.allclose(result.time_weights, 1 / n_pre)
    assert list(result.time_weights.index) == list(YEARS[:n_pre])
    placebo = np.array([_did(controls[j], np.delete(controls, j, axis=0), n_pre) for j in range(6)])
    assert result.se == pytest.approx(np.std(placebo), abs=1e-10)
    assert result.p_value == pytest.approx(rank_p_value(abs(result.estimate), np.abs(placebo)))
    loo = result.leave_one_out
    assert list(loo["dropped_unit"]) == [f"d{i}" for i in range(6)]
    expected = [_did(treated, np.delete(controls, j, axis=0), n_pre) for j in range(6)]
    assert np.allclose(loo["estimate"], expected, atol=1e-10)


def test_placebo_gaps_hold_every_donor_and_year(panel):
    controls, treated = panel
    result = run(_setup(controls, treated), "did", replications=None)
    gaps = result.placebo_gaps
    assert len(gaps) == 6 * YEARS.size
    assert set(gaps["unit"]) == {f"d{i}" for i in range(6)}
    assert (gaps.groupby("unit")["time"].apply(list) == [list(YEARS)] * 6).all()
    assert result.settings["placebo"] is True and result.settings["seed"] == 0


def test_without_placebos_no_p_value_or_standard_error(panel):
    controls, treated = panel
    result = run(_setup(controls, treated), "did", placebo=False)
    assert np.isnan(result.se) and np.isnan(result.p_value)
    assert result.placebos is None and result.placebo_gaps is None
    assert result.leave_one_out is None


def test_sc_recovers_a_constant_effect_on_an_exact_convex_combination():
    rng = np.random.default_rng(5)
    controls = rng.normal(size=(5, YEARS.size)).cumsum(axis=1) * 3 + np.arange(5)[:, None]
    weights = np.array([0.25, 0.0, 0.0, 0.75, 0.0])
    effect = 2.0
    treated = weights @ controls + effect * (YEARS >= START)
    result = run(_setup(controls, treated), "sc", replications=None)
    assert result.estimate == pytest.approx(effect, abs=0.05)
    assert result.unit_weights.to_numpy() == pytest.approx(weights, abs=0.02)
    assert result.pre_rmspe == pytest.approx(0.0, abs=0.05)
    # sc ranks post/pre RMSPE ratios: a near-perfect pre-fit with an effect ranks first
    assert result.p_value == pytest.approx(1 / 6)
    assert result.actual is not None and len(result.synthetic) == YEARS.size


def test_extra_settings_are_recorded_beside_the_fit_settings(panel):
    controls, treated = panel
    result = run(_setup(controls, treated), "did", placebo=False, extra_settings={"note": "x"})
    assert result.settings["note"] == "x"
    assert result.settings["replications"] == 200
