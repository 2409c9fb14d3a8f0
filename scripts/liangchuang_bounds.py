"""两创示范: bounds over the unknown batch-2 members, province-by-year FE, tier-matched ATT.

Run: ``python scripts/liangchuang_bounds.py`` (reads the processed panel and the registry).

Design (stated here because the Design object of issue 13 is built elsewhere):

- Treatment: ``liangchuang_demo`` rows of the registry; districts treat their city (浦东 ->
  上海, 九龙坡 -> 重庆, 昌平 -> 北京; 昌平 counts as confirmed, PROVENANCE.md); cohorts are
  the rows' ``period_start`` years.
- Unknown batch-2 members: the ``incomplete-batch`` rows (one per province that held none after
  batch 1, and 大连). Slots = batch size - known batch-2 members, with the batch size = 30
  units in all (PROVENANCE.md, MOF 2018-07-26) minus the batch-1 rows.
- Confounders (Zhejiang growth plans, 台州's finance pilot): never-treated exposed units are
  dropped; treated exposed units (杭州, 宁波) stay.
- (a) sample: candidate units are controls up to the year before batch 2, their later years
  dropped; the TWFE, province-by-year and tier-matched rows use it.
- (b) bounds: candidate units are kept in every year; an assignment makes the chosen ones
  batch-2 members and the rest never-treated controls. Balanced panel of each outcome's window.
"""

from __future__ import annotations

import itertools
import random
import time
import warnings

import numpy as np
import pandas as pd

from evalkit import panel
from evalkit.did import aggte, att_gt, membership_bounds, tier_matched, twfe
from evalkit.panel.tiers import unit_tiers
from evalkit.plans import PlanRegistry, treatment_timing

PROGRAMME = "liangchuang_demo"
UNITS_IN_ALL_BATCHES = 30  # PROVENANCE.md: "two batches, 30 units in all" (MOF, 2018-07-26)
CONFOUNDERS = ("zj_growth_plan", "city_growth_plan", "smf_finance_pilot")
OUTCOMES = ("night_lights", "urban_individual_workers", "loans", "va_secondary")
FIRST_YEAR = 2010  # sample start: five pre-years before batch 1
MIN_COVERAGE = 0.8  # an outcome's last year: the last with >= 80% of units observed


def registry_design(registry: PlanRegistry, units: pd.DataFrame, years: range):
    """Return timing, dropped controls, candidate groups, cohort year, batch size, known count."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        timing = treatment_timing(
            registry,
            PROGRAMME,
            units,
            years,
            map_districts=True,
            treat_inferred=True,
            unknown_membership="control",
        )
        confounded = treatment_timing(
            registry,
            PROGRAMME,
            units,
            years,
            map_districts=True,
            treat_inferred=True,
            unknown_membership="control",
            confounders=CONFOUNDERS,
        ).exclusions
    first = timing.timing.set_index("unit_code")["first_treated_year"]
    confounded = set(confounded.loc[confounded["reason"] == "confounder", "unit_code"])
    drop = {code for code in confounded if first[code] == 0}
    links = registry.unit_plans(units, programme=PROGRAMME)
    unknown = links.loc[links["membership"].eq("incomplete-batch")]
    unknown = unknown.loc[
        ~unknown["unit_code"].isin(first.index[first > 0]) & ~unknown["unit_code"].isin(drop)
    ]
    candidates = dict(zip(unknown["unit_code"], unknown["awardee_name"], strict=True))
    rows = registry.plans.loc[registry.plans["programme"] == PROGRAMME]
    batch = unknown["round"].iloc[0]
    cohort = int(unknown["period_start"].iloc[0])
    batch_size = UNITS_IN_ALL_BATCHES - int((rows["round"] != batch).sum())
    known = rows.loc[(rows["round"] == batch) & rows["membership"].isin(["confirmed", "inferred"])]
    return first, drop, candidates, cohort, batch_size, len(known), sorted(drop)


def outcome_years(wide: pd.DataFrame, column: str) -> range:
    """Return the outcome's window: FIRST_YEAR to its last year with MIN_COVERAGE of units."""
    share = wide.groupby("year")[column].count() / wide["unit_code"].nunique()
    last = int(share.index[share >= MIN_COVERAGE].max())
    return range(FIRST_YEAR, last + 1)


def main() -> None:
    """Print the design counts and, per outcome, the bounds and the (a), (c), (d) estimates."""
    registry = PlanRegistry.load()
    data = panel.load()
    units = data.units
    wide = data.wide(list(OUTCOMES), log=True)
    tiers = unit_tiers(units).set_index("unit_code")
    first, drop, candidates, cohort, batch_size, n_known, _ = registry_design(
        registry, units, range(FIRST_YEAR, 2024)
    )
    slots = batch_size - n_known
    groups = pd.Series(candidates).value_counts()
    print(
        f"{PROGRAMME}: batch of {batch_size} joining in {cohort}; {n_known} known members, "
        f"{slots} unknown slots; {len(candidates)} candidate units in {len(groups)} groups "
        f"(sizes {sorted(groups.tolist(), reverse=True)}); {len(drop)} confounded controls "
        "dropped"
    )
    awardees = tiers.loc[first.index[first > 0]]
    batch1 = awardees.loc[first[first > 0] < cohort]
    print(
        f"batch-1 panel units: {len(batch1)}, of which major cities (municipality, capital or "
        f"sub-provincial): {int(batch1['major_city'].sum())}; non-municipal: "
        f"{int((batch1['tier'] != 'municipality').sum())}, capitals or sub-provincial among "
        f"them: {int(batch1['tier'].isin(['provincial_capital', 'sub_provincial']).sum())}"
    )

    long = wide.assign(first_treated_year=wide["unit_code"].map(first))
    long = long.loc[~long["unit_code"].isin(drop)]
    long["province_code"] = long["unit_code"].map(units.set_index("unit_code")["province_code"])
    long["major_city"] = long["unit_code"].map(tiers["major_city"])
    rows = []
    for outcome in OUTCOMES:
        y = f"log_{outcome}"
        years = outcome_years(wide, y)
        sample = long.loc[long["year"].between(years[0], years[-1])].dropna(subset=[y])
        # (b) bounds on the balanced panel
        complete = sample.groupby("unit_code")["year"].nunique() == len(years)
        balanced = sample.loc[sample["unit_code"].isin(complete.index[complete])]
        in_sample = {u: g for u, g in candidates.items() if u in set(balanced["unit_code"])}
        args = (balanced, y, "year", "unit_code", "first_treated_year")
        bounds = membership_bounds(*args, candidates=in_sample, cohort=cohort, max_members=slots)
        full = membership_bounds(
            *args, candidates=in_sample, cohort=cohort, min_members=slots, max_members=slots
        )
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
        # (a) sample: candidates observed only before the unknown cohort's year
        design_a = sample.loc[~sample["unit_code"].isin(candidates) | (sample["year"] < cohort)]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cs = aggte(
                att_gt(
                    design_a,
                    y,
                    "year",
                    "unit_code",
                    "first_treated_year",
                    allow_unbalanced_panel=True,
                )
            )
            fe_year = twfe(design_a, y, "year", "unit_code", "first_treated_year")
            fe_prov = twfe(
                design_a, y, "year", "unit_code", "first_treated_year", time_fe_by="province_code"
            )
            fe_prov_cl = twfe(
                design_a,
                y,
                "year",
                "unit_code",
                "first_treated_year",
                time_fe_by="province_code",
                clustervars="province_code",
            )
            matched = tier_matched(
                design_a,
                y,
                "year",
                "unit_code",
                "first_treated_year",
                tiername="major_city",
                allow_unbalanced_panel=True,
            )
        n_treated = design_a.loc[design_a["first_treated_year"] > 0, "unit_code"].nunique()
        n_controls = design_a.loc[design_a["first_treated_year"] == 0, "unit_code"].nunique()
        print(f"\n== {y}, {years[0]}-{years[-1]} ==")
        print(
            f"(b) bounds, balanced panel of {balanced['unit_code'].nunique()} units "
            f"({len(in_sample)} candidates in {len(set(in_sample.values()))} groups): "
            f"CS simple ATT in [{bounds.lower:.4f}, {bounds.upper:.4f}] over "
            f"{bounds.n_assignments:,} admissible assignments (0-{slots} filled), "
            f"{bounds.seconds:.3f} s; all {slots} filled: [{full.lower:.4f}, {full.upper:.4f}] "
            f"over {full.n_assignments:,}"
        )
        print(
            f"    argmin fills {len(bounds.lower_members)} slots, argmax "
            f"{len(bounds.upper_members)}; att_gt+aggte refit of both: max |gap| "
            f"{refit_gap:.1e}; {inside}"
        )
        print(f"    {brute}")
        print(
            f"(a) CS simple ATT {cs.overall_att:.4f} (SE {cs.overall_se:.4f}); "
            f"{n_treated} treated / {n_controls} controls"
        )
        print(
            f"(c) TWFE year FE {fe_year.estimate:.4f} (SE {fe_year.std_error:.4f}); "
            f"province x year FE {fe_prov.estimate:.4f} (SE unit-clustered "
            f"{fe_prov.std_error:.4f}, province-clustered {fe_prov_cl.std_error:.4f}, "
            f"{fe_prov_cl.n_clusters} provinces)"
        )
        print(
            f"(d) tier-matched CS ATT {matched.estimate:.4f} (SE {matched.std_error:.4f}): "
            + "; ".join(
                f"major_city={r.tier}: {r.estimate:.4f} (SE {r.std_error:.4f}, "
                f"{r.n_treated}/{r.n_controls})"
                for r in matched.by_tier.itertuples()
            )
        )
        rows.append(
            {
                "outcome": y,
                "lower": bounds.lower,
                "upper": bounds.upper,
                "assignments": bounds.n_assignments,
                "seconds": bounds.seconds,
                "cs": cs.overall_att,
                "twfe_year": fe_year.estimate,
                "twfe_province_year": fe_prov.estimate,
                "tier_matched": matched.estimate,
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
