"""Inference from influence functions: analytic SEs, the multiplier bootstrap, sup-t bands.

Conventions (R ``did`` 2.5): with ``n`` units and influence functions ``psi`` (one column per
parameter) the analytic standard error is ``sqrt(mean(psi**2) / n)``. Clustering above the
unit sums ``psi`` within clusters first, ``se = sqrt(sum_c S_c**2) / n``; this is the
variance the cluster multiplier bootstrap of R ``did`` estimates (R itself only clusters in
the bootstrap and warns that its analytic SEs ignore ``clustervars``). The bootstrap draws
Mammen's two-point weights per cluster, takes the interquartile-range standard error and the
``1 - alp`` quantile of the maximal absolute t-statistic as the uniform-band critical value.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

SQRT5 = np.sqrt(5.0)
MAMMEN_LOW, MAMMEN_HIGH = (1 - SQRT5) / 2, (1 + SQRT5) / 2
MAMMEN_P_LOW = (1 + SQRT5) / (2 * SQRT5)
TINY_SE = np.sqrt(np.finfo(float).eps) * 10
DRAW_BLOCK = 2_000_000


def cluster_sums(influence: np.ndarray, clusters: np.ndarray | None) -> np.ndarray:
    """Sum influence functions within clusters (identity when ``clusters`` is None).

    Examples
    --------
    >>> cluster_sums(np.array([[1.0], [2.0], [3.0]]), np.array([0, 0, 1])).ravel().tolist()
    [3.0, 3.0]
    """
    if clusters is None:
        return influence
    out = np.zeros((int(clusters.max()) + 1, influence.shape[1]))
    np.add.at(out, clusters, influence)
    return out


def analytic_se(influence: np.ndarray, clusters: np.ndarray | None = None) -> np.ndarray:
    """Return ``sqrt(sum_c S_c**2) / n`` per column (``sqrt(mean(psi**2)/n)`` without clusters).

    Standard errors below ``sqrt(eps) * 10`` (reference cells fixed at zero) are NaN, as in R.

    Examples
    --------
    >>> analytic_se(np.array([[1.0], [-1.0], [1.0], [-1.0]])).round(3).tolist()
    [0.5]
    """
    influence = np.asarray(influence, dtype=float)
    if influence.ndim == 1:
        influence = influence[:, None]
    n = influence.shape[0]
    sums = cluster_sums(influence, clusters)
    se = np.sqrt(np.einsum("ij,ij->j", sums, sums)) / n
    return np.where(se <= TINY_SE, np.nan, se)


def covariance(influence: np.ndarray, clusters: np.ndarray | None = None) -> np.ndarray:
    """Return the estimated covariance matrix ``S'S / n**2`` of the parameters."""
    n = influence.shape[0]
    sums = cluster_sums(influence, clusters)
    return sums.T @ sums / n**2


@dataclass(frozen=True, eq=False)
class BootstrapResult:
    """Multiplier-bootstrap standard errors and the uniform-band critical value."""

    std_error: np.ndarray
    crit_val: float
    biters: int


def multiplier_bootstrap(
    influence: np.ndarray,
    clusters: np.ndarray | None = None,
    *,
    biters: int = 1000,
    alp: float = 0.05,
    random_state: int | np.random.Generator | None = None,
    band: np.ndarray | None = None,
) -> BootstrapResult:
    """Run the (cluster) multiplier bootstrap of R ``did``'s ``mboot``.

    Parameters
    ----------
    influence : numpy.ndarray
        ``(n, m)`` influence functions.
    clusters : numpy.ndarray, optional
        ``(n,)`` integer cluster codes; weights are drawn per cluster.
    biters : int
        Number of bootstrap draws.
    alp : float
        One minus the coverage of the uniform band.
    random_state : int or numpy.random.Generator, optional
        Seed for reproducible draws.
    band : numpy.ndarray, optional
        Boolean mask of the columns the uniform band covers (default: all).

    Returns
    -------
    BootstrapResult
        Standard errors (NaN for degenerate columns) and the sup-t critical value.

    Examples
    --------
    >>> psi = np.random.default_rng(0).normal(size=(400, 1))
    >>> out = multiplier_bootstrap(psi, biters=2000, random_state=1)
    >>> bool(abs(out.std_error[0] / (np.sqrt((psi**2).mean() / 400)) - 1) < 0.1)
    True
    """
    influence = np.asarray(influence, dtype=float)
    if influence.ndim == 1:
        influence = influence[:, None]
    n = influence.shape[0]
    sums = cluster_sums(influence, clusters)
    rng = np.random.default_rng(random_state)
    block = max(1, DRAW_BLOCK // max(1, sums.shape[0]))
    draws = np.empty((biters, sums.shape[1]))
    for start in range(0, biters, block):
        size = min(block, biters - start)
        low = rng.random((size, sums.shape[0])) < MAMMEN_P_LOW
        multipliers = np.where(low, MAMMEN_LOW, MAMMEN_HIGH)
        draws[start : start + size] = multipliers @ np.nan_to_num(sums) / n
    usable = np.isfinite(sums).all(axis=0) & (np.abs(np.nan_to_num(sums)).sum(axis=0) > 0)
    q75, q25 = np.quantile(draws[:, usable], [0.75, 0.25], axis=0, method="inverted_cdf")
    scale = (q75 - q25) / (stats.norm.ppf(0.75) - stats.norm.ppf(0.25))
    se = np.full(sums.shape[1], np.nan)
    se[usable] = scale
    crit = np.nan
    covered = usable & (np.ones(sums.shape[1], bool) if band is None else np.asarray(band))
    if covered.any():
        with np.errstate(divide="ignore", invalid="ignore"):
            sup_t = np.nanmax(np.abs(draws[:, covered] / se[covered]), axis=1)
        sup_t = sup_t[np.isfinite(sup_t)]
        if sup_t.size:
            crit = float(np.quantile(sup_t, 1 - alp, method="inverted_cdf"))
    return BootstrapResult(std_error=se, crit_val=crit, biters=biters)
