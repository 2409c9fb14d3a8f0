"""Between-cluster t-test for a DiD with one (or few) treated clusters.

When one province is treated and five are not, every cluster-robust variance is built from the
residuals of the clusters, and the treated cluster's residual is absorbed by the estimate:
CRV1 over-rejects, the restricted wild cluster bootstrap under-rejects (MacKinnon & Webb 2017),
permuting cities ignores the shocks cities of a province share, and permuting provinces
cannot reject at 5% (the smallest p-value is one over the number of provinces). What remains
is a model for the variance of a province's shock, estimated from the untreated provinces.

The test collapses each unit to its post-minus-pre contrast ``W_i = mean_post y_i -
mean_pre y_i`` (Bertrand, Duflo & Mullainathan 2004: robust to any serial correlation within
unit and cluster), averages within clusters (Donald & Lang 2007), and models the variance of
a cluster mean as ``A + B / M_j`` (Ferman & Pinto 2019): ``A`` for the cluster's common shock,
``B / M_j`` for the noise of its ``M_j`` units. ``B`` comes from the spread of units around
their cluster mean (``N - G`` degrees of freedom), ``A`` from the spread of cluster means
around their group's (treated or untreated) weighted mean, by the method of moments and
truncated at zero. The estimate is the unit-weighted difference of treated and untreated
contrasts, which equals the static TWFE coefficient in a balanced panel with one adoption
year; the t-statistic uses Satterthwaite degrees of freedom from both variance pieces (about
the number of untreated clusters minus one when ``A`` dominates), so the interval is wide
when only five provinces inform ``A``: that is the data speaking, not the method.

Assumptions, stated in every result: the cluster shocks are normal with a common variance,
unit noise has a common variance, and the effect is common to the treated units.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from evalkit.deprecation import renamed_keywords
from evalkit.errors import EstimationError
from evalkit.inference.checks import per_group, selected_columns
from evalkit.results import OneTermResult


@dataclass(frozen=True)
class AggregatedTResult(OneTermResult):
    """Between-cluster t-test of a DiD effect (cluster-shock variance from untreated clusters)."""

    term: str
    estimate: float
    std_error: float
    statistic: float
    p_value: float
    conf_low: float
    conf_high: float
    df: float
    cluster_variance: float
    unit_variance: float
    n_clusters: int
    n_treated_clusters: int
    n_units: int
    null: float
    settings: dict = field(default_factory=dict)

    def summary(self) -> str:
        """Return a plain-text summary with the variance components and assumptions."""
        level = 1 - self.settings.get("alpha", 0.05)
        return (
            f"{self.term}: {self.estimate:.4f} (SE {self.std_error:.4f}, t = {self.statistic:.3f}"
            f" on {self.df:.1f} df); p = {self.p_value:.4f} for effect = {self.null:g}, "
            f"{level:.0%} CI [{self.conf_low:.4f}, {self.conf_high:.4f}]. "
            f"{self.n_clusters} clusters ({self.n_treated_clusters} treated), {self.n_units} "
            f"units; variance of a cluster shock {self.cluster_variance:.4g}, of a unit's "
            f"contrast {self.unit_variance:.4g}. Assumes normal cluster shocks with a common "
            "variance and a common effect."
        )


def _unit_contrasts(
    data: pd.DataFrame, yname: str, tname: str, idname: str, gname: str, cluster: str
) -> tuple[pd.DataFrame, int]:
    frame = selected_columns(data, yname, tname, idname, gname, cluster)
    if frame[yname].isna().any():
        gaps = frame.loc[frame[yname].isna(), idname].unique()
        raise EstimationError(
            f"{int(frame[yname].isna().sum())} missing value(s) in {yname!r} (units "
            f"{gaps[:5].tolist()}{' ...' if len(gaps) > 5 else ''}); rule: the aggregated t-test "
            "needs a balanced panel; fix: drop units with missing years first"
        )
    units = frame.groupby(idname, sort=True).agg(
        first=(gname, "min"), last=(gname, "max"), cluster=(cluster, "first"),
        clusters=(cluster, "nunique"), periods=(tname, "nunique"),
    )  # fmt: skip
    if (units["first"] != units["last"]).any() or (units["clusters"] != 1).any():
        raise EstimationError(
            f"{gname!r} or {cluster!r} varies within a unit; rule: one adoption year and one "
            "cluster per unit; fix: set both from the unit's record"
        )
    n_periods = frame[tname].nunique()
    if (units["periods"] != n_periods).any() or frame.duplicated([idname, tname]).any():
        raise EstimationError(
            f"the panel is not balanced in {tname!r}; rule: every unit observed once in each "
            "of the same periods; fix: balance the panel"
        )
    adoption = units.loc[units["first"] > 0, "first"].unique()
    if len(adoption) != 1:
        raise EstimationError(
            f"{gname!r} has {len(adoption)} adoption years among treated units; rule: the "
            "aggregated t-test needs one common adoption year and never-treated units; fix: "
            "keep one cohort and the never treated (drop the other cohorts' rows)"
        )
    year = adoption[0]
    if not (frame[tname].min() < year <= frame[tname].max()):
        raise EstimationError(f"adoption year {year} leaves no pre- or no post-period in {tname!r}")
    _, mixed = per_group(units["first"] > 0, units["cluster"])
    if mixed:
        raise EstimationError(
            f"cluster(s) {mixed} of {cluster!r} hold treated and untreated units; rule: "
            "treatment is assigned to whole clusters; fix: cluster at the level of assignment"
        )
    post = frame[tname] >= year
    means = frame.groupby([frame[idname], post])[yname].mean().unstack()
    units["contrast"] = means[True] - means[False]
    units["treated"] = units["first"] > 0
    return units[["cluster", "treated", "contrast"]], int(year)


@renamed_keywords(cluster="clustervars")
def aggregated_t_test(
    data: pd.DataFrame,
    yname: str,
    tname: str,
    idname: str,
    gname: str,
    clustervars: str,
    *,
    null: float = 0.0,
    alpha: float = 0.05,
) -> AggregatedTResult:
    """Return the between-cluster t-test of a DiD effect with one common adoption year.

    Parameters
    ----------
    data : pandas.DataFrame
        Balanced long panel.
    yname, tname, idname, gname : str
        Outcome, period, unit and first-treated-period (0 = never treated) columns.
    clustervars : str
        Column of the level at which treatment is assigned (province); every cluster must be
        wholly treated or wholly untreated.
    null : float
        Effect under the null hypothesis of the reported p-value.
    alpha : float
        One minus the confidence level of the interval.

    Returns
    -------
    AggregatedTResult

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> province = np.repeat(np.arange(8), 6)
    >>> rows = [(u, t, province[u], 5 if province[u] == 0 else 0)
    ...         for u in range(48) for t in range(10)]
    >>> frame = pd.DataFrame(rows, columns=["unit", "year", "province", "g"])
    >>> shock = rng.normal(scale=0.3, size=(8, 10))[frame.province, frame.year]
    >>> frame["y"] = shock + 1.0 * (frame.g > 0) * (frame.year >= 5) + rng.normal(size=480)
    >>> result = aggregated_t_test(frame, "y", "year", "unit", "g", "province")
    >>> bool(result.conf_low < 1.0 < result.conf_high)
    True

    """
    units, year = _unit_contrasts(data, yname, tname, idname, gname, clustervars)
    clusters = units.groupby("cluster", sort=True).agg(
        size=("contrast", "size"), mean=("contrast", "mean"), treated=("treated", "first")
    )
    n_units, n_clusters = len(units), len(clusters)
    n_treated = int(clusters["treated"].sum())
    if n_treated == 0 or n_treated == n_clusters:
        raise EstimationError("the test needs treated and untreated clusters")
    if n_clusters - 2 < 1:
        raise EstimationError(
            f"{n_clusters} clusters leave no degrees of freedom for the variance of a cluster "
            "shock; rule: at least three clusters, two of them in the same arm"
        )
    size = clusters["size"].to_numpy(float)
    means = clusters["mean"].to_numpy()
    treated = clusters["treated"].to_numpy()
    group_size = np.where(treated, size[treated].sum(), size[~treated].sum())
    share = size / group_size  # unit weights within the treated and the untreated arm
    contrast = np.where(treated, share, -share)
    estimate = float(contrast @ means)

    within = units["contrast"] - units["cluster"].map(clusters["mean"])
    within_df = n_units - n_clusters
    unit_variance = float((within**2).sum() / within_df) if within_df > 0 else 0.0
    # Q = sum_j share_j (mean_j - arm mean)^2 = means' K means, E[Q] = tr(K S), S = diag(A + B/M)
    same_arm = treated[:, None] == treated[None, :]
    residual_maker = np.eye(n_clusters) - same_arm * share[None, :]
    quadratic = residual_maker.T @ np.diag(share) @ residual_maker
    spread = float(means @ quadratic @ means)
    trace_a = float(np.trace(quadratic))
    trace_b = float(np.trace(quadratic / size[None, :]))
    if within_df > 0:
        cluster_variance = max((spread - unit_variance * trace_b) / trace_a, 0.0)
    else:  # one unit per cluster: A and B are not separable; A carries both
        cluster_variance = spread / trace_a
    sum_a, sum_b = float((contrast**2).sum()), float((contrast**2 / size).sum())
    variance = cluster_variance * sum_a + unit_variance * sum_b
    if variance <= 0:
        raise EstimationError(f"{yname!r} has no variation in its post-minus-pre contrasts")
    df = _satterthwaite(
        spread_weight=sum_a / trace_a,
        unit_weight=sum_b - sum_a * trace_b / trace_a if within_df > 0 else 0.0,
        quadratic=quadratic,
        cell_variance=cluster_variance + unit_variance / size,
        unit_variance=unit_variance,
        within_df=within_df,
        variance=variance,
        truncated=within_df > 0 and spread < unit_variance * trace_b,
    )
    std_error = float(np.sqrt(variance))
    statistic = (estimate - null) / std_error
    critical = float(stats.t.ppf(1 - alpha / 2, df))
    return AggregatedTResult(
        term="treated_post",
        estimate=estimate,
        std_error=std_error,
        statistic=statistic,
        p_value=float(2 * stats.t.sf(abs(statistic), df)),
        conf_low=estimate - critical * std_error,
        conf_high=estimate + critical * std_error,
        df=df,
        cluster_variance=cluster_variance,
        unit_variance=unit_variance,
        n_clusters=n_clusters,
        n_treated_clusters=n_treated,
        n_units=n_units,
        null=null,
        settings={"yname": yname, "cluster": clustervars, "adoption_year": year, "alpha": alpha},
    )


def _satterthwaite(
    *,
    spread_weight: float,
    unit_weight: float,
    quadratic: np.ndarray,
    cell_variance: np.ndarray,
    unit_variance: float,
    within_df: int,
    variance: float,
    truncated: bool,
) -> float:
    """Return Satterthwaite df of ``V = spread_weight Q + unit_weight B`` under normality.

    ``df = 2 V^2 / sum_k w_k^2 Var(X_k)`` with ``Var(Q) = 2 tr((K S)^2)`` and ``Var(B) =
    2 B^2 / (N - G)``. When the cluster variance was truncated at zero, ``V`` rests on ``B``
    alone.
    """
    if truncated:
        return float(within_df)
    spread_var = 2.0 * float(np.trace(np.linalg.matrix_power(quadratic * cell_variance, 2)))
    unit_var = 2.0 * unit_variance**2 / within_df if within_df > 0 else 0.0
    denominator = spread_weight**2 * spread_var + unit_weight**2 * unit_var
    return float(2.0 * variance**2 / denominator)


__all__ = ["AggregatedTResult", "aggregated_t_test"]
