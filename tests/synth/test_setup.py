import numpy as np
import pandas as pd
import pytest

from evalkit.errors import EstimationError
from evalkit.synth.setup import build_setup


def panel(gaps=()):
    years = range(2001, 2011)
    rows = [(u, y, float(i + y - 2000)) for i, u in enumerate("tabcd") for y in years]
    frame = pd.DataFrame(rows, columns=["unit", "year", "y"])
    drop = frame.apply(lambda r: (r["unit"], r["year"]) in gaps, axis=1)
    return frame[~drop]


ARGS = {"idname": "unit", "tname": "year", "yname": "y", "treated_unit": "t", "start": 2008}


def test_donor_with_gap_is_excluded_and_listed():
    with pytest.warns(UserWarning, match="1 donor\\(s\\) excluded for gaps"):
        setup = build_setup(panel({("b", 2004), ("b", 2005)}), **ARGS)
    assert setup.donors == ("a", "c", "d")
    assert setup.excluded.to_dict("records") == [
        {"unit": "b", "reason": "missing y in [2004, 2005]"}
    ]


def test_treated_gap_drops_the_period_and_records_it():
    with pytest.warns(UserWarning, match="missing in 1 period"):
        setup = build_setup(panel({("t", 2003)}), **ARGS)
    assert setup.dropped_periods == (2003,)
    assert 2003 not in setup.years and setup.n_pre == 6
    np.testing.assert_allclose(setup.treated[:2], [1.0, 2.0])


def test_window_limits_the_periods():
    setup = build_setup(panel(), **ARGS, window=(2004, 2009))
    assert setup.years.tolist() == list(range(2004, 2010))


def test_too_few_pre_periods():
    with pytest.raises(EstimationError, match="1 pre-period\\(s\\) and 9 post-period"):
        build_setup(panel(), **{**ARGS, "start": 2002})


def test_unknown_treated_unit_and_column():
    with pytest.raises(EstimationError, match="treated_unit='x' is not in column 'unit'"):
        build_setup(panel(), **{**ARGS, "treated_unit": "x"})
    with pytest.raises(EstimationError, match="yname='z' is not a column"):
        build_setup(panel(), **{**ARGS, "yname": "z"})


def test_repeated_unit_period():
    data = pd.concat([panel(), panel().head(1)])
    with pytest.raises(EstimationError, match="1 rows repeat a \\(unit, year\\) pair"):
        build_setup(data, **ARGS)
