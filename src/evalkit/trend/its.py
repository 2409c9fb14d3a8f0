"""Interrupted time series (segmented regression) for one unit, with Newey-West errors.

Model, with ``k`` the break period ``start + lag`` and ``D_t = 1{t >= k}``::

    y_t = b0 + b1 (t - k) + b2 D_t + b3 D_t (t - k) + e_t

``b2`` is the level change at the break and ``b3`` the slope change. Standard errors are
Newey-West (Bartlett kernel) with ``hac_lags`` lags; the default lag rule is
``floor(4 (T / 100)^(2/9))`` (Newey & West 1994). The regression and its covariance are
statsmodels' ``OLS(...).fit(cov_type="HAC")``: the sandwich has no small-sample factor unless
``small_sample=True`` (``T / (T - 4)``, statsmodels' ``use_correction=True``). The tests check it
against the Bartlett-kernel sandwich written out by hand. The counterfactual is
the pre-break line ``b0 + b1 (t - k)`` projected forward, with a t(T - 4) interval for its
mean and a prediction interval that adds the residual variance.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

from evalkit.deprecation import renamed_keywords
from evalkit.errors import EstimationError
from evalkit.trend.results import ITSResult
from evalkit.validate import require_columns

TERMS = ["intercept", "pre_slope", "level_change", "slope_change"]
MIN_PRE, MIN_POST = 3, 2


def newey_west_lags(n_obs: int) -> int:
    """Return the Newey-West (1994) rule-of-thumb lag ``floor(4 (T/100)^(2/9))``.

    Examples
    --------
    >>> newey_west_lags(20)
    2
    """
    return int(np.floor(4 * (n_obs / 100) ** (2 / 9)))


def _segmented_fit(
    years: np.ndarray, values: np.ndarray, break_at: float, lags: int, small_sample: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Fit the segmented line by OLS with statsmodels' Newey-West (HAC) covariance."""
    centred = years - break_at
    after = (years >= break_at).astype(float)
    design = np.column_stack([np.ones_like(centred), centred, after, after * centred])
    fit = sm.OLS(values, design).fit(
        cov_type="HAC", cov_kwds={"maxlags": lags, "use_correction": small_sample}
    )
    coef = np.asarray(fit.params)
    return design, coef, values - design @ coef, np.asarray(fit.cov_params())


def _series(data, time, outcome, comparison):
    require_columns(data, {"tname": time, "yname": outcome})
    if data[time].duplicated().any():
        raise EstimationError(
            f"column {time!r} repeats a period; rule: interrupted_time_series takes one unit's "
            "series; fix: filter to one unit (and pass the others as comparison=)"
        )
    series = data[[time, outcome]].dropna().sort_values(time).set_index(time)[outcome]
    if comparison is not None:
        reference = comparison.dropna(subset=[outcome]).groupby(time)[outcome].mean()
        common = series.index.intersection(reference.index)
        if len(common) < len(series):
            missing = sorted(set(series.index) - set(common))
            raise EstimationError(
                f"comparison has no {outcome!r} in period(s) {missing}; rule: the comparison "
                "mean must exist in every period of the treated series; fix: restrict data"
            )
        series = series - reference.loc[series.index]
    return series


@renamed_keywords(time="tname", outcome="yname")
def interrupted_time_series(
    data: pd.DataFrame,
    *,
    tname: str,
    yname: str,
    start: int,
    lag: int = 0,
    hac_lags: int | None = None,
    small_sample: bool = False,
    comparison: pd.DataFrame | None = None,
    placebo: bool = True,
    alpha: float = 0.05,
) -> ITSResult:
    """Segmented regression of one unit's series around the plan's start.

    Parameters
    ----------
    data : pandas.DataFrame
        One unit's series: one row per period (missing outcomes are dropped).
    tname, yname : str
        Column names.
    start : int
        The plan's first period.
    lag : int
        Periods between the start and the break (anticipation < 0, delayed effect > 0).
    hac_lags : int, optional
        Newey-West lags; default ``floor(4 (T/100)^(2/9))``.
    small_sample : bool
        Multiply the HAC covariance by ``T / (T - 4)``.
    comparison : pandas.DataFrame, optional
        Other units' rows (same ``time`` and ``outcome`` columns): the outcome becomes the
        treated series minus the comparison mean per period (a one-unit DiD in trends).
    placebo : bool
        Refit on pre-break data only with every admissible pre-break period as a fake break.
    alpha : float
        One minus the confidence level.

    Returns
    -------
    ITSResult

    Raises
    ------
    EstimationError
        If a column is missing, a period repeats, or there are fewer than 3 periods before
        or 2 from the break.

    Examples
    --------
    >>> years = np.arange(2000, 2020)
    >>> y = 1 + 0.5 * (years - 2010) + 2 * (years >= 2010) + 0.3 * (years >= 2010) * (years - 2010)
    >>> fit = interrupted_time_series(pd.DataFrame({"year": years, "y": y}), tname="year",
    ...                               yname="y", start=2010)
    >>> round(fit.level_change, 6), round(fit.slope_change, 6)
    (2.0, 0.3)
    """
    series = _series(data, tname, yname, comparison)
    years = series.index.to_numpy(dtype=float)
    values = series.to_numpy(dtype=float)
    break_at = start + lag
    n_pre, n_post = int((years < break_at).sum()), int((years >= break_at).sum())
    if n_pre < MIN_PRE or n_post < MIN_POST:
        raise EstimationError(
            f"{yname!r}: {n_pre} period(s) before the break {break_at} and {n_post} from it; "
            f"rule: at least {MIN_PRE} before and {MIN_POST} from the break; fix: change "
            "start/lag or extend the series"
        )
    lags = newey_west_lags(len(values)) if hac_lags is None else int(hac_lags)
    design, coef, residuals, covariance = _segmented_fit(
        years, values, break_at, lags, small_sample
    )
    df_resid = len(values) - len(TERMS)
    critical = stats.t(df_resid).ppf(1 - alpha / 2)
    sigma2 = float(residuals @ residuals / df_resid)
    base = design[:, :2]
    counterfactual = base @ coef[:2]
    mean_se = np.sqrt(np.einsum("ti,ij,tj->t", base, covariance[:2, :2], base))
    prediction_se = np.sqrt(mean_se**2 + sigma2)
    post = years >= break_at
    contrast = np.array([0.0, 0.0, 1.0, (years[post] - break_at).mean()])
    path = pd.DataFrame(
        {
            "time": series.index.to_numpy(),
            "actual": values,
            "fitted": design @ coef,
            "counterfactual": counterfactual,
            "conf_low": counterfactual - critical * mean_se,
            "conf_high": counterfactual + critical * mean_se,
            "pred_low": counterfactual - critical * prediction_se,
            "pred_high": counterfactual + critical * prediction_se,
            "period": np.where(post, "post", "pre"),
        }
    )
    placebos = _placebo_breaks(years[~post], values[~post], lags) if placebo else None
    return ITSResult(
        outcome=yname,
        start=start,
        lag=lag,
        coef=pd.Series(coef, index=TERMS),
        covariance=pd.DataFrame(covariance, index=TERMS, columns=TERMS),
        estimate=float(contrast @ coef),
        se=float(np.sqrt(contrast @ covariance @ contrast)),
        df_resid=df_resid,
        hac_lags=lags,
        path=path,
        placebos=placebos,
        settings={
            "alpha": alpha,
            "comparison": comparison is not None,
            "small_sample": small_sample,
            "lag_rule": "given" if hac_lags is not None else "floor(4 (T/100)^(2/9))",
        },
    )


def _placebo_breaks(years: np.ndarray, values: np.ndarray, lags: int) -> pd.DataFrame:
    rows = []
    for fake in years[MIN_PRE : len(years) - MIN_POST + 1]:
        _, coef, _, covariance = _segmented_fit(years, values, fake, lags)
        se = np.sqrt(np.diag(covariance))
        rows.append(
            {
                "placebo_start": int(fake) if float(fake).is_integer() else fake,
                "level_change": coef[2],
                "level_statistic": coef[2] / se[2],
                "slope_change": coef[3],
                "slope_statistic": coef[3] / se[3],
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "placebo_start",
            "level_change",
            "level_statistic",
            "slope_change",
            "slope_statistic",
        ],
    )
