"""Minimum detectable effect (MDE) of a test from its standard error and reference distribution.

For a two-sided test of size ``alpha`` whose statistic is ``estimate / SE`` with reference
distribution ``t(df)`` (or the normal when ``df`` is None), the effect detected with
probability ``power`` is, to the usual approximation that ignores the far rejection tail
(Bloom 1995),

``MDE = (q_{1 - alpha/2} + q_{power}) * SE``,

with ``q`` the quantiles of that reference distribution: ``2.80 SE`` with the normal,
``(2.571 + 0.920) SE = 3.49 SE`` with ``t(5)`` (six provinces, one treated). For a log outcome
the MDE in percent is ``exp(MDE) - 1`` for an increase and ``exp(-MDE) - 1`` for a decrease.

Methods without a standard error (a bootstrap interval found by test inversion) get the
standard error the interval implies, ``(upper - lower) / (2 q_{1 - alpha/2})``
(:func:`implied_standard_error`).
"""

from __future__ import annotations

import math

from scipy import stats

from evalkit.errors import EstimationError


def _reference(df: float | None):
    if df is None:
        return stats.norm
    if not df > 0:
        raise EstimationError(f"df={df}; rule: degrees of freedom must be positive or None")
    return stats.t(df)


def minimum_detectable_effect(
    std_error: float, *, df: float | None = None, alpha: float = 0.05, power: float = 0.8
) -> float:
    """Return the effect a two-sided test of size ``alpha`` detects with probability ``power``.

    Parameters
    ----------
    std_error : float
        Standard error of the estimate.
    df : float, optional
        Degrees of freedom of the t reference distribution; the normal if None.
    alpha : float
        Size of the two-sided test.
    power : float
        Probability of rejecting at the MDE.

    Returns
    -------
    float
        ``(q_{1 - alpha/2} + q_{power}) * std_error`` (in the units of the estimate).

    Examples
    --------
    >>> round(minimum_detectable_effect(0.1), 4)
    0.2802
    >>> round(minimum_detectable_effect(0.1, df=5), 4)
    0.349

    """
    if not (std_error >= 0 and math.isfinite(std_error)):
        raise EstimationError(f"std_error={std_error}; rule: a finite non-negative number")
    if not (0 < alpha < 1 and 0 < power < 1):
        raise EstimationError(f"alpha={alpha}, power={power}; rule: both strictly in (0, 1)")
    reference = _reference(df)
    return float((reference.ppf(1 - alpha / 2) + reference.ppf(power)) * std_error)


def implied_standard_error(
    conf_low: float, conf_high: float, *, df: float | None = None, alpha: float = 0.05
) -> float:
    """Return the standard error a symmetric ``1 - alpha`` interval implies.

    Examples
    --------
    >>> round(implied_standard_error(-1.959964, 1.959964), 6)
    1.0

    """
    if not conf_high >= conf_low:
        raise EstimationError(f"interval [{conf_low}, {conf_high}] has upper below lower bound")
    return float((conf_high - conf_low) / (2 * _reference(df).ppf(1 - alpha / 2)))


def mde_percent(mde: float) -> tuple[float, float]:
    """Return the MDE of a log outcome in percent: ``(exp(-mde) - 1, exp(mde) - 1)``.

    Examples
    --------
    >>> [round(v, 4) for v in mde_percent(0.2802)]
    [-0.2444, 0.3234]

    """
    return math.expm1(-mde), math.expm1(mde)


__all__ = ["implied_standard_error", "mde_percent", "minimum_detectable_effect"]
