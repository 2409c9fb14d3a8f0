"""Input validation of att_gt: exact error messages naming the column, the rule and the fix."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from evalkit.did import att_gt, first_treated_period
from evalkit.errors import EstimationError, EvalkitError, PanelError

ARGS = ("lemp", "year", "countyreal", "first_treat")


def _raises(error, message, frame, **options):
    with pytest.raises(error, match=re.escape(message) + "$"):
        att_gt(frame, *ARGS, **options)


def test_non_numeric_time_column(mpdta):
    _raises(
        PanelError,
        "time column 'year' has dtype str (e.g. '2003'); rule: time must be numeric "
        "(e.g. year 2015); fix: convert it, e.g. data['year'] = "
        "pd.to_numeric(data['year']), or map labels to numbers",
        mpdta.assign(year=mpdta.year.astype(str)),
    )


def test_duplicated_unit_year(mpdta):
    _raises(
        PanelError,
        "1 (countyreal, year) pairs appear more than once, e.g. unit 8001 in year 2003; "
        "units: 8001; rule: one row per unit and period; fix: aggregate or drop the "
        "duplicated rows",
        pd.concat([mpdta, mpdta.iloc[[0]]]),
    )


def test_no_never_treated_units(mpdta):
    _raises(
        PanelError,
        "no never-treated units (first_treat == 0); rule: control_group='nevertreated' "
        "compares each cohort with never-treated units; fix: use "
        "control_group='notyettreated'",
        mpdta[mpdta.first_treat > 0],
    )


def test_not_yet_treated_without_never_treated_uses_the_last_cohort(mpdta):
    fit = att_gt(mpdta[mpdta.first_treat > 0], *ARGS, control_group="notyettreated")
    assert set(fit.group) == {2004.0, 2006.0}
    assert fit.periods.max() == 2006


def test_cohort_without_pre_period(mpdta):
    frame = mpdta.assign(
        first_treat=np.where(mpdta.countyreal.isin([8001, 8019]), 2003, mpdta.first_treat)
    )
    _raises(
        PanelError,
        "cohort(s) first_treat=2003 have no pre-treatment period: first period is 2003, "
        "anticipation=0; 2 units affected (8001, 8019); rule: every cohort needs a period "
        "before g - anticipation; fix: drop these units, e.g. "
        "data[~data['first_treat'].isin([2003])]",
        frame,
    )


def test_first_treated_period_varies_within_unit(mpdta):
    frame = mpdta.assign(
        first_treat=np.where(
            (mpdta.countyreal == 8001) & (mpdta.year == 2005), 2006, mpdta.first_treat
        )
    )
    _raises(
        PanelError,
        "column 'first_treat' varies over time within 1 unit(s): 8001; rule: 'first_treat' "
        "must be constant within each unit (time-invariant); fix: put the unit's first "
        "treated period (0 if never) in every row of the unit; derive it from a 0/1 "
        "treatment column with evalkit.did.first_treated_period",
        frame,
    )


def test_time_varying_covariate(mpdta):
    frame = mpdta.assign(lpop=mpdta.lpop + np.where(mpdta.countyreal == 8001, mpdta.year, 0))
    _raises(
        PanelError,
        "column 'lpop' varies over time within 1 unit(s): 8001; rule: 'lpop' must be "
        "constant within each unit (time-invariant); fix: use its value in a fixed base "
        "period for every row of the unit",
        frame,
        xformla="~ lpop",
    )


def test_treatment_that_switches_off():
    frame = pd.DataFrame({"id": [1, 1, 1, 2, 2, 2], "year": [1, 2, 3] * 2, "d": [0, 1, 0, 0, 0, 1]})
    message = (
        "treatment 'd' switches off (1 then 0) for 1 unit(s): 1; rule: Callaway-Sant'Anna "
        "needs staggered adoption, treatment stays on once started; fix: code these units "
        "by their first treated period only if the effect is expected to persist, or drop "
        "them"
    )
    with pytest.raises(PanelError, match=re.escape(message) + "$"):
        first_treated_period(frame, "id", "year", "d")
    ok = frame.assign(d=[0, 1, 1, 0, 0, 1])
    assert first_treated_period(ok, "id", "year", "d").tolist() == [2, 2, 2, 3, 3, 3]


def test_missing_column_and_bad_option(mpdta):
    with pytest.raises(
        EstimationError,
        match=re.escape(
            "idname='county' is not a column of the data; columns: ['year', 'countyreal', "
            "'lpop', 'lemp', 'first_treat', 'treat']; fix: pass the name of an existing column "
            "as idname"
        ),
    ):
        att_gt(mpdta, "lemp", "year", "county", "first_treat")
    _raises(
        EstimationError,
        "control_group='never' is not supported; rule: one of ('nevertreated', "
        "'notyettreated'); fix: pass control_group='nevertreated'",
        mpdta,
        control_group="never",
    )


def test_errors_are_evalkit_errors_and_late_cohorts_become_never_treated(mpdta):
    assert issubclass(PanelError, EvalkitError)
    late = mpdta.assign(first_treat=mpdta.first_treat.replace(0, 2010))
    with pytest.warns(UserWarning, match="309 units first treated after the last period 2007"):
        fit = att_gt(late, *ARGS)
    np.testing.assert_allclose(fit.att, att_gt(mpdta, *ARGS).att, atol=1e-15)
