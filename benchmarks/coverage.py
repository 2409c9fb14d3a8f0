"""Coverage of 95% intervals and RI size on simulated panels shaped like the evaluation data.

Run: .venv/bin/python benchmarks/coverage.py [reps]      (default 1,000 panels per design)

Designs
- "staggered 60x13": 60 units, 13 years, two cohorts (2005, 2009) and never-treated units,
  constant effect 1 (every estimator targets 1), i.i.d. errors, clustered by unit.
- "Zhejiang-like 11/62": 62 units in 6 provinces, the 11 units of one province treated from
  year 8 of 11, effect 1, with province-by-year shocks (sd 0.5) on top of unit noise (sd 1):
  clustering by province is needed, and there are only 6 clusters, one treated.

Methods: CS analytic (unit-clustered influence-function SE, normal), CS multiplier bootstrap
(199 draws), TWFE CRV1 (t with G-1 df) and TWFE restricted wild cluster bootstrap (Rademacher,
enumerated when G <= 12; coverage by test inversion = share of panels where the bootstrap
p-value at the true effect exceeds 5%), and the rejection rate of randomization inference
(199 permutations of adoption timing across units) on panels with no effect. In the
Zhejiang-like design also the between-province t-test (the method the reports recommend
there) and randomization inference permuting provinces (all 6 assignments, exact, smallest
p-value 1/6, so it never rejects at 5%).

Stressed Zhejiang-like designs (``stress_table``): the same 11/62 design with one assumption
of the between-province t-test broken at a time (``STRESS_CONDITIONS``; options of
:func:`evalkit.simulate.simulate_province_rollout`): the treated province's shocks 3x the
others' sd; one comparison province's shocks 3x (the largest, 17 cities); a one-city treated
province (Shanghai-like; the base design already has a one-city comparison province); t(3)
shocks and city noise (same sds); AR(1) 0.5 city noise; city effects with sd 1 around the
effect 1 (centred, so the treated cities' average effect, the target, is exactly 1). Methods:
the between-province t-test, the gap t-test (treated-minus-comparison yearly gap, variance
from the pre-period years), the diagnosed choice (the gap t-test when
:func:`evalkit.inference.stress.condition_diagnostics` finds larger treated shocks, else the
between-province test), TWFE CRV1 by province and by city, the restricted wild cluster
bootstrap by province (coverage by test inversion, width of the inverted interval), and
randomization inference permuting provinces at the true effect (all 6 assignments: it cannot
reject, so its interval is the whole line). Reported: coverage of the 95% interval with its
Monte Carlo SE, mean interval width, and how often each diagnostic fires.
"""

from __future__ import annotations

import os
import sys
import time

import numpy as np
import pandas as pd

from evalkit.did import aggte, att_gt, twfe
from evalkit.inference.aggregated import aggregated_t_test
from evalkit.inference.gap import gap_t_test
from evalkit.inference.randomization import randomization_test
from evalkit.inference.stress import FALLBACK, condition_diagnostics
from evalkit.inference.wild_bootstrap import twfe_wild_bootstrap
from evalkit.simulate import simulate_province_rollout, simulate_staggered_panel

ALPHA = 0.05
Z = 1.959963984540054
TARGET = (0.93, 0.97)
# what the reports use in each design: CS (and the TWFE wild bootstrap) when units are the
# clusters; the between-province t-test when one province of six is treated
RECOMMENDED = {
    "staggered 60x13": ("CS analytic", "TWFE WCR (unit)"),
    "Zhejiang-like 11/62": ("aggregated t (province)",),
}
STRESS_CONDITIONS = {
    "base": {},
    "treated shocks 3x": {"shock_scale": (3, 1, 1, 1, 1, 1)},
    "comparison shocks 3x": {"shock_scale": (1, 1, 3, 1, 1, 1)},
    "one-city treated": {"sizes": (1, 13, 17, 9, 11, 11)},
    "t(3) tails": {"tails_df": 3},
    "AR(1) 0.5 noise": {"noise_ar1": 0.5},
    "city effects sd 1": {"effect_sd": 1.0},
}
STRESS_RECOMMENDED = "aggregated t (province)"


def staggered_panel(effect: float, seed: int) -> tuple[pd.DataFrame, str]:
    """60 units x 13 years, cohorts 2005 and 2009 plus never treated; clusters = units."""
    sim = simulate_staggered_panel(
        n_units=60, n_periods=13, cohorts=[2005, 2009], effect=effect, random_state=seed
    )
    return sim.data, "unit"


def zhejiang_like_panel(effect: float, seed: int) -> tuple[pd.DataFrame, str]:
    """62 units in 6 provinces (11 treated units in province 0), province-year shocks."""
    return simulate_province_rollout(effect=effect, random_state=seed), "province"


def one_panel(design, seed: int) -> dict[str, float]:
    """Return coverage indicators (effect 1) and the RI rejection (effect 0) for one seed."""
    data, cluster = design(1.0, seed)
    out: dict[str, float] = {}
    result = att_gt(data, "y", "year", "unit", "first_treated")
    simple = aggte(result, "simple")
    out["CS analytic"] = abs(simple.overall_att - 1.0) <= Z * simple.overall_se
    boot = aggte(result, "simple", bstrap=True, biters=199, random_state=seed)
    out["CS bootstrap"] = abs(boot.overall_att - 1.0) <= Z * boot.overall_se
    fit = twfe(data, "y", "year", "unit", "first_treated", clustervars=cluster)
    row = fit.tidy(alpha=ALPHA).iloc[0]
    out[f"TWFE CRV1 ({cluster})"] = row.conf_low <= 1.0 <= row.conf_high
    wild = twfe_wild_bootstrap(
        data,
        "y",
        "year",
        "unit",
        "first_treated",
        cluster,
        null=1.0,
        n_draws=399,
        conf_int=False,
        random_state=seed,
    )
    out[f"TWFE WCR ({cluster})"] = wild.p_value > ALPHA
    null_data, _ = design(0.0, seed + 10**6)
    ri = randomization_test(
        null_data, "y", "year", "unit", "first_treated", n_permutations=199, random_state=seed
    )
    out["RI rejection (null), permute units"] = ri.p_value <= ALPHA
    if cluster != "unit":
        between = aggregated_t_test(data, "y", "year", "unit", "first_treated", cluster)
        out[f"aggregated t ({cluster})"] = between.conf_low <= 1.0 <= between.conf_high
        ri = randomization_test(
            null_data, "y", "year", "unit", "first_treated", clustervars=cluster
        )
        out[f"RI rejection (null), permute {cluster}s"] = ri.p_value <= ALPHA
    return out


def coverage_table(reps: int, seed: int = 0) -> pd.DataFrame:
    """Return coverage (and RI rejection) by design and method over ``reps`` panels each."""
    rows = []
    for name, design in (
        ("staggered 60x13", staggered_panel),
        ("Zhejiang-like 11/62", zhejiang_like_panel),
    ):
        results = pd.DataFrame([one_panel(design, seed + rep) for rep in range(reps)])
        for method, values in results.items():
            share = float(values.mean())
            rows.append(
                {
                    "design": name,
                    "method": method,
                    "rate": share,
                    "mc_se": float(np.sqrt(max(share * (1 - share), 1e-12) / reps)),
                    "reps": reps,
                }
            )
    return pd.DataFrame(rows)


def stressed_panel(condition: str, seed: int) -> dict[str, float]:
    """Return coverage, interval width and diagnostics of every method for one stressed panel."""
    data = simulate_province_rollout(effect=1.0, random_state=seed, **STRESS_CONDITIONS[condition])
    args = (data, "y", "year", "unit", "first_treated")
    out: dict[str, float] = {}

    def record(method: str, low: float, high: float, covers: bool | None = None) -> None:
        out[f"cover|{method}"] = float(low <= 1.0 <= high if covers is None else covers)
        out[f"width|{method}"] = high - low

    between = aggregated_t_test(*args, "province")
    record(STRESS_RECOMMENDED, between.conf_low, between.conf_high)
    gap = gap_t_test(*args)
    record(FALLBACK, gap.conf_low, gap.conf_high)
    diagnostics = condition_diagnostics(*args, "province", n_draws=199, random_state=seed)
    chosen = gap if diagnostics.method == FALLBACK else between
    record("diagnosed choice", chosen.conf_low, chosen.conf_high)
    for level, name in (("province", "province"), ("unit", "city")):
        row = twfe(*args, clustervars=level).tidy(alpha=ALPHA).iloc[0]
        record(f"TWFE CRV1 ({name})", row.conf_low, row.conf_high)
    wild = twfe_wild_bootstrap(*args, "province", null=1.0, n_draws=399, random_state=seed)
    record("TWFE WCR (province)", wild.conf_low, wild.conf_high, covers=wild.p_value > ALPHA)
    shifted = data.assign(y=data.y - ((data.first_treated > 0) & (data.year >= data.first_treated)))
    ri = randomization_test(shifted, "y", "year", "unit", "first_treated", clustervars="province")
    covers = ri.p_value > ALPHA
    record("RI (province)", -np.inf if ri.min_p_value > ALPHA else np.nan, np.inf, covers)
    for row in diagnostics.tidy().itertuples():
        out[f"detect|{row.condition}"] = float(row.detected)
    return out


def stress_table(
    reps: int, seed: int = 0, conditions: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """Return coverage, mean width and detection rates by condition over ``reps`` panels each.

    Columns: ``condition, kind`` (``cover``, ``width`` or ``detect``), ``method`` (or the
    diagnostic), ``rate`` (mean), ``mc_se`` (its Monte Carlo SE) and ``reps``.
    """
    rows = []
    for condition in conditions or tuple(STRESS_CONDITIONS):
        results = pd.DataFrame([stressed_panel(condition, seed + rep) for rep in range(reps)])
        for column, values in results.items():
            kind, method = column.split("|", 1)
            finite = np.isfinite(values)
            mean = float(values.mean()) if finite.all() else float("inf")
            spread = float(values.std(ddof=1)) if finite.all() and reps > 1 else float("nan")
            rows.append(
                {
                    "condition": condition,
                    "kind": kind,
                    "method": method,
                    "rate": mean,
                    "mc_se": spread / np.sqrt(reps),
                    "reps": reps,
                }
            )
    return pd.DataFrame(rows)


def _cells(table: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Return a method x condition frame of ``rate (mc_se)`` strings."""
    part = table[table["kind"] == kind]
    text = part.apply(
        lambda r: f"{r.rate:.3f} ({r.mc_se:.3f})" if np.isfinite(r.rate) else "inf", axis=1
    )
    frame = part.assign(text=text).pivot(index="method", columns="condition", values="text")
    return frame.reindex(
        index=list(dict.fromkeys(part["method"])), columns=list(dict.fromkeys(part["condition"]))
    )


def print_stress(table: pd.DataFrame, reps: int) -> None:
    """Print the coverage, width and detection tables and the verdict on the recommended test."""
    print(f"\nstressed Zhejiang-like designs, {reps} panels per condition (Monte Carlo SE)")
    for kind, title in (
        ("cover", "coverage of 95% intervals"),
        ("width", "mean interval width"),
        ("detect", "share of panels where condition_diagnostics flags the condition"),
    ):
        print(f"\n{title}")
        print(_cells(table, kind).to_string())
    cover = table[table["kind"] == "cover"].set_index(["condition", "method"])["rate"]
    width = table[table["kind"] == "width"].set_index(["condition", "method"])["rate"]
    for condition in dict.fromkeys(table["condition"]):
        rate = cover[(condition, STRESS_RECOMMENDED)]
        verdict = "inside" if TARGET[0] <= rate <= TARGET[1] else "OUTSIDE"
        holding = [
            f"{method} {value:.3f} (width {width[(cond, method)]:.2f})"
            for (cond, method), value in cover.items()
            if cond == condition and value >= TARGET[0] and np.isfinite(width[(cond, method)])
        ]
        print(
            f"{condition}: {STRESS_RECOMMENDED} covers {rate:.3f}, {verdict} "
            f"{TARGET[0]:.0%}-{TARGET[1]:.0%}; at least {TARGET[0]:.0%} there: "
            f"{', '.join(holding) or 'none'}"
        )


def main() -> None:
    reps = (
        int(sys.argv[1])
        if len(sys.argv) > 1
        else int(os.environ.get("EVALKIT_COVERAGE_REPS", 1000))
    )
    start = time.perf_counter()
    stressed = stress_table(reps)
    print_stress(stressed, reps)
    print(f"{time.perf_counter() - start:.0f} s\n")
    start = time.perf_counter()
    table = coverage_table(reps)
    elapsed = time.perf_counter() - start
    print(
        f"coverage of 95% intervals (RI: rejection rate at 5% under the null), "
        f"{reps} panels per design"
    )
    print(
        table.pivot(index="method", columns="design", values="rate").to_string(
            float_format=lambda v: f"{v:.3f}"
        )
    )
    print(f"Monte Carlo SE at 95%: {np.sqrt(0.95 * 0.05 / reps):.3f}; {elapsed:.0f} s")
    rate = table.set_index(["design", "method"])["rate"]
    for design, methods in RECOMMENDED.items():
        for method in methods:
            inside = TARGET[0] <= rate[(design, method)] <= TARGET[1]
            verdict = "inside" if inside else "OUTSIDE"
            print(
                f"recommended in {design}: {method} {rate[(design, method)]:.3f}, {verdict} "
                f"the {TARGET[0]:.0%}-{TARGET[1]:.0%} target"
            )


if __name__ == "__main__":
    main()
