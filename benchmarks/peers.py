"""Callaway-Sant'Anna: evalkit against diff-diff and csdid on the same simulated panels.

Each (library, panel) pair runs in a fresh subprocess that reads the panel from parquet, fits
once to warm up (imports, caches), then times ``--reps`` further fits and reports the best
and median wall time and the process's peak resident memory (``ru_maxrss``, which includes
the interpreter, the library's imports and the data). Work per fit: all ATT(g, t) with
analytic standard errors (doubly robust, never-treated comparison, no covariates) and the
event-study aggregation. Peers are optional benchmark-only packages:
``.venv/bin/pip install diff-diff csdid``.

A second table times the Borusyak-Jaravel-Spiess imputation estimator (overall ATT and all
event-time effects with their clustered standard errors) against diff-diff's
``ImputationDiD`` (same auxiliary partition, cohort x horizon) on the 50,000 x 20 panel.

Usage: ``.venv/bin/python benchmarks/peers.py [--reps 5] [--only imputation]``
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

import numpy as np

SIZES = [(60, 13), (500, 5), (5_000, 20), (50_000, 20)]
LIBRARIES = {"evalkit": "evalkit", "diff-diff": "diff_diff", "csdid": "csdid"}
IMPUTATION_LIBRARIES = ["evalkit-bjs", "diff-diff-bjs", "dd-overall-bjs"]
IMPUTATION_SIZES = [(50_000, 20)]


def _fitter(library: str):
    if library == "evalkit-bjs":
        from evalkit.did import imputation

        def fit(frame):
            return imputation(frame, "y", "year", "unit", "first_treated").overall_estimate

    elif library in ("diff-diff-bjs", "dd-overall-bjs"):
        from diff_diff import ImputationDiD

        # "dd-overall-bjs": diff-diff's overall ATT only (no event-time effects), the setting
        # of the 1.97 s in ../shared/notes/did-peers.md; evalkit always computes both
        options = {"aggregate": "event_study"} if library == "diff-diff-bjs" else {}

        def fit(frame):
            model = ImputationDiD(cluster="unit")
            return model.fit(
                frame, outcome="y", unit="unit", time="year", first_treat="first_treated", **options
            ).overall_att

    elif library == "evalkit":
        from evalkit.did import aggte, att_gt

        def fit(frame):
            result = att_gt(frame, "y", "year", "unit", "first_treated")
            return aggte(result, "dynamic").overall_att

    elif library == "diff-diff":
        from diff_diff import CallawaySantAnna

        def fit(frame):
            model = CallawaySantAnna(
                control_group="never_treated", estimation_method="dr", n_bootstrap=0
            )
            return model.fit(
                frame,
                outcome="y",
                unit="unit",
                time="year",
                first_treat="first_treated",
                aggregate="event_study",
            )

    else:
        from csdid.att_gt import ATTgt

        def fit(frame):
            model = ATTgt(
                yname="y",
                tname="year",
                idname="unit",
                gname="first_treated",
                data=frame,
                control_group=["nevertreated"],
            )
            model.fit(est_method="dr", bstrap=False)
            return model.aggte(typec="dynamic", bstrap=False, cband=False)

    return fit


def worker(library: str, path: str, reps: int) -> None:
    """Time one library on one panel and print a JSON line."""
    import pandas as pd

    try:
        fit = _fitter(library)
    except ImportError:
        print(json.dumps({"status": "not installed"}))
        return
    frame = pd.read_parquet(path)
    fit(frame)
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        fit(frame)
        times.append(time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {"status": "ok", "best": min(times), "median": float(np.median(times)), "peak_mb": peak}
        )
    )


def _version(library: str) -> str:
    try:
        return metadata.version(library)
    except metadata.PackageNotFoundError:
        return "not installed"


def main() -> None:
    """Simulate the panels, run every library in its own process, print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--worker", nargs=2, metavar=("LIBRARY", "PARQUET"))
    parser.add_argument("--only", choices=["cs", "imputation"], default=None)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker[0], args.worker[1], args.reps)
        return
    from evalkit.simulate import simulate_staggered_panel

    print("versions: " + ", ".join(f"{name} {_version(name)}" for name in LIBRARIES))
    print("libraries ending in -bjs: imputation estimator; the others: Callaway-Sant'Anna")
    header = (
        f"{'panel':>10} {'library':>13} {'best s':>9} {'median s':>9} {'peak MB':>8} "
        f"{'time ratio':>10} {'mem ratio':>9}"
    )
    print(header)
    jobs = []
    if args.only in (None, "cs"):
        jobs += [(size, ["evalkit"] if size[0] == 60 else list(LIBRARIES)) for size in SIZES]
    if args.only in (None, "imputation"):
        jobs += [(size, IMPUTATION_LIBRARIES) for size in IMPUTATION_SIZES]
    with tempfile.TemporaryDirectory() as folder:
        for (n_units, n_periods), libraries in jobs:
            cohorts = [2007, 2008] if n_periods == 13 else None
            sim = simulate_staggered_panel(
                n_units=n_units,
                n_periods=n_periods,
                effect_growth=0.1,
                cohort_gap=0.2,
                cohorts=cohorts,
                random_state=2026,
            )
            path = Path(folder) / f"panel_{n_units}x{n_periods}.parquet"
            sim.data.to_parquet(path)
            base = None
            reps = args.reps if n_units < 50_000 else max(3, args.reps // 2)
            for library in libraries:
                run = subprocess.run(
                    [sys.executable, __file__, "--reps", str(reps), "--worker", library, str(path)],
                    capture_output=True,
                    text=True,
                    check=False,
                )
                label = f"{n_units}x{n_periods}"
                lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
                if run.returncode != 0 or not lines:
                    error = (run.stderr.strip().splitlines() or ["?"])[-1]
                    print(f"{label:>10} {library:>13} failed: {error}")
                    continue
                out = json.loads(lines[-1])
                if out["status"] != "ok":
                    print(f"{label:>10} {library:>13} {out['status']}")
                    continue
                base = base or out
                print(
                    f"{label:>10} {library:>13} {out['best']:9.4f} {out['median']:9.4f} "
                    f"{out['peak_mb']:8.0f} {out['best'] / base['best']:10.2f} "
                    f"{out['peak_mb'] / base['peak_mb']:9.2f}"
                )
    print("ratios: peer / evalkit (above 1 means evalkit is faster or lighter)")


if __name__ == "__main__":
    main()
