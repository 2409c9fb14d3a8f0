"""Result objects: tidy schema, summaries, pre-trend Wald test, plots."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from matplotlib.figure import Figure
from scipy import stats

from evalkit.did import aggte, att_gt
from evalkit.did.bootstrap import analytic_se, multiplier_bootstrap
from evalkit.did.results import wald_test
from evalkit.i18n import figure_text
from evalkit.results import TIDY_COLUMNS

ARGS = ("lemp", "year", "countyreal", "first_treat")


@pytest.fixture(scope="module")
def fit(mpdta):
    return att_gt(mpdta, *ARGS)


@pytest.mark.parametrize(("xformla", "p_value"), [(None, 0.16812), ("~ lpop", 0.23267)])
def test_pretrend_wald_test_matches_r_did(mpdta, xformla, p_value):
    # R did prints "P-value for pre-test of parallel trends assumption" 0.16812 / 0.23267
    test = att_gt(mpdta, *ARGS, xformla=xformla).pretrend_test()
    assert test.df == 5
    assert test.p_value == pytest.approx(p_value, abs=1e-5)


def test_tidy_schema_and_frozen(fit):
    frame = fit.tidy()
    assert frame.columns.tolist() == [
        "term",
        "group",
        "time",
        "event_time",
        *TIDY_COLUMNS[1:],
        "conf_low_uniform",
        "conf_high_uniform",
    ]
    assert frame["term"].iloc[0] == "ATT(2004,2004)"
    with pytest.raises(dataclasses.FrozenInstanceError):
        fit.att = None
    dynamic = aggte(fit, "dynamic").tidy()
    assert dynamic.columns[:2].tolist() == ["term", "event_time"]
    assert dynamic["term"].iloc[-1] == "overall"


def test_summary_and_html(fit):
    text = fit.summary()
    assert "est_method=dr, control_group=nevertreated" in text
    # the Wald statistic whose chi2(5) p-value R did prints as 0.16812
    assert f"Pre-trend test: Wald chi2(5) = {stats.chi2.isf(0.16812, 5):.3f}" in text
    assert "<table" in fit._repr_html_()
    out = aggte(fit, "dynamic")
    assert out.summary().startswith("Aggregate ATT (dynamic) of lemp: -0.0772 (SE 0.0200")
    assert "<table" in out._repr_html_()
    assert out.pretrend_test().df == 3


@pytest.mark.parametrize("language", ["en", "zh"])
def test_event_study_plot(fit, language):
    out = aggte(fit, "dynamic", cband=True, biters=200, random_state=1)
    figure = out.plot(labels=figure_text("event_study", language))
    assert isinstance(figure, Figure)
    label = figure.axes[0].get_xlabel()
    assert label == ("Periods relative to treatment" if language == "en" else "相对政策实施的期数")
    assert isinstance(fit.plot(), Figure)


def test_cluster_bootstrap_matches_cluster_analytic():
    rng = np.random.default_rng(2)
    clusters = rng.integers(0, 40, 2000)
    shock = rng.normal(size=40)[clusters]
    psi = (shock + rng.normal(size=2000))[:, None]
    boot = multiplier_bootstrap(psi, clusters, biters=4000, random_state=3)
    assert boot.std_error[0] / analytic_se(psi, clusters)[0] == pytest.approx(1, abs=0.06)
    assert analytic_se(psi, clusters)[0] > 1.3 * analytic_se(psi)[0]


def test_wald_test_is_the_quadratic_form_in_the_influence_covariance():
    rng = np.random.default_rng(3)
    influence = rng.normal(size=(400, 3)) * np.array([1.0, 2.0, 0.5])
    estimates = np.array([0.1, -0.2, 0.05])
    variance = influence.T @ influence / 400**2  # V = psi'psi / n^2, no clusters
    statistic = estimates @ np.linalg.inv(variance) @ estimates
    found = wald_test(estimates, influence, None)
    assert found.df == 3
    assert found.statistic == pytest.approx(statistic, rel=1e-10)
    assert found.p_value == pytest.approx(stats.chi2.sf(statistic, 3), rel=1e-10)


def test_wald_test_leaves_out_zero_variance_and_missing_columns_and_refuses_singular():
    rng = np.random.default_rng(4)
    influence = rng.normal(size=(300, 2))
    padded = np.column_stack([influence, np.zeros(300), influence[:, 0]])
    estimates = np.array([0.3, 0.1, 0.0, np.nan])
    alone = wald_test(estimates[:2], influence, None)
    found = wald_test(estimates, padded, None)
    assert (found.df, found.statistic) == (2, pytest.approx(alone.statistic, rel=1e-12))
    collinear = np.column_stack([influence[:, 0], 2 * influence[:, 0]])
    assert wald_test(np.array([0.1, 0.2]), collinear, None) is None
    assert wald_test(np.array([0.1]), np.zeros((10, 1)), None) is None
