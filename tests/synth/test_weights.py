import numpy as np
import pytest

from evalkit.synth.weights import frank_wolfe, sparsify, two_stage_weights


def test_recovers_exact_simplex_combination():
    rng = np.random.default_rng(3)
    design = rng.normal(size=(30, 6))
    truth = np.array([0.5, 0.3, 0.2, 0, 0, 0])
    fit = frank_wolfe(design, design @ truth, zeta=0.0, intercept=False, min_decrease=1e-12)
    np.testing.assert_allclose(fit.weights[0], truth, atol=2e-3)


def test_intercept_absorbs_a_level_shift():
    rng = np.random.default_rng(4)
    design = rng.normal(size=(25, 4))
    truth = np.array([0.0, 0.6, 0.4, 0.0])
    shifted = design @ truth + 5.0
    with_intercept = frank_wolfe(design, shifted, zeta=0.0, intercept=True, min_decrease=1e-12)
    np.testing.assert_allclose(with_intercept.weights[0], truth, atol=5e-3)


def test_batch_equals_one_problem_at_a_time():
    rng = np.random.default_rng(5)
    design = rng.normal(size=(4, 12, 7))
    target = rng.normal(size=(4, 12))
    col_mask = np.ones((4, 7), bool)
    col_mask[np.arange(4), np.arange(4)] = False
    batch = frank_wolfe(design, target, zeta=0.1, intercept=True, col_mask=col_mask)
    for b in range(4):
        single = frank_wolfe(
            design[b], target[b], zeta=0.1, intercept=True, col_mask=col_mask[b : b + 1]
        )
        np.testing.assert_allclose(batch.weights[b], single.weights[0], atol=1e-12)
        assert batch.iterations[b] == single.iterations[0]
        assert batch.weights[b, b] == 0.0


def test_masked_row_is_the_same_as_a_deleted_row():
    rng = np.random.default_rng(6)
    design = rng.normal(size=(10, 5))
    target = rng.normal(size=10)
    mask = np.ones((1, 10), bool)
    mask[0, 3] = False
    masked = frank_wolfe(design, target, zeta=0.2, intercept=True, row_mask=mask)
    deleted = frank_wolfe(np.delete(design, 3, 0), np.delete(target, 3), zeta=0.2, intercept=True)
    np.testing.assert_allclose(masked.weights, deleted.weights, atol=1e-12)


def test_penalty_pulls_towards_uniform():
    rng = np.random.default_rng(7)
    design = rng.normal(size=(15, 5))
    target = design[:, 0]
    loose = frank_wolfe(design, target, zeta=1e-6, intercept=False, min_decrease=1e-10)
    tight = frank_wolfe(design, target, zeta=100.0, intercept=False, min_decrease=1e-10)
    assert loose.weights[0, 0] > 0.95
    assert np.abs(tight.weights[0] - 0.2).max() < 0.05


def test_sparsify_rule_is_a_quarter_of_the_max():
    np.testing.assert_allclose(sparsify(np.array([0.5, 0.125, 0.375])), [[4 / 7, 0, 3 / 7]])


def test_two_stage_weights_sum_to_one():
    rng = np.random.default_rng(8)
    fit = two_stage_weights(
        rng.normal(size=(9, 11)), rng.normal(size=9), zeta=0.5, intercept=True, min_decrease=1e-6
    )
    assert fit.weights.sum() == pytest.approx(1.0)
    assert (fit.weights >= 0).all()
