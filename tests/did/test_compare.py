import numpy as np
import pytest

from evalkit.did import aggte, att_gt, etable, imputation, sun_abraham, twfe


@pytest.fixture(scope="module")
def comparison(mpdta):
    return etable(mpdta, "lemp", "year", "countyreal", "first_treat", biters=199)


def test_rows_are_the_estimators_own_results(comparison, mpdta):
    table = comparison.tidy().set_index(["estimator", "term"])
    args = ("lemp", "year", "countyreal", "first_treat")
    static = twfe(mpdta, *args)
    assert table.loc[("TWFE", "overall"), "estimate"] == pytest.approx(static.estimate, abs=1e-12)
    assert table.loc[("TWFE", "overall"), "std_error"] == pytest.approx(static.std_error, abs=1e-12)
    cs = aggte(att_gt(mpdta, *args), "simple").overall_att
    assert table.loc[("CS", "overall"), "estimate"] == pytest.approx(cs, abs=1e-12)
    assert table.loc[("Sun-Abraham", "overall"), "estimate"] == pytest.approx(cs, abs=1e-12)
    bjs = imputation(mpdta, *args)
    assert table.loc[("imputation", "overall"), "estimate"] == pytest.approx(
        bjs.overall_estimate, abs=1e-12
    )
    sa = sun_abraham(mpdta, *args).coefficients
    cs_e2 = table.loc[("CS", "event_time=2"), "estimate"]
    assert cs_e2 == pytest.approx(sa.loc[2], abs=1e-12)


def test_wide_layout_and_pretrend_row(comparison, mpdta):
    wide = comparison.wide()
    assert wide.columns.tolist() == ["TWFE", "CS", "Sun-Abraham", "imputation"]
    assert wide.index[-2:].tolist() == ["overall", "pre-trend test"]
    static = twfe(mpdta, "lemp", "year", "countyreal", "first_treat")
    assert wide.loc["overall", "TWFE"] == f"{static.estimate:.4f} ({static.std_error:.4f})"
    assert wide.loc["pre-trend test", "TWFE"] == f"p = {comparison.pretrend_p_values['TWFE']:.3f}"
    assert all(np.isfinite(list(comparison.pretrend_p_values.values())))


def test_window_and_figure(mpdta):
    out = etable(mpdta, "lemp", "year", "countyreal", "first_treat", min_e=-2, max_e=2, biters=99)
    events = out.tidy().event_time.dropna()
    assert events.between(-2, 2).all()
    fig = out.plot(language="zh")
    assert len(fig.axes[0].get_legend().get_texts()) == 4


def test_headline_is_json_ready_and_matches_the_table(comparison, mpdta):
    import json

    headline = comparison.headline()
    json.dumps(headline)
    overall = comparison.tidy().query("term == 'overall'").set_index("estimator")
    for name, row in overall.iterrows():
        assert headline[name] == {"estimate": row.estimate, "std_error": row.std_error}
    assert headline["pretrend_p"] == dict(comparison.pretrend_p_values)
    assert headline["CS"]["estimate"] == pytest.approx(
        aggte(att_gt(mpdta, "lemp", "year", "countyreal", "first_treat"), "simple").overall_att,
        abs=1e-12,
    )
