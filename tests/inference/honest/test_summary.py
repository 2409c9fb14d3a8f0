"""Tests of evalkit.inference.honest.summary.event_study_inputs on hand-made event studies."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from evalkit.errors import EstimationError
from evalkit.inference.honest.summary import event_study_inputs


def _event_study(event_time, estimate=None):
    event_time = np.asarray(event_time, dtype=float)
    size = event_time.size
    root = np.arange(1, size * size + 1, dtype=float).reshape(size, size) / 100
    vcov = root @ root.T + np.eye(size)
    estimate = np.arange(size, dtype=float) / 10 if estimate is None else np.asarray(estimate)
    return SimpleNamespace(event_time=event_time, estimate=estimate, vcov=vcov)


def test_reference_row_and_column_dropped_and_periods_counted():
    study = _event_study([-3, -2, -1, 0, 1])
    inputs = event_study_inputs(study)
    keep = [0, 1, 3, 4]
    assert inputs.betahat.tolist() == study.estimate[keep].tolist()
    assert inputs.sigma == pytest.approx(study.vcov[np.ix_(keep, keep)])
    assert inputs.event_time.tolist() == [-3, -2, 0, 1]
    assert (inputs.num_pre_periods, inputs.num_post_periods) == (2, 2)


def test_other_reference_period():
    inputs = event_study_inputs(_event_study([-3, -2, -1, 0]), reference=-2)
    assert inputs.event_time.tolist() == [-3, -1, 0]
    assert (inputs.num_pre_periods, inputs.num_post_periods) == (1, 2)


def test_asymmetric_covariance_is_symmetrised():
    study = _event_study([-2, -1, 0, 1])
    study.vcov[0, 2] += 0.5
    inputs = event_study_inputs(study)
    assert np.allclose(inputs.sigma, inputs.sigma.T)
    assert inputs.sigma[0, 1] == pytest.approx((study.vcov[0, 2] + study.vcov[2, 0]) / 2)


def test_a_gap_in_event_time_is_refused_naming_the_times():
    with pytest.raises(EstimationError) as error:
        event_study_inputs(_event_study([-4, -2, -1, 0, 1]))
    assert str(error.value) == (
        "event times [-4, -2, 0, 1] are not consecutive around the reference -1; rule: "
        "Delta^SD and Delta^RM read changes between adjacent periods; fix: estimate every "
        "event time in the window"
    )


def test_missing_coefficients_and_non_event_studies_are_refused():
    with pytest.raises(EstimationError, match=r"^the event study has missing coefficients"):
        event_study_inputs(_event_study([-2, -1, 0], estimate=[0.1, 0.0, np.nan]))
    with pytest.raises(EstimationError) as error:
        event_study_inputs(SimpleNamespace(type="group"))
    assert str(error.value) == (
        "SimpleNamespace is not an event study; rule: pass an EventStudyResult or a dynamic "
        "AggregateResult; fix: aggte(fit, type='dynamic')"
    )
