"""The frozen result of an interrupted time series fit."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from evalkit.results import HtmlDisplay, tidy_frame


@dataclass(frozen=True, eq=False)
class ITSResult(HtmlDisplay):
    """Segmented regression of one series around a break.

    Attributes
    ----------
    outcome : str
        The outcome column.
    start, lag : int
        Plan start and the lag of the break after it.
    coef : pandas.Series
        ``intercept, pre_slope, level_change, slope_change``.
    covariance : pandas.DataFrame
        Newey-West covariance of ``coef``.
    estimate, se : float
        Average post-break effect (fitted minus counterfactual, averaged over post periods)
        and its HAC standard error.
    df_resid : int
        Residual degrees of freedom (t reference).
    hac_lags : int
        Newey-West lags used.
    path : pandas.DataFrame
        ``time, actual, fitted, counterfactual, conf_low, conf_high, pred_low, pred_high,
        period``.
    placebos : pandas.DataFrame or None
        Fake breaks in the pre-period: ``placebo_start, level_change, level_statistic,
        slope_change, slope_statistic``.
    settings : dict
        Options used.
    """

    outcome: str
    start: int
    lag: int
    coef: pd.Series
    covariance: pd.DataFrame
    estimate: float
    se: float
    df_resid: int
    hac_lags: int
    path: pd.DataFrame
    placebos: pd.DataFrame | None
    settings: dict = field(default_factory=dict)

    @property
    def level_change(self) -> float:
        """Jump in level at the break."""
        return float(self.coef["level_change"])

    @property
    def slope_change(self) -> float:
        """Change in slope per period from the break."""
        return float(self.coef["slope_change"])

    @property
    def placebo_p_value(self) -> float:
        """Share of breaks, fake and real, with ``|t(level)|`` at least the real one's."""
        if self.placebos is None or self.placebos.empty:
            return float("nan")
        real = abs(self.level_change / np.sqrt(self.covariance.loc["level_change", "level_change"]))
        fake = np.abs(self.placebos["level_statistic"].to_numpy())
        return float((1 + np.sum(fake >= real)) / (1 + fake.size))

    def tidy(self, *, alpha: float | None = None) -> pd.DataFrame:
        """Return coefficients and the average effect in the shared tidy schema (t reference).

        Examples
        --------
        >>> fit.tidy()["term"].tolist()  # doctest: +SKIP
        ['intercept', 'pre_slope', 'level_change', 'slope_change', 'average_effect']
        """
        alpha = self.settings.get("alpha", 0.05) if alpha is None else alpha
        terms = [*self.coef.index, "average_effect"]
        estimates = [*self.coef.to_numpy(), self.estimate]
        errors = [*np.sqrt(np.diag(self.covariance.to_numpy())), self.se]
        return tidy_frame(terms, estimates, errors, df=self.df_resid, alpha=alpha)

    def summary(self) -> str:
        """Return a plain-text summary."""
        table = self.tidy().to_string(index=False, float_format=lambda v: f"{v:.4f}")
        lines = [
            f"Interrupted time series: {self.outcome}, start {self.start}, lag {self.lag}",
            f"  {len(self.path)} periods, Newey-West SE with {self.hac_lags} lag(s) "
            f"({self.settings.get('lag_rule')}), t({self.df_resid}) reference",
            table,
        ]
        if self.placebos is not None:
            lines.append(
                f"  placebo breaks: {len(self.placebos)}; share with |t(level)| >= the real "
                f"one: {self.placebo_p_value:.3f}"
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        """Return the summary."""
        return self.summary()

    def _display_text(self) -> str:
        return self.summary().splitlines()[0]
