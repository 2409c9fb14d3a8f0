"""One tidy HonestDiD table for a report: calibrated grids, bounds and breakdown values.

:func:`honest_summary` takes an event study (a TWFE/Sun-Abraham/imputation
:class:`~evalkit.did.EventStudyResult`, or a Callaway-Sant'Anna dynamic
:class:`~evalkit.did.AggregateResult` with a universal base period), targets the average
post-period effect by default, and returns, for ``Delta^SD`` on the grid calibrated to the
pre-period second differences and for ``Delta^RM`` on ``Mbar in {0.5, 1, 2}``, the robust
interval at each bound and the breakdown value of each restriction.

The intervals are only as good as the covariance the event study carries (for CS, clustered as
its standard errors). In the Zhejiang-like design of the coverage study unit-clustered CS
intervals cover 63.6%, so robust intervals built on that covariance are too narrow as well;
with six province clusters a province-clustered covariance of ten event times is singular.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from evalkit.did.bootstrap import covariance
from evalkit.errors import EstimationError
from evalkit.inference.honest.breakdown import (
    breakdown_relative_magnitude,
    breakdown_smoothness,
)
from evalkit.inference.honest.calibration import (
    RELATIVE_MAGNITUDE_BOUNDS,
    SMOOTHNESS_MULTIPLES,
    average_l_vec,
    calibrated_m_grid,
)
from evalkit.inference.honest.sensitivity import (
    drop_reference_period,
    original_cs,
    relative_magnitude_grid,
    sensitivity_relative_magnitudes,
    sensitivity_smoothness,
)
from evalkit.results import HtmlDisplay

Target = Literal["average", "first"]
SUMMARY_COLUMNS = [
    "restriction", "bound", "M", "multiple", "conf_low", "conf_high", "open_at_grid_end",
    "breakdown",
]  # fmt: skip


@dataclass(frozen=True)
class EventStudyInputs:
    """What HonestDiD needs from an event study: coefficients without the reference period."""

    betahat: np.ndarray
    sigma: np.ndarray
    event_time: np.ndarray
    num_pre_periods: int
    num_post_periods: int


def event_study_inputs(result, *, reference: int = -1) -> EventStudyInputs:
    """Return coefficients, covariance and event times of an event study, reference dropped.

    Parameters
    ----------
    result : EventStudyResult or AggregateResult
        A TWFE-type event study (``event_time, estimate, vcov``; reference excluded) or a
        Callaway-Sant'Anna ``aggte(..., type="dynamic")`` fit with ``base_period="universal"``
        (its covariance is the influence functions' ``S'S / n^2``, clustered as its SEs).
    reference : int
        The reference event time.

    Examples
    --------
    >>> from evalkit.simulate import simulate_staggered_panel
    >>> from evalkit.did import event_study
    >>> sim = simulate_staggered_panel(n_units=200, n_periods=6, random_state=0)
    >>> fit = event_study(sim.data, "y", "year", "unit", "first_treated")
    >>> inputs = event_study_inputs(fit)
    >>> inputs.num_pre_periods + inputs.num_post_periods == fit.event_time.size
    True

    """
    if hasattr(result, "vcov") and hasattr(result, "event_time"):
        event_time = np.asarray(result.event_time, dtype=float)
        betahat, sigma = np.asarray(result.estimate, float), np.asarray(result.vcov, float)
    elif getattr(result, "type", None) == "dynamic":
        base = result.settings.get("base_period")
        if base != "universal":
            raise EstimationError(
                f"the CS event study has base_period={base!r}; rule: HonestDiD needs every "
                "pre-period coefficient measured from the same reference period; fix: "
                "att_gt(..., base_period='universal')"
            )
        event_time = np.asarray(result.labels, dtype=float)
        betahat = np.asarray(result.att, dtype=float)
        sigma = covariance(np.nan_to_num(result.influence), result.clusters)
    else:
        raise EstimationError(
            f"{type(result).__name__} is not an event study; rule: pass an EventStudyResult "
            "or a dynamic AggregateResult; fix: aggte(fit, type='dynamic')"
        )
    betahat, sigma, n_pre, n_post = drop_reference_period(
        betahat, sigma, event_time, reference=reference
    )
    kept = event_time[event_time != reference]
    expected = np.concatenate(
        [np.arange(reference - n_pre, reference), np.arange(reference + 1, reference + 1 + n_post)]
    )
    if kept.size != expected.size or np.any(kept != expected):
        raise EstimationError(
            f"event times {kept.astype(int).tolist()} are not consecutive around the reference "
            f"{reference}; rule: Delta^SD and Delta^RM read changes between adjacent periods; "
            "fix: estimate every event time in the window"
        )
    if not np.all(np.isfinite(betahat)) or not np.all(np.isfinite(sigma)):
        raise EstimationError("the event study has missing coefficients or covariances")
    return EventStudyInputs(betahat, (sigma + sigma.T) / 2, kept, n_pre, n_post)


@dataclass(frozen=True)
class HonestSummary(HtmlDisplay):
    """Robust intervals by restriction and bound, with breakdown values (one target)."""

    table: pd.DataFrame
    target: str
    estimate: float
    original: tuple[float, float]
    max_second_difference: float
    breakdown_smoothness: float
    breakdown_relative_magnitude: float
    settings: dict = field(default_factory=dict)

    def tidy(self) -> pd.DataFrame:
        """Return ``restriction, bound, M, multiple, conf_low, conf_high, ...`` rows.

        ``restriction`` is ``original``, ``smoothness`` (``bound`` = "M") or
        ``relative_magnitude`` (``bound`` = "Mbar"); ``multiple`` is ``M`` over the largest
        pre-period second difference (NaN for ``Mbar``); ``open_at_grid_end`` marks a
        ``Delta^RM`` set that reaches an end of its grid (the true set is wider: read the
        bound as "at least this wide"); ``breakdown`` repeats the restriction's breakdown
        value on each of its rows.
        """
        return self.table.copy()

    def summary(self) -> str:
        """Return the table as text with the target and the calibration."""
        head = (
            f"HonestDiD, target: {self.target} post-period effect = {self.estimate:.4f}; "
            f"largest |pre-period second difference| = {self.max_second_difference:.4f}; "
            f"breakdown M = {self.breakdown_smoothness:.4g}, "
            f"Mbar = {self.breakdown_relative_magnitude:.4g} "
            f"(tolerances {self.settings['tol_m']:g}, {self.settings['tol_mbar']:g})"
        )
        return head + "\n" + self.table.to_string(index=False, float_format="%.4f")

    def _display_text(self) -> str:
        return self.summary().splitlines()[0]

    def _display_table(self) -> pd.DataFrame:
        return self.table


def _relative_magnitude_set(
    beta, sigma, n_pre, n_post, l_vec, mbar, alpha, grid_points, widen
) -> tuple[float, float, bool]:
    """Return the C-LF set on R's grid, widened ``widen`` times (x5) while it is open."""
    base = relative_magnitude_grid(sigma, n_pre, l_vec, grid_points)
    for attempt in range(widen + 1):
        grid = base * 5.0**attempt
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # open sets: reported at the grid end
            relative = sensitivity_relative_magnitudes(
                beta, sigma, n_pre, n_post, [mbar], l_vec=l_vec, alpha=alpha, grid=grid
            )
        low, high = float(relative.conf_low[0]), float(relative.conf_high[0])
        is_open = bool(low <= grid[0] or high >= grid[-1])
        if not is_open:
            break
    return low, high, is_open


def honest_summary(
    result,
    *,
    target: Target = "average",
    multiples: Sequence[float] = SMOOTHNESS_MULTIPLES,
    mbar_values: Sequence[float] = RELATIVE_MAGNITUDE_BOUNDS,
    alpha: float = 0.05,
    reference: int = -1,
    grid_points: int = 1000,
    tol_m: float = 1e-4,
    tol_mbar: float = 1e-3,
    widen: int = 2,
) -> HonestSummary:
    """Return HonestDiD bounds and breakdown values for an event study, ready for a report.

    Parameters
    ----------
    result : EventStudyResult or AggregateResult
        See :func:`event_study_inputs`.
    target : {"average", "first"}
        The average of the post-period effects (``l_vec = 1/n_post``) or the first one
        (``e = 0``).
    multiples : sequence of float
        ``Delta^SD`` bounds as multiples of the largest absolute pre-period second difference.
    mbar_values : sequence of float
        ``Delta^RM`` bounds (skipped, with NaN rows, when there is a single post-period).
    alpha : float
        One minus the coverage.
    reference : int
        Reference event time.
    grid_points : int
        Grid of the ``Delta^RM`` sets (R's reporting convention: ``+-20`` standard deviations
        of the target).
    widen : int
        How many times a ``Delta^RM`` set still open at an end of its grid is recomputed on a
        grid five times wider (same number of points); 0 keeps R's grid.
    tol_m, tol_mbar : float
        Tolerances of the breakdown values.

    Returns
    -------
    HonestSummary

    Examples
    --------
    >>> from evalkit.simulate import simulate_staggered_panel
    >>> from evalkit.did import event_study
    >>> sim = simulate_staggered_panel(n_units=200, n_periods=6, random_state=0)
    >>> fit = event_study(sim.data, "y", "year", "unit", "first_treated")
    >>> out = honest_summary(fit, multiples=(0.0, 1.0), mbar_values=(), tol_m=1e-2)
    >>> out.tidy()["restriction"].tolist()
    ['original', 'smoothness', 'smoothness']

    """
    if target not in ("average", "first"):
        raise EstimationError(f"target={target!r}; rule: 'average' or 'first'")
    inputs = event_study_inputs(result, reference=reference)
    beta, sigma = inputs.betahat, inputs.sigma
    n_pre, n_post = inputs.num_pre_periods, inputs.num_post_periods
    if target == "average":
        l_vec = average_l_vec(n_post)
    else:
        l_vec = np.zeros(n_post)
        l_vec[0] = 1.0
    m_grid, scale = calibrated_m_grid(beta, n_pre, multiples)
    smooth = sensitivity_smoothness(beta, sigma, n_pre, n_post, m_grid, l_vec=l_vec, alpha=alpha)
    sd_breakdown = breakdown_smoothness(beta, sigma, n_pre, l_vec, alpha=alpha, tol=tol_m)
    original = original_cs(beta, sigma, n_pre, n_post, l_vec=l_vec, alpha=alpha)
    rows = [("original", None, np.nan, np.nan, *original, False, np.nan)]
    rows += [
        ("smoothness", "M", m, multiple, low, high, False, sd_breakdown)
        for m, multiple, low, high in zip(
            m_grid, multiples, smooth.conf_low, smooth.conf_high, strict=True
        )
    ]
    rm_breakdown = float("nan")
    if n_post >= 2 and len(mbar_values):
        rm_breakdown = breakdown_relative_magnitude(
            beta, sigma, n_pre, l_vec, alpha=alpha, tol=tol_mbar
        )
        for mbar in mbar_values:
            low, high, is_open = _relative_magnitude_set(
                beta, sigma, n_pre, n_post, l_vec, mbar, alpha, grid_points, widen
            )
            rows.append(
                ("relative_magnitude", "Mbar", mbar, np.nan, low, high, is_open, rm_breakdown)
            )
    table = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    return HonestSummary(
        table=table,
        target=target,
        estimate=float(l_vec @ beta[n_pre:]),
        original=original,
        max_second_difference=scale,
        breakdown_smoothness=sd_breakdown,
        breakdown_relative_magnitude=rm_breakdown,
        settings={
            "alpha": alpha,
            "l_vec": l_vec.tolist(),
            "event_time": inputs.event_time.astype(int).tolist(),
            "grid_points": grid_points,
            "tol_m": tol_m,
            "tol_mbar": tol_mbar,
            "widen": widen,
        },
    )


__all__ = ["EventStudyInputs", "HonestSummary", "event_study_inputs", "honest_summary"]
