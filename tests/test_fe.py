import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from evalkit.errors import EstimationError
from evalkit.fe import demean


def test_demeaning_equals_dummy_regression_residuals_on_unbalanced_panel():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"unit": np.repeat(np.arange(30), 6), "time": np.tile(np.arange(6), 30)})
    frame = frame.sample(frac=0.7, random_state=1).reset_index(drop=True)
    frame["y"] = rng.normal(size=len(frame)) + frame.unit * 0.2 + frame.time
    expected = smf.ols("y ~ C(unit) + C(time)", frame).fit().resid.to_numpy()
    unit, _ = pd.factorize(frame.unit)
    time, _ = pd.factorize(frame.time)
    assert demean(frame[["y"]].to_numpy(), unit, time)[:, 0] == pytest.approx(expected, abs=1e-9)


def test_non_convergence_is_an_evalkit_error():
    values = np.arange(6.0)[:, None]
    unit = np.array([0, 0, 1, 1, 2, 2])
    time = np.array([0, 1, 1, 2, 2, 0])
    with pytest.raises(EstimationError, match="did not converge in 1 sweeps"):
        demean(values, unit, time, max_iter=1)
