import numpy as np
import pytest

from evalkit.did import aggte, att_gt, etable, imputation, sun_abraham, twfe
from evalkit.did.compare import ESTIMATORS
from evalkit.i18n import figure_text


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
    cs_e2 = comparison.tidy().query("estimator == 'CS' and event_time == 2")["estimate"].item()
    assert cs_e2 == pytest.approx(sa.loc[2], abs=1e-12)


def test_tidy_event_times_are_the_integers_of_aggte(comparison, mpdta):
    tidy = comparison.tidy()
    assert set(tidy["term"]) == {"event_time", "overall", "pretrend_test"}
    assert tidy["event_time"].dtype == "Int64"
    assert tidy["event_time"].isna().tolist() == (tidy["term"] != "event_time").tolist()
    # CS: aggte's event times (universal base period) less the reference period -1
    group_time = att_gt(mpdta, "lemp", "year", "countyreal", "first_treat", base_period="universal")
    dynamic = aggte(group_time, "dynamic")
    cs = tidy.query("estimator == 'CS' and term == 'event_time'")
    keep = dynamic.labels != -1
    assert cs["event_time"].tolist() == [int(e) for e in dynamic.labels[keep]]
    assert cs["event_time"].tolist() == [-4, -3, -2, 0, 1, 2, 3]  # years 2003-07, first 2004
    assert cs["estimate"].to_numpy() == pytest.approx(dynamic.att[keep], abs=1e-12)


def test_tidy_pretrend_rows_carry_the_joint_test_p_values(comparison):
    rows = comparison.tidy().query("term == 'pretrend_test'").set_index("estimator")
    assert rows.index.tolist() == list(comparison.pretrend_p_values)
    assert rows["p_value"].to_dict() == dict(comparison.pretrend_p_values)
    assert rows["estimate"].isna().all() and rows["event_time"].isna().all()


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
    wide = out.wide()
    periods = sorted(set(events))
    assert wide.index.tolist() == [f"event_time={e}" for e in periods] + [
        "overall",
        "pre-trend test",
    ]
    fig = out.plot(labels=figure_text("estimator_comparison", "zh"))
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["双向固定效应", "Callaway-Sant'Anna", "Sun-Abraham", "插补法（BJS）"]
    assert fig.axes[0].get_xlabel() == "相对政策实施的期数"
    assert [t.get_text() for t in out.plot().axes[0].get_legend().get_texts()] == list(ESTIMATORS)
    with pytest.warns(DeprecationWarning, match="'language' is replaced by 'labels'"):
        old = out.plot(language="zh")
    assert [t.get_text() for t in old.axes[0].get_legend().get_texts()] == legend


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
