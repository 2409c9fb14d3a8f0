"""Placebo-in-space refits, their p-values and the placebo standard error.

Each donor in turn plays the treated unit, with the remaining donors as its pool (the
actually treated unit never enters). The same refits give

* the ADH permutation p-value: the rank of the treated unit's post/pre RMSPE ratio among
  all units (Abadie, Diamond & Hainmueller 2010);
* the rank of the treated unit's absolute estimate among all units;
* the placebo standard error of Arkhangelsky et al. (2021), Algorithm 4. With one treated
  unit a random permutation of the donors only matters through which donor comes last, so
  R's ``placebo_se`` draws ``replications`` placebo estimates uniformly with replacement
  from these refits; :func:`placebo_standard_error` does exactly that with a seeded
  generator (and, with ``replications=None``, returns its limit, the population standard
  deviation of the refits).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from evalkit.deprecation import renamed_function, renamed_keywords
from evalkit.synth.fitting import BatchFit, FitSpec, fit_batch


@dataclass(frozen=True, eq=False)
class PlaceboFits:
    """Placebo-in-space refits, one per donor.

    Attributes
    ----------
    units : tuple
        The donor playing the treated unit in each refit.
    fit : BatchFit
        Weights, estimates and gap paths of the refits (rows in ``units`` order).
    pre_rmspe, post_rmspe : numpy.ndarray
        Root mean squared gap before and from the start.
    """

    units: tuple
    fit: BatchFit
    pre_rmspe: np.ndarray
    post_rmspe: np.ndarray

    @property
    def ratio(self) -> np.ndarray:
        """Post/pre RMSPE ratio per placebo."""
        return self.post_rmspe / self.pre_rmspe


def rmspe(gap: np.ndarray, n_pre: int) -> tuple[np.ndarray, np.ndarray]:
    """Return pre- and post-period root mean squared prediction errors of gap paths."""
    gap = np.atleast_2d(gap)
    pre = np.sqrt((gap[:, :n_pre] ** 2).mean(axis=1))
    post = np.sqrt((gap[:, n_pre:] ** 2).mean(axis=1))
    return pre, post


def _normalised_without(omega: np.ndarray, left_out: int) -> np.ndarray:
    rest = omega.copy()
    rest[left_out] = 0.0
    total = rest.sum()
    if total == 0:
        rest[np.arange(rest.size) != left_out] = 1.0
        total = rest.sum()
    return rest / total


def placebo_refits(
    controls: np.ndarray,
    n_pre: int,
    spec: FitSpec,
    *,
    donors: tuple,
    omega: np.ndarray,
    lam: np.ndarray,
    batch_size: int | None = None,
    fixed_omega: np.ndarray | None = None,
) -> PlaceboFits:
    """Refit with each donor as the treated unit and the other donors as its pool.

    Parameters
    ----------
    controls : numpy.ndarray
        ``(N0, T)`` donor outcomes.
    n_pre : int
        Number of pre-periods.
    spec : FitSpec
        Settings of the actual fit (penalties and stopping rule are not re-derived, as in R).
    donors : tuple
        Donor labels, in row order.
    omega, lam : numpy.ndarray
        The actual fit's weights, used (renormalised without the placebo unit) to start the
        refits, as R's ``placebo_se`` does.
    batch_size : int, optional
        Refits solved together; default all at once. ``1`` is the naive loop.
    fixed_omega : numpy.ndarray, optional
        ``(N0, N0)`` unit weights of each placebo, used as given (row ``j``: donor ``j``).

    Returns
    -------
    PlaceboFits

    Examples
    --------
    >>> rng = np.random.default_rng(2)
    >>> controls = rng.normal(size=(5, 6)).cumsum(axis=1)
    >>> spec = FitSpec.default("did", controls, 4, 2)
    >>> fits = placebo_refits(controls, 4, spec, donors=tuple("abcde"),
    ...                         omega=np.full(5, 0.2), lam=np.full(4, 0.25))
    >>> fits.fit.estimate.shape
    (5,)
    """
    n_donors = controls.shape[0]
    batch_size = n_donors if batch_size is None else batch_size
    omega_init = np.stack([_normalised_without(omega, j) for j in range(n_donors)])
    parts = []
    for first in range(0, n_donors, batch_size):
        index = np.arange(first, min(first + batch_size, n_donors))
        parts.append(
            fit_batch(
                controls,
                controls[index],
                n_pre,
                spec,
                left_out=index,
                omega_init=omega_init[index],
                lambda_init=np.broadcast_to(lam, (index.size, lam.size)),
                fixed_omega=None if fixed_omega is None else fixed_omega[index],
            )
        )
    fit = BatchFit(
        *(np.concatenate([getattr(p, f) for p in parts]) for f in BatchFit.__annotations__)
    )
    pre, post = rmspe(fit.gap, n_pre)
    return PlaceboFits(units=tuple(donors), fit=fit, pre_rmspe=pre, post_rmspe=post)


def rank_p_value(treated_value: float, placebo_values: np.ndarray) -> float:
    """Share of all units (treated included) whose statistic is at least the treated one's.

    Examples
    --------
    >>> rank_p_value(3.0, np.array([1.0, 2.0, 4.0]))
    0.5
    """
    placebo_values = np.asarray(placebo_values, dtype=float)
    return float((1 + np.sum(placebo_values >= treated_value)) / (1 + placebo_values.size))


@renamed_keywords(seed="random_state")
def placebo_standard_error(
    placebo_estimates: np.ndarray,
    *,
    replications: int | None = 200,
    random_state: int | None = 0,
) -> float:
    """Placebo standard error (Arkhangelsky et al. 2021, Algorithm 4) for one treated unit.

    Parameters
    ----------
    placebo_estimates : numpy.ndarray
        Placebo-in-space estimates, one per donor.
    replications : int or None
        Number of placebo draws, as in R's ``vcov(method = "placebo", replications = 200)``;
        ``None`` returns the deterministic limit (population standard deviation).
    random_state : int, optional
        Seed of :func:`numpy.random.default_rng` for the draws.

    Returns
    -------
    float
        ``sqrt((B - 1) / B) * sd(draws)`` with ``sd`` the sample standard deviation.

    Examples
    --------
    >>> placebo_standard_error(np.array([-1.0, 1.0]), replications=None)
    1.0
    """
    placebo_estimates = np.asarray(placebo_estimates, dtype=float)
    if replications is None:
        return float(np.std(placebo_estimates))
    draws = np.random.default_rng(random_state).integers(placebo_estimates.size, size=replications)
    sample = placebo_estimates[draws]
    return float(np.sqrt((replications - 1) / replications) * np.std(sample, ddof=1))


def placebo_table(fits: PlaceboFits, estimate: float, pre: float, post: float) -> pd.DataFrame:
    """One row per unit (treated first): estimate, RMSPEs, ratio and ranks."""
    table = pd.DataFrame(
        {
            "unit": [None, *fits.units],
            "placebo": [False] + [True] * len(fits.units),
            "estimate": np.r_[estimate, fits.fit.estimate],
            "pre_rmspe": np.r_[pre, fits.pre_rmspe],
            "post_rmspe": np.r_[post, fits.post_rmspe],
        }
    )
    table["rmspe_ratio"] = table["post_rmspe"] / table["pre_rmspe"]
    table["ratio_rank"] = table["rmspe_ratio"].rank(ascending=False, method="max").astype(int)
    return table


placebo_in_space = renamed_function(placebo_refits, "placebo_in_space")
