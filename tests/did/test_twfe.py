import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from evalkit.did import twfe
from evalkit.errors import EstimationError


def test_matches_statsmodels_with_dummies_on_mpdta(mpdta):
    result = twfe(mpdta, "lemp", "year", "countyreal", "first_treat")
    frame = mpdta.assign(
        treated=((mpdta.first_treat > 0) & (mpdta.year >= mpdta.first_treat)) * 1.0
    )
    reference = smf.ols("lemp ~ treated + C(countyreal) + C(year)", frame).fit(
        cov_type="cluster", cov_kwds={"groups": frame.countyreal}
    )
    assert result.estimate == pytest.approx(reference.params["treated"], abs=1e-10)
    assert result.std_error == pytest.approx(reference.bse["treated"], abs=1e-10)
    assert result.std_error == pytest.approx(0.014832, abs=1e-6)  # did-peers.md, ssc "full"


def test_unbalanced_panel_matches_dummy_regression(mpdta):
    rng = np.random.default_rng(1)
    frame = mpdta.sample(frac=0.8, random_state=3).reset_index(drop=True)
    frame["province"] = frame.countyreal % 7
    frame["lemp"] += rng.normal(size=len(frame))
    result = twfe(frame, "lemp", "year", "countyreal", "first_treat", clustervar="province")
    frame["treated"] = ((frame.first_treat > 0) & (frame.year >= frame.first_treat)) * 1.0
    reference = smf.ols("lemp ~ treated + C(countyreal) + C(year)", frame).fit(
        cov_type="cluster", cov_kwds={"groups": frame.province}, use_t=True
    )
    assert result.estimate == pytest.approx(reference.params["treated"], abs=1e-9)
    assert result.std_error == pytest.approx(reference.bse["treated"], rel=1e-8)
    assert result.n_clusters == 7
    assert result.tidy().p_value.iloc[0] == pytest.approx(reference.pvalues["treated"], rel=1e-6)


def test_recovers_a_homogeneous_effect():
    rng = np.random.default_rng(7)
    units, years = 200, 10
    unit = np.repeat(np.arange(units), years)
    year = np.tile(np.arange(2010, 2010 + years), units)
    first = np.where(unit < 80, 2015, 0)
    y = (
        unit * 0.1
        + (year - 2010) * 0.3
        + 0.5 * ((first > 0) & (year >= first))
        + rng.normal(size=unit.size)
    )
    frame = pd.DataFrame({"unit": unit, "year": year, "g": first, "y": y})
    result = twfe(frame, "y", "year", "unit", "g")
    low, high = result.tidy()[["conf_low", "conf_high"]].iloc[0]
    assert low < 0.5 < high
    assert abs(result.estimate - 0.5) < 4 * result.std_error


def test_errors_name_the_column(mpdta):
    with pytest.raises(EstimationError, match=r"gname='cohort' is not a column of the data"):
        twfe(mpdta, "lemp", "year", "countyreal", "cohort")
    never = mpdta.assign(first_treat=0)
    with pytest.raises(EstimationError, match="treatment from 'first_treat' does not vary"):
        twfe(never, "lemp", "year", "countyreal", "first_treat")
    doubled = pd.concat([mpdta, mpdta.head(1)])
    with pytest.raises(EstimationError, match=r"duplicated \('countyreal', 'year'\) rows"):
        twfe(doubled, "lemp", "year", "countyreal", "first_treat")


def test_missing_outcome_rows_are_counted_in_a_warning(mpdta):
    frame = mpdta.copy()
    frame.loc[:2, "lemp"] = np.nan
    with pytest.warns(UserWarning, match="3 rows with missing lemp left out"):
        result = twfe(frame, "lemp", "year", "countyreal", "first_treat")
    assert result.n_obs == len(frame) - 3
