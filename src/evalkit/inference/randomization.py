"""Randomization inference: permute adoption timing across units or across clusters.

Under the sharp null of no effect for any unit, which units adopt when is exchangeable, so the
distribution of the estimate over re-assignments of the units' first treated years is its
null distribution (Fisher; MacKinnon & Webb 2020 for DiD with few treated clusters). The
p-value is ``(1 + #{|stat*| >= |stat|}) / (1 + B)`` over ``B`` random permutations, or the
exact share when every distinct assignment is enumerated.

When adoption is decided for whole clusters (a province's plan covers all its cities) and the
cities of a province share shocks, permuting cities breaks that dependence and over-rejects;
``clustervars=`` re-assigns whole clusters instead. With six provinces and one treated there are
only six assignments, so the smallest p-value is 1/6: the test is exact but cannot reject at
5%, which is itself the honest answer about what six provinces can show.

Two statistics:

- ``"twfe"`` (vectorised): the demeaned outcome ``y~`` is orthogonal to unit and year effects,
  so ``beta* = sum_i c_i(g*_i) / SS(d~*)`` with ``c_i(g) = sum_{t >= g} y~_it`` (one gather
  per permutation), and the sum of squares of the two-way demeaned treatment of a balanced
  panel follows from how many units each cohort holds in the re-assignment.
- ``"cs"``: the Callaway-Sant'Anna simple ATT (:func:`evalkit.did.att_gt` and
  :func:`evalkit.did.aggte`) refitted per permutation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from math import comb
from typing import Literal

import numpy as np
import pandas as pd

from evalkit.deprecation import renamed_keywords
from evalkit.did import aggte, att_gt
from evalkit.errors import EstimationError
from evalkit.fe import demean
from evalkit.inference.checks import per_group, selected_columns
from evalkit.results import TIDY_COLUMNS, HtmlDisplay


@dataclass(frozen=True)
class RandomizationResult(HtmlDisplay):
    """Randomization-inference p-value of a DiD estimate."""

    statistic_name: str
    estimate: float
    p_value: float
    n_permutations: int
    permuted: np.ndarray = field(repr=False)
    enumerated: bool = False
    settings: dict = field(default_factory=dict)

    def tidy(self) -> pd.DataFrame:
        """Return the estimate and RI p-value in the shared tidy schema."""
        row = dict.fromkeys(TIDY_COLUMNS, np.nan)
        row.update(term=self.statistic_name, estimate=self.estimate, p_value=self.p_value)
        return pd.DataFrame([row])[TIDY_COLUMNS]

    def summary(self) -> str:
        """Return a plain-text summary."""
        level = self.settings.get("level", "units")
        draws = (
            f"all {self.n_permutations} distinct assignments"
            if self.enumerated
            else f"{self.n_permutations} permutations"
        )
        return (
            f"randomization inference ({self.statistic_name}): estimate {self.estimate:.4f}, "
            f"p = {self.p_value:.4f} over {draws} of adoption timing across {level} "
            f"(smallest attainable p = {self.min_p_value:.4f})"
        )

    @property
    def min_p_value(self) -> float:
        """Return the smallest p-value the test can give (one over the assignments)."""
        return 1 / self.n_permutations if self.enumerated else 1 / (1 + self.n_permutations)


def _unit_timing(frame: pd.DataFrame, idname: str, gname: str) -> pd.Series:
    timing, varying = per_group(frame[gname], frame[idname])
    if varying:
        raise EstimationError(
            f"{gname!r} varies within unit(s) {varying}; rule: one first treated "
            "period per unit; fix: set it from the unit's adoption year"
        )
    return timing


def _twfe_permutations(frame, yname, tname, idname, timing, assignments):
    """Return the observed and permuted TWFE coefficients (``assignments``: units' adoption)."""
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
    cohorts = np.unique(timing.to_numpy())
    # c_i(g) = sum over t >= g of y~_it, for every unit and candidate adoption year
    from_year = np.cumsum(y_tilde[:, ::-1], axis=1)[:, ::-1]
    starts = np.searchsorted(periods, cohorts)
    padded = np.column_stack([from_year, np.zeros(n_units)])
    contribution = np.where(cohorts[None, :] > 0, padded[:, starts], 0.0)  # (units, cohorts)
    # treated periods per cohort, and the period-by-cohort treatment indicator
    exposed = (cohorts[None, :] > 0) & (periods[:, None] >= cohorts[None, :])  # (periods, cohorts)
    exposure = exposed.sum(axis=0).astype(float)
    index = np.searchsorted(cohorts, np.vstack([timing.to_numpy()[None, :], assignments]))
    numerator = contribution[np.arange(n_units)[None, :], index].sum(axis=1)
    # sum of squares of the two-way demeaned treatment, from cohort counts (balanced panel)
    counts = np.stack([np.bincount(row, minlength=cohorts.size) for row in index]).astype(float)
    treated_cells = counts @ exposure
    per_period = counts @ exposed.T.astype(float)
    denominator = (
        treated_cells
        - counts @ exposure**2 / n_periods
        - (per_period**2).sum(axis=1) / n_units
        + treated_cells**2 / (n_units * n_periods)
    )
    if denominator.min() < 1e-12:
        raise EstimationError("treatment is collinear with the unit and period effects")
    estimates = numerator / denominator
    return float(estimates[0]), estimates[1:]


def _cluster_timing(timing: pd.Series, clusters: pd.Series, cluster: str) -> pd.Series:
    by_cluster, mixed = per_group(timing, clusters)
    if mixed:
        raise EstimationError(
            f"adoption timing varies within {cluster!r} cluster(s) {mixed}; rule: "
            "permuting clusters needs one adoption year per cluster; fix: cluster at the level "
            "at which adoption is decided, or permute units (clustervars=None)"
        )
    return by_cluster


def _distinct_arrangements(values: np.ndarray) -> np.ndarray:
    """Return every distinct ordering of ``values`` (a multiset), one per row."""
    positions = np.arange(values.size)
    levels, counts = np.unique(values, return_counts=True)
    rows: list[np.ndarray] = []

    def place(level: int, free: tuple[int, ...], row: np.ndarray) -> None:
        if level == levels.size:
            rows.append(row.copy())
            return
        for chosen in combinations(free, counts[level]):
            row[list(chosen)] = levels[level]
            place(level + 1, tuple(p for p in free if p not in chosen), row)

    place(0, tuple(positions), np.empty_like(values))
    return np.array(rows)


def _n_arrangements(values: np.ndarray) -> int:
    _, counts = np.unique(values, return_counts=True)
    total, remaining = 1, int(values.size)
    for count in counts:
        total *= comb(remaining, int(count))
        remaining -= int(count)
    return total


def _assignments(
    timing: pd.Series, clusters: pd.Series | None, cluster: str | None, n_permutations: int, rng
) -> tuple[np.ndarray, bool]:
    """Return re-assigned adoption years (draws x units) and whether they enumerate all."""
    if clusters is None:
        orders = np.array([rng.permutation(len(timing)) for _ in range(n_permutations)])
        return timing.to_numpy()[orders], False
    by_cluster = _cluster_timing(timing, clusters, cluster)
    codes = by_cluster.index.get_indexer(clusters)
    values = by_cluster.to_numpy()
    if _n_arrangements(values) <= n_permutations:
        return _distinct_arrangements(values)[:, codes], True
    orders = np.array([rng.permutation(values.size) for _ in range(n_permutations)])
    return values[orders][:, codes], False


def _cs_permutations(frame, yname, tname, idname, gname, timing, assignments, options):
    def estimate(assignment: pd.Series) -> float:
        data = frame.assign(**{gname: frame[idname].map(assignment)})
        result = att_gt(data, yname, tname, idname, gname, **options)
        return float(aggte(result, "simple").overall_att)

    observed = estimate(timing)
    permuted = np.array([estimate(pd.Series(row, index=timing.index)) for row in assignments])
    return observed, permuted


@renamed_keywords(cluster="clustervars")
def randomization_test(
    data: pd.DataFrame,
    yname: str,
    tname: str,
    idname: str,
    gname: str,
    *,
    statistic: Literal["twfe", "cs"] = "twfe",
    clustervars: str | None = None,
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
    clustervars : str, optional
        Column of the level at which adoption is decided (province). Whole clusters are then
        re-assigned, so shocks the units of a cluster share move with them; with ``G``
        clusters and one treated, the smallest attainable p-value is ``1 / G``. Default:
        permute units.
    n_permutations : int
        Number of random permutations. When the distinct cluster assignments are no more
        than this, all of them are enumerated and the p-value is exact:
        ``#{|stat*| >= |stat|} / #assignments``, the observed one included.
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
    selected_columns(data, yname, tname, idname, gname, clustervars)
    frame = data[[yname, tname, idname, gname]]
    timing = _unit_timing(frame, idname, gname)
    if (timing > 0).all() or (timing == 0).all():
        raise EstimationError(
            f"{gname!r} gives every unit the same status; permuting timing needs both treated "
            "and never-treated units"
        )
    if statistic not in ("twfe", "cs"):
        raise EstimationError(f"statistic={statistic!r}; use 'twfe' or 'cs'")
    clusters = None
    if clustervars is not None:
        clusters = data.groupby(idname, sort=True)[clustervars].first().reindex(timing.index)
    rng = np.random.default_rng(random_state)
    assignments, enumerated = _assignments(timing, clusters, clustervars, n_permutations, rng)
    if statistic == "twfe":
        observed, permuted = _twfe_permutations(frame, yname, tname, idname, timing, assignments)
    else:
        observed, permuted = _cs_permutations(
            frame, yname, tname, idname, gname, timing, assignments, cs_options or {}
        )
    tolerance = 1e-12 * max(1.0, abs(observed))
    exceed = int((np.abs(permuted) >= abs(observed) - tolerance).sum())
    # enumerated: the observed assignment is one of the rows; sampled: add it to both counts
    p_value = exceed / len(permuted) if enumerated else (1 + exceed) / (1 + len(permuted))
    level = clustervars or idname
    return RandomizationResult(
        statistic_name=statistic,
        estimate=observed,
        p_value=p_value,
        n_permutations=len(permuted),
        permuted=permuted,
        enumerated=enumerated,
        settings={"yname": yname, "gname": gname, "cluster": clustervars, "level": level},
    )
