"""The event study of one treated city against the never-treated units, with placebo inference.

A city report's pre-trend test must be the city's own. For treated city ``c`` adopting in
``g``, and the never-treated comparison units ``j = 1..n`` (observed in every year the city
is), the coefficient at event time ``e = t - g`` is

``d_c(e) = [y_ct - mean_j y_jt] - [y_c,g-1 - mean_j y_j,g-1]``

(the city's gap to the comparison mean, normalised to 0 at ``e = -1``). With one treated
unit, no standard error built from the city's own residuals is reliable; instead each
comparison unit ``j`` is treated as if it were the city, against the mean of the other
``n - 1`` comparison units, giving ``n`` placebo vectors ``d_j(e)`` (Conley & Taber 2011;
Abadie, Diamond & Hainmueller 2010). Under parallel trends and no effect, the city's vector
is exchangeable with the placebo vectors, so

- the interval at each event time inverts the placebo test: ``[d_c(e) - q_hi, d_c(e) -
  q_lo]`` with ``q`` the placebo quantiles at ``alpha/2`` and ``1 - alpha/2`` (or, with
  ``interval="normal"``, ``d_c(e) -/+ z s(e)`` with the placebo sd ``s(e)``);
- the joint pre-trend test ranks the city's **Wald-type statistic** ``W = d' M^-1 d`` of its
  pre-period coefficients (``e < -1``) among the same statistic of the ``n`` placebo units,
  ``M`` the second-moment matrix of the pre-period vectors of the city and the placebos
  together (the placebo vectors sum to zero, so ``M`` is their covariance up to the city's
  share; pooling the city makes every one of the ``n + 1`` units scored alike, so the rank is
  exact under exchangeability). ``M`` carries the correlation all pre-period coefficients
  share through the reference year. The p-value is ``(1 + #{W_j >= W_c}) / (n + 1)``: the
  smallest attainable is ``1 / (n + 1)`` (1/52 with 51 comparison cities), and the test
  rejects at 5% when ``p <= 0.05``.

``vcov`` is the covariance of the placebo vectors (pre-periods without ``e = -1``, then
post), the variance HonestDiD needs for the city's coefficients.

The assumption is exchangeability: the city's deviations from the comparison mean are drawn
like those of a comparison unit (same variance; a city far noisier or smoother than the
comparison units distorts the test).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from evalkit.errors import EstimationError
from evalkit.results import TIDY_COLUMNS, HtmlDisplay
from evalkit.validate import require_columns


@dataclass(frozen=True)
class CityPretrendTest:
    """Placebo-rank test that the city's pre-period event-time coefficients are all zero."""

    statistic: float
    p_value: float
    min_p_value: float
    n_placebo: int
    rank: int
    alpha: float = 0.05
    statistic_name: str = "pre-period Wald-type statistic"

    @property
    def rejects(self) -> bool:
        """Whether the test rejects parallel pre-trends at ``alpha``."""
        return self.p_value <= self.alpha

    def __str__(self) -> str:
        verdict = "rejects" if self.rejects else "does not reject"
        return (
            f"{self.statistic_name} = {self.statistic:.3f}, rank {self.rank} of "
            f"{self.n_placebo + 1}, placebo p = {self.p_value:.4f} (smallest attainable "
            f"{self.min_p_value:.4f}); {verdict} parallel pre-trends at {self.alpha:.0%}"
        )


@dataclass(frozen=True, eq=False)
class CityEventStudyResult(HtmlDisplay):
    """One city's event-time coefficients and the placebo vectors of the comparison units.

    Attributes
    ----------
    city : object
        The treated unit.
    event_time : numpy.ndarray
        Event times, ascending (``-1`` included, estimate 0).
    estimate : numpy.ndarray
        The city's coefficients.
    placebo : pandas.DataFrame
        One row per comparison unit, one column per event time.
    excluded : tuple
        Comparison units left out for missing years.
    settings : dict
        Outcome, columns, adoption year, alpha.
    """

    city: object
    event_time: np.ndarray
    estimate: np.ndarray
    placebo: pd.DataFrame = field(repr=False)
    excluded: tuple = ()
    settings: dict = field(default_factory=dict)

    @property
    def n_placebo(self) -> int:
        """Number of comparison units, each used once as a placebo city."""
        return len(self.placebo)

    @property
    def vcov(self) -> np.ndarray:
        """Placebo covariance of the coefficients, ``e = -1`` dropped (for HonestDiD)."""
        kept = self.event_time != -1
        return np.atleast_2d(np.cov(self.placebo.to_numpy()[:, kept], rowvar=False, ddof=1))

    def honest_inputs(self) -> tuple[np.ndarray, np.ndarray, int, int]:
        """Return ``betahat, sigma, num_pre_periods, num_post_periods`` for HonestDiD.

        ``betahat`` is the city's coefficients without ``e = -1`` (pre-periods first) and
        ``sigma`` the placebo covariance :attr:`vcov`, the arguments of
        :func:`evalkit.inference.honest.sensitivity_smoothness`.
        """
        kept = self.event_time != -1
        n_pre = int((self.event_time < -1).sum())
        return self.estimate[kept], self.vcov, n_pre, int(kept.sum()) - n_pre

    def tidy(
        self, *, interval: Literal["placebo", "normal"] = "placebo", alpha: float | None = None
    ) -> pd.DataFrame:
        """Return one row per event time in the shared schema.

        Parameters
        ----------
        interval : {"placebo", "normal"}
            Bounds from placebo quantiles (test inversion) or the normal with the placebo sd.
        alpha : float, optional
            One minus the confidence level; default the one the study was run with.

        Returns
        -------
        pandas.DataFrame
            ``term, event_time, estimate, std_error, statistic, p_value, conf_low,
            conf_high``; ``std_error`` is the placebo sd and ``p_value`` the placebo rank of
            ``|estimate|``; the reference period ``e = -1`` has estimate 0 and no inference.
        """
        alpha = self.settings.get("alpha", 0.05) if alpha is None else alpha
        draws = self.placebo.to_numpy()
        spread = draws.std(axis=0, ddof=1)
        if interval == "placebo":
            low_q, high_q = np.quantile(draws, [alpha / 2, 1 - alpha / 2], axis=0)
            low, high = self.estimate - high_q, self.estimate - low_q
        elif interval == "normal":
            half = stats.norm.ppf(1 - alpha / 2) * spread
            low, high = self.estimate - half, self.estimate + half
        else:
            raise EstimationError(f"interval={interval!r}; use 'placebo' or 'normal'")
        larger = (np.abs(draws) >= np.abs(self.estimate)[None, :] - 1e-12).sum(axis=0)
        reference = self.event_time == -1
        with np.errstate(divide="ignore", invalid="ignore"):
            frame = pd.DataFrame(
                {
                    "term": [f"e={e}" for e in self.event_time],
                    "event_time": self.event_time,
                    "estimate": self.estimate,
                    "std_error": np.where(reference, np.nan, spread),
                    "statistic": np.where(reference, np.nan, self.estimate / spread),
                    "p_value": np.where(reference, np.nan, (1 + larger) / (1 + len(draws))),
                    "conf_low": np.where(reference, np.nan, low),
                    "conf_high": np.where(reference, np.nan, high),
                }
            )
        return frame[["term", "event_time", *TIDY_COLUMNS[1:]]]

    def average_post(self) -> tuple[float, float]:
        """Return the city's average post-period coefficient and its placebo p-value."""
        post = self.event_time >= 0
        value = float(self.estimate[post].mean())
        draws = self.placebo.to_numpy()[:, post].mean(axis=1)
        larger = int((np.abs(draws) >= abs(value) - 1e-12).sum())
        return value, (1 + larger) / (1 + len(draws))

    def pretrend_test(self, *, alpha: float | None = None) -> CityPretrendTest | None:
        """Return the placebo-rank joint test of the pre-period coefficients (None if none).

        The statistic is ``W = d' M^-1 d`` over the coefficients at ``e < -1``, ``M`` the
        second-moment matrix of those coefficients over the city and its placebos (pseudo-
        inverse if singular); ``p = (1 + #{placebo W >= city W}) / (n + 1)``.
        """
        alpha = self.settings.get("alpha", 0.05) if alpha is None else alpha
        pre = self.event_time < -1
        if not pre.any():
            return None
        vectors = np.vstack([self.estimate[pre], self.placebo.to_numpy()[:, pre]])
        moment = vectors.T @ vectors / len(vectors)
        scores = np.einsum("ij,jk,ik->i", vectors, np.linalg.pinv(moment), vectors)
        city, placebos = scores[0], scores[1:]
        larger = int((placebos >= city - 1e-9 * max(1.0, city)).sum())
        n = len(placebos)
        return CityPretrendTest(
            statistic=float(city),
            p_value=(1 + larger) / (1 + n),
            min_p_value=1 / (1 + n),
            n_placebo=n,
            rank=1 + int((placebos > city).sum()),
            alpha=alpha,
        )

    def summary(self) -> str:
        """Return the coefficient table and the pre-trend test as text."""
        table = (
            self.tidy()
            .drop(columns="term")
            .to_string(index=False, float_format=lambda v: f"{v:.4f}")
        )
        test = self.pretrend_test()
        return (
            f"event study of {self.city} ({self.settings.get('yname')}) against "
            f"{self.n_placebo} never-treated units, placebo inference\n{table}\n"
            f"pre-trend test: {test if test is not None else 'no pre-periods'}"
        )

    def _display_text(self) -> str:
        test = self.pretrend_test()
        return f"pre-trend test: {test if test is not None else 'no pre-periods'}"


def _wide(data: pd.DataFrame, yname: str, tname: str, idname: str) -> pd.DataFrame:
    if data.duplicated([idname, tname]).any():
        raise EstimationError(
            f"duplicate ({idname!r}, {tname!r}) rows; rule: one row per unit and period; fix: "
            "aggregate or drop the duplicates"
        )
    return data.pivot(index=idname, columns=tname, values=yname).sort_index(axis=1)


def city_event_study(
    data: pd.DataFrame,
    yname: str,
    tname: str,
    idname: str,
    gname: str,
    *,
    city: object,
    alpha: float = 0.05,
) -> CityEventStudyResult:
    """Return the event study of one treated city against the never-treated units.

    Parameters
    ----------
    data : pandas.DataFrame
        Long panel.
    yname, tname, idname, gname : str
        Outcome, period, unit and first-treated-period (0 = never treated) columns.
    city : object
        The treated unit (a value of ``idname``) whose event study this is.
    alpha : float
        One minus the confidence level; the pre-trend test's level.

    Returns
    -------
    CityEventStudyResult

    Warns
    -----
    UserWarning
        Years the city is missing (their event times are left out) and comparison units
        without every year the city has (left out of the comparison and the placebos).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> rows = [(u, t, 5 if u == 0 else 0) for u in range(40) for t in range(8)]
    >>> frame = pd.DataFrame(rows, columns=["unit", "year", "g"])
    >>> frame["y"] = rng.normal(size=len(frame)) + 3.0 * ((frame.unit == 0) & (frame.year >= 5))
    >>> study = city_event_study(frame, "y", "year", "unit", "g", city=0)
    >>> study.pretrend_test().min_p_value, study.pretrend_test().rejects
    (0.025, False)
    >>> effect, p_value = study.average_post()
    >>> round(effect, 2), p_value
    (4.29, 0.025)

    """
    require_columns(data, {"yname": yname, "tname": tname, "idname": idname, "gname": gname})
    timing = data.groupby(idname, sort=True)[gname].agg(["min", "max"])
    if city not in timing.index:
        raise EstimationError(f"city {city!r} is not in column {idname!r}; fix: pass a unit code")
    varying = timing.index[timing["min"] != timing["max"]][:5].tolist()
    if varying:
        raise EstimationError(
            f"{gname!r} varies within unit(s) {varying}; rule: one first treated period per "
            "unit; fix: set it from the unit's adoption year"
        )
    adoption = timing.loc[city, "min"]
    if not adoption > 0:
        raise EstimationError(
            f"city {city!r} is never treated ({gname!r} = {adoption}); rule: the event study "
            "is of a treated city; fix: pass a city with an adoption year"
        )
    comparison = timing.index[timing["min"] == 0]
    wide = _wide(data[data[idname].isin([city, *comparison])], yname, tname, idname)
    periods = wide.columns.to_numpy()
    own = wide.loc[city]
    if not ((periods == adoption - 1) & own.notna().to_numpy()).any():
        raise EstimationError(
            f"city {city!r} has no {yname!r} in {adoption - 1}, the reference year (e = -1); "
            "rule: the event study is normalised there; fix: fill that year or drop the city"
        )
    gaps = periods[own.isna().to_numpy()]
    if gaps.size:
        warnings.warn(
            f"{city}: {yname} missing in {gaps.tolist()}; event time(s) "
            f"{(gaps - adoption).tolist()} left out",
            stacklevel=2,
        )
    kept = periods[own.notna().to_numpy()]
    placebo_wide = wide.loc[comparison, kept]
    complete = placebo_wide.notna().all(axis=1)
    excluded = tuple(placebo_wide.index[~complete].tolist())
    if excluded:
        warnings.warn(
            f"{len(excluded)} comparison unit(s) without {yname} in every year the city has "
            f"left out of the comparison and the placebos: {list(excluded)}",
            stacklevel=2,
        )
    matrix = placebo_wide[complete].to_numpy(float)
    n = len(matrix)
    if n < 3:
        raise EstimationError(
            f"{n} complete comparison unit(s) for {yname!r}; rule: placebo inference needs at "
            "least three never-treated units; fix: widen the comparison group"
        )
    reference = int(np.flatnonzero(kept == adoption - 1)[0])
    total = matrix.sum(axis=0)
    city_gap = own[kept].to_numpy(float) - total / n
    placebo_gap = matrix - (total[None, :] - matrix) / (n - 1)
    event_time = (kept - adoption).astype(int)
    return CityEventStudyResult(
        city=city,
        event_time=event_time,
        estimate=city_gap - city_gap[reference],
        placebo=pd.DataFrame(
            placebo_gap - placebo_gap[:, [reference]],
            index=placebo_wide.index[complete],
            columns=pd.Index(event_time, name="event_time"),
        ),
        excluded=excluded,
        settings={
            "yname": yname,
            "tname": tname,
            "idname": idname,
            "gname": gname,
            "adoption": int(adoption),
            "alpha": alpha,
        },
    )


__all__ = ["CityEventStudyResult", "CityPretrendTest", "city_event_study"]
