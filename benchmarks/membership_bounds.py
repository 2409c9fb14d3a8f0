"""Exact membership bounds: time against the number of candidates, groups and slots.

Run: .venv/bin/python benchmarks/membership_bounds.py
Simulated balanced panels (200 fixed units, 20 known members, 12 periods) with ``N``
candidates spread over ``G`` groups and ``K`` slots. The exact method costs
``O(K (N C + N log N))``; enumeration would visit ``sum_k e_k(n_1..n_G)`` assignments.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from evalkit.did import membership_bounds

DESIGNS = [(160, 16, 10), (2_000, 100, 50), (10_000, 300, 150)]


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


def main() -> None:
    """Print the optimisation time and the size of the admissible set for each design."""
    for n_candidates, n_groups, slots in DESIGNS:
        frame, candidates = simulated(n_candidates, n_groups)
        start = time.perf_counter()
        bounds = membership_bounds(
            frame, "y", "year", "unit", "g", candidates=candidates, cohort=6, max_members=slots
        )
        total = time.perf_counter() - start
        print(
            f"N={n_candidates:>6} G={n_groups:>4} K={slots:>4}: optimisation {bounds.seconds:.3f} s"
            f" (with input checks {total:.2f} s) over ~1e{len(str(bounds.n_assignments)) - 1} "
            "admissible assignments"
        )


if __name__ == "__main__":
    main()
