"""Static two-way fixed-effects difference-in-differences with cluster-robust errors.

Small-sample convention (stated because packages differ): CRV1 with the factor
``G/(G-1) * (N-1)/(N-K)``, where ``K`` counts the treatment coefficient and *all* unit and
year effects (``K = 1 + units + years - 1``), as statsmodels or Stata ``regress`` with dummies
do; inference uses a t distribution with ``G-1`` degrees of freedom. pyfixest's default
(nested fixed effects not counted) gives smaller standard errors on the same data.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from evalkit.deprecation import renamed_keywords
from evalkit.errors import EstimationError
from evalkit.fe import connected_components, demean
from evalkit.memo import memoize
from evalkit.results import HtmlDisplay, tidy_frame
from evalkit.validate import require_columns


@dataclass(frozen=True)
class TWFEResult(HtmlDisplay):
    """Result of :func:`twfe`: the DiD coefficient and its cluster-robust inference."""

    estimate: float
    std_error: float
    n_obs: int
    n_units: int
    n_periods: int
    n_clusters: int
    n_treated_units: int
    settings: dict = field(default_factory=dict)

    @property
    def df(self) -> int:
        """Degrees of freedom of the t reference distribution (clusters - 1)."""
        return self.n_clusters - 1

    def tidy(self, alpha: float = 0.05) -> pd.DataFrame:
        """Return the coefficient in the shared tidy schema."""
        return tidy_frame(
            ["treated_post"], [self.estimate], [self.std_error], df=self.df, alpha=alpha
        )

    def summary(self) -> str:
        """Return a plain-text summary."""
        row = self.tidy().iloc[0]
        return (
            f"TWFE DiD of {self.settings.get('yname')}: {row.estimate:.4f} "
            f"(SE {row.std_error:.4f}, t({self.df}) p = {row.p_value:.3f}, "
            f"95% CI [{row.conf_low:.4f}, {row.conf_high:.4f}]); "
            f"{self.n_obs} obs, {self.n_units} units ({self.n_treated_units} treated), "
            f"{self.n_clusters} clusters"
        )


@dataclass(frozen=True, eq=False)
class FixedEffectsFit:
    """Coefficients of a regression with absorbed unit and period effects and their CRV1 vcov.

    Attributes
    ----------
    coef : numpy.ndarray
        ``(p,)`` coefficients of the regressors.
    vcov : numpy.ndarray
        ``(p, p)`` cluster-robust covariance (CRV1, ``K = p + units + periods - 1``).
    residual : numpy.ndarray
        Residuals of the fit, one per row.
    n_obs, n_units, n_periods, n_clusters : int
        Sizes of the estimation sample.
    """

    coef: np.ndarray
    vcov: np.ndarray
    residual: np.ndarray
    n_obs: int
    n_units: int
    n_periods: int
    n_clusters: int


def fe_regression(
    outcome: np.ndarray,
    regressors: np.ndarray,
    unit: np.ndarray,
    period: np.ndarray,
    cluster: np.ndarray,
    *,
    clustervar: str = "cluster",
    fe_components: int = 1,
) -> FixedEffectsFit:
    """Regress ``outcome`` on ``regressors`` with unit and period effects absorbed.

    The effects are swept out by alternating projections (:func:`evalkit.fe.demean`); no dummy
    matrix is built. Standard errors are CRV1 with ``G/(G-1) * (N-1)/(N-K)`` where ``K`` counts
    the regressors and all unit and period effects (statsmodels with dummies).

    Parameters
    ----------
    outcome : numpy.ndarray
        ``(n,)`` outcome.
    regressors : numpy.ndarray
        ``(n, p)`` regressors; must not be collinear with the fixed effects.
    unit, period, cluster : numpy.ndarray
        ``(n,)`` labels of each row's unit, period and cluster.
    clustervar : str
        Name of the cluster column, used in error messages.
    fe_components : int
        Number of redundant effects: connected components of the unit-period graph
        (:func:`evalkit.fe.connected_components`), so ``K = p + units + periods -
        fe_components``. 1 for common year effects on a connected panel (the default); the
        number of provinces when ``period`` labels province-by-year cells.

    Returns
    -------
    FixedEffectsFit

    Raises
    ------
    EstimationError
        If a regressor is collinear with the fixed effects or there are fewer than 2 clusters.

    Examples
    --------
    >>> unit = np.repeat(np.arange(4), 3)
    >>> period = np.tile(np.arange(3), 4)
    >>> d = ((unit >= 2) & (period >= 1)).astype(float)
    >>> fit = fe_regression(unit + period + 2.0 * d, d[:, None], unit, period, unit)
    >>> round(float(fit.coef[0]), 6)
    2.0

    """
    unit_codes, units = pd.factorize(unit)
    time_codes, periods = pd.factorize(period)
    regressors = np.asarray(regressors, dtype=float).reshape(len(outcome), -1)
    resid = demean(np.column_stack([outcome, regressors]), unit_codes, time_codes)
    y, x = resid[:, 0], resid[:, 1:]
    xx = x.T @ x
    scale = np.maximum(np.einsum("ij,ij->j", regressors, regressors), 1.0)
    if np.linalg.matrix_rank(xx / np.sqrt(np.outer(scale, scale)), tol=1e-10) < x.shape[1]:
        raise EstimationError(
            f"{x.shape[1]} regressor(s) are collinear with the unit and period effects or with "
            "each other; nothing to estimate for some of them; fix: bin or drop event times, or "
            "add never-treated units"
        )
    xx_inv = np.linalg.inv(xx)
    coef = xx_inv @ (x.T @ y)
    residual = y - x @ coef
    cluster_codes, clusters = pd.factorize(cluster)
    n, g, p = len(y), len(clusters), x.shape[1]
    if g < 2:
        raise EstimationError(
            f"{clustervar!r} has {g} cluster; cluster-robust errors need at least 2"
        )
    scores = np.zeros((g, p))
    np.add.at(scores, cluster_codes, x * residual[:, None])
    k = p + len(units) + len(periods) - fe_components
    correction = g / (g - 1) * (n - 1) / (n - k)
    vcov = correction * xx_inv @ (scores.T @ scores) @ xx_inv
    return FixedEffectsFit(
        coef=coef,
        vcov=vcov,
        residual=residual,
        n_obs=n,
        n_units=len(units),
        n_periods=len(periods),
        n_clusters=g,
    )


@renamed_keywords(clustervar="clustervars")
@memoize
def twfe(
    data: pd.DataFrame,
    yname: str,
    tname: str,
    idname: str,
    gname: str,
    *,
    clustervars: str | None = None,
    time_fe_by: str | None = None,
) -> TWFEResult:
    """Estimate a static two-way fixed-effects DiD, ``y_it = a_i + l_t + b D_it + e_it``.

    ``D_it = 1`` when unit ``i`` is treated (``gname > 0``) and ``t >= gname``. With
    ``time_fe_by="province_code"`` the period effects are province-by-year,
    ``y_it = a_i + l_{p(i),t} + b D_it + e_it``: treated units are compared with untreated
    units of their own province in the same year (units alone in their province drop out).

    Parameters
    ----------
    data : pandas.DataFrame
        Long panel, one row per unit and period.
    yname, tname, idname, gname : str
        Outcome, period, unit and first-treated-period (0 = never treated) columns.
    clustervars : str, optional
        Cluster column; defaults to ``idname``.
    time_fe_by : str, optional
        Column whose values interact with the periods (e.g. ``"province_code"``): period
        effects become one per (value, period) cell. ``K`` of the CRV1 factor then subtracts
        one redundant effect per connected component, as the rank of the dummy regression.

    Returns
    -------
    TWFEResult

    Examples
    --------
    >>> rows = [(u, t, 1.0 * u + t + 2.0 * (u >= 2 and t >= 1), 1 if u >= 2 else 0)
    ...         for u in range(4) for t in range(3)]
    >>> frame = pd.DataFrame(rows, columns=["unit", "year", "y", "g"])
    >>> round(twfe(frame, "y", "year", "unit", "g").estimate, 6)
    2.0

    """
    clustervars = clustervars or idname
    columns = {
        "yname": yname,
        "tname": tname,
        "idname": idname,
        "gname": gname,
        "clustervar": clustervars,
    }
    if time_fe_by is not None:
        columns["time_fe_by"] = time_fe_by
    require_columns(data, columns)
    frame = data[list(dict.fromkeys(columns.values()))]
    missing = frame[yname].isna()
    if missing.any():
        warnings.warn(
            f"{int(missing.sum())} rows with missing {yname} left out of the TWFE fit", stacklevel=2
        )
        frame = frame[~missing]
    if frame.duplicated([idname, tname]).any():
        raise EstimationError(
            f"duplicated ({idname!r}, {tname!r}) rows; rule: one row per unit and period; "
            "fix: aggregate or drop the duplicates before estimating"
        )
    first_treated = frame[gname].to_numpy()
    treated = ((first_treated > 0) & (frame[tname].to_numpy() >= first_treated)).astype(float)
    if treated.min() == treated.max():
        raise EstimationError(
            f"treatment from {gname!r} does not vary; rule: DiD compares treated and untreated "
            "unit-periods; fix: include both treated and comparison units"
        )
    period = frame[tname].to_numpy()
    components = 1
    if time_fe_by is not None:
        if frame[time_fe_by].isna().any():
            raise EstimationError(
                f"{time_fe_by!r} is missing in {int(frame[time_fe_by].isna().sum())} row(s); "
                "rule: every row needs the group its period effects are specific to; fix: fill "
                "the column or drop those rows"
            )
        period = pd.MultiIndex.from_arrays([frame[time_fe_by], frame[tname]]).to_numpy()
        components = connected_components(pd.factorize(frame[idname])[0], pd.factorize(period)[0])
    fit = fe_regression(
        frame[yname].to_numpy(float),
        treated[:, None],
        frame[idname].to_numpy(),
        period,
        frame[clustervars].to_numpy(),
        clustervar=clustervars,
        fe_components=components,
    )
    settings = {
        "yname": yname,
        "tname": tname,
        "idname": idname,
        "gname": gname,
        "clustervar": clustervars,
        "vcov": "CRV1, K counts all fixed effects, t(G-1)",
    }
    if time_fe_by is not None:
        settings["time_fe_by"] = time_fe_by
        settings["n_period_effects"] = fit.n_periods
    return TWFEResult(
        estimate=float(fit.coef[0]),
        std_error=float(np.sqrt(fit.vcov[0, 0])),
        n_obs=fit.n_obs,
        n_units=fit.n_units,
        n_periods=int(frame[tname].nunique()),
        n_clusters=fit.n_clusters,
        n_treated_units=int(frame.loc[frame[gname] > 0, idname].nunique()),
        settings=settings,
    )
