"""Simulated staggered-adoption panels with a known, heterogeneous and dynamic effect.

The outcome of unit ``i`` in period ``t`` is

``y_it = a_i + l_t + trend * x_i * (t - t0) + 1{t >= g_i} tau(g_i, t - g_i) + e_it``

with unit effects ``a_i`` correlated with the cohort, common period effects ``l_t``, a
time-invariant covariate ``x_i`` whose mean differs by cohort (so with ``covariate_trend != 0``
parallel trends hold only conditional on ``x``), and an effect that differs by cohort and grows
with exposure: ``tau(g, e) = effect + cohort_gap * rank(g) + effect_growth * e`` for ``e >= 0``
(``rank`` 0 for the earliest cohort). There is no anticipation. Two-way fixed effects is biased
here whenever ``effect_growth`` or ``cohort_gap`` is non-zero; Callaway-Sant'Anna is not.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from evalkit.errors import ParameterError


@dataclass(frozen=True, eq=False)
class SimulatedPanel:
    """A simulated panel and its true group-time effects.

    Attributes
    ----------
    data : pandas.DataFrame
        Columns ``unit, year, y, first_treated`` (0 = never), ``x`` and ``province``.
    truth : pandas.DataFrame
        True ATT(g, t) for every cohort and period: ``group, time, event_time, att``.
    cohort_share : pandas.Series
        Realized share of units in each treated cohort (the weights R ``did`` aggregates with).
    """

    data: pd.DataFrame
    truth: pd.DataFrame
    cohort_share: pd.Series

    def true_aggregate(self, type: str = "simple") -> pd.Series | float:
        """Return the true aggregate with the sample's cohort-size weights.

        Parameters
        ----------
        type : {"simple", "dynamic", "group"}
            As in :func:`evalkit.did.aggte`.

        Returns
        -------
        float or pandas.Series
            The simple ATT, or the true effect by event time / cohort.

        Examples
        --------
        >>> sim = simulate_staggered_panel(n_units=200, n_periods=4, effect_growth=0.0,
        ...                                cohort_gap=0.0, random_state=0)
        >>> round(sim.true_aggregate("simple"), 6)
        1.0
        """
        truth = self.truth.assign(share=self.truth["group"].map(self.cohort_share))
        post = truth[truth["event_time"] >= 0]
        if type == "simple":
            return float((post["att"] * post["share"]).sum() / post["share"].sum())
        if type == "group":
            return post.groupby("group")["att"].mean()
        if type == "dynamic":
            weighted = truth.assign(product=truth["att"] * truth["share"])
            sums = weighted.groupby("event_time")[["product", "share"]].sum()
            return sums["product"] / sums["share"]
        raise ValueError(f"type={type!r}; use 'simple', 'dynamic' or 'group'")


def simulate_staggered_panel(
    n_units: int = 1000,
    n_periods: int = 10,
    *,
    cohorts: list[int] | None = None,
    never_treated_share: float = 0.3,
    effect: float = 1.0,
    effect_growth: float = 0.0,
    cohort_gap: float = 0.0,
    noise_sd: float = 1.0,
    covariate_trend: float = 0.0,
    n_provinces: int = 10,
    first_year: int = 2001,
    random_state: int | np.random.Generator | None = None,
) -> SimulatedPanel:
    """Simulate a balanced staggered-adoption panel with a known effect.

    Parameters
    ----------
    n_units, n_periods : int
        Panel size; periods are the years ``first_year, first_year + 1, ...``.
    cohorts : list of int, optional
        First treated years; default up to four years spread over the second to last period.
    never_treated_share : float
        Share of never-treated units; the rest is split evenly over the cohorts.
    effect, effect_growth, cohort_gap : float
        ``tau(g, e) = effect + cohort_gap * rank(g) + effect_growth * e``.
    noise_sd : float
        Standard deviation of the idiosyncratic error.
    covariate_trend : float
        Slope of the ``x``-specific trend (non-zero: parallel trends only given ``x``).
    n_provinces : int
        Number of clusters in the ``province`` column (units assigned at random).
    first_year : int
        First period.
    random_state : int or numpy.random.Generator, optional
        Seed.

    Returns
    -------
    SimulatedPanel

    Examples
    --------
    >>> sim = simulate_staggered_panel(n_units=50, n_periods=5, random_state=1)
    >>> sim.data.shape
    (250, 6)
    """
    rng = np.random.default_rng(random_state)
    years = first_year + np.arange(n_periods)
    if cohorts is None:
        spots = np.linspace(1, n_periods - 1, min(4, n_periods - 1)).round().astype(int)
        cohorts = sorted(set(years[spots].tolist()))
    cohorts_arr = np.asarray(sorted(cohorts), dtype=np.int64)
    shares = np.r_[
        never_treated_share, np.full(cohorts_arr.size, (1 - never_treated_share) / cohorts_arr.size)
    ]
    labels = np.r_[0, cohorts_arr]
    first_treated = labels[rng.choice(labels.size, size=n_units, p=shares)]
    rank = np.searchsorted(cohorts_arr, first_treated).astype(float)
    cohort_mean = np.where(first_treated > 0, rank + 1, 0.0) / max(1, cohorts_arr.size)
    x = rng.normal(cohort_mean, 1.0)
    unit_effect = rng.normal(0.5 * cohort_mean, 1.0)
    period_effect = np.cumsum(rng.normal(0.1, 0.2, n_periods))
    exposure = years[None, :] - first_treated[:, None]
    treated = (first_treated[:, None] > 0) & (exposure >= 0)
    tau = np.where(treated, effect + cohort_gap * rank[:, None] + effect_growth * exposure, 0.0)
    y = (
        unit_effect[:, None]
        + period_effect[None, :]
        + covariate_trend * x[:, None] * np.arange(n_periods)[None, :]
        + tau
        + rng.normal(0.0, noise_sd, (n_units, n_periods))
    )
    province = rng.integers(0, n_provinces, n_units)
    data = pd.DataFrame(
        {
            "unit": np.repeat(np.arange(1, n_units + 1), n_periods),
            "year": np.tile(years, n_units),
            "y": y.ravel(),
            "first_treated": np.repeat(first_treated, n_periods),
            "x": np.repeat(x, n_periods),
            "province": np.repeat(province, n_periods),
        }
    )
    grid_g, grid_t = np.meshgrid(cohorts_arr, years, indexing="ij")
    event_time = (grid_t - grid_g).ravel()
    grid_rank = np.searchsorted(cohorts_arr, grid_g).ravel().astype(float)
    truth = pd.DataFrame(
        {
            "group": grid_g.ravel(),
            "time": grid_t.ravel(),
            "event_time": event_time,
            "att": np.where(
                event_time >= 0, effect + cohort_gap * grid_rank + effect_growth * event_time, 0.0
            ),
        }
    )
    counts = pd.Series(first_treated).value_counts()
    cohort_share = (counts.reindex(cohorts_arr, fill_value=0) / n_units).rename("share")
    return SimulatedPanel(data=data, truth=truth, cohort_share=cohort_share)


def _ar1(innovations: np.ndarray, rho: float) -> np.ndarray:
    """Return stationary AR(1) series along the last axis, with the innovations' variance.

    ``e_0 = u_0`` and ``e_t = rho e_{t-1} + sqrt(1 - rho^2) u_t``, so every ``e_t`` has the
    variance of ``u`` and ``corr(e_t, e_s) = rho^|t-s|``; ``rho = 0`` returns ``u`` unchanged.
    """
    if rho == 0.0:
        return innovations
    out = innovations.copy()
    scale = np.sqrt(1.0 - rho**2)
    for t in range(1, out.shape[-1]):
        out[..., t] = rho * out[..., t - 1] + scale * innovations[..., t]
    return out


def _draws(rng: np.random.Generator, scale: float, size, tails_df: float | None) -> np.ndarray:
    """Return normal draws, or Student-t with ``tails_df`` df rescaled to sd ``scale``."""
    if tails_df is None:
        return rng.normal(scale=scale, size=size)
    if tails_df <= 2:
        raise ParameterError(f"tails_df={tails_df} has no finite variance; use a value above 2")
    return scale * rng.standard_t(tails_df, size=size) / np.sqrt(tails_df / (tails_df - 2))


def simulate_province_rollout(
    sizes: tuple[int, ...] = (11, 13, 17, 9, 11, 1),
    *,
    treated_provinces: tuple[int, ...] = (0,),
    years: tuple[int, int] = (2008, 2018),
    start: int = 2015,
    effect: float = 1.0,
    shock_sd: float = 0.5,
    noise_sd: float = 1.0,
    trend: float = 0.1,
    shock_scale: tuple[float, ...] | None = None,
    tails_df: float | None = None,
    noise_ar1: float = 0.0,
    effect_sd: float = 0.0,
    random_state: int | np.random.Generator | None = None,
) -> pd.DataFrame:
    """Simulate a province roll-out shaped like Zhejiang's: whole provinces adopt together.

    ``y_it = a_i + trend (t - t0) + s_{p(i) t} + tau_i 1{p(i) treated, t >= start} + e_it``
    with unit effects ``a_i ~ N(0, 1)``, province-by-year shocks ``s ~ N(0, shock_sd^2)``
    that all cities of a province share (so clustering by province is needed) and
    ``e ~ N(0, noise_sd^2)``. The defaults give 62 cities in six provinces, the 11 of
    province 0 treated from 2015 (and a one-city province, like Shanghai, among the
    comparison provinces): the design of ``benchmarks/coverage.py``.

    The stress options break one assumption of the between-province t-test each; with their
    defaults the draws are those of the plain design, number for number:

    - ``shock_scale``: province ``p``'s shocks have sd ``shock_scale[p] * shock_sd``;
    - ``tails_df``: shocks and city noise are Student-t with this many df, rescaled to the
      same standard deviations (heavy tails; 3 gives t(3));
    - ``noise_ar1``: city noise is a stationary AR(1) over years with this coefficient;
    - ``effect_sd``: treated city ``i`` has effect ``tau_i = effect + d_i``, the ``d_i``
      normal with sd ``effect_sd`` and centred over the treated cities, so their average
      effect (the sample ATT every method estimates) is exactly ``effect``.

    Parameters
    ----------
    sizes : tuple of int
        Number of cities in each province (provinces are numbered 0, 1, ...).
    treated_provinces : tuple of int
        Provinces whose cities adopt in ``start``; the others never do.
    years : (int, int)
        First and last year, inclusive.
    start : int
        Adoption year.
    effect, shock_sd, noise_sd, trend : float
        Effect, standard deviations of province shocks and city noise, common trend.
    shock_scale : tuple of float, optional
        One multiplier of ``shock_sd`` per province; default all 1.
    tails_df : float, optional
        Degrees of freedom (above 2) of Student-t shocks and noise; default normal.
    noise_ar1 : float
        AR(1) coefficient of city noise over years, in (-1, 1); default 0 (independent).
    effect_sd : float
        Spread of the city effects around ``effect``; default 0 (a common effect).
    random_state : int or numpy.random.Generator, optional
        Seed.

    Returns
    -------
    pandas.DataFrame
        ``unit, year, y, first_treated`` (0 = never) and ``province``.

    Examples
    --------
    >>> frame = simulate_province_rollout(random_state=0)
    >>> frame.shape, int(frame.loc[frame.first_treated > 0, "unit"].nunique())
    ((682, 5), 11)
    >>> stressed = simulate_province_rollout(shock_scale=(3, 1, 1, 1, 1, 1), random_state=0)
    >>> bool((stressed.y != frame.y).any())
    True
    """
    if shock_scale is not None and len(shock_scale) != len(sizes):
        raise ParameterError(
            f"shock_scale has {len(shock_scale)} entries for {len(sizes)} provinces; give one "
            "multiplier per province"
        )
    if not -1.0 < noise_ar1 < 1.0:
        raise ParameterError(f"noise_ar1={noise_ar1} is not stationary; use a value in (-1, 1)")
    rng = np.random.default_rng(random_state)
    province = np.repeat(np.arange(len(sizes)), sizes)
    calendar = np.arange(years[0], years[1] + 1)
    first = np.where(np.isin(province, treated_provinces), start, 0)
    unit_effect = rng.normal(size=province.size)
    shocks = _draws(rng, shock_sd, (len(sizes), calendar.size), tails_df)
    if shock_scale is not None:
        shocks = shocks * np.asarray(shock_scale, dtype=float)[:, None]
    treated = (first[:, None] > 0) & (calendar[None, :] >= first[:, None])
    noise = _ar1(_draws(rng, noise_sd, (province.size, calendar.size), tails_df), noise_ar1)
    city_effect = np.full(province.size, float(effect))
    if effect_sd > 0:
        deviation = rng.normal(scale=effect_sd, size=province.size)
        is_treated = first > 0
        deviation[is_treated] -= deviation[is_treated].mean()
        city_effect = city_effect + deviation
    y = (
        unit_effect[:, None]
        + trend * (calendar - years[0])[None, :]
        + shocks[province]
        + city_effect[:, None] * treated
        + noise
    )
    return pd.DataFrame(
        {
            "unit": np.repeat(np.arange(province.size), calendar.size),
            "year": np.tile(calendar, province.size),
            "y": y.ravel(),
            "first_treated": np.repeat(first, calendar.size),
            "province": np.repeat(province, calendar.size),
        }
    )
