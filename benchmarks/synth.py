"""Benchmark: synthetic control with full placebo-in-space inference for all Zhejiang cities.

Fast path: placebo refits of a city solved as one vectorised Frank-Wolfe batch, cities spread
over 2 worker processes. Baseline, in the same process: the same code with one placebo refit
at a time and no workers. Both give the same table; the script checks that and prints the
times and their ratio.

Usage: ``python benchmarks/synth.py [--indicator night_lights] [--baseline-cities N]``
(``--baseline-cities`` runs the naive loop on the first N cities only and scales its time
to all cities, for a quick look).
"""

from __future__ import annotations

import argparse
import os
import time
import warnings

import numpy as np

from evalkit.panel import load
from evalkit.synth import city_counterfactuals


def main() -> None:
    """Run both paths and print their times and ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicator", default="night_lights")
    parser.add_argument("--baseline-cities", type=int, default=None)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    panel = load()
    options = {"indicators": [args.indicator], "methods": ["sc"], "seed": 0, "leave_one_out": False}

    began = time.perf_counter()
    fast = city_counterfactuals(panel, n_jobs=args.jobs, **options)
    fast_seconds = time.perf_counter() - began
    cities = fast.table["unit_code"].tolist()
    placebos = sum(r.n_placebos for r in fast.results.values())
    print(
        f"cpu count {os.cpu_count()}; {len(cities)} cities, {placebos} placebo refits "
        f"(no leave-one-out), log {args.indicator}"
    )
    print(f"vectorised placebos, {args.jobs} processes: {fast_seconds:8.2f} s")

    baseline_cities = cities[: args.baseline_cities] if args.baseline_cities else cities
    began = time.perf_counter()
    naive = city_counterfactuals(panel, cities=baseline_cities, n_jobs=1, batch_size=1, **options)
    naive_seconds = time.perf_counter() - began
    scaled = naive_seconds * len(cities) / len(baseline_cities)
    label = (
        "" if len(baseline_cities) == len(cities) else f" ({len(baseline_cities)} cities, scaled)"
    )
    print(f"naive loop, one placebo at a time:      {scaled:8.2f} s{label}")
    print(
        f"ratio naive / fast: {scaled / fast_seconds:.1f}x; target: all cities under 30 s "
        f"({'met' if fast_seconds < 30 else 'NOT met'})"
    )
    merged = fast.table.merge(naive.table, on="unit_code", suffixes=("", "_naive"))
    for column in ("estimate", "p_value", "se"):
        gap = np.nanmax(np.abs(merged[column] - merged[f"{column}_naive"]))
        print(f"max |fast - naive| {column}: {gap:.2e}")


if __name__ == "__main__":
    main()
