"""Randomization inference: permute adoption timing across units.

Under the sharp null of no effect for any unit, which units adopt when is exchangeable, so the
distribution of the estimate over re-assignments of the units' first treated years is its
null distribution (Fisher; MacKinnon & Webb 2020 for DiD with few treated clusters). The
p-value is ``(1 + #{|stat*| >= |stat|}) / (1 + B)``.

Two statistics:

- ``"twfe"`` (vectorised): in a balanced panel the two-way demeaned treatment has the same
  sum of squares under every permutation (unit and period treatment shares only depend on the
  multiset of adoption years), and the demeaned outcome ``y~`` is orthogonal to unit and year
  effects, so ``beta* = sum_i c_i(g*_i) / const`` with ``c_i(g) = sum_{t >= g} y~_it``: one
  gather per permutation.
- ``"cs"``: the Callaway-Sant'Anna simple ATT (:func:`evalkit.did.att_gt` and
  :func:`evalkit.did.aggte`) refitted per permutation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from evalkit.errors import EstimationError
from evalkit.fe import demean
from evalkit.results import TIDY_COLUMNS


@dataclass(frozen=True)
class RandomizationResult:
    """Randomization-inference p-value of a DiD estimate."""

    statistic_name: str
    estimate: float
    p_value: float
    n_permutations: int
    permuted: np.ndarray = field(repr=False)
    settings: dict = field(default_factory=dict)

    def tidy(self) -> pd.DataFrame:
        """Return the estimate and RI p-value in the shared tidy schema."""
        row = dict.fromkeys(TIDY_COLUMNS, np.nan)
        row.update(term=self.statistic_name, estimate=self.estimate, p_value=self.p_value)
        return pd.DataFrame([row])[TIDY_COLUMNS]

    def summary(self) -> str:
        """Return a plain-text summary."""
        return (
            f"randomization inference ({self.statistic_name}): estimate {self.estimate:.4f}, "
            f"p = {self.p_value:.4f} over {self.n_permutations} permutations of adoption timing"
        )

    def _repr_html_(self) -> str:
        return f"<p>{self.summary()}</p>" + self.tidy().to_html(index=False, float_format="%.4f")


def _unit_timing(frame: pd.DataFrame, idname: str, gname: str) -> pd.Series:
    timing = frame.groupby(idname, sort=True)[gname].agg(["min", "max"])
    varying = timing.index[timing["min"] != timing["max"]]
    if len(varying):
        raise EstimationError(
            f"{gname!r} varies within unit(s) {list(varying[:5])}; rule: one first treated "
            "period per unit; fix: set it from the unit's adoption year"
        )
    return timing["min"]


def _twfe_permutations(frame, yname, tname, idname, timing, permutations):
    units = timing.index.to_numpy()
    periods = np.sort(frame[tname].unique())
    wide = frame.pivot(index=idname, columns=tname, values=yname).reindex(
        index=units, columns=periods
    )
    n_missing = int(wide.isna().to_numpy().sum())
    if n_missing:
        raise EstimationError(
            f"the vectorised TWFE randomization needs a balanced panel: {n_missing} unit-period "
            f"cells of {yname!r} are missing; fix: balance the panel or use statistic='cs'"
        )
    values = wide.to_numpy(float)
    n_units, n_periods = values.shape
    unit_codes = np.repeat(np.arange(n_units), n_periods)
    time_codes = np.tile(np.arange(n_periods), n_units)
    y_tilde = demean(values.ravel()[:, None], unit_codes, time_codes).reshape(n_units, n_periods)
    adoption = timing.to_numpy()
    cohorts = np.unique(adoption)
    # c_i(g) = sum over t >= g of y~_it, for every unit and candidate adoption year
    from_year = np.cumsum(y_tilde[:, ::-1], axis=1)[:, ::-1]
    starts = np.searchsorted(periods, cohorts)
    padded = np.column_stack([from_year, np.zeros(n_units)])
    contribution = np.where(cohorts[None, :] > 0, padded[:, starts], 0.0)  # (units, cohorts)
    treated = (adoption[:, None] > 0) & (periods[None, :] >= adoption[:, None])
    d_tilde = demean(treated.astype(float).ravel()[:, None], unit_codes, time_codes)
    denominator = float((d_tilde**2).sum())
    if denominator < 1e-12:
        raise EstimationError("treatment is collinear with the unit and period effects")
    cohort_index = np.searchsorted(cohorts, adoption)
    observed = float(contribution[np.arange(n_units), cohort_index].sum() / denominator)
    permuted_index = cohort_index[permutations]  # (B, units): unit i gets adoption of perm[i]
    permuted = contribution[np.arange(n_units)[None, :], permuted_index].sum(axis=1) / denominator
    return observed, permuted


def _cs_permutations(frame, yname, tname, idname, gname, timing, permutations, options):
    from evalkit.did import aggte, att_gt

    def estimate(assignment: pd.Series) -> float:
        data = frame.assign(**{gname: frame[idname].map(assignment)})
        result = att_gt(data, yname, tname, idname, gname, **options)
        return float(aggte(result, "simple").overall_att)

    units = timing.index
    observed = estimate(timing)
    adoption = timing.to_numpy()
    permuted = np.array(
        [estimate(pd.Series(adoption[order], index=units)) for order in permutations]
    )
    return observed, permuted


def randomization_test(
    data: pd.DataFrame,
    yname: str,
    tname: str,
    idname: str,
    gname: str,
    *,
    statistic: Literal["twfe", "cs"] = "twfe",
    n_permutations: int = 999,
    random_state: int | np.random.Generator | None = None,
    cs_options: dict | None = None,
) -> RandomizationResult:
    """Return the randomization-inference p-value for permuting adoption timing across units.

    Parameters
    ----------
    data : pandas.DataFrame
        Long panel.
    yname, tname, idname, gname : str
        Outcome, period, unit and first-treated-period (0 = never) columns.
    statistic : {"twfe", "cs"}
        Static TWFE coefficient (vectorised; balanced panels) or the Callaway-Sant'Anna
        simple ATT (one fit per permutation).
    n_permutations : int
        Number of random permutations.
    random_state : int or numpy.random.Generator, optional
        Seed.
    cs_options : dict, optional
        Keyword options for :func:`evalkit.did.att_gt` when ``statistic="cs"``.

    Returns
    -------
    RandomizationResult

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> rows = [(u, t, 3 if u < 5 else 0) for u in range(20) for t in range(6)]
    >>> frame = pd.DataFrame(rows, columns=["unit", "year", "g"])
    >>> frame["y"] = 2.0 * ((frame.g > 0) & (frame.year >= 3)) + rng.normal(size=len(frame))
    >>> result = randomization_test(frame, "y", "year", "unit", "g", random_state=1)
    >>> result.p_value < 0.01
    True

    """
    missing = [c for c in (yname, tname, idname, gname) if c not in data.columns]
    if missing:
        raise EstimationError(f"column(s) {missing} not in the data; columns: {list(data.columns)}")
    frame = data[[yname, tname, idname, gname]]
    timing = _unit_timing(frame, idname, gname)
    if (timing > 0).all() or (timing == 0).all():
        raise EstimationError(
            f"{gname!r} gives every unit the same status; permuting timing needs both treated "
            "and never-treated units"
        )
    rng = np.random.default_rng(random_state)
    permutations = np.array([rng.permutation(len(timing)) for _ in range(n_permutations)])
    if statistic == "twfe":
        observed, permuted = _twfe_permutations(frame, yname, tname, idname, timing, permutations)
    elif statistic == "cs":
        observed, permuted = _cs_permutations(
            frame, yname, tname, idname, gname, timing, permutations, cs_options or {}
        )
    else:
        raise EstimationError(f"statistic={statistic!r}; use 'twfe' or 'cs'")
    tolerance = 1e-12 * max(1.0, abs(observed))
    exceed = int((np.abs(permuted) >= abs(observed) - tolerance).sum())
    return RandomizationResult(
        statistic_name=statistic,
        estimate=observed,
        p_value=(1 + exceed) / (1 + n_permutations),
        n_permutations=n_permutations,
        permuted=permuted,
        settings={"yname": yname, "gname": gname, "permute": "adoption timing across units"},
    )
