"""HonestDiD sensitivity analysis for event-study coefficients from any estimator.

Rambachan & Roth (2023), "A More Credible Approach to Parallel Trends". Give the event-study
coefficients (pre-periods first, the reference period left out), their covariance, and the
weights ``l_vec`` defining the target ``theta = l'tau_post``; get robust confidence sets for a
range of smoothness (``M``) or relative-magnitude (``Mbar``) bounds, next to the conventional
interval. The numbers agree with R HonestDiD 0.2.6 (see ``tests/inference``).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from evalkit.errors import EstimationError
from evalkit.inference.honest.flci import flci
from evalkit.inference.honest.relative_magnitudes import relative_magnitude_accept
from evalkit.results import TIDY_COLUMNS, HtmlDisplay


@dataclass(frozen=True)
class SensitivityResult(HtmlDisplay):
    """Robust confidence sets by restriction size, with the original interval."""

    restriction: Literal["smoothness", "relative_magnitude"]
    method: str
    bounds: np.ndarray
    conf_low: np.ndarray
    conf_high: np.ndarray
    original: tuple[float, float]
    estimate: float
    settings: dict = field(default_factory=dict)

    @property
    def bound_name(self) -> str:
        """``M`` for smoothness, ``Mbar`` for relative magnitudes."""
        return "M" if self.restriction == "smoothness" else "Mbar"

    def tidy(self) -> pd.DataFrame:
        """Return one row per bound plus the original interval, in the shared tidy schema.

        ``estimate`` is ``l'tau_post``; ``std_error``, ``statistic`` and ``p_value`` are NaN
        because the robust sets are not Wald intervals.
        """
        n = len(self.bounds)
        frame = pd.DataFrame(
            {
                "term": ["l'tau_post"] * (n + 1),
                "method": ["Original"] + [self.method] * n,
                "restriction": [None] + [self.restriction] * n,
                self.bound_name: np.concatenate([[np.nan], self.bounds]),
                "estimate": self.estimate,
                "std_error": np.nan,
                "statistic": np.nan,
                "p_value": np.nan,
                "conf_low": np.concatenate([[self.original[0]], self.conf_low]),
                "conf_high": np.concatenate([[self.original[1]], self.conf_high]),
            }
        )
        return frame[["term", "method", "restriction", self.bound_name, *TIDY_COLUMNS[1:]]]

    def breakdown(self) -> float:
        """Return the smallest bound whose confidence set includes 0 (NaN if none does)."""
        covers = (self.conf_low <= 0) & (self.conf_high >= 0)
        return float(self.bounds[covers].min()) if covers.any() else float("nan")

    def summary(self) -> str:
        """Return a plain-text table of the robust confidence sets."""
        lines = [
            f"HonestDiD {self.restriction} ({self.method}), alpha = {self.settings['alpha']}",
            f"original CI: [{self.original[0]:.4f}, {self.original[1]:.4f}]",
        ]
        for bound, low, high in zip(self.bounds, self.conf_low, self.conf_high, strict=True):
            lines.append(f"{self.bound_name} = {bound:g}: [{low:.4f}, {high:.4f}]")
        return "\n".join(lines)

    def _display_text(self) -> str:
        return ""


def _validate(betahat, sigma, n_pre: int, n_post: int, l_vec) -> tuple:
    betahat = np.asarray(betahat, dtype=float).ravel()
    sigma = np.asarray(sigma, dtype=float)
    if betahat.size != n_pre + n_post:
        raise EstimationError(
            f"betahat has {betahat.size} coefficients but num_pre_periods + num_post_periods = "
            f"{n_pre + n_post}; rule: pass pre- and post-period coefficients without the "
            "reference period; fix: drop the reference period (see drop_reference_period)"
        )
    if sigma.shape != (betahat.size, betahat.size):
        raise EstimationError(
            f"sigma has shape {sigma.shape}; rule: square with one row per coefficient "
            f"({betahat.size}); fix: pass the covariance of betahat"
        )
    if not np.allclose(sigma, sigma.T, atol=1e-12 * max(1.0, np.abs(sigma).max())):
        raise EstimationError("sigma is not symmetric; fix: pass (sigma + sigma.T) / 2")
    l_vec = np.zeros(n_post) if l_vec is None else np.asarray(l_vec, dtype=float).ravel()
    if l_vec.size != n_post:
        raise EstimationError(
            f"l_vec has {l_vec.size} entries; it needs one per post-period ({n_post})"
        )
    if not l_vec.any():
        l_vec[0] = 1.0
    return betahat, sigma, l_vec


def drop_reference_period(
    betahat, sigma, event_times, *, reference: int = -1
) -> tuple[np.ndarray, np.ndarray, int, int]:
    """Drop the reference period from an event study; return ``betahat, sigma, n_pre, n_post``.

    Examples
    --------
    >>> beta, cov, n_pre, n_post = drop_reference_period([0.1, 0.0, 0.3], np.eye(3), [-2, -1, 0])
    >>> beta.tolist(), n_pre, n_post
    ([0.1, 0.3], 1, 1)

    """
    event_times = np.asarray(event_times)
    keep = event_times != reference
    betahat = np.asarray(betahat, dtype=float)[keep]
    sigma = np.asarray(sigma, dtype=float)[np.ix_(keep, keep)]
    kept = event_times[keep]
    return betahat, sigma, int((kept < reference).sum()), int((kept > reference).sum())


def original_cs(
    betahat, sigma, num_pre_periods: int, num_post_periods: int, *, l_vec=None, alpha=0.05
) -> tuple[float, float]:
    """Return the conventional ``1 - alpha`` interval for ``l'tau_post`` (R's constructOriginalCS).

    Examples
    --------
    >>> [round(float(v), 4) for v in original_cs([0.0, 1.0], np.eye(2) * 0.01, 1, 1)]
    [0.804, 1.196]

    """
    betahat, sigma, l_vec = _validate(betahat, sigma, num_pre_periods, num_post_periods, l_vec)
    post = slice(num_pre_periods, None)
    std_error = float(np.sqrt(l_vec @ sigma[post, post] @ l_vec))
    estimate = float(l_vec @ betahat[post])
    critical = stats.norm.ppf(1 - alpha / 2)
    return estimate - critical * std_error, estimate + critical * std_error


def sensitivity_smoothness(
    betahat,
    sigma,
    num_pre_periods: int,
    num_post_periods: int,
    m_values,
    *,
    l_vec=None,
    alpha: float = 0.05,
) -> SensitivityResult:
    """Return FLCIs under ``Delta^SD(M)`` for each ``M`` (R's createSensitivityResults, FLCI).

    Parameters
    ----------
    betahat, sigma : array_like
        Event-study coefficients, pre-periods first, reference period excluded; covariance.
    num_pre_periods, num_post_periods : int
        How many of the coefficients are pre- and post-treatment.
    m_values : sequence of float
        Bounds on the change in slope of the trend difference between periods.
    l_vec : array_like, optional
        Target weights on post-period coefficients; the first post-period by default.
    alpha : float
        One minus the coverage.

    Examples
    --------
    >>> sigma = np.diag([0.01, 0.01, 0.01])
    >>> result = sensitivity_smoothness([0.0, 0.0, 1.0], sigma, 2, 1, [0.0])
    >>> result.conf_low.round(3).tolist()  # beta_1 + (2 beta_-2 + beta_-1) / 5 +- 1.96 * 0.1095
    [0.785]

    """
    betahat, sigma, l_vec = _validate(betahat, sigma, num_pre_periods, num_post_periods, l_vec)
    if num_pre_periods < 2:
        raise EstimationError(
            "smoothness restrictions need at least 2 pre-periods (the FLCI extrapolates a slope)"
        )
    m_values = np.asarray(m_values, dtype=float)
    intervals = np.array(
        [flci(betahat, sigma, num_pre_periods, l_vec, m, alpha=alpha) for m in m_values]
    )
    return SensitivityResult(
        restriction="smoothness",
        method="FLCI",
        bounds=m_values,
        conf_low=intervals[:, 0],
        conf_high=intervals[:, 1],
        original=original_cs(
            betahat, sigma, num_pre_periods, num_post_periods, l_vec=l_vec, alpha=alpha
        ),
        estimate=float(l_vec @ betahat[num_pre_periods:]),
        settings={"alpha": alpha, "l_vec": l_vec.tolist()},
    )


def relative_magnitude_grid(sigma, num_pre_periods: int, l_vec, grid_points: int) -> np.ndarray:
    """Return R's default grid: ``grid_points`` values over ``+- 20 sqrt(l' Sigma_post l)``."""
    post = slice(num_pre_periods, None)
    sd = float(np.sqrt(l_vec @ np.asarray(sigma)[post, post] @ l_vec))
    return np.linspace(-20 * sd, 20 * sd, grid_points)


def sensitivity_relative_magnitudes(
    betahat,
    sigma,
    num_pre_periods: int,
    num_post_periods: int,
    mbar_values,
    *,
    l_vec=None,
    alpha: float = 0.05,
    grid_points: int = 1000,
    grid: np.ndarray | None = None,
) -> SensitivityResult:
    """Return C-LF confidence sets under ``Delta^RM(Mbar)`` for each ``Mbar``.

    As R reports them: the smallest and largest accepted point of the grid (R's
    ``honest_did`` passes ``grid_points=100``; ``createSensitivityResults_relativeMagnitudes``
    defaults to 1000). A set open at a grid end is reported at that end with a warning.

    Parameters
    ----------
    betahat, sigma, num_pre_periods, num_post_periods, l_vec, alpha
        As in :func:`sensitivity_smoothness`.
    mbar_values : sequence of float
        Bounds on post-period changes relative to the largest pre-period change.
    grid_points : int
        Size of R's default grid.
    grid : numpy.ndarray, optional
        Own grid of candidate values instead of R's default.

    Examples
    --------
    >>> beta = [0.0, 0.0, 0.0, 0.0]
    >>> result = sensitivity_relative_magnitudes(beta, np.eye(4) * 1e-4, 2, 2, [1.0],
    ...                                          grid_points=101)
    >>> bool(result.conf_low[0] < 0 < result.conf_high[0])
    True

    """
    betahat, sigma, l_vec = _validate(betahat, sigma, num_pre_periods, num_post_periods, l_vec)
    if grid is None:
        grid = relative_magnitude_grid(sigma, num_pre_periods, l_vec, grid_points)
    grid = np.asarray(grid, dtype=float)
    mbar_values = np.asarray(mbar_values, dtype=float)
    lows, highs = [], []
    for mbar in mbar_values:
        accept = relative_magnitude_accept(
            betahat, sigma, num_pre_periods, l_vec, mbar, grid, alpha=alpha
        )
        if not accept.any():
            lows.append(np.nan)
            highs.append(np.nan)
            continue
        if accept[0] or accept[-1]:
            warnings.warn(
                f"Mbar = {mbar:g}: the confidence set is open at an end of the grid "
                f"[{grid[0]:.4g}, {grid[-1]:.4g}]; fix: pass a wider grid",
                stacklevel=2,
            )
        lows.append(float(grid[accept].min()))
        highs.append(float(grid[accept].max()))
    return SensitivityResult(
        restriction="relative_magnitude",
        method="C-LF",
        bounds=mbar_values,
        conf_low=np.array(lows),
        conf_high=np.array(highs),
        original=original_cs(
            betahat, sigma, num_pre_periods, num_post_periods, l_vec=l_vec, alpha=alpha
        ),
        estimate=float(l_vec @ betahat[num_pre_periods:]),
        settings={"alpha": alpha, "l_vec": l_vec.tolist(), "grid_points": grid.size},
    )
