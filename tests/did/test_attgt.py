"""ATT(g,t) against R did 2.5.1 on mpdta, and hand-computed comparisons."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from tests.conftest import REFERENCE_DIR

from evalkit.did import att_gt

SPECS = {"nocov_dr": (None, "dr"), "nocov_reg": (None, "reg"), "lpop_dr": ("~ lpop", "dr")}
Y, T, ID, G = "lemp", "year", "countyreal", "first_treat"


@pytest.fixture(scope="module")
def reference() -> pd.DataFrame:
    return pd.read_csv(REFERENCE_DIR / "R_did_mpdta.csv")


@pytest.mark.parametrize("spec", list(SPECS))
def test_att_gt_matches_r_did(mpdta, reference, spec):
    xformla, method = SPECS[spec]
    fit = att_gt(mpdta, Y, T, ID, G, xformla=xformla, est_method=method)
    expected = reference[(reference.spec == spec) & (reference.kind == "attgt")]
    keys = [f"{g:.0f}_{t:.0f}" for g, t in zip(fit.group, fit.time, strict=True)]
    assert keys == expected["key"].tolist()
    np.testing.assert_allclose(fit.att, expected["est"], rtol=0, atol=1e-6)
    np.testing.assert_allclose(fit.std_error, expected["se"], rtol=0, atol=1e-4)


def test_no_covariate_estimators_coincide(mpdta):
    fits = [att_gt(mpdta, Y, T, ID, G, est_method=m) for m in ("dr", "ipw", "reg")]
    for fit in fits[1:]:
        np.testing.assert_allclose(fit.att, fits[0].att, atol=1e-14)
        np.testing.assert_allclose(fit.influence, fits[0].influence, atol=1e-12)


def _mean_change(frame, units, post, base):
    wide = frame.pivot(index=ID, columns=T, values=Y)
    return (wide.loc[units, post] - wide.loc[units, base]).mean()


def test_not_yet_treated_comparison_by_hand(mpdta):
    fit = att_gt(mpdta, Y, T, ID, G, control_group="notyettreated")
    cohort = mpdta.groupby(ID)[G].first()
    treated = cohort.index[cohort == 2004]
    controls = cohort.index[(cohort == 0) | (cohort > 2005)]
    expected = _mean_change(mpdta, treated, 2005, 2003) - _mean_change(mpdta, controls, 2005, 2003)
    cell = (fit.group == 2004) & (fit.time == 2005)
    assert fit.att[cell][0] == pytest.approx(expected, abs=1e-12)


def test_universal_base_period_by_hand(mpdta):
    fit = att_gt(mpdta, Y, T, ID, G, base_period="universal")
    cohort = mpdta.groupby(ID)[G].first()
    treated, never = cohort.index[cohort == 2007], cohort.index[cohort == 0]
    expected = _mean_change(mpdta, treated, 2004, 2006) - _mean_change(mpdta, never, 2004, 2006)
    cell = (fit.group == 2007) & (fit.time == 2004)
    assert fit.att[cell][0] == pytest.approx(expected, abs=1e-12)
    reference_cell = (fit.group == 2007) & (fit.time == 2006)
    assert fit.att[reference_cell][0] == 0.0
    assert np.isnan(fit.std_error[reference_cell][0])
    assert fit.group.size == 3 * 5


def test_clustering_on_unit_is_the_default_and_coarser_clusters_sum_influence(mpdta):
    base = att_gt(mpdta, Y, T, ID, G)
    same = att_gt(mpdta, Y, T, ID, G, clustervars=ID)
    np.testing.assert_allclose(same.std_error, base.std_error, atol=1e-15)
    frame = mpdta.assign(state=mpdta[ID] // 1000)
    clustered = att_gt(frame, Y, T, ID, G, clustervars="state")
    states = pd.factorize(base.unit_ids // 1000)[0]
    sums = np.zeros((states.max() + 1, base.att.size))
    np.add.at(sums, states, base.influence)
    np.testing.assert_allclose(clustered.std_error, np.sqrt((sums**2).sum(0)) / 500, atol=1e-14)
    np.testing.assert_allclose(clustered.att, base.att, atol=1e-15)


def test_unbalanced_panel_is_balanced_with_a_warning_or_kept(mpdta):
    dropped = mpdta[~((mpdta[ID] == 8001) & (mpdta[T] == 2005))]
    with pytest.warns(UserWarning, match="dropped 1 of 500 units"):
        fit = att_gt(dropped, Y, T, ID, G)
    balanced = att_gt(mpdta[mpdta[ID] != 8001], Y, T, ID, G)
    np.testing.assert_allclose(fit.att, balanced.att, atol=1e-14)
    kept = att_gt(dropped, Y, T, ID, G, allow_unbalanced_panel=True)
    assert kept.n_units == 500
    untouched = (kept.time != 2005) & (kept.time - 1 != 2005) & (kept.group != 2007)
    full = att_gt(mpdta, Y, T, ID, G)
    np.testing.assert_allclose(kept.att[untouched], full.att[untouched], atol=1e-14)


def test_covariate_with_not_yet_treated_runs_and_is_close_to_no_covariates(mpdta):
    fit = att_gt(
        mpdta, Y, T, ID, G, xformla="~ lpop", control_group="notyettreated", est_method="ipw"
    )
    plain = att_gt(mpdta, Y, T, ID, G, control_group="notyettreated")
    assert np.all(np.isfinite(fit.att))
    assert np.max(np.abs(fit.att - plain.att)) < 0.02
