"""Exact membership bounds against enumerating every admissible assignment.

Run: .venv/bin/python benchmarks/membership_bounds.py

Simulated balanced panels (200 fixed units, 20 known members, 12 periods) with ``N``
candidates spread over ``G`` groups and ``K`` slots. The exact method costs
``O(K (N C + N log N))``; enumeration refits the Callaway-Sant'Anna simple ATT for each of the
``sum_k e_k(n_1..n_G)`` admissible assignments.

Baseline, in the same process: on a design small enough to enumerate, every assignment is
refit with :func:`evalkit.did.att_gt` and :func:`evalkit.did.aggte`; the bounds must agree
(to 1e-9) and the ratio of the two times is printed. For the large designs enumeration is not
run: its time is the measured cost per refit times the exact number of assignments, and the
ratio against that extrapolation is printed with the "~" that says so.
"""

from __future__ import annotations

import itertools
import math
import time
import warnings

import numpy as np
import pandas as pd

from evalkit.did import aggte, att_gt, membership_bounds

SMALL = (12, 4, 3)  # candidates, groups, slots: 175 assignments (with the empty one), enumerable
DESIGNS = [(160, 16, 10), (2_000, 100, 50), (10_000, 300, 150)]
COHORT = 6


def simulated(n_candidates: int, n_groups: int, seed: int = 0):
    """Return a long panel and its candidate -> group mapping."""
    rng = np.random.default_rng(seed)
    n_fixed, n_periods = 200, 12
    n_units = n_fixed + n_candidates
    first = np.zeros(n_units, dtype=int)
    first[:20] = 5
    outcome = rng.normal(size=(n_units, n_periods)).cumsum(axis=1)
    frame = pd.DataFrame({
        "unit": np.repeat(np.arange(n_units), n_periods),
        "year": np.tile(np.arange(1, n_periods + 1), n_units),
        "y": outcome.ravel(),
        "g": np.repeat(first, n_periods),
    })  # fmt: skip
    candidates = {u: f"group{u % n_groups}" for u in range(n_fixed, n_units)}
    return frame, candidates


def exact(frame: pd.DataFrame, candidates: dict, slots: int):
    """Return the bounds and the seconds the exact method took."""
    start = time.perf_counter()
    bounds = membership_bounds(
        frame, "y", "year", "unit", "g", candidates=candidates, cohort=COHORT, max_members=slots
    )
    return bounds, time.perf_counter() - start


def enumerated(frame: pd.DataFrame, candidates: dict, slots: int):
    """Return (lower, upper, assignments, seconds) by refitting every admissible assignment."""
    groups: dict[str, list] = {}
    for unit, group in candidates.items():
        groups.setdefault(group, []).append(unit)
    start = time.perf_counter()
    values = []
    for k in range(slots + 1):
        for chosen in itertools.combinations(groups, k):
            for members in itertools.product(*(groups[g] for g in chosen)):
                assigned = frame.assign(g=frame["g"].where(~frame["unit"].isin(members), COHORT))
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    fit = att_gt(assigned, "y", "year", "unit", "g", est_method="reg")
                    values.append(aggte(fit, "simple").overall_att)
    return min(values), max(values), len(values), time.perf_counter() - start


def main() -> None:
    """Print the exact and enumeration times and their ratio for each design."""
    n, g, k = SMALL
    frame, candidates = simulated(n, g)
    bounds, seconds = exact(frame, candidates, k)
    low, high, count, baseline = enumerated(frame, candidates, k)
    assert count == bounds.n_assignments
    assert abs(low - bounds.lower) < 1e-9 and abs(high - bounds.upper) < 1e-9
    per_refit = baseline / count
    print(
        f"N={n:>6} G={g:>4} K={k:>4}: exact {seconds:.3f} s, enumeration {baseline:.1f} s over "
        f"{count} assignments (bounds equal to 1e-9): {baseline / seconds:,.0f}x faster"
    )
    for n, g, k in DESIGNS:
        frame, candidates = simulated(n, g)
        bounds, seconds = exact(frame, candidates, k)
        digits = math.log10(bounds.n_assignments)  # exact int: no float overflow
        ratio = digits + math.log10(per_refit / seconds)
        print(
            f"N={n:>6} G={g:>4} K={k:>4}: exact {seconds:.3f} s over ~1e{digits:.0f} admissible "
            f"assignments; enumeration at {per_refit * 1e3:.1f} ms per refit: ~1e{ratio:.0f}x "
            "faster"
        )


if __name__ == "__main__":
    main()
