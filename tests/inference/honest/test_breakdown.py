"""Tests of evalkit.inference.honest.breakdown: the bisection and noise-free closed forms.

With a nearly exact event study the relative-magnitude breakdown value is the ratio of the
post-period violation needed to explain the effect away to the largest pre-period change:
pre-period coefficients (0.01, -0.01) and the reference 0 give changes (-0.02, 0.01), so the
largest is 0.02.
"""

from __future__ import annotations

import numpy as np
import pytest

from evalkit.errors import EstimationError
from evalkit.inference.honest.breakdown import _bisect, breakdown_relative_magnitude

PRE = [0.01, -0.01]
NEARLY_EXACT = np.eye(4) * 1e-10


@pytest.mark.parametrize("threshold", [0.37, 1.0, 5.3])
def test_bisection_returns_the_upper_end_of_a_bracket_narrower_than_tol(threshold):
    calls: list[float] = []

    def covers(bound: float) -> bool:
        calls.append(bound)
        return bound >= threshold

    value = _bisect(covers, start=0.5, tol=1e-3, max_bound=100.0)
    assert threshold <= value <= threshold + 1e-3
    assert len(calls) < 30


def test_bisection_zero_when_covered_at_once_and_inf_beyond_the_largest_bound():
    assert _bisect(lambda bound: True, 0.5, 1e-3, 100.0) == 0.0
    assert _bisect(lambda bound: bound > 150.0, 0.5, 1e-3, 100.0) == float("inf")
    with pytest.raises(EstimationError, match=r"^tol=0.0 and start=0.5 must be positive$"):
        _bisect(lambda bound: True, 0.5, 0.0, 100.0)


def test_first_post_period_effect_breaks_down_at_effect_over_largest_pre_change():
    # theta = beta_1 - delta_1: delta_1 = 0.3 needs a first post change 0.3 <= Mbar * 0.02
    beta = np.array([*PRE, 0.3, 0.3])
    value = breakdown_relative_magnitude(beta, NEARLY_EXACT, 2, np.array([1.0, 0.0]))
    assert value == pytest.approx(0.3 / 0.02, abs=0.05)


def test_average_effect_breaks_down_where_the_steepest_violation_reaches_it():
    # theta = 0.4 - (delta_1 + delta_2) / 2 and delta_1 + delta_2 = 2 c_1 + c_2 <= 3 Mbar 0.02
    beta = np.array([*PRE, 0.3, 0.5])
    value = breakdown_relative_magnitude(beta, NEARLY_EXACT, 2, np.array([0.5, 0.5]))
    assert value == pytest.approx(0.8 / 0.06, abs=0.05)
