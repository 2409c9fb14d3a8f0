"""Build a :class:`~evalkit.design.Design` from the plan registry.

Treatment timing comes from :meth:`evalkit.plans.PlanRegistry.treatment_timing`; the treated
provinces, the rounds and the confounders' exposure from ``data/raw/plans/plans.csv``; the
comparison provinces from :mod:`evalkit.regions`. Nothing here names a plan year.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import pandas as pd

from evalkit.design.design import (
    EXCLUSION_COLUMNS,
    HANDLINGS,
    UNIT_COLUMNS,
    ConfounderPolicy,
    Design,
)
from evalkit.errors import ParameterError
from evalkit.plans import PlanRegistry
from evalkit.plans.outcomes import DEFAULT_OUTCOMES
from evalkit.plans.timing import programme_exposure
from evalkit.regions import EAST_CHINA

DEFAULT_PROGRAMME = "zj_growth_plan"
DEFAULT_YEARS = (2008, 2023)

# Per programme: the comparison pool rule, the confounders (treated, controls), how unknown
# members are handled and whether a county or district awardee treats its city.
PROGRAMMES: dict[str, dict[str, Any]] = {
    "zj_growth_plan": {
        "rule": "east_china",
        "confounders": (
            ConfounderPolicy("liangchuang_demo"),
            ConfounderPolicy("smf_finance_pilot"),
        ),
        "unknown_membership": "exclude",
        "map_districts": False,
    },
    "liangchuang_demo": {
        "rule": "national",
        "confounders": (
            ConfounderPolicy("zj_growth_plan"),
            ConfounderPolicy("city_growth_plan"),
            ConfounderPolicy("smf_finance_pilot"),
        ),
        "unknown_membership": "censor",
        "map_districts": False,
    },
    "city_growth_plan": {
        "rule": "same_province",
        "confounders": (
            ConfounderPolicy("liangchuang_demo"),
            ConfounderPolicy("smf_finance_pilot"),
        ),
        "unknown_membership": "exclude",
        "map_districts": True,
    },
}
RULES = {
    "east_china": "cities of the East China provinces (regions.EAST_CHINA) that the "
    "programme does not cover",
    "national": "every prefecture-level unit of the panel not treated",
    "same_province": "the other cities of the awardees' provinces",
}


def _awardee_provinces(registry: PlanRegistry, programme: str) -> tuple[str, ...]:
    rows = registry.plans.loc[registry.plans["programme"] == programme, "unit_code"]
    return tuple(sorted({str(code)[:2] + "0000" for code in rows}))


def _pool_provinces(registry: PlanRegistry, programme: str, rule: str, all_provinces):
    if rule == "east_china":
        return tuple(p for p in EAST_CHINA if p in all_provinces)
    if rule == "same_province":
        return _awardee_provinces(registry, programme)
    return tuple(sorted(all_provinces))


def _check(programme: str, registry: PlanRegistry, confounders, years) -> None:
    if programme not in PROGRAMMES:
        raise ParameterError(
            f"programme={programme!r} has no design; valid: {sorted(PROGRAMMES)} (plans.csv "
            "programmes with a comparison rule in evalkit.design.build.PROGRAMMES)"
        )
    unknown = sorted({c.programme for c in confounders} - set(registry.programmes))
    if unknown:
        raise ParameterError(
            f"confounder programme(s) {unknown} not in plans.csv; valid: {registry.programmes}"
        )
    for policy in confounders:
        for side in ("treated", "controls"):
            if getattr(policy, side) not in HANDLINGS:
                raise ParameterError(
                    f"confounder {policy.programme}: {side}={getattr(policy, side)!r}; valid: "
                    f"{list(HANDLINGS)}"
                )
    first, last = years
    if not first < last:
        raise ParameterError(f"years={years!r}: the first year must precede the last")


def build_design(
    programme: str = DEFAULT_PROGRAMME,
    *,
    registry: PlanRegistry | None = None,
    units: pd.DataFrame | None = None,
    years: tuple[int, int] = DEFAULT_YEARS,
    outcomes: Sequence[str] = DEFAULT_OUTCOMES,
    seed: int = 0,
    confounders: Sequence[ConfounderPolicy] | None = None,
    unknown_membership: str | None = None,
    map_districts: bool | None = None,
    drop_provinces: Sequence[str] = (),
) -> Design:
    """Build the design of ``programme`` from the plan registry.

    Parameters
    ----------
    programme : str
        ``zj_growth_plan`` (default), ``liangchuang_demo`` or ``city_growth_plan``.
    registry : PlanRegistry, optional
        Default :meth:`PlanRegistry.load`.
    units : pandas.DataFrame, optional
        ``unit_code, unit_name, province_code``; default the panel's units.
    years : (int, int)
        First and last sample year.
    outcomes : sequence of str
        Panel indicators.
    seed : int
        Seed of every random draw.
    confounders : sequence of ConfounderPolicy, optional
        Default: the programme's (:data:`PROGRAMMES`): exposed controls excluded, exposed
        treated units kept and flagged.
    unknown_membership : {"exclude", "control", "censor"}, optional
        Default: the programme's (``censor`` for 两创示范).
    map_districts : bool, optional
        Default: the programme's.
    drop_provinces : sequence of str
        Provinces removed from the pool (sensitivity).

    Returns
    -------
    Design

    Examples
    --------
    >>> design = build_design("zj_growth_plan")  # doctest: +SKIP
    >>> design.counts()["treated"], design.cohorts  # doctest: +SKIP
    (11, {2015: 11})
    """
    registry = PlanRegistry.load() if registry is None else registry
    defaults = PROGRAMMES.get(programme, {})
    confounders = tuple(defaults.get("confounders", ()) if confounders is None else confounders)
    years = (int(years[0]), int(years[1]))
    _check(programme, registry, confounders, years)
    unknown_membership = unknown_membership or defaults["unknown_membership"]
    map_districts = defaults["map_districts"] if map_districts is None else map_districts
    frame = registry.roster.panel_units if units is None else units
    frame = frame[["unit_code", "unit_name", "province_code"]].copy()
    rule = defaults["rule"]
    pool = _pool_provinces(registry, programme, rule, set(frame["province_code"]))
    pool = tuple(p for p in pool if p not in set(drop_provinces))
    frame = frame.loc[frame["province_code"].isin(pool)].reset_index(drop=True)
    window = range(years[0], years[1] + 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # every exclusion is listed by Design.describe()
        timing = registry.treatment_timing(
            programme, frame, window, map_districts=map_districts,
            unknown_membership=unknown_membership,
        )  # fmt: skip
    table = frame.merge(timing.timing.drop(columns="unit_name"), on="unit_code")
    if "censored_from" not in table.columns:
        table["censored_from"] = 0
    exclusions = timing.exclusions[["unit_code", "unit_name", "reason", "detail"]].copy()
    table["role"] = table["status"].map({"treated": "treated", "never_treated": "control"})
    table["flags"] = ""
    covariates = pd.DataFrame()
    dropped: list[dict] = []
    for policy in confounders:
        exposure = programme_exposure(registry, policy.programme, frame, years[1])
        if programme == policy.programme:
            continue
        for row in table.itertuples():
            if row.unit_code not in exposure.index or row.role not in ("treated", "control"):
                continue
            handling = policy.treated if row.role == "treated" else policy.controls
            first = int(exposure.loc[row.unit_code, "first_year"])
            detail = f"{policy.programme} from {first} ({exposure.loc[row.unit_code, 'plan_ids']})"
            if handling == "exclude":
                reason = f"confounder ({row.role})"
                dropped.append(
                    {"unit_code": row.unit_code, "unit_name": row.unit_name, "reason": reason,
                     "detail": detail}
                )  # fmt: skip
            elif row.role == "treated" or handling == "covariate":
                table.loc[row.Index, "flags"] = ";".join(
                    f for f in (row.flags, policy.programme) if f
                )
        if "covariate" in (policy.treated, policy.controls):
            grid = pd.MultiIndex.from_product(
                [frame["unit_code"], window], names=["unit_code", "year"]
            )
            block = grid.to_frame(index=False)
            start = block["unit_code"].map(exposure["first_year"])
            role = block["unit_code"].map(table.set_index("unit_code")["role"])
            side = role.map({"treated": policy.treated, "control": policy.controls})
            block[f"{policy.programme}_active"] = (
                (block["year"] >= start) & side.eq("covariate")
            ).astype("int64")
            covariates = (
                block if covariates.empty else covariates.merge(block, on=["unit_code", "year"])
            )
    if dropped:
        exclusions = pd.concat([exclusions, pd.DataFrame(dropped)], ignore_index=True)
    excluded = set(exclusions["unit_code"])
    table.loc[table["unit_code"].isin(excluded), "role"] = None
    units_table = table.loc[table["role"].notna(), UNIT_COLUMNS].reset_index(drop=True)
    units_table["censored_from"] = units_table["censored_from"].astype("int64")
    rounds = registry.plans.loc[
        (registry.plans["programme"] == programme),
        ["plan_id", "round", "period_start", "period_end"],
    ]
    rounds = rounds.drop_duplicates(["round"]).sort_values("period_start", ignore_index=True)
    return Design(
        programme=programme,
        years=years,
        outcomes=tuple(outcomes),
        seed=int(seed),
        comparison_rule=rule,
        pool_provinces=pool,
        confounders=confounders,
        unknown_membership=unknown_membership,
        map_districts=bool(map_districts),
        dropped_provinces=tuple(drop_provinces),
        units=units_table,
        exclusions=exclusions[EXCLUSION_COLUMNS].reset_index(drop=True),
        covariates=covariates,
        rounds=rounds,
        registry=registry,
        roster=None if units is None else units.copy(),
    )


def design_variant(design: Design, **changes: Any) -> Design:
    """Return ``design`` rebuilt from the same registry and units with some settings changed.

    Parameters
    ----------
    design : Design
        A design made by :func:`build_design`.
    **changes
        Keyword arguments of :func:`build_design` to change (``confounders``, ``years``, ...).

    Examples
    --------
    >>> design = build_design("zj_growth_plan")  # doctest: +SKIP
    >>> design_variant(design, confounders=()).counts()["controls"]  # doctest: +SKIP
    51
    """
    settings = {**design.settings(), **changes}
    return build_design(design.programme, registry=design.registry, **settings)
