import numpy as np
import pandas as pd
import pytest

from evalkit.errors import EstimationError
from evalkit.synth import synthetic_control

from .conftest import CALIFORNIA_ARGS


@pytest.fixture(scope="module")
def sc(california):
    return synthetic_control(california, **CALIFORNIA_ARGS)


def test_rmspe_and_ratio_p_value(sc):
    placebos = sc.placebos
    assert len(placebos) == 39 and placebos.loc[0, "unit"] == "California"
    pre = np.sqrt(np.mean(sc.gap[sc.years < 1989] ** 2))
    assert sc.pre_rmspe == pytest.approx(pre)
    ratio = sc.post_rmspe / sc.pre_rmspe
    at_least = (placebos["rmspe_ratio"] >= ratio - 1e-12).sum()
    assert sc.p_value == pytest.approx(at_least / 39)
    assert sc.p_value <= 0.1  # California is among the most extreme (ADH 2010: 1/39)


def test_placebo_gaps_cover_every_donor_and_year(sc):
    assert sc.placebo_gaps.shape == (38 * 31, 3)


def test_leave_one_out_equals_a_fit_without_the_donor(sc, california):
    loo = sc.leave_one_out
    assert set(loo["dropped_unit"]) == set(sc.unit_weights[sc.unit_weights > 0].index)
    for dropped, estimate in zip(loo["dropped_unit"], loo["estimate"], strict=True):
        donors = [u for u in sc.unit_weights.index if u != dropped]
        alone = synthetic_control(
            california, **CALIFORNIA_ARGS, donors=donors, placebo=False, leave_one_out=False
        )
        assert estimate == pytest.approx(alone.estimate, abs=1e-6)


def test_batched_placebos_equal_the_naive_loop(california):
    donors = sorted(set(california["State"]) - {"California"})[:8]
    options = {"donors": donors, "leave_one_out": False}
    batched = synthetic_control(california, **CALIFORNIA_ARGS, **options)
    looped = synthetic_control(california, **CALIFORNIA_ARGS, **options, batch_size=1)
    np.testing.assert_allclose(
        batched.placebos["estimate"], looped.placebos["estimate"], rtol=1e-9, atol=1e-9
    )


def test_predictor_weights_match_predictor_means(california):
    data = california.copy()
    for year in (1975, 1980, 1988):
        data[f"packs_{year}"] = data["PacksPerCapita"].where(data["Year"] == year)
    fit = synthetic_control(
        data,
        **CALIFORNIA_ARGS,
        predictors=["packs_1975", "packs_1980", "packs_1988"],
        leave_one_out=False,
        placebo=False,
    )
    balance = fit.settings["balance"]
    np.testing.assert_allclose(balance["synthetic"], balance["treated"], atol=0.05)
    assert fit.unit_weights.sum() == pytest.approx(1.0)


def test_predictors_with_leave_one_out_is_refused(california):
    with pytest.raises(EstimationError, match="leave_one_out=True is not available"):
        synthetic_control(california, **CALIFORNIA_ARGS, predictors=["PacksPerCapita"])


def test_exact_convex_combination_has_zero_pre_gap():
    years = np.arange(1990, 2005)
    rng = np.random.default_rng(2)
    donors = rng.normal(size=(6, years.size)).cumsum(axis=1) + 10
    treated = 0.7 * donors[2] + 0.3 * donors[4] + 1.5 * (years >= 2000)
    frame = pd.DataFrame(
        [(f"d{i}", y, v) for i, row in enumerate(donors) for y, v in zip(years, row, strict=True)]
        + [("t", y, v) for y, v in zip(years, treated, strict=True)],
        columns=["unit", "year", "y"],
    )
    fit = synthetic_control(
        frame,
        idname="unit",
        tname="year",
        yname="y",
        treated_unit="t",
        start=2000,
        leave_one_out=False,
    )
    assert fit.estimate == pytest.approx(1.5, abs=0.05)
    assert fit.unit_weights["d2"] == pytest.approx(0.7, abs=0.03)
