"""Small version of benchmarks/coverage.py (EVALKIT_FULL=1 runs 1,000 panels per design)."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "coverage.py"


def _load_benchmark():
    spec = importlib.util.spec_from_file_location("coverage_benchmark", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_recommended_intervals_cover_and_ri_has_size():
    full = os.environ.get("EVALKIT_FULL") == "1"
    reps = 1000 if full else 40
    table = _load_benchmark().coverage_table(reps, seed=7)
    rate = table.set_index(["design", "method"])["rate"]
    # full run: the 93-97% target; small run: a binomial band around 95% (40 panels, sd 3.4 pts)
    low, high = (0.93, 0.97) if full else (0.82, 1.0)
    assert low <= rate[("staggered 60x13", "CS analytic")] <= high
    assert low <= rate[("staggered 60x13", "TWFE WCR (unit)")] <= high
    assert low <= rate[("Zhejiang-like 11/62", "TWFE WCR (province)")] <= 1.0
    assert rate[("staggered 60x13", "RI rejection (null), permute units")] <= (
        0.07 if full else 0.20
    )
    # the method the reports recommend for one treated province of six
    assert low <= rate[("Zhejiang-like 11/62", "aggregated t (province)")] <= high
    assert rate[("Zhejiang-like 11/62", "RI rejection (null), permute provinces")] == 0.0
    # the failure the table exists to show: unit-level CS errors ignore province shocks
    assert rate[("Zhejiang-like 11/62", "CS analytic")] < 0.9
