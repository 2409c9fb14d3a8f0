"""Tests of evalkit.inference.honest.relative_magnitudes against the definition of Delta^RM.

``Delta^RM(Mbar)`` (Rambachan & Roth 2023, section 2.4): every post-period change of the trend
difference is at most ``Mbar`` times the largest pre-period change in absolute value. The
constraint matrices are checked on random trend differences against that definition.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from evalkit.inference.honest.relative_magnitudes import (
    relative_magnitude_accept,
    relative_magnitude_constraints,
)


def _changes(delta: np.ndarray, n_pre: int) -> tuple[np.ndarray, np.ndarray]:
    """Pre- and post-period changes of ``delta`` (reference period 0 put back as zero)."""
    full = np.insert(delta, n_pre, 0.0)
    changes = np.diff(full)
    return changes[:n_pre], changes[n_pre:]


@pytest.mark.parametrize(("n_pre", "n_post", "mbar"), [(1, 1, 1.0), (3, 2, 0.5), (2, 3, 2.0)])
def test_each_piece_is_the_set_where_change_s_is_the_largest_with_its_sign(n_pre, n_post, mbar):
    rng = np.random.default_rng(n_pre * 10 + n_post)
    deltas = rng.normal(size=(2000, n_pre + n_post)) * rng.choice([0.1, 1.0], size=(2000, 1))
    changes = np.diff(np.insert(deltas, n_pre, 0.0, axis=1), axis=1)
    pre, post = changes[:, :n_pre], changes[:, n_pre:]
    for s, positive in itertools.product(range(-(n_pre - 1), 1), (True, False)):
        matrix = relative_magnitude_constraints(n_pre, n_post, mbar, s, max_positive=positive)
        largest = pre[:, n_pre + s - 1] * (1 if positive else -1)
        inside = (np.abs(pre) <= largest[:, None]).all(axis=1) & (
            np.abs(post) <= mbar * largest[:, None]
        ).all(axis=1)
        assert ((deltas @ matrix.T <= 1e-12).all(axis=1) == inside).all()
        assert 0 < inside.sum() < len(deltas)


def test_the_union_of_the_pieces_is_delta_rm():
    n_pre, n_post, mbar = 3, 2, 1.5
    rng = np.random.default_rng(5)
    pieces = [
        relative_magnitude_constraints(n_pre, n_post, mbar, s, max_positive=positive)
        for s, positive in itertools.product(range(-(n_pre - 1), 1), (True, False))
    ]
    counts = {True: 0, False: 0}
    for delta in rng.normal(size=(3000, n_pre + n_post)):
        pre, post = _changes(delta, n_pre)
        inside = np.abs(post).max() <= mbar * np.abs(pre).max()
        assert any(np.all(piece @ delta <= 1e-12) for piece in pieces) == inside
        counts[bool(inside)] += 1
    assert min(counts.values()) > 300  # both sides of the boundary were drawn


def test_with_a_precise_event_study_the_test_accepts_near_the_estimate_only():
    # beta: flat pre-trend, post effects (0.3, 0.5); tiny variance, Mbar = 0: no violation
    # allowed after adoption beyond the (zero) pre-period changes, so theta = l'beta_post
    beta = np.array([0.0, 0.0, 0.3, 0.5])
    grid = np.array([0.0, 0.38, 0.4, 0.42, 0.8])
    with np.errstate(invalid="ignore", divide="ignore"):  # as breakdown does at Mbar = 0
        accept = relative_magnitude_accept(
            beta, np.eye(4) * 1e-6, 2, np.array([0.5, 0.5]), 0.0, grid
        )
    assert accept.tolist() == [False, False, True, False, False]


def test_a_single_post_period_is_refused_with_the_fix():
    with pytest.raises(NotImplementedError, match=r"fix: pass at least two post-periods$"):
        relative_magnitude_accept(np.zeros(3), np.eye(3), 2, np.array([1.0]), 1.0, np.zeros(1))
