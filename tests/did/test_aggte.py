"""Aggregations against R did 2.5.1 on mpdta; bootstrap against analytic standard errors."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest
from tests.conftest import REFERENCE_DIR

from evalkit.did import aggte, att_gt
from evalkit.errors import EstimationError

SPECS = {"nocov_dr": (None, "dr"), "nocov_reg": (None, "reg"), "lpop_dr": ("~ lpop", "dr")}
FULL = os.environ.get("EVALKIT_FULL") == "1"


@pytest.fixture(scope="module")
def reference() -> pd.DataFrame:
    return pd.read_csv(REFERENCE_DIR / "R_did_mpdta.csv")


@pytest.fixture(scope="module")
def fits(mpdta):
    return {
        spec: att_gt(
            mpdta, "lemp", "year", "countyreal", "first_treat", xformla=xf, est_method=method
        )
        for spec, (xf, method) in SPECS.items()
    }


@pytest.mark.parametrize("spec", list(SPECS))
@pytest.mark.parametrize("kind", ["simple", "dynamic", "group"])
def test_aggregates_match_r_did(fits, reference, spec, kind):
    out = aggte(fits[spec], kind)
    rows = reference[reference.spec == spec].set_index(["kind", "key"])
    overall = rows.loc[("simple" if kind == "simple" else f"{kind}_overall", "overall")]
    assert out.overall_att == pytest.approx(overall.est, abs=1e-6)
    assert out.overall_se == pytest.approx(overall.se, abs=1e-4)
    if kind != "simple":
        expected = rows.loc[kind]
        assert [f"{label:.0f}" for label in out.labels] == expected.index.tolist()
        np.testing.assert_allclose(out.att, expected["est"], atol=1e-6)
        np.testing.assert_allclose(out.std_error, expected["se"], atol=1e-4)


def test_calendar_aggregate_is_the_cohort_weighted_mean_by_year(fits, mpdta):
    fit = fits["nocov_dr"]
    out = aggte(fit, "calendar")
    sizes = mpdta.groupby("countyreal")["first_treat"].first().value_counts()
    cells = fit.tidy().assign(size=lambda f: f["group"].map(sizes))
    post = cells[cells["time"] >= cells["group"]]
    expected = post.groupby("time").apply(
        lambda f: np.average(f["estimate"], weights=f["size"]), include_groups=False
    )
    np.testing.assert_allclose(out.att, expected.to_numpy(), atol=1e-14)
    assert out.overall_att == pytest.approx(expected.mean(), abs=1e-14)


def test_event_window_and_balance(fits):
    fit = fits["nocov_dr"]
    window = aggte(fit, "dynamic", min_e=-1, max_e=1)
    assert window.labels.tolist() == [-1.0, 0.0, 1.0]
    balanced = aggte(fit, "dynamic", balance_e=1)
    assert balanced.labels.tolist() == [-2.0, -1.0, 0.0, 1.0]
    cohorts_at_1 = fit.group[(fit.time - fit.group == 1)]
    assert set(cohorts_at_1) == {2004.0, 2006.0}


@pytest.mark.slow
def test_bootstrap_standard_errors_near_analytic(fits):
    biters = 10_000 if FULL else 2_000
    tolerance = 0.04 if FULL else 0.08
    fit = fits["nocov_dr"]
    analytic = aggte(fit, "dynamic")
    boot = aggte(fit, "dynamic", bstrap=True, biters=biters, cband=True, random_state=9152024)
    ratio = np.r_[boot.std_error, boot.overall_se] / np.r_[analytic.std_error, analytic.overall_se]
    assert np.all(np.abs(ratio - 1) < tolerance), ratio
    assert boot.crit_val > 1.96
    tidy = boot.tidy().iloc[:-1]
    assert (tidy["conf_high_uniform"] > tidy["conf_high"]).all()


def test_bootstrap_is_reproducible_with_a_seed(fits):
    first = aggte(fits["nocov_dr"], "simple", bstrap=True, biters=300, random_state=3)
    again = aggte(fits["nocov_dr"], "simple", bstrap=True, biters=300, random_state=3)
    assert first.overall_se == again.overall_se


def test_missing_cells_need_na_rm(mpdta):
    gap = mpdta[~((mpdta.first_treat == 2006) & (mpdta.year == 2005))]
    with pytest.warns(UserWarning, match="3 ATT.g,t. cell.s. not estimated"):
        fit = att_gt(gap, "lemp", "year", "countyreal", "first_treat", allow_unbalanced_panel=True)
    assert np.isnan(fit.att).sum() == 3
    with pytest.raises(
        EstimationError, match=r"cells \(2006,2005\), \(2006,2006\), \(2006,2007\);"
    ):
        aggte(fit, "simple")
    assert np.isfinite(aggte(fit, "simple", na_rm=True).overall_att)


def test_unknown_type_is_rejected(fits):
    with pytest.raises(EstimationError, match="type='event' is not an aggregation"):
        aggte(fits["nocov_dr"], "event")
