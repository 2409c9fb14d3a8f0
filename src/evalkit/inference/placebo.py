"""Placebo-in-space inference for a DiD with a single treated unit.

With one treated unit, cluster-robust standard errors have one treated cluster and are not
reliable. Instead, the same DiD is re-estimated with each comparison unit in turn as a fake
treated unit (the real one left out); the p-value is the share of placebo effects at least as
large in absolute value as the real one, counting the real one (Conley & Taber 2011; Abadie,
Diamond & Hainmueller 2010).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from evalkit.did.twfe import TWFEResult, twfe
from evalkit.errors import EstimationError
from evalkit.results import TIDY_COLUMNS, HtmlDisplay


@dataclass(frozen=True)
class PlaceboResult(HtmlDisplay):
    """A single-unit DiD and its placebo distribution over comparison units."""

    treated_unit: str
    fit: TWFEResult
    placebo_effects: pd.Series
    excluded: tuple[str, ...] = ()
    settings: dict = field(default_factory=dict)

    @property
    def estimate(self) -> float:
        """The DiD estimate for the treated unit."""
        return self.fit.estimate

    @property
    def p_value(self) -> float:
        """Two-sided placebo p-value: rank of |estimate| among all |effects|, real included."""
        larger = int((self.placebo_effects.abs() >= abs(self.estimate) - 1e-12).sum())
        return (1 + larger) / (1 + len(self.placebo_effects))

    @property
    def rank(self) -> int:
        """Rank of the real effect's magnitude among real and placebo effects (1 = largest)."""
        return 1 + int((self.placebo_effects.abs() > abs(self.estimate)).sum())

    def tidy(self) -> pd.DataFrame:
        """Return the estimate in the shared schema (no standard error: p-value by placebo)."""
        row = {
            "term": "treated_post",
            "estimate": self.estimate,
            "std_error": np.nan,
            "statistic": np.nan,
            "p_value": self.p_value,
            "conf_low": np.nan,
            "conf_high": np.nan,
        }
        return pd.DataFrame([row], columns=TIDY_COLUMNS)

    def summary(self) -> str:
        """Return a plain-text summary."""
        return (
            f"DiD for {self.treated_unit}: {self.estimate:.4f}; placebo p = {self.p_value:.3f} "
            f"(rank {self.rank} of {len(self.placebo_effects) + 1})"
        )

    def _display_table(self) -> None:
        return None


def placebo_in_space(
    data: pd.DataFrame,
    yname: str,
    tname: str,
    idname: str,
    *,
    treated_unit: str,
    start: int,
    comparison_units: list[str],
) -> PlaceboResult:
    """Estimate a one-treated-unit TWFE DiD and its placebo-in-space distribution.

    Parameters
    ----------
    data : pandas.DataFrame
        Long panel with the outcome, period and unit columns.
    yname, tname, idname : str
        Outcome, period and unit columns.
    treated_unit : str
        The unit treated from ``start`` on.
    start : int
        First treated period.
    comparison_units : list of str
        Never-treated units; each serves once as a placebo.

    Returns
    -------
    PlaceboResult

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> rows = [(f"u{u}", t, rng.normal() + 5.0 * (u == 0 and t >= 3))
    ...         for u in range(20) for t in range(6)]
    >>> frame = pd.DataFrame(rows, columns=["unit", "year", "y"])
    >>> result = placebo_in_space(frame, "y", "year", "unit", treated_unit="u0", start=3,
    ...                           comparison_units=[f"u{u}" for u in range(1, 20)])
    >>> result.p_value
    0.05

    """
    units = set(data[idname].unique())
    if treated_unit not in units:
        raise EstimationError(f"treated unit {treated_unit!r} is not in column {idname!r}")
    unknown = sorted(set(comparison_units) - units)
    if unknown:
        raise EstimationError(f"comparison unit(s) {unknown} are not in column {idname!r}")
    if len(comparison_units) < 2:
        raise EstimationError("placebo inference needs at least two comparison units")
    frame = data[data[idname].isin([treated_unit, *comparison_units])].copy()
    periods = frame.groupby(idname)[tname].agg(["min", "max"])
    spans = (periods["min"] < start) & (periods["max"] >= start)
    if not spans.get(treated_unit, False):
        raise EstimationError(
            f"treated unit {treated_unit!r} has no observations on both sides of {start}; "
            "fix: widen the sample years"
        )
    excluded = tuple(sorted(u for u in comparison_units if not spans.get(u, False)))
    if excluded:
        warnings.warn(
            f"{len(excluded)} comparison unit(s) without observations both before and from "
            f"{start} left out of the DiD and the placebo set: {list(excluded)}",
            stacklevel=2,
        )
        frame = frame[~frame[idname].isin(excluded)]
        comparison_units = [u for u in comparison_units if u not in excluded]

    def fit(unit: str, pool: pd.DataFrame) -> TWFEResult:
        pool = pool.assign(_first_treated=np.where(pool[idname] == unit, start, 0))
        return twfe(pool, yname, tname, idname, "_first_treated")

    real = fit(treated_unit, frame)
    controls = frame[frame[idname] != treated_unit]
    placebo = pd.Series(
        {unit: fit(unit, controls).estimate for unit in comparison_units}, name="placebo_effect"
    )
    return PlaceboResult(
        treated_unit=treated_unit,
        fit=real,
        placebo_effects=placebo,
        excluded=excluded,
        settings={"yname": yname, "tname": tname, "idname": idname, "start": start},
    )
