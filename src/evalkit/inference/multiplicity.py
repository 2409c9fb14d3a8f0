"""Many tests at once: Benjamini-Hochberg q-values and the smallest p-value a test can give.

A batch of city reports runs one test per city and outcome (about 110 in the Zhejiang batch).
Ranking them by p-value ranks noise: at 5%, one in twenty true nulls rejects. The
Benjamini-Hochberg (1995) q-value of a test is the smallest false-discovery rate at which it
would be declared a discovery; sorting and colouring by q instead of p controls the expected
share of false discoveries among those shown.

Permutation-type tests have a floor: with ``n`` placebo units the placebo-in-space p-value is
a multiple of ``1 / (n + 1)``; an interrupted time series with ``k`` fake breaks gives
``1 / (k + 1)`` at best (``k = 3``: 0.25, 0.5, 0.75 or 1); randomization inference over ``k``
assignments, the actual one included, ``1 / k``. When that floor is above the test's size the
test cannot reject whatever the data say, and the report must say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from evalkit.errors import EstimationError

TestKind = Literal["placebo_in_space", "its_placebo", "randomization"]


def bh_qvalues(p_values) -> np.ndarray:
    """Return Benjamini-Hochberg q-values (step-up FDR-adjusted p-values).

    ``q_(i) = min_{j >= i} min(1, m p_(j) / j)`` over the ``m`` non-missing p-values sorted
    ascending; missing p-values (NaN) stay NaN and do not count in ``m``.

    Parameters
    ----------
    p_values : array_like
        p-values in [0, 1].

    Returns
    -------
    numpy.ndarray
        q-values in the input order.

    Examples
    --------
    >>> bh_qvalues([0.01, 0.04, 0.03, 0.5]).round(4).tolist()
    [0.04, 0.0533, 0.0533, 0.5]

    """
    p_values = np.asarray(p_values, dtype=float).ravel()
    present = ~np.isnan(p_values)
    values = p_values[present]
    if ((values < 0) | (values > 1)).any():
        bad = values[(values < 0) | (values > 1)]
        raise EstimationError(
            f"p-value(s) {bad[:5].tolist()} outside [0, 1]; rule: q-values adjust p-values; "
            "fix: pass p-values, not statistics"
        )
    q_values = np.full(p_values.size, np.nan)
    m = values.size
    if m == 0:
        return q_values
    order = np.argsort(values, kind="stable")
    ranked = values[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(adjusted, 1.0)
    q_values[present] = out
    return q_values


@dataclass(frozen=True)
class AttainableP:
    """The smallest p-value a permutation-type test can return, and whether it can reject."""

    test: str
    smallest_p: float
    alpha: float
    detail: str

    @property
    def cannot_reject(self) -> bool:
        """True when even the most extreme outcome gives ``p > alpha``."""
        return self.smallest_p > self.alpha

    def summary(self) -> str:
        """Return one line saying what the floor is and whether the test can reject."""
        verdict = (
            f"cannot reject at {self.alpha:.0%}"
            if self.cannot_reject
            else f"can reject at {self.alpha:.0%}"
        )
        return (
            f"{self.test}: smallest attainable p = {self.smallest_p:.4g} ({self.detail}); {verdict}"
        )


def smallest_attainable_p(test: TestKind, count: int, *, alpha: float = 0.05) -> AttainableP:
    """Return the floor of a permutation-type p-value.

    Parameters
    ----------
    test : {"placebo_in_space", "its_placebo", "randomization"}
        ``placebo_in_space``: ``count`` placebo (donor) units, floor ``1 / (count + 1)``;
        ``its_placebo``: ``count`` fake break dates, floor ``1 / (count + 1)``;
        ``randomization``: ``count`` assignments including the actual one, floor ``1 / count``.
    count : int
        Number of placebos, fake breaks or assignments.
    alpha : float
        Size of the test.

    Returns
    -------
    AttainableP

    Examples
    --------
    >>> floor = smallest_attainable_p("its_placebo", 3)
    >>> floor.smallest_p, floor.cannot_reject
    (0.25, True)
    >>> smallest_attainable_p("placebo_in_space", 50).cannot_reject
    False

    """
    if test not in ("placebo_in_space", "its_placebo", "randomization"):
        raise EstimationError(
            f"test={test!r}; rule: one of 'placebo_in_space', 'its_placebo', 'randomization'"
        )
    minimum = 1 if test == "randomization" else 0
    if int(count) != count or count <= minimum:
        raise EstimationError(
            f"count={count} for {test}; rule: a whole number above {minimum} (placebos, fake "
            "breaks or assignments)"
        )
    count = int(count)
    if test == "placebo_in_space":
        return AttainableP(test, 1 / (count + 1), alpha, f"{count} placebo units, 1/(n+1)")
    if test == "its_placebo":
        return AttainableP(test, 1 / (count + 1), alpha, f"{count} fake breaks, 1/(k+1)")
    return AttainableP(test, 1 / count, alpha, f"{count} assignments, 1/k")


def adjust_batch(
    tests: pd.DataFrame, *, p_column: str = "p_value", alpha: float = 0.05
) -> pd.DataFrame:
    """Return the batch with ``q_value`` and ``discovery`` (``q <= alpha``), sorted by q.

    Parameters
    ----------
    tests : pandas.DataFrame
        One row per test (e.g. city x outcome) with a p-value column.
    p_column : str
        The p-value column.
    alpha : float
        False-discovery rate at which ``discovery`` is True.

    Examples
    --------
    >>> batch = pd.DataFrame({"city": ["a", "b", "c"], "p_value": [0.04, 0.01, 0.6]})
    >>> adjust_batch(batch)[["city", "q_value"]].round(3).values.tolist()
    [['b', 0.03], ['a', 0.06], ['c', 0.6]]

    """
    if p_column not in tests.columns:
        raise EstimationError(
            f"column {p_column!r} not in the batch (columns {list(tests.columns)}); fix: pass "
            "p_column="
        )
    out = tests.copy()
    out["q_value"] = bh_qvalues(out[p_column].to_numpy(dtype=float))
    out["discovery"] = out["q_value"] <= alpha
    return out.sort_values("q_value", kind="stable", na_position="last", ignore_index=True)


__all__ = ["AttainableP", "adjust_batch", "bh_qvalues", "smallest_attainable_p"]
