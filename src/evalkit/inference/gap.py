"""Time-series t-test on the treated-minus-comparison gap, for one treated province.

The between-province t-test (:func:`evalkit.inference.aggregated.aggregated_t_test`) borrows
the variance of the treated province's shock from the untreated provinces. When the treated
province's shocks are larger than theirs (in ``benchmarks/coverage.py``, shocks 3x the others'
sd), that variance is too small and its 95% interval covers 71% of the time. The
treated province's own years carry the information that is missing: the gap

``D_t = mean of treated units in t - mean of comparison units in t``

moves from year to year by the treated province's shock, the comparison provinces' average
shock and the city noise, whatever their variances. The estimate is ``mean_post D -
mean_pre D`` (the static TWFE coefficient of a balanced panel with one adoption year), and
its variance is the pre-period sample variance of ``D`` times ``1/T_post + 1/T_pre``, on
``T_pre - 1`` degrees of freedom. Under normal gaps that are independent over years with one
variance before and after adoption the t-statistic is exactly Student t (the pre-period mean
and variance of normal draws are independent), which is the test's assumption, stated in
every result. It fails when the gap is serially correlated (AR(1) city noise: coverage 91.4%
in the benchmark), so :func:`evalkit.inference.stress.condition_diagnostics` tests for that
before recommending it. The price: ``T_pre - 1`` degrees of freedom (six for 2008-2014), so
the interval is wider than the between-province one when that one is valid.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from evalkit.errors import EstimationError
from evalkit.inference.checks import per_group, selected_columns
from evalkit.results import OneTermResult


@dataclass(frozen=True)
class RolloutArrays:
    """A balanced one-adoption-year panel as arrays (units sorted by id, periods ascending)."""

    outcome: np.ndarray  # (units, periods)
    periods: np.ndarray
    units: np.ndarray
    treated: np.ndarray  # (units,) bool
    adoption: int

    @property
    def pre(self) -> np.ndarray:
        """Boolean mask of the periods before adoption."""
        return self.periods < self.adoption


def rollout_arrays(
    data: pd.DataFrame, yname: str, tname: str, idname: str, gname: str
) -> RolloutArrays:
    """Validate a balanced panel with one adoption year and return it as arrays.

    Raises
    ------
    EstimationError
        Missing values, an unbalanced panel, timing that varies within a unit, more than one
        adoption year, no never-treated units, or fewer than three pre-periods.

    Examples
    --------
    >>> frame = pd.DataFrame({"u": [1, 1, 1, 1, 2, 2, 2, 2], "t": [1, 2, 3, 4] * 2,
    ...                       "g": [4] * 4 + [0] * 4, "y": range(8)})
    >>> arrays = rollout_arrays(frame, "y", "t", "u", "g")
    >>> arrays.outcome.shape, arrays.adoption, arrays.treated.tolist()
    ((2, 4), 4, [True, False])
    """
    frame = selected_columns(data, yname, tname, idname, gname)
    if frame[yname].isna().any():
        gaps = frame.loc[frame[yname].isna(), idname].unique()
        raise EstimationError(
            f"{int(frame[yname].isna().sum())} missing value(s) in {yname!r} (units "
            f"{gaps[:5].tolist()}{' ...' if len(gaps) > 5 else ''}); rule: the test needs a "
            "balanced panel; fix: drop units with missing years first"
        )
    timing, varying = per_group(frame[gname], frame[idname])
    if varying:
        raise EstimationError(
            f"{gname!r} varies within unit(s) {varying}; rule: one first treated period per "
            "unit; fix: set it from the unit's adoption year"
        )
    if frame.duplicated([idname, tname]).any():
        raise EstimationError(
            f"duplicate ({idname!r}, {tname!r}) rows; rule: one row per unit and period; fix: "
            "aggregate or drop the duplicates"
        )
    wide = frame.pivot(index=idname, columns=tname, values=yname).sort_index(axis=1)
    if wide.isna().any().any():
        raise EstimationError(
            f"the panel is not balanced in {tname!r}; rule: every unit observed once in each "
            "of the same periods; fix: balance the panel"
        )
    adoption = np.unique(timing[timing > 0])
    if adoption.size != 1 or (timing == 0).sum() == 0:
        raise EstimationError(
            f"{gname!r} has {adoption.size} adoption year(s) and {int((timing == 0).sum())} "
            "never-treated unit(s); rule: one common adoption year and never-treated units; "
            "fix: keep one cohort and the never treated"
        )
    periods = wide.columns.to_numpy()
    year = int(adoption[0])
    n_pre, n_post = int((periods < year).sum()), int((periods >= year).sum())
    if n_pre < 3 or n_post < 1:
        raise EstimationError(
            f"adoption year {year} leaves {n_pre} pre-period(s) and {n_post} post-period(s) "
            f"in {tname!r}; rule: at least three before and one from adoption; fix: widen the "
            "sample years"
        )
    return RolloutArrays(
        outcome=wide.to_numpy(float),
        periods=periods,
        units=wide.index.to_numpy(),
        treated=(timing.reindex(wide.index) > 0).to_numpy(),
        adoption=year,
    )


@dataclass(frozen=True)
class GapTResult(OneTermResult):
    """Time-series t-test on the treated-minus-comparison gap (variance from pre-period years)."""

    term: str
    estimate: float
    std_error: float
    statistic: float
    p_value: float
    conf_low: float
    conf_high: float
    df: float
    gap_variance: float
    n_pre: int
    n_post: int
    n_treated: int
    n_comparison: int
    null: float
    gap: pd.Series = field(repr=False, default_factory=lambda: pd.Series(dtype=float))
    settings: dict = field(default_factory=dict)

    def summary(self) -> str:
        """Return a plain-text summary with the assumption the test rests on."""
        level = 1 - self.settings.get("alpha", 0.05)
        return (
            f"{self.term}: {self.estimate:.4f} (SE {self.std_error:.4f}, t = "
            f"{self.statistic:.3f} on {self.df:.0f} df); p = {self.p_value:.4f} for effect = "
            f"{self.null:g}, {level:.0%} CI [{self.conf_low:.4f}, {self.conf_high:.4f}]. Gap "
            f"of {self.n_treated} treated and {self.n_comparison} comparison units, variance "
            f"{self.gap_variance:.4g} from {self.n_pre} pre-period years, {self.n_post} after. "
            "Assumes normal yearly gaps, independent over years, with one variance before and "
            "after adoption."
        )


def gap_t_test(
    data: pd.DataFrame,
    yname: str,
    tname: str,
    idname: str,
    gname: str,
    *,
    null: float = 0.0,
    alpha: float = 0.05,
) -> GapTResult:
    """Return the t-test of a DiD effect from the yearly gap between treated and comparison means.

    Parameters
    ----------
    data : pandas.DataFrame
        Balanced long panel with one adoption year and never-treated units.
    yname, tname, idname, gname : str
        Outcome, period, unit and first-treated-period (0 = never treated) columns.
    null : float
        Effect under the null hypothesis of the reported p-value.
    alpha : float
        One minus the confidence level of the interval.

    Returns
    -------
    GapTResult

    Examples
    --------
    >>> from evalkit.simulate import simulate_province_rollout
    >>> frame = simulate_province_rollout(effect=1.0, shock_scale=(3, 1, 1, 1, 1, 1),
    ...                                   random_state=0)
    >>> result = gap_t_test(frame, "y", "year", "unit", "first_treated")
    >>> result.df, bool(result.conf_low < 1.0 < result.conf_high)
    (6.0, True)

    """
    arrays = rollout_arrays(data, yname, tname, idname, gname)
    values, treated, pre = arrays.outcome, arrays.treated, arrays.pre
    gap = values[treated].mean(axis=0) - values[~treated].mean(axis=0)
    n_pre, n_post = int(pre.sum()), int((~pre).sum())
    estimate = float(gap[~pre].mean() - gap[pre].mean())
    gap_variance = float(gap[pre].var(ddof=1))
    if gap_variance <= 0:
        raise EstimationError(f"{yname!r}: the pre-period gap does not vary; no variance to use")
    std_error = float(np.sqrt(gap_variance * (1 / n_post + 1 / n_pre)))
    df = float(n_pre - 1)
    statistic = (estimate - null) / std_error
    critical = float(stats.t.ppf(1 - alpha / 2, df))
    return GapTResult(
        term="treated_post",
        estimate=estimate,
        std_error=std_error,
        statistic=statistic,
        p_value=float(2 * stats.t.sf(abs(statistic), df)),
        conf_low=estimate - critical * std_error,
        conf_high=estimate + critical * std_error,
        df=df,
        gap_variance=gap_variance,
        n_pre=n_pre,
        n_post=n_post,
        n_treated=int(treated.sum()),
        n_comparison=int((~treated).sum()),
        null=null,
        gap=pd.Series(gap, index=pd.Index(arrays.periods, name=tname), name="gap"),
        settings={"yname": yname, "adoption_year": arrays.adoption, "alpha": alpha},
    )


__all__ = ["GapTResult", "RolloutArrays", "gap_t_test", "rollout_arrays"]
