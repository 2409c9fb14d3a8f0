"""两创示范: bounds over the unknown batch-2 members, province-by-year FE, tier-matched ATT.

Run: ``python scripts/liangchuang_bounds.py`` (reads the processed panel and the registry).

Everything is computed on the Design's sample (``build_design("liangchuang_demo")``), the one
the ``liangchuang_did`` report uses, through :mod:`evalkit.report.liangchuang`: the same
treated, control and censored counts everywhere.

- (a) the design's sample: candidate units (unknown batch-2 membership) are controls up to the
  year before batch 2, their later years dropped; CS simple ATT.
- (b) bounds: the same units, candidates kept in every year; an assignment makes the chosen
  ones batch-2 members and the rest never-treated controls. Balanced panel of each outcome.
  Checked here against att_gt + aggte refits (the argmin/argmax, random assignments, and a
  brute-force enumeration over the smallest groups).
- (c) province-by-year FE TWFE, clustered by province; (d) tier-matched CS ATT.
"""

from __future__ import annotations

import itertools
import random
import time
import warnings

import numpy as np
import pandas as pd

from evalkit import panel
from evalkit.design import build_design, outcome_column
from evalkit.did import aggte, att_gt, membership_bounds
from evalkit.panel.tiers import unit_tiers
from evalkit.report.liangchuang import bounds_panels, design_variants

PROGRAMME = "liangchuang_demo"


def main() -> None:
    """Print the design counts and, per outcome, the bounds and the (a), (c), (d) estimates."""
    data = panel.load()
    design = build_design(PROGRAMME)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sample = design.sample(data)
    print(f"{PROGRAMME} design: {design.counts()}")
    tiers = unit_tiers(data.units).set_index("unit_code")["major_city"]
    panels, cohort, slots = bounds_panels(design, data, design.outcomes)
    rows = []
    for outcome, (balanced, in_sample) in panels.items():
        y = outcome_column(outcome)
        args = (balanced, y, "year", "unit_code", "first_treated_year")
        start = time.perf_counter()
        bounds = membership_bounds(*args, candidates=in_sample, cohort=cohort, max_members=slots)
        seconds = time.perf_counter() - start  # printed here, never stored in a result
        refit_gap = 0.0
        for value, members in (
            (bounds.lower, bounds.lower_members),
            (bounds.upper, bounds.upper_members),
        ):
            assigned = balanced.copy()
            assigned.loc[assigned["unit_code"].isin(members), "first_treated_year"] = cohort
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                refit = aggte(att_gt(assigned, y, "year", "unit_code", "first_treated_year"))
            refit_gap = max(refit_gap, abs(refit.overall_att - value))
        inside = _random_assignments_inside(balanced, y, in_sample, cohort, slots, bounds)
        brute = _brute_force_small_groups(balanced, y, in_sample, cohort)
        variants = design_variants(sample, outcome, tiers).set_index("variant")
        print(f"\n== {y} ==")
        print(
            f"(b) bounds, balanced panel of {balanced['unit_code'].nunique()} units "
            f"({len(in_sample)} candidates in {len(set(in_sample.values()))} groups, {slots} "
            f"slots): CS simple ATT in [{bounds.lower:.4f}, {bounds.upper:.4f}] over "
            f"{bounds.n_assignments:,} admissible assignments, {seconds:.3f} s"
        )
        print(
            f"    argmin fills {len(bounds.lower_members)} slots, argmax "
            f"{len(bounds.upper_members)}; att_gt+aggte refit of both: max |gap| "
            f"{refit_gap:.1e}; {inside}"
        )
        print(f"    {brute}")
        for name, row in variants.iterrows():
            print(
                f"{name}: {row['estimate']:.4f} (SE {row['std_error']:.4f}, p "
                f"{row['p_value']:.4f}); {row['n_treated']} treated / {row['n_control']} controls"
            )
        rows.append(
            {
                "outcome": outcome,
                "lower": bounds.lower,
                "upper": bounds.upper,
                "assignments": bounds.n_assignments,
                "seconds": seconds,
                **variants["estimate"].to_dict(),
            }
        )
    print()
    print(pd.DataFrame(rows).to_string(index=False, float_format=lambda v: f"{v:.4f}"))


def _random_assignments_inside(
    frame, y, candidates, cohort, slots, bounds, draws: int = 200
) -> str:
    """Refit a few random admissible assignments and check they fall inside the bounds."""
    rng = random.Random(0)
    groups: dict[str, list[str]] = {}
    for unit, group in candidates.items():
        groups.setdefault(group, []).append(unit)
    values = []
    start = time.perf_counter()
    for _ in range(draws):
        k = rng.randint(0, min(slots, len(groups)))
        members = [rng.choice(groups[g]) for g in rng.sample(sorted(groups), k)]
        assigned = frame.copy()
        assigned.loc[assigned["unit_code"].isin(members), "first_treated_year"] = cohort
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            values.append(
                aggte(att_gt(assigned, y, "year", "unit_code", "first_treated_year")).overall_att
            )
    ok = all(bounds.lower - 1e-12 <= v <= bounds.upper + 1e-12 for v in values)
    return (
        f"{draws} random assignments refit in {time.perf_counter() - start:.2f} s: "
        f"{'all inside' if ok else 'NOT ALL INSIDE'} (range {min(values):.4f}..{max(values):.4f})"
    )


def _brute_force_small_groups(frame, y, candidates, cohort, n_groups: int = 5) -> str:
    """Enumerate every assignment over the smallest groups, refitting att_gt + aggte each time.

    The other candidates are held as never-treated controls; slots = ``n_groups``.
    """
    sizes = pd.Series(candidates).value_counts(ascending=True)
    chosen = set(sizes.index[:n_groups])
    small = {u: g for u, g in candidates.items() if g in chosen}
    bounds = membership_bounds(
        frame,
        y,
        "year",
        "unit_code",
        "first_treated_year",
        candidates=small,
        cohort=cohort,
        max_members=n_groups,
    )
    groups: dict[str, list[str]] = {}
    for unit, group in small.items():
        groups.setdefault(group, []).append(unit)
    values = []
    start = time.perf_counter()
    for k in range(n_groups + 1):
        for picked in itertools.combinations(sorted(groups), k):
            for members in itertools.product(*(groups[g] for g in picked)):
                assigned = frame.copy()
                assigned.loc[assigned["unit_code"].isin(members), "first_treated_year"] = cohort
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    fit = att_gt(assigned, y, "year", "unit_code", "first_treated_year")
                    values.append(aggte(fit).overall_att)
    gap = max(abs(bounds.lower - min(values)), abs(bounds.upper - max(values)))
    return (
        f"brute force over the {n_groups} smallest groups ({', '.join(sorted(groups))}; "
        f"sizes {sorted(len(v) for v in groups.values())}): {len(values)} assignments "
        f"(counted: {bounds.n_assignments}) refit by att_gt+aggte in "
        f"{time.perf_counter() - start:.1f} s, bounds [{min(values):.4f}, {max(values):.4f}]"
        f", max |gap| to the exact method {gap:.1e}"
    )


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
