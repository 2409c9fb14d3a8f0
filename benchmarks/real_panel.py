"""Callaway-Sant'Anna on the real East China panel: warm time per ``att_gt`` + ``aggte``.

Target (issue 5): under 10 ms per call pair on the ~62-city, 11-year panel, because the
reports call it thousands of times (randomization inference, placebos, per-outcome runs).

Run: ``.venv/bin/python benchmarks/real_panel.py``
"""

from __future__ import annotations

import time
import warnings

from evalkit.design import rollout_sample
from evalkit.did import aggte, att_gt
from evalkit.panel import load

REPEATS = 200


def main() -> None:
    """Print best and median warm times for each outcome."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sample = rollout_sample(load(), ["urban_individual_workers", "night_lights"])
    for outcome in ("log_urban_individual_workers", "log_night_lights"):
        frame = sample.dropna(subset=[outcome])

        def fit(frame=frame, outcome=outcome):
            result = att_gt(
                frame,
                outcome,
                "year",
                "unit_code",
                "first_treated_year",
                allow_unbalanced_panel=True,
            )
            return aggte(result, type="dynamic")

        fit()  # warm up
        times = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            fit()
            times.append(time.perf_counter() - started)
        times.sort()
        units = frame["unit_code"].nunique()
        print(
            f"{outcome:30s} {units} cities x {frame['year'].nunique()} years: "
            f"best {times[0] * 1e3:.2f} ms, median {times[len(times) // 2] * 1e3:.2f} ms "
            f"per att_gt+aggte (target < 10 ms)"
        )


if __name__ == "__main__":
    main()
