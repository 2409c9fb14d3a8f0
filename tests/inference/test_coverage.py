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


@pytest.mark.slow
def test_stressed_designs_show_where_the_recommended_test_fails_and_what_holds():
    full = os.environ.get("EVALKIT_FULL") == "1"
    reps = 1000 if full else 40
    conditions = ("base", "treated shocks 3x", "AR(1) 0.5 noise", "t(3) tails")
    table = _load_benchmark().stress_table(reps, seed=11, conditions=None if full else conditions)
    rate = table.set_index(["condition", "kind", "method"])["rate"]

    def cover(condition, method):
        return rate[(condition, "cover", method)]

    def detect(condition, name):
        return rate[(condition, "detect", name)]

    # 40 panels: sd 3.4 points around 95%, 7 points around 70%
    low = 0.93 if full else 0.85
    recommended, gap = "aggregated t (province)", "gap t (pre-period years)"
    assert cover("base", recommended) >= low
    assert cover("base", "TWFE CRV1 (province)") < 0.85
    assert cover("base", "TWFE CRV1 (city)") < 0.85
    assert cover("base", "RI (province)") == 1.0  # cannot reject: smallest p is 1/6
    # larger shocks in the treated province: the borrowed variance is too small, the gap holds
    assert cover("treated shocks 3x", recommended) < 0.85
    assert cover("treated shocks 3x", gap) >= low
    assert (
        cover("treated shocks 3x", "diagnosed choice")
        >= cover("treated shocks 3x", recommended) + 0.05
    )
    assert cover("AR(1) 0.5 noise", recommended) >= low
    assert cover("t(3) tails", recommended) >= low - 0.03
    # the diagnostics fire where the condition was built, rarely elsewhere
    assert detect("treated shocks 3x", "treated shock variance") >= 0.5
    assert detect("base", "treated shock variance") <= 0.2
    assert detect("AR(1) 0.5 noise", "serial correlation") >= 0.8
    assert detect("base", "serial correlation") <= 0.2
    assert detect("t(3) tails", "heavy tails") >= 0.8
    assert detect("base", "heavy tails") <= 0.2
    # a wider interval is the price of the gap t-test's own variance
    assert rate[("treated shocks 3x", "width", gap)] > rate[("base", "width", gap)]
