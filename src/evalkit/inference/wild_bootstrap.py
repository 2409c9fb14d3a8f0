"""Wild cluster bootstrap with the null imposed (WCR) for regressions with unit and time effects.

With few clusters (Zhejiang's 11 cities, six East China provinces) cluster-robust t-tests
over-reject; the restricted wild cluster bootstrap of Cameron, Gelbach & Miller (2008) does not
(MacKinnon & Webb 2017). The fixed effects are absorbed once (Frisch-Waugh-Lovell on the
demeaned design, :func:`evalkit.fe.demean`). Every bootstrap t-statistic is then linear algebra
on ``G x B`` matrices (the algorithm of Roodman, MacKinnon, Nielsen & Webb 2019): with
cluster scores ``S_g = X_g' u_g`` of the restricted residuals,

``beta*_j - r = sum_g a_g v_g`` and the CRV1 scores are ``(diag(a) - M - Q) v``, with
``a_g = c_j' S_g``, ``M_gh = c_j' X_g'X_g (X'X)^{-1} S_h`` (``c_j`` the j-th row of
``(X'X)^{-1}``) and ``Q_gh = c_j' X_g' [P_FE(u 1_h)]_g``, the part of ``v_h u_h`` the refit's
fixed effects absorb again (non-zero when year effects do not nest in the clusters). So 9,999
draws cost one ``G x G`` by ``G x B`` product, and every draw equals a full refit with dummies
(tested against brute force).

Rademacher draws are enumerated exactly (all ``2^G`` sign vectors) when ``G <= 12``; with six
clusters that gives only 64 distinct draws (32 distinct |t|), which is why Webb's six-point
weights are offered too. Confidence intervals invert the test: the bounds are the nulls where the
bootstrap p-value crosses ``alpha``, found by bisection with the same draws.

Small-sample convention as :func:`evalkit.did.twfe`: CRV1 with ``G/(G-1) (N-1)/(N-K)``, ``K``
counting all unit and time effects; the factor cancels in the bootstrap p-value.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from itertools import product
from typing import Literal

import numpy as np
import pandas as pd

from evalkit.deprecation import renamed_keywords
from evalkit.errors import EstimationError
from evalkit.fe import demean
from evalkit.inference.checks import selected_columns
from evalkit.results import OneTermResult

Weights = Literal["rademacher", "webb"]
_WEBB = np.array([-np.sqrt(1.5), -1.0, -np.sqrt(0.5), np.sqrt(0.5), 1.0, np.sqrt(1.5)])


@dataclass(frozen=True)
class WildBootstrapResult(OneTermResult):
    """Restricted wild cluster bootstrap test of one coefficient, with test-inversion CI."""

    term: str
    estimate: float
    std_error: float
    statistic: float
    p_value: float
    conf_low: float
    conf_high: float
    null: float
    weights: str
    n_draws: int
    enumerated: bool
    n_clusters: int
    settings: dict = field(default_factory=dict)

    def summary(self) -> str:
        """Return a plain-text summary."""
        draws = f"all {self.n_draws} sign vectors" if self.enumerated else f"{self.n_draws} draws"
        return (
            f"{self.term}: {self.estimate:.4f} (CRV1 SE {self.std_error:.4f}, t = "
            f"{self.statistic:.3f}); wild cluster bootstrap ({self.weights}, {draws}, "
            f"{self.n_clusters} clusters, null imposed) p = {self.p_value:.4f}, "
            f"{1 - self.settings.get('alpha', 0.05):.0%} CI [{self.conf_low:.4f}, "
            f"{self.conf_high:.4f}]"
        )


def bootstrap_weights(
    n_clusters: int,
    n_draws: int,
    *,
    weights: Weights = "rademacher",
    enumerate_draws: bool | Literal["auto"] = "auto",
    random_state: int | np.random.Generator | None = None,
) -> tuple[np.ndarray, bool]:
    """Return a ``(clusters, draws)`` weight matrix and whether it is a full enumeration.

    Examples
    --------
    >>> matrix, exact = bootstrap_weights(3, 999)
    >>> matrix.shape, exact
    ((3, 8), True)

    """
    if weights not in ("rademacher", "webb"):
        raise EstimationError(f"weights={weights!r}; use 'rademacher' or 'webb'")
    enumerate_now = (
        weights == "rademacher" and n_clusters <= 12
        if enumerate_draws == "auto"
        else bool(enumerate_draws)
    )
    if enumerate_now:
        if weights != "rademacher":
            raise EstimationError(
                "only Rademacher weights can be enumerated; use weights='rademacher'"
            )
        return np.array(list(product((1.0, -1.0), repeat=n_clusters))).T, True
    rng = np.random.default_rng(random_state)
    if weights == "rademacher":
        return rng.choice((-1.0, 1.0), size=(n_clusters, n_draws)), False
    return rng.choice(_WEBB, size=(n_clusters, n_draws)), False


class _Design:
    """Demeaned design and everything the bootstrap reuses across nulls."""

    def __init__(self, y, x, column, cluster_codes, n_clusters, correction, fe_codes):
        self.y, self.x, self.column = y, x, column
        self.codes, self.n_clusters, self.correction = cluster_codes, n_clusters, correction
        self.xtx_inv = np.linalg.inv(x.T @ x)
        self.c_j = self.xtx_inv[column]
        others = np.delete(np.arange(x.shape[1]), column)
        self.x_other = x[:, others]
        # restricted residuals are u0 - r * z: z = x_j residualised on the other columns
        if others.size:
            project = np.linalg.lstsq(self.x_other, np.column_stack([y, x[:, column]]), rcond=None)[
                0
            ]
            residual = np.column_stack([y, x[:, column]]) - self.x_other @ project
        else:
            residual = np.column_stack([y, x[:, column]])
        self.u0, self.z = residual[:, 0], residual[:, 1]
        # per-cluster X_g' X_g, stacked (G, k, k)
        k = x.shape[1]
        outer = (x[:, :, None] * x[:, None, :]).reshape(len(y), k * k)
        self.cluster_xtx = np.zeros((n_clusters, k * k))
        np.add.at(self.cluster_xtx, cluster_codes, outer)
        self.cluster_xtx = self.cluster_xtx.reshape(n_clusters, k, k)
        # c_j' X_g'X_g (X'X)^{-1}: (G, k)
        self.left = np.einsum("k,gkl,lm->gm", self.c_j, self.cluster_xtx, self.xtx_inv)
        self.beta = self.xtx_inv @ (x.T @ y)
        residual_full = y - x @ self.beta
        scores = self._cluster_sums(x * residual_full[:, None]) @ self.c_j
        self.std_error = float(np.sqrt(correction * (scores @ scores)))
        # v_g u_g is not orthogonal to the fixed effects unless they nest in the clusters: the
        # refit re-absorbs P_FE(v o u) = sum_h v_h P_FE(u o 1_h); its score enters via Q_gh
        weight = x @ self.c_j
        indicator = np.zeros((len(y), n_clusters))
        indicator[np.arange(len(y)), cluster_codes] = 1.0
        self.q0, self.qz = (
            self._cluster_sums(weight[:, None] * self._fe_part(part[:, None] * indicator, fe_codes))
            for part in (self.u0, self.z)
        )

    @staticmethod
    def _fe_part(values: np.ndarray, fe_codes: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        return values - demean(values, *fe_codes)

    def _cluster_sums(self, values: np.ndarray) -> np.ndarray:
        sums = np.zeros((self.n_clusters, values.shape[1]))
        np.add.at(sums, self.codes, values)
        return sums

    def bootstrap_t(self, null: float, draws: np.ndarray) -> np.ndarray:
        """Return the bootstrap t-statistics under ``beta_j = null``."""
        restricted = self.u0 - null * self.z
        cluster_scores = self._cluster_sums(self.x * restricted[:, None])  # (G, k) = S_g'
        a = cluster_scores @ self.c_j
        m = self.left @ cluster_scores.T + self.q0 - null * self.qz  # (G, G)
        numerator = a @ draws
        scores = (np.diag(a) - m) @ draws
        return numerator / np.sqrt(self.correction * (scores**2).sum(axis=0))

    def p_value(self, null: float, draws: np.ndarray) -> float:
        statistic = (self.beta[self.column] - null) / self.std_error
        bootstrap = self.bootstrap_t(null, draws)
        return float(np.mean(np.abs(bootstrap) >= abs(statistic) - 1e-12 * abs(statistic)))


def _invert(design: _Design, draws: np.ndarray, alpha: float, direction: float) -> float:
    """Find the null on one side where the bootstrap p-value falls to ``alpha`` (bisection)."""
    estimate, scale = design.beta[design.column], design.std_error
    inside = estimate
    step = scale
    outside = estimate + direction * step
    while design.p_value(outside, draws) > alpha:
        inside, step = outside, 2 * step
        outside = estimate + direction * step
        if step > 1e6 * scale:
            return float(direction * np.inf)
    while abs(outside - inside) > 1e-7 * scale:
        middle = (inside + outside) / 2
        if design.p_value(middle, draws) > alpha:
            inside = middle
        else:
            outside = middle
    return float((inside + outside) / 2)


@renamed_keywords(clustervar="clustervars")
def wild_cluster_bootstrap(
    data: pd.DataFrame,
    yname: str,
    xnames: list[str],
    idname: str,
    tname: str,
    clustervars: str,
    *,
    term: str | None = None,
    null: float = 0.0,
    weights: Weights = "rademacher",
    n_draws: int = 9999,
    enumerate_draws: bool | Literal["auto"] = "auto",
    alpha: float = 0.05,
    conf_int: bool = True,
    random_state: int | np.random.Generator | None = None,
) -> WildBootstrapResult:
    """Test ``beta_term = null`` in ``y = a_i + l_t + X beta + e`` by the restricted wild bootstrap.

    Parameters
    ----------
    data : pandas.DataFrame
        Long panel with the outcome, design columns, unit, period and cluster columns.
    yname : str
        Outcome column.
    xnames : list of str
        Design columns (e.g. a treated-post dummy, or event-time dummies).
    idname, tname : str
        Unit and period columns whose fixed effects are absorbed.
    clustervars : str
        Cluster column.
    term : str, optional
        Column of ``xnames`` to test; the first by default.
    null : float
        Value of the coefficient under the null.
    weights : {"rademacher", "webb"}
        Bootstrap weight distribution.
    n_draws : int
        Number of random draws (ignored when all ``2^G`` Rademacher vectors are enumerated).
    enumerate_draws : bool or "auto"
        Enumerate all sign vectors; "auto" does so for Rademacher weights and ``G <= 12``.
    alpha : float
        One minus the confidence level of the test-inversion interval.
    conf_int : bool
        Compute the interval (about 60 more bootstrap evaluations).
    random_state : int or numpy.random.Generator, optional
        Seed of the random draws.

    Returns
    -------
    WildBootstrapResult

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> rows = [(u, t, u % 4, float(u >= 6 and t >= 3)) for u in range(12) for t in range(6)]
    >>> frame = pd.DataFrame(rows, columns=["unit", "year", "province", "treated_post"])
    >>> frame["y"] = 0.5 * frame["treated_post"] + rng.normal(size=len(frame))
    >>> result = wild_cluster_bootstrap(frame, "y", ["treated_post"], "unit", "year", "province")
    >>> result.n_draws, result.enumerated
    (16, True)

    """
    selected = selected_columns(data, yname, *xnames, idname, tname, clustervars)
    term = xnames[0] if term is None else term
    if term not in xnames:
        raise EstimationError(f"term={term!r} is not one of xnames {xnames}")
    frame = selected.dropna()
    if len(frame) < len(data):
        warnings.warn(
            f"{len(data) - len(frame)} rows with missing values left out of the wild bootstrap",
            stacklevel=2,
        )
    unit_codes, units = pd.factorize(frame[idname])
    time_codes, periods = pd.factorize(frame[tname])
    cluster_codes, clusters = pd.factorize(frame[clustervars])
    n_clusters = len(clusters)
    if n_clusters < 2:
        raise EstimationError(f"{clustervars!r} has {n_clusters} cluster; the bootstrap needs 2+")
    values = demean(frame[[yname, *xnames]].to_numpy(float), unit_codes, time_codes)
    y, x = values[:, 0], values[:, 1:]
    if np.linalg.matrix_rank(x) < x.shape[1]:
        raise EstimationError(
            f"design columns {xnames} are collinear with each other or with the unit and "
            f"{tname!r} effects; fix: drop a column (e.g. the reference event time)"
        )
    n, k = len(frame), x.shape[1] + len(units) + len(periods) - 1
    correction = n_clusters / (n_clusters - 1) * (n - 1) / (n - k)
    design = _Design(
        y, x, xnames.index(term), cluster_codes, n_clusters, correction, (unit_codes, time_codes)
    )
    draws, enumerated = bootstrap_weights(
        n_clusters,
        n_draws,
        weights=weights,
        enumerate_draws=enumerate_draws,
        random_state=random_state,
    )
    estimate = float(design.beta[design.column])
    low = high = float("nan")
    if conf_int:
        low = _invert(design, draws, alpha, -1.0)
        high = _invert(design, draws, alpha, 1.0)
    return WildBootstrapResult(
        term=term,
        estimate=estimate,
        std_error=design.std_error,
        statistic=(estimate - null) / design.std_error,
        p_value=design.p_value(null, draws),
        conf_low=low,
        conf_high=high,
        null=null,
        weights=weights,
        n_draws=draws.shape[1],
        enumerated=enumerated,
        n_clusters=n_clusters,
        settings={
            "yname": yname,
            "xnames": list(xnames),
            "clustervar": clustervars,
            "alpha": alpha,
            "vcov": "CRV1, K counts all fixed effects",
        },
    )


def treated_post(data: pd.DataFrame, tname: str, gname: str) -> pd.Series:
    """Return the static DiD regressor ``1{gname > 0 and tname >= gname}``.

    Examples
    --------
    >>> frame = pd.DataFrame({"year": [2014, 2015, 2015], "g": [2015, 2015, 0]})
    >>> treated_post(frame, "year", "g").tolist()
    [0.0, 1.0, 0.0]

    """
    first = data[gname].to_numpy()
    return pd.Series(
        ((first > 0) & (data[tname].to_numpy() >= first)).astype(float), index=data.index
    )


@renamed_keywords(clustervar="clustervars")
def twfe_wild_bootstrap(
    data: pd.DataFrame,
    yname: str,
    tname: str,
    idname: str,
    gname: str,
    clustervars: str,
    **options,
) -> WildBootstrapResult:
    """Wild cluster bootstrap of the static TWFE DiD coefficient (as :func:`evalkit.did.twfe`).

    Examples
    --------
    >>> rows = [(u, t, u % 3, 3 if u >= 6 else 0) for u in range(12) for t in range(6)]
    >>> frame = pd.DataFrame(rows, columns=["unit", "year", "province", "g"])
    >>> frame["y"] = np.sin(np.arange(len(frame)))
    >>> result = twfe_wild_bootstrap(frame, "y", "year", "unit", "g", "province", conf_int=False)
    >>> result.term, result.n_draws
    ('treated_post', 8)

    """
    frame = data.assign(treated_post=treated_post(data, tname, gname))
    return wild_cluster_bootstrap(
        frame, yname, ["treated_post"], idname, tname, clustervars, **options
    )
