"""Targets and restriction sizes calibrated to the event study's own pre-period.

Rambachan & Roth (2023, section 5) suggest reading ``M`` in ``Delta^SD(M)`` against the
pre-period: how much the slope of the pre-trend already changes from one year to the next.
This module gives the target weights for the average post-period effect and the grids the
reports use:

- ``Delta^SD``: ``M`` in multiples ``{0, 0.25, 0.5, 1, 2}`` of the largest absolute second
  difference of the pre-period coefficients (the reference period, fixed at 0, included as
  the last pre-period point);
- ``Delta^RM``: ``Mbar`` in ``{0.5, 1, 2}`` (post-period changes up to half, once or twice the
  largest pre-period change).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from evalkit.errors import EstimationError

SMOOTHNESS_MULTIPLES = (0.0, 0.25, 0.5, 1.0, 2.0)
RELATIVE_MAGNITUDE_BOUNDS = (0.5, 1.0, 2.0)


def average_l_vec(num_post_periods: int) -> np.ndarray:
    """Return the weights of the average post-period effect, ``1 / num_post_periods`` each.

    Examples
    --------
    >>> average_l_vec(4).tolist()
    [0.25, 0.25, 0.25, 0.25]

    """
    if num_post_periods < 1:
        raise EstimationError("the average post-period effect needs at least one post-period")
    return np.full(num_post_periods, 1.0 / num_post_periods)


def pre_period_second_differences(betahat, num_pre_periods: int) -> np.ndarray:
    """Return the second differences of the pre-period path, reference period (0) appended.

    ``betahat`` holds the pre-period coefficients first (reference period excluded); the path
    is ``beta_{-K}, ..., beta_{-2}, 0`` and has ``K - 1`` second differences.

    Examples
    --------
    >>> pre_period_second_differences([0.1, -0.2, 0.3, 9.0], 3).round(10).tolist()
    [0.8, -0.8]

    """
    betahat = np.asarray(betahat, dtype=float).ravel()
    if num_pre_periods < 2:
        raise EstimationError(
            f"{num_pre_periods} pre-period(s) give no second difference; rule: at least 2 "
            "pre-periods besides the reference period; fix: widen the event window"
        )
    path = np.append(betahat[:num_pre_periods], 0.0)
    return np.diff(path, n=2)


def calibrated_m_grid(
    betahat, num_pre_periods: int, multiples: Sequence[float] = SMOOTHNESS_MULTIPLES
) -> tuple[np.ndarray, float]:
    """Return the ``Delta^SD`` grid ``multiples * max |second difference|`` and that maximum.

    Parameters
    ----------
    betahat : array_like
        Event-study coefficients, pre-periods first, reference period excluded.
    num_pre_periods : int
        How many of them are pre-periods.
    multiples : sequence of float
        Multiples of the largest absolute pre-period second difference.

    Returns
    -------
    (numpy.ndarray, float)
        The grid of ``M`` and the largest absolute pre-period second difference.

    Examples
    --------
    >>> grid, scale = calibrated_m_grid([0.1, -0.2, 0.3, 9.0], 3, (0.0, 0.5, 1.0))
    >>> grid.round(10).tolist(), round(scale, 10)
    ([0.0, 0.4, 0.8], 0.8)

    """
    scale = float(np.abs(pre_period_second_differences(betahat, num_pre_periods)).max())
    return np.asarray(multiples, dtype=float) * scale, scale


__all__ = [
    "RELATIVE_MAGNITUDE_BOUNDS",
    "SMOOTHNESS_MULTIPLES",
    "average_l_vec",
    "calibrated_m_grid",
    "pre_period_second_differences",
]
