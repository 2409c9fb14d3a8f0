"""Tests of evalkit.synth.predictors: pre-period means and ADH predictor weights.

Oracles: predictor means recomputed by hand; a treated unit whose predictors are an exact
convex combination of the donors' (with as many predictors as free weights, so the
combination is unique) must get exactly those weights, whatever ``V``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evalkit.errors import EstimationError
from evalkit.synth.predictors import (
    fit_predictor_weights,
    placebo_predictor_weights,
    predictor_matrix,
)
from evalkit.synth.setup import SynthSetup

YEARS = np.arange(2001, 2007)  # start 2004: pre-period 2001-2003


def _setup() -> SynthSetup:
    return SynthSetup(
        controls=np.zeros((2, YEARS.size)),
        treated=np.zeros(YEARS.size),
        donors=("b", "c"),
        treated_unit="a",
        years=YEARS,
        start=2004,
        excluded=pd.DataFrame({"unit": [], "reason": []}),
        dropped_periods=(),
    )


def _long() -> pd.DataFrame:
    rows = [
        {"unit": unit, "year": year, "gdp": 10 * k + year - 2000, "pop": k + (year % 2)}
        for k, unit in enumerate(["a", "b", "c"], start=1)
        for year in YEARS
    ]
    return pd.DataFrame(rows)


def test_predictor_matrix_is_the_pre_period_mean_per_unit_donors_then_treated():
    donors, treated = predictor_matrix(
        _long(), _setup(), unit="unit", time="year", predictors=["gdp", "pop"]
    )
    # gdp pre-period: 10k + (1, 2, 3) -> 10k + 2; pop: k + (1, 0, 1) -> k + 2/3
    assert donors == pytest.approx(np.array([[22.0, 32.0], [2 + 2 / 3, 3 + 2 / 3]]))
    assert treated == pytest.approx(np.array([12.0, 1 + 2 / 3]))


def test_unit_without_a_pre_period_value_is_named_with_the_fix():
    data = _long()
    data.loc[(data["unit"] == "c") & (data["year"] < 2004), "pop"] = np.nan
    with pytest.raises(EstimationError) as error:
        predictor_matrix(data, _setup(), unit="unit", time="year", predictors=["gdp", "pop"])
    assert str(error.value) == (
        "predictors ['gdp', 'pop']: no pre-period value for unit(s) ['c']; fix: drop those "
        "predictors or exclude the units from the donor pool"
    )


def test_missing_predictor_column_names_its_position():
    with pytest.raises(EstimationError, match=r"^predictors\[1\]='wage' is not a column"):
        predictor_matrix(_long(), _setup(), unit="unit", time="year", predictors=["gdp", "wage"])


def _convex_case():
    donors_x = np.array([[1.0, 4.0, 2.0], [3.0, 0.0, 5.0], [2.0, 2.0, 8.0]])
    weights = np.array([0.2, 0.8, 0.0])
    rng = np.random.default_rng(0)
    controls_pre = rng.normal(size=(3, 6))
    return controls_pre, weights @ controls_pre, donors_x, donors_x @ weights, weights


def test_exact_convex_combination_of_predictors_gets_its_weights():
    controls_pre, treated_pre, donors_x, treated_x, weights = _convex_case()
    fit = fit_predictor_weights(controls_pre, treated_pre, donors_x, treated_x, ["p", "q", "r"])
    assert fit.omega == pytest.approx(weights, abs=1e-4)
    assert fit.v_weights.sum() == pytest.approx(1.0)
    assert list(fit.balance.columns) == ["predictor", "v_weight", "treated", "synthetic",
                                         "donor_mean"]  # fmt: skip
    assert fit.balance["synthetic"].to_numpy() == pytest.approx(treated_x, abs=1e-3)
    assert fit.balance["donor_mean"].to_numpy() == pytest.approx(donors_x.mean(axis=1))


def test_fixed_predictor_weights_are_normalised_and_kept():
    controls_pre, treated_pre, donors_x, treated_x, weights = _convex_case()
    fit = fit_predictor_weights(
        controls_pre, treated_pre, donors_x, treated_x, ["p", "q", "r"],
        v_weights={"r": 4.0, "p": 2.0, "q": 2.0},
    )  # fmt: skip
    assert fit.v_weights.to_dict() == pytest.approx({"p": 0.25, "q": 0.25, "r": 0.5})
    assert fit.omega == pytest.approx(weights, abs=1e-4)


def test_weights_lie_on_the_simplex_when_no_exact_match_exists():
    rng = np.random.default_rng(1)
    donors_x = rng.normal(size=(2, 5))
    treated_x = donors_x.max(axis=1) + 3.0  # outside the hull: the nearest point is chosen
    fit = fit_predictor_weights(rng.normal(size=(5, 4)), rng.normal(size=4), donors_x,
                                treated_x, ["p", "q"])  # fmt: skip
    assert (fit.omega >= 0).all()
    assert fit.omega.sum() == pytest.approx(1.0)


def test_placebo_weights_zero_on_the_diagonal_and_exact_for_a_combined_donor():
    donors_x = np.array([[1.0, 4.0, 2.0, 0.0], [3.0, 0.0, 5.0, 0.0], [2.0, 2.0, 8.0, 0.0]])
    donors_x[:, 3] = 0.4 * donors_x[:, 0] + 0.6 * donors_x[:, 1]
    controls_pre = np.random.default_rng(2).normal(size=(4, 5))
    omega = placebo_predictor_weights(controls_pre, donors_x, ["p", "q", "r"],
                                      {"p": 1.0, "q": 1.0, "r": 1.0})  # fmt: skip
    assert omega.shape == (4, 4)
    assert np.diag(omega) == pytest.approx(np.zeros(4))
    assert omega.sum(axis=1) == pytest.approx(np.ones(4))
    assert omega[3] == pytest.approx([0.4, 0.6, 0.0, 0.0], abs=1e-4)
