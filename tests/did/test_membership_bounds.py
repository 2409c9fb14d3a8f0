import itertools
import math
import warnings

import numpy as np
import pandas as pd
import pytest

from evalkit.did import aggte, att_gt, count_assignments, membership_bounds
from evalkit.errors import EstimationError


def _simulated(seed: int, n_units: int = 16, n_periods: int = 6):
    """Balanced panel: cohorts 3 and 4 known, six candidates in three groups, rest controls."""
    rng = np.random.default_rng(seed)
    first = np.zeros(n_units, dtype=int)
    first[:2], first[2:4] = 3, 4
    outcome = rng.normal(size=(n_units, n_periods)).cumsum(axis=1)
    outcome[:4, 3:] += 1.0
    candidates = {4: "p", 5: "p", 6: "q", 7: "q", 8: "q", 9: "r"}
    rows = [
        (unit, period + 1, outcome[unit, period], first[unit])
        for unit in range(n_units)
        for period in range(n_periods)
    ]
    return pd.DataFrame(rows, columns=["unit", "year", "y", "g"]), candidates


def _cs_overall(frame: pd.DataFrame, aggregation: str) -> float:
    """Callaway-Sant'Anna overall ATT (never-treated controls, no covariates) in plain numpy."""
    wide = frame.pivot(index="unit", columns="year", values="y")
    first = frame.groupby("unit")["g"].first().reindex(wide.index).to_numpy()
    periods = wide.columns.to_numpy()
    y = wide.to_numpy()
    cells = []
    for g in np.unique(first[first > 0]):
        base = np.flatnonzero(periods < g)[-1]
        for t in np.flatnonzero(periods >= g):
            dy = y[:, t] - y[:, base]
            att = dy[first == g].mean() - dy[first == 0].mean()
            cells.append((g, periods[t] - g, np.sum(first == g), att))
    cohort, event, size, att = (np.array(c, dtype=float) for c in zip(*cells, strict=True))
    if aggregation == "simple":
        return float(np.sum(size * att) / size.sum())
    if aggregation == "group":
        by = {g: att[cohort == g].mean() for g in np.unique(cohort)}
        n = {g: size[cohort == g][0] for g in np.unique(cohort)}
        return float(sum(n[g] * by[g] for g in by) / sum(n.values()))
    per_event = [
        np.sum(size[event == e] * att[event == e]) / size[event == e].sum()
        for e in np.unique(event)
    ]
    return float(np.mean(per_event))


def _enumerate(candidates: dict, min_members: int, max_members: int):
    groups: dict[str, list] = {}
    for unit, group in candidates.items():
        groups.setdefault(group, []).append(unit)
    for k in range(min_members, max_members + 1):
        for chosen in itertools.combinations(groups, k):
            yield from itertools.product(*(groups[g] for g in chosen))


def _assign(frame: pd.DataFrame, members, cohort: int) -> pd.DataFrame:
    out = frame.copy()
    out.loc[out["unit"].isin(members), "g"] = cohort
    return out


@pytest.mark.parametrize("aggregation", ["simple", "group", "dynamic"])
@pytest.mark.parametrize(("seed", "min_members", "max_members"), [(0, 0, 2), (1, 1, 3), (2, 2, 2)])
def test_bounds_equal_brute_force_enumeration(seed, min_members, max_members, aggregation):
    frame, candidates = _simulated(seed)
    bounds = membership_bounds(
        frame, "y", "year", "unit", "g", candidates=candidates, cohort=4,
        min_members=min_members, max_members=max_members, aggregation=aggregation,
    )  # fmt: skip
    values = {
        members: _cs_overall(_assign(frame, members, 4), aggregation)
        for members in _enumerate(candidates, min_members, max_members)
    }
    assert bounds.n_assignments == len(values)
    assert bounds.lower == pytest.approx(min(values.values()), abs=1e-10)
    assert bounds.upper == pytest.approx(max(values.values()), abs=1e-10)
    as_units = {tuple(str(u) for u in sorted(m)): v for m, v in values.items()}
    assert as_units[bounds.lower_members] == pytest.approx(bounds.lower, abs=1e-10)
    assert as_units[bounds.upper_members] == pytest.approx(bounds.upper, abs=1e-10)
    by_k: dict[int, list[float]] = {}
    for members, value in values.items():
        by_k.setdefault(len(members), []).append(value)
    sizes = sorted(by_k)
    assert bounds.by_size["members_filled"].tolist() == sizes
    assert np.allclose(bounds.by_size["lower"], [min(by_k[k]) for k in sizes], atol=1e-10)
    assert np.allclose(bounds.by_size["upper"], [max(by_k[k]) for k in sizes], atol=1e-10)
    assert bounds.by_size["n_assignments"].tolist() == [len(by_k[k]) for k in sizes]


def test_bounds_refit_with_att_gt_and_aggte():
    frame, candidates = _simulated(3)
    bounds = membership_bounds(
        frame, "y", "year", "unit", "g", candidates=candidates, cohort=4, max_members=3
    )
    for value, members in (
        (bounds.lower, bounds.lower_members),
        (bounds.upper, bounds.upper_members),
    ):
        assigned = _assign(frame, [int(m) for m in members], 4)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            refit = aggte(att_gt(assigned, "y", "year", "unit", "g", est_method="reg"), "simple")
        assert refit.overall_att == pytest.approx(value, abs=1e-10)


def test_unknown_cohort_without_known_members_and_a_new_cohort_year():
    frame, candidates = _simulated(4)
    bounds = membership_bounds(
        frame, "y", "year", "unit", "g", candidates=candidates, cohort=5, max_members=2
    )
    values = [_cs_overall(_assign(frame, m, 5), "simple") for m in _enumerate(candidates, 0, 2)]
    assert bounds.lower == pytest.approx(min(values), abs=1e-10)
    assert bounds.upper == pytest.approx(max(values), abs=1e-10)


def test_count_assignments_is_exact_for_large_designs():
    assert count_assignments([2, 3], 0, 2) == 1 + 5 + 6
    sizes = [40] * 15
    expected = sum(math.comb(15, k) * 40**k for k in range(0, 11))
    assert count_assignments(sizes, 0, 10) == expected
    assert count_assignments(sizes, 0, 10) > 2**53  # beyond float precision, still exact


def test_errors_name_the_rule_and_fix():
    frame, candidates = _simulated(0)
    with pytest.raises(EstimationError, match="candidate unit\\(s\\) \\[0\\] have g != 0"):
        membership_bounds(frame, "y", "year", "unit", "g", candidates={0: "p"}, cohort=4,
                          max_members=1)  # fmt: skip
    unbalanced = frame.drop(index=3)
    with pytest.raises(EstimationError, match="rule: the bounds need a balanced panel"):
        membership_bounds(unbalanced, "y", "year", "unit", "g", candidates=candidates, cohort=4,
                          max_members=1)  # fmt: skip
    with pytest.raises(EstimationError, match="no admissible assignment; rule: 0 <= min_members"):
        membership_bounds(frame, "y", "year", "unit", "g", candidates=candidates, cohort=4,
                          min_members=4, max_members=5)  # fmt: skip
    with pytest.raises(EstimationError, match="fall outside"):
        membership_bounds(frame, "y", "year", "unit", "g", candidates=candidates, cohort=1,
                          max_members=1)  # fmt: skip


def test_gname_varying_within_a_unit_names_the_unit():
    frame, candidates = _simulated(0)
    frame.loc[(frame.unit == 11) & (frame.year == 6), "g"] = 3
    with pytest.raises(EstimationError, match="'g' varies within unit 11; rule: one first"):
        membership_bounds(
            frame, "y", "year", "unit", "g", candidates=candidates, cohort=4, max_members=1
        )


def test_summary_and_tidy_report_the_bounds_and_the_count():
    frame, candidates = _simulated(5)
    bounds = membership_bounds(
        frame, "y", "year", "unit", "g", candidates=candidates, cohort=4, max_members=2
    )
    assert bounds.n_assignments == 1 + 6 + (2 * 3 + 2 * 1 + 3 * 1)
    tidy = bounds.tidy()
    assert tidy["term"].tolist() == ["lower", "upper"]
    assert tidy["estimate"].tolist() == [bounds.lower, bounds.upper]
    assert f"{bounds.n_assignments:,} admissible assignments" in bounds.summary()
    assert "6 candidates in 3 groups" in bounds.summary()
    again = membership_bounds(
        frame, "y", "year", "unit", "g", candidates=candidates, cohort=4, max_members=2
    )
    assert again.summary() == bounds.summary()  # a rerun reports exactly the same


@pytest.mark.parametrize("seed", range(10, 20))
def test_random_group_structures_match_enumeration(seed):
    rng = np.random.default_rng(seed)
    n_units, n_periods = 18, int(rng.integers(4, 7))
    first = np.zeros(n_units, dtype=int)
    first[: rng.integers(1, 4)] = 3
    outcome = rng.normal(size=(n_units, n_periods)).cumsum(axis=1)
    rows = [(u, t + 1, outcome[u, t], first[u]) for u in range(n_units) for t in range(n_periods)]
    frame = pd.DataFrame(rows, columns=["unit", "year", "y", "g"])
    pool = [u for u in range(n_units) if first[u] == 0][: int(rng.integers(3, 10))]
    candidates = {u: f"g{rng.integers(0, 4)}" for u in pool}
    slots = int(rng.integers(1, 4))
    cohort = int(rng.choice([3, 4]))
    bounds = membership_bounds(
        frame, "y", "year", "unit", "g", candidates=candidates, cohort=cohort, max_members=slots
    )
    values = [
        _cs_overall(_assign(frame, members, cohort), "simple")
        for members in _enumerate(candidates, 0, slots)
    ]
    assert bounds.n_assignments == len(values)
    assert bounds.lower == pytest.approx(min(values), abs=1e-10)
    assert bounds.upper == pytest.approx(max(values), abs=1e-10)
