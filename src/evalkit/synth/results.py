"""The frozen result of a synthetic control, synthetic DiD or DiD fit for one treated unit."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from evalkit.results import TIDY_COLUMNS, HtmlDisplay, tidy_frame

METHOD_NAMES = {
    "synthdid": "Synthetic difference-in-differences",
    "sc": "Synthetic control",
    "did": "Difference-in-differences",
}


@dataclass(frozen=True, eq=False)
class SynthResult(HtmlDisplay):
    """One treated unit's counterfactual estimate, its weights, paths and placebo inference.

    Attributes
    ----------
    method : {"synthdid", "sc", "did"}
        The estimator.
    treated_unit : object
        The treated unit.
    start : int
        First treated period.
    estimate : float
        Average post-period effect (treated minus counterfactual).
    se : float
        Placebo standard error (Arkhangelsky et al. 2021, Algorithm 4); NaN without
        placebo inference.
    p_value : float
        Placebo-in-space p-value: rank of the treated unit's post/pre RMSPE ratio for
        synthetic control, of its absolute estimate for synthetic DiD and DiD.
    pre_rmspe, post_rmspe : float
        Root mean squared gap before and from the start.
    years : numpy.ndarray
        Periods used.
    actual, synthetic : numpy.ndarray
        The treated unit's outcome and its counterfactual per period.
    unit_weights : pandas.Series
        Donor weights (omega), indexed by donor.
    time_weights : pandas.Series
        Pre-period weights (lambda), indexed by period.
    placebos : pandas.DataFrame or None
        One row per unit (treated first): estimate, RMSPEs, ratio and rank.
    placebo_gaps : pandas.DataFrame or None
        Long ``unit, time, gap`` paths of the placebo refits.
    leave_one_out : pandas.DataFrame or None
        ``dropped_unit, estimate, pre_rmspe`` for each donor with positive weight.
    excluded_donors : pandas.DataFrame
        Donors left out, with the reason (exclusion list or gaps in the window).
    dropped_periods : tuple
        Periods without a treated outcome, left out.
    settings : dict
        The options the fit was called with and the penalties it used.
    """

    method: str
    treated_unit: object
    start: int
    estimate: float
    se: float
    p_value: float
    pre_rmspe: float
    post_rmspe: float
    years: np.ndarray
    actual: np.ndarray
    synthetic: np.ndarray
    unit_weights: pd.Series
    time_weights: pd.Series
    placebos: pd.DataFrame | None
    placebo_gaps: pd.DataFrame | None
    leave_one_out: pd.DataFrame | None
    excluded_donors: pd.DataFrame
    dropped_periods: tuple
    settings: dict = field(default_factory=dict)

    @property
    def gap(self) -> np.ndarray:
        """Treated minus counterfactual per period."""
        return self.actual - self.synthetic

    @property
    def n_placebos(self) -> int:
        """Number of placebo refits (0 without placebo inference)."""
        return 0 if self.placebos is None else int(self.placebos["placebo"].sum())

    def tidy(self, *, alpha: float = 0.05) -> pd.DataFrame:
        """Return the average effect and the per-period gaps in the shared tidy schema.

        The first row (``term="att"``) is the average post-period effect with the placebo
        standard error and normal confidence bounds, but with ``p_value`` replaced by the
        placebo-in-space p-value. The rows ``term="gap"`` give the gap per ``time``
        (no standard error).

        Examples
        --------
        >>> result.tidy().columns.tolist()  # doctest: +SKIP
        ['term', 'time', 'estimate', 'std_error', 'statistic', 'p_value', 'conf_low', 'conf_high']
        """
        att = tidy_frame(["att"], [self.estimate], [self.se], alpha=alpha, time=[np.nan])
        att["p_value"] = self.p_value
        gaps = tidy_frame(
            ["gap"] * len(self.years),
            self.gap,
            np.full(len(self.years), np.nan),
            alpha=alpha,
            time=self.years,
        )
        frame = pd.concat([att, gaps], ignore_index=True)
        frame.insert(0, "method", self.method)
        return frame[["method", "term", "time", *TIDY_COLUMNS[1:]]]

    def path(self) -> pd.DataFrame:
        """Return ``time, actual, synthetic, gap, period`` (pre/post) for plotting."""
        return pd.DataFrame(
            {
                "time": self.years,
                "actual": self.actual,
                "synthetic": self.synthetic,
                "gap": self.gap,
                "period": np.where(self.years < self.start, "pre", "post"),
            }
        )

    def weights(self) -> pd.DataFrame:
        """Return the donor weights, largest first: ``unit, weight``."""
        table = self.unit_weights.rename("weight").rename_axis("unit").reset_index()
        return table.sort_values("weight", ascending=False, ignore_index=True)

    def summary(self) -> str:
        """Return a plain-text summary: estimate, inference, fit and the largest donors."""
        top = self.weights().head(5)
        donors = ", ".join(f"{u} {w:.3f}" for u, w in zip(top["unit"], top["weight"], strict=False))
        lines = [
            f"{METHOD_NAMES[self.method]}: {self.treated_unit}, treated from {self.start}",
            f"  periods {self.years[0]}-{self.years[-1]} "
            f"({int((self.years < self.start).sum())} pre), donors {len(self.unit_weights)}",
            f"  average post-period effect {self.estimate:.4f}"
            + (f" (placebo SE {self.se:.4f})" if np.isfinite(self.se) else ""),
            f"  placebo-in-space p-value {self.p_value:.3f} ({self.n_placebos} placebos)"
            if np.isfinite(self.p_value)
            else "  no placebo inference",
            f"  RMSPE pre {self.pre_rmspe:.4f}, post {self.post_rmspe:.4f}",
            f"  largest weights: {donors}",
        ]
        if len(self.excluded_donors):
            lines.append(f"  excluded donors: {len(self.excluded_donors)} (see excluded_donors)")
        if self.dropped_periods:
            lines.append(f"  periods without treated outcome: {list(self.dropped_periods)}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        """Return the summary."""
        return self.summary()

    def _display_table(self) -> pd.DataFrame:
        return self.tidy().head(1)
