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
    result = twfe(frame, "lemp", "year", "countyreal", "first_treat", clustervars="province")
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


def _province_panel(seed: int = 5) -> pd.DataFrame:
    """Unbalanced panel of 30 units in 5 provinces with province-specific year shocks."""
    rng = np.random.default_rng(seed)
    units = pd.DataFrame({"unit": range(30), "province": np.repeat(list("abcde"), 6)})
    units["first_treat"] = rng.choice([0, 0, 2004, 2006], size=30)
    frame = units.merge(pd.DataFrame({"year": range(2001, 2009)}), how="cross")
    shock = {(p, t): rng.normal(scale=2.0) for p in "abcde" for t in range(2001, 2009)}
    treated = (frame.first_treat > 0) & (frame.year >= frame.first_treat)
    frame["y"] = (
        frame.unit * 0.1
        + [shock[p, t] for p, t in zip(frame.province, frame.year, strict=True)]
        + 1.5 * treated
        + rng.normal(scale=0.3, size=len(frame))
    )
    frame["treated"] = treated * 1.0
    return frame.sample(frac=0.9, random_state=seed).reset_index(drop=True)


@pytest.mark.parametrize("clustervar", ["unit", "province"])
def test_province_by_year_effects_match_statsmodels_dummies(clustervar):
    frame = _province_panel()
    result = twfe(
        frame, "y", "year", "unit", "first_treat", clustervars=clustervar, time_fe_by="province"
    )
    # full-rank dummies (statsmodels' CRV1 counts columns, not rank): each province's first
    # year cells are merged into one reference level, since unit effects span provinces
    first_year = frame.groupby("province").year.transform("min")
    frame["cell"] = np.where(
        frame.year == first_year, "reference", frame.province + frame.year.astype(str)
    )
    reference = smf.ols("y ~ treated + C(unit) + C(cell)", frame).fit(
        cov_type="cluster", cov_kwds={"groups": frame[clustervar]}, use_t=True
    )
    assert np.linalg.matrix_rank(reference.model.exog) == reference.model.exog.shape[1]
    assert result.estimate == pytest.approx(reference.params["treated"], abs=1e-8)
    assert result.std_error == pytest.approx(reference.bse["treated"], abs=1e-8)
    assert result.n_periods == 8
    assert result.settings["n_period_effects"] == 40
    assert result.settings["time_fe_by"] == "province"


def test_province_by_year_effects_absorb_province_shocks():
    frame = _province_panel(9)
    with_year = twfe(frame, "y", "year", "unit", "first_treat")
    with_province_year = twfe(frame, "y", "year", "unit", "first_treat", time_fe_by="province")
    assert abs(with_province_year.estimate - 1.5) < 0.2
    assert with_province_year.std_error < with_year.std_error


def test_existing_calls_unchanged_by_the_new_option(mpdta):
    plain = twfe(mpdta, "lemp", "year", "countyreal", "first_treat")
    assert "time_fe_by" not in plain.settings
    assert plain.n_periods == mpdta.year.nunique()
