import numpy as np
import pytest

from evalkit.synth.placebo import placebo_standard_error, rank_p_value


def test_rank_p_value_counts_ties_against_the_treated():
    assert rank_p_value(2.0, np.array([1.0, 2.0, 3.0])) == pytest.approx(3 / 4)
    assert rank_p_value(9.0, np.array([1.0, 2.0, 3.0])) == pytest.approx(1 / 4)


def test_placebo_se_is_the_r_formula_on_seeded_draws():
    estimates = np.array([1.0, -2.0, 0.5, 3.0])
    draws = estimates[np.random.default_rng(7).integers(4, size=50)]
    expected = np.sqrt(49 / 50) * np.std(draws, ddof=1)
    assert placebo_standard_error(estimates, replications=50, random_state=7) == pytest.approx(
        expected
    )


def test_placebo_se_limit_is_population_sd():
    assert placebo_standard_error(np.array([1.0, 3.0]), replications=None) == pytest.approx(1.0)
