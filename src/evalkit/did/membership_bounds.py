"""Sharp bounds on an aggregated ATT when some members of one cohort are unknown.

Partial identification over the unknown members of a programme batch (batch 2 of the
Liangchuang demonstration, ``liangchuang_demo``: the batch had a known size, some members are
confirmed and the rest are known only up to "at most one unit in each of these provinces").
Every admissible way of filling the unknown slots gives a complete treatment assignment and so
one ATT; the bounds are the smallest and largest of them.

Assignment rule. Candidate units are grouped (a province, or a separately planned city standing
on its own); an assignment picks ``k`` groups, ``min_members <= k <= max_members``, and one unit
in each. Chosen units join the unknown cohort (first treated in ``cohort``); every candidate not
chosen is a never-treated control in every period (under that assignment its status is known,
so it is used like any other control).

Exact method. The estimator is Callaway & Sant'Anna's ATT(g, t) with never-treated controls
and no covariates on a balanced panel, aggregated by ``aggte`` ("simple", "group" or "dynamic"
overall). For a fixed ``k`` the cohort sizes and the number of controls are fixed, so the
aggregation weights ``w_c`` of the post-treatment cells ``c = (g, t)`` are fixed and

    ATT(S) = c_k + sum_{i in S} a_{i,k},
    a_{i,k} = sum_{c: g = cohort} w_c dY_ic / n_cohort(k) + sum_c w_c dY_ic / n_controls(k),

where ``dY_ic = Y_it - Y_i,base(g)``: unit ``i`` enters the cohort's mean and leaves the control
mean. The maximum (minimum) over ``|S| = k`` with at most one unit per group takes each group's
largest (smallest) ``a_{i,k}`` and adds the ``k`` largest (smallest) of them; the bounds then
optimise over ``k``. Cost ``O(K (N C + N log N))`` for ``K`` sizes, ``N`` candidates and ``C``
cells, against ``sum_k e_k(n_1, ..., n_G)`` assignments for enumeration (``e_k`` the elementary
symmetric polynomial of the group sizes), which is counted exactly as a Python integer.

The two-way fixed-effects coefficient is a ratio of quadratic forms in the assignment, not
affine, so this method does not bound it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from evalkit.errors import EstimationError
from evalkit.results import HtmlDisplay
from evalkit.validate import require_columns

BoundAggregation = Literal["simple", "group", "dynamic"]
BOUND_COLUMNS = ["term", "estimate", "members_filled", "members"]


@dataclass(frozen=True, eq=False)
class _Design:
    """Arrays of a balanced panel split into known cohorts, candidates and fixed controls."""

    periods: np.ndarray
    outcome: np.ndarray  # units x periods
    first_treated: np.ndarray  # 0 = never treated
    units: np.ndarray
    candidate: np.ndarray  # bool per unit
    group: np.ndarray  # group label per unit ("" for non-candidates)
    cohort: int


@dataclass(frozen=True, eq=False)
class MembershipBounds(HtmlDisplay):
    """Smallest and largest aggregated ATT over every admissible filling of the unknown slots.

    Attributes
    ----------
    lower, upper : float
        The bounds.
    lower_members, upper_members : tuple of str
        Candidate units assigned to the cohort at the minimum and at the maximum.
    n_assignments : int
        Number of admissible assignments (exact, arbitrary precision).
    by_size : pandas.DataFrame
        ``members_filled, n_assignments, lower, upper`` for each number of filled slots.
    settings : dict
        The options the bounds were computed with.
    """

    lower: float
    upper: float
    lower_members: tuple[str, ...]
    upper_members: tuple[str, ...]
    n_assignments: int
    by_size: pd.DataFrame
    settings: dict = field(default_factory=dict)

    def tidy(self) -> pd.DataFrame:
        """Return ``term, estimate, members_filled, members``: one row per bound."""
        return pd.DataFrame(
            [
                ("lower", self.lower, len(self.lower_members), ",".join(self.lower_members)),
                ("upper", self.upper, len(self.upper_members), ",".join(self.upper_members)),
            ],
            columns=BOUND_COLUMNS,
        )

    def summary(self) -> str:
        """Return a one-paragraph plain-text summary."""
        return (
            f"ATT bounds for {self.settings.get('yname')} over the unknown members of cohort "
            f"{self.settings.get('cohort')}: [{self.lower:.4f}, {self.upper:.4f}] over "
            f"{self.n_assignments:,} admissible assignments "
            f"({self.settings.get('min_members')}-{self.settings.get('max_members')} slots, "
            f"{self.settings.get('n_candidates')} candidates in {self.settings.get('n_groups')} "
            f"groups), exact"
        )


def _elementary_symmetric(group_sizes: list[int]) -> list[int]:
    """Coefficients of ``prod_g (1 + n_g x)``: entry ``k`` is ``e_k(sizes)``, exact integers."""
    coefficients = [1]
    for size in group_sizes:
        shifted = [0, *[size * c for c in coefficients]]
        coefficients = [a + b for a, b in zip([*coefficients, 0], shifted, strict=True)]
    return coefficients


def count_assignments(group_sizes: list[int], min_members: int, max_members: int) -> int:
    """Count the ways to pick ``k`` groups and one unit in each, ``min <= k <= max``.

    The count is ``sum_k e_k(sizes)``, the coefficients of ``prod_g (1 + n_g x)``, in exact
    integer arithmetic.

    Examples
    --------
    >>> count_assignments([2, 3], 0, 2)  # {}, 2 + 3 singles, 2 * 3 pairs
    12
    """
    return sum(_elementary_symmetric(group_sizes)[min_members : max_members + 1])


def _design(
    data: pd.DataFrame,
    yname: str,
    tname: str,
    idname: str,
    gname: str,
    candidates: Mapping[object, str],
    cohort: int,
) -> _Design:
    require_columns(data, {"yname": yname, "tname": tname, "idname": idname, "gname": gname})
    frame = data[[idname, tname, yname, gname]]
    if frame.duplicated([idname, tname]).any():
        raise EstimationError(
            f"duplicated ({idname!r}, {tname!r}) rows; rule: one row per unit and period; "
            "fix: aggregate or drop the duplicates"
        )
    wide = frame.pivot(index=idname, columns=tname, values=yname).sort_index(axis=1)
    if wide.isna().any().any():
        bad = wide.index[wide.isna().any(axis=1)]
        raise EstimationError(
            f"{yname!r} is missing for {len(bad)} unit(s) in some period (first: {bad[0]!r}); "
            "rule: the bounds need a balanced panel; fix: keep units observed in every period"
        )
    first = frame.groupby(idname)[gname].agg(["min", "max"])
    if (first["min"] != first["max"]).any():
        unit = first.index[first["min"] != first["max"]].tolist()[0]
        raise EstimationError(
            f"{gname!r} varies within unit {unit!r}; rule: one first treated period per unit; "
            "fix: recode the column"
        )
    first_treated = first["min"].reindex(wide.index).to_numpy(float)
    periods = wide.columns.to_numpy(float)
    units = wide.index.to_numpy()
    unknown = sorted(set(candidates) - set(units), key=str)
    if unknown:
        raise EstimationError(
            f"candidate unit(s) {unknown[:5]} are not in {idname!r}; rule: candidates are units "
            "of the panel; fix: drop them from candidates"
        )
    is_candidate = np.array([u in candidates for u in units])
    if (first_treated[is_candidate] != 0).any():
        bad = units[is_candidate & (first_treated != 0)]
        raise EstimationError(
            f"candidate unit(s) {bad[:5].tolist()} have {gname} != 0; rule: an unknown member "
            f"is coded never treated (0) and the bounds assign it; fix: set {gname} to 0"
        )
    treated = first_treated[first_treated > 0]
    cohorts = np.unique(np.append(treated, float(cohort)))
    if cohorts.min() <= periods[0] or cohorts.max() > periods[-1]:
        raise EstimationError(
            f"cohort(s) {[c for c in cohorts if c <= periods[0] or c > periods[-1]]} fall "
            f"outside ({periods[0]:g}, {periods[-1]:g}]; rule: each cohort has a pre-period and "
            "a post-period in the sample; fix: widen the years or recode the cohort"
        )
    group = np.array([str(candidates[u]) if u in candidates else "" for u in units], dtype=object)
    return _Design(periods, wide.to_numpy(float), first_treated, units, is_candidate, group, cohort)


def _cell_weights(
    cohorts: np.ndarray, sizes: np.ndarray, periods: np.ndarray, aggregation: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (cohort, period index, weight) of the post-treatment cells, as ``aggte``."""
    cell_cohort, cell_time, size = [], [], []
    for g, n in zip(cohorts, sizes, strict=True):
        for t in np.flatnonzero(periods >= g):
            cell_cohort.append(g)
            cell_time.append(t)
            size.append(n)
    cell_cohort, cell_time, size = np.array(cell_cohort), np.array(cell_time), np.array(size)
    if aggregation == "simple":
        weight = size / size.sum()
    elif aggregation == "group":
        per_cohort = {g: np.sum(cell_cohort == g) for g in cohorts}
        share = sizes / sizes.sum()
        weight = np.array(
            [share[cohorts == g][0] / per_cohort[g] for g in cell_cohort], dtype=float
        )
    else:  # dynamic: mean over event times e >= 0 of cohort-size weighted ATT(g, g + e)
        event = periods[cell_time] - cell_cohort
        events = np.unique(event)
        weight = np.zeros(cell_cohort.size)
        for e in events:
            at = event == e
            weight[at] = size[at] / size[at].sum() / events.size
    return cell_cohort, cell_time, weight


def _affine(
    design: _Design, k: int, known_in_cohort: int, aggregation: str, cache: dict
) -> tuple[float, np.ndarray]:
    """Return ``(c_k, a_{i,k})`` for the candidates (in ``design.units`` order).

    ``cache`` keeps the outcome changes of each cell set (they do not depend on ``k``).
    """
    d = design
    cohorts = np.unique(d.first_treated[d.first_treated > 0])
    sizes = np.array([np.sum(d.first_treated == g) for g in cohorts], dtype=float)
    if known_in_cohort + k > 0:
        at = np.searchsorted(cohorts, d.cohort)
        if at == cohorts.size or cohorts[at] != d.cohort:
            cohorts, sizes = np.insert(cohorts, at, d.cohort), np.insert(sizes, at, 0.0)
        sizes[at] = known_in_cohort + k
    cell_cohort, cell_time, weight = _cell_weights(cohorts, sizes, d.periods, aggregation)
    key = tuple(cohorts)
    if key not in cache:
        base = np.array([np.flatnonzero(d.periods < g)[-1] for g in cell_cohort])
        change = d.outcome[:, cell_time] - d.outcome[:, base]  # units x cells
        control = d.first_treated == 0
        cache[key] = (change, change[control].sum(axis=0), change[d.candidate])
    change, control_sum, candidate_change = cache[key]
    cell_size = sizes[np.searchsorted(cohorts, cell_cohort)]
    member = d.first_treated[:, None] == cell_cohort[None, :]
    treated_mean = (change * member).sum(axis=0) / cell_size
    n_controls = float(np.sum(d.first_treated == 0) - k)
    constant = float(weight @ (treated_mean - control_sum / n_controls))
    in_cohort = (cell_cohort == d.cohort) / np.maximum(known_in_cohort + k, 1)
    slope = candidate_change @ (weight * (in_cohort + 1.0 / n_controls))
    return constant, slope


def membership_bounds(
    data: pd.DataFrame,
    yname: str,
    tname: str,
    idname: str,
    gname: str,
    *,
    candidates: Mapping[object, str],
    cohort: int,
    max_members: int,
    min_members: int = 0,
    aggregation: BoundAggregation = "simple",
) -> MembershipBounds:
    """Bound the aggregated ATT over every admissible filling of a cohort's unknown slots.

    Parameters
    ----------
    data : pandas.DataFrame
        Balanced long panel. Known members carry their first treated period in ``gname``;
        candidates and controls carry 0.
    yname, tname, idname, gname : str
        Outcome, period, unit and first-treated-period columns (as :func:`att_gt`).
    candidates : mapping
        Unit id -> group label (e.g. its province). At most one unit per group is assigned.
    cohort : int
        First treated period of the unknown members (e.g. the batch year).
    max_members, min_members : int
        Range of the number of unknown slots filled (``max_members`` = the batch size minus
        its known members).
    aggregation : {"simple", "group", "dynamic"}
        The ``aggte`` overall effect that is bounded (with ``aggte``'s default event window).

    Returns
    -------
    MembershipBounds

    Raises
    ------
    EstimationError
        On an unbalanced panel, a candidate with a nonzero ``gname``, a cohort without pre- or
        post-period, or an empty admissible set.

    Examples
    --------
    >>> rows = [(u, t, float(u * t), 3 if u == 0 else 0) for u in range(5) for t in range(1, 5)]
    >>> frame = pd.DataFrame(rows, columns=["unit", "year", "y", "g"])
    >>> out = membership_bounds(frame, "y", "year", "unit", "g",
    ...     candidates={1: "a", 2: "a", 3: "b"}, cohort=3, max_members=1)
    >>> out.n_assignments, round(out.lower, 4), round(out.upper, 4)
    (4, -3.75, -1.25)
    """
    if aggregation not in ("simple", "group", "dynamic"):
        raise EstimationError(
            f"aggregation={aggregation!r} is not bounded; rule: one of 'simple', 'group', "
            "'dynamic'; fix: e.g. aggregation='simple'"
        )
    design = _design(data, yname, tname, idname, gname, candidates, int(cohort))
    groups = pd.unique(design.group[design.candidate])
    sizes = [int(np.sum(design.group == g)) for g in groups]
    top = min(max_members, len(groups))
    if min_members < 0 or min_members > top:
        raise EstimationError(
            f"min_members={min_members} with max_members={max_members} and {len(groups)} "
            "candidate group(s): no admissible assignment; rule: 0 <= min_members <= "
            "min(max_members, groups); fix: lower min_members"
        )
    rows, cache = [], {}
    best = {"lower": (np.inf, ()), "upper": (-np.inf, ())}
    known = int(np.sum(design.first_treated == design.cohort))
    n_fixed_controls = int(np.sum((design.first_treated == 0) & ~design.candidate))
    n_candidates = int(design.candidate.sum())
    candidate_units = design.units[design.candidate]
    candidate_groups = design.group[design.candidate]
    _, group_index = np.unique(candidate_groups.astype(str), return_inverse=True)
    order = np.argsort(group_index, kind="stable")
    segments = (order, np.flatnonzero(np.r_[True, np.diff(group_index[order]) != 0]))
    per_size = _elementary_symmetric(sizes)
    for k in range(min_members, top + 1):
        if known + k == 0 and not (design.first_treated > 0).any():
            continue
        if n_fixed_controls + n_candidates - k < 1:
            continue
        constant, slope = _affine(design, k, known, aggregation, cache)
        row = {"members_filled": k, "n_assignments": per_size[k]}
        for side, sign in (("lower", -1.0), ("upper", 1.0)):
            pick = _best_per_group(sign * slope, segments, k)
            value = constant + float(np.sum(slope[pick]))
            row[side] = value
            if sign * value > sign * best[side][0]:
                best[side] = (value, tuple(str(u) for u in candidate_units[pick]))
        rows.append(row)
    if not rows:
        raise EstimationError(
            "no admissible assignment leaves both a treated cohort and a control; fix: add "
            "never-treated units or known members"
        )
    by_size = pd.DataFrame(rows, columns=["members_filled", "n_assignments", "lower", "upper"])
    return MembershipBounds(
        lower=best["lower"][0],
        upper=best["upper"][0],
        lower_members=best["lower"][1],
        upper_members=best["upper"][1],
        n_assignments=sum(int(n) for n in by_size["n_assignments"]),
        by_size=by_size,
        settings={
            "yname": yname, "tname": tname, "idname": idname, "gname": gname,
            "cohort": int(cohort), "min_members": min_members, "max_members": max_members,
            "aggregation": aggregation, "control_group": "nevertreated",
            "n_candidates": n_candidates, "n_groups": len(groups),
            "unchosen_candidates": "never-treated controls in every period",
            "method": "exact: affine in the assignment for fixed k; best unit per group, top k",
        },
    )  # fmt: skip


def _best_per_group(score: np.ndarray, segments: tuple[np.ndarray, np.ndarray], k: int):
    """Return the indices of the ``k`` best-scoring units, at most one per group.

    ``segments`` is ``(order, starts)``: candidates sorted by group and each group's first
    position in that order. Ties go to the first unit in ``order``.
    """
    if k == 0:
        return np.array([], dtype=int)
    order, starts = segments
    ranked = score[order]
    best = np.maximum.reduceat(ranked, starts)
    counts = np.diff(np.append(starts, ranked.size))
    hits = np.flatnonzero(ranked == np.repeat(best, counts))
    segment = np.searchsorted(starts, hits, side="right") - 1
    first_hit = hits[np.unique(segment, return_index=True)[1]]
    leaders = order[first_hit]
    chosen = leaders[np.argsort(-score[leaders], kind="stable")[:k]]
    return np.sort(chosen)
