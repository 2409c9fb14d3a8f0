"""The evaluation design: one frozen object that says who is compared with whom, and when.

A :class:`Design` is built from the plan registry by :func:`evalkit.design.build_design`; it
carries the programme, the treated units and their cohorts, the comparison pool rule, the
confounder policy for each confounding programme (separately for treated units and controls),
the years, the outcomes and the seed. Every report takes one, prints :meth:`Design.describe`
and stores :meth:`Design.to_dict` in its results.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from evalkit.design.outcomes import outcome_column, outcome_frame

if TYPE_CHECKING:
    from evalkit.panel import Panel
    from evalkit.plans import PlanRegistry

Handling = Literal["exclude", "covariate", "keep"]
HANDLINGS = ("exclude", "covariate", "keep")
UNIT_COLUMNS = [
    "unit_code", "unit_name", "province_code", "first_treated_year", "role", "flags",
    "censored_from",
]  # fmt: skip
EXCLUSION_COLUMNS = ["unit_code", "unit_name", "reason", "detail"]


@dataclass(frozen=True)
class ConfounderPolicy:
    """What a design does with units exposed to a confounding programme.

    Parameters
    ----------
    programme : str
        The confounding programme (a ``programme`` of ``plans.csv``).
    treated, controls : {"exclude", "covariate", "keep"}
        For exposed treated units and exposed controls: drop them, keep them with a 0/1
        ``<programme>_active`` column, or keep them (treated units kept are flagged).

    Examples
    --------
    >>> ConfounderPolicy("smf_finance_pilot").controls
    'exclude'
    """

    programme: str
    treated: Handling = "keep"
    controls: Handling = "exclude"


@dataclass(frozen=True, eq=False)
class Design:
    """A resolved evaluation design (build it with :func:`evalkit.design.build_design`).

    Attributes
    ----------
    programme : str
        The programme that defines treatment.
    years : (int, int)
        First and last sample year; outcomes that end earlier end there.
    outcomes : tuple of str
        Panel indicators the design evaluates.
    seed : int
        Seed of every random draw (bootstrap, permutations, placebos).
    comparison_rule : str
        The comparison pool rule (``east_china``, ``national`` or ``same_province``).
    pool_provinces : tuple of str
        Provinces whose units enter the design (treated or control).
    confounders : tuple of ConfounderPolicy
        The confounder policy per confounding programme.
    unknown_membership : str
        ``exclude``, ``control`` or ``censor`` (controls until the unknown batch's onset).
    map_districts : bool
        A county or district awardee treats its city.
    dropped_provinces : tuple of str
        Provinces removed from the pool (a sensitivity choice).
    units : pandas.DataFrame
        One row per unit in the design: ``unit_code, unit_name, province_code,
        first_treated_year, role`` (``treated``/``control``), ``flags`` (confounding
        programmes of a kept unit, ``;``-separated) and ``censored_from`` (0 = none).
    exclusions : pandas.DataFrame
        ``unit_code, unit_name, reason, detail``: every unit of the pool left out, and why.
    covariates : pandas.DataFrame
        ``unit_code, year, <programme>_active`` for confounders handled as covariates.
    rounds : pandas.DataFrame
        The programme's rounds or batches: ``plan_id, round, period_start, period_end``.
    registry : PlanRegistry, optional
        The registry the design was built from.
    roster : pandas.DataFrame or None
        The ``units`` given to :func:`~evalkit.design.build_design` (None: the panel's
        units), so that :func:`~evalkit.design.design_variant` rebuilds from the same units.
    """

    programme: str
    years: tuple[int, int]
    outcomes: tuple[str, ...]
    seed: int
    comparison_rule: str
    pool_provinces: tuple[str, ...]
    confounders: tuple[ConfounderPolicy, ...]
    unknown_membership: str
    map_districts: bool
    dropped_provinces: tuple[str, ...]
    units: pd.DataFrame = field(repr=False)
    exclusions: pd.DataFrame = field(repr=False)
    covariates: pd.DataFrame = field(repr=False)
    rounds: pd.DataFrame = field(repr=False)
    registry: PlanRegistry | None = field(default=None, repr=False)
    roster: pd.DataFrame | None = field(default=None, repr=False)

    # -- who is in the design -------------------------------------------------------------
    @property
    def treated_units(self) -> list[str]:
        """Codes of the treated units, sorted."""
        return sorted(self.units.loc[self.units["role"] == "treated", "unit_code"])

    @property
    def control_units(self) -> list[str]:
        """Codes of the comparison units, sorted."""
        return sorted(self.units.loc[self.units["role"] == "control", "unit_code"])

    @property
    def cohorts(self) -> dict[int, int]:
        """First treated year -> number of treated units."""
        treated = self.units.loc[self.units["role"] == "treated", "first_treated_year"]
        return {int(y): int(n) for y, n in treated.value_counts().sort_index().items()}

    @property
    def round_starts(self) -> list[int]:
        """First year of each round or batch of the programme, in order."""
        return sorted({int(y) for y in self.rounds["period_start"]})

    def first_treated_year(self, unit_code: str) -> int:
        """Return a unit's first treated year (0 for a control)."""
        row = self.units.loc[self.units["unit_code"] == unit_code, "first_treated_year"]
        return int(row.iloc[0]) if len(row) else 0

    def flags(self, unit_code: str) -> list[str]:
        """Return the confounding programmes a kept unit is exposed to (empty if none)."""
        row = self.units.loc[self.units["unit_code"] == unit_code, "flags"]
        return [f for f in row.iloc[0].split(";") if f] if len(row) else []

    def counts(self) -> dict[str, Any]:
        """Return the treated, control, excluded and censored counts and the cohorts.

        Examples
        --------
        >>> from evalkit.design import build_design
        >>> build_design("zj_growth_plan").counts()["treated"]  # doctest: +SKIP
        11
        """
        return {
            "treated": len(self.treated_units),
            "controls": len(self.control_units),
            "excluded": int(self.exclusions["unit_code"].nunique()),
            "censored": int((self.units["censored_from"] > 0).sum()),
            "flagged_treated": int(
                ((self.units["role"] == "treated") & (self.units["flags"] != "")).sum()
            ),
            "cohorts": self.cohorts,
        }

    # -- what reports show and store ------------------------------------------------------
    def describe(self) -> str:
        """Return the counts and every exclusion with its reason, as plain text."""
        counts = self.counts()
        first, last = self.years
        lines = [
            f"Design {self.programme}, {first}-{last}: {counts['treated']} treated, "
            f"{counts['controls']} controls, {counts['excluded']} excluded, "
            f"{counts['censored']} controls censored",
            "  cohorts: " + ", ".join(f"{y}: {n}" for y, n in counts["cohorts"].items()),
            f"  comparison pool ({self.comparison_rule}): provinces "
            + ", ".join(self.pool_provinces or ("all",)),
            "  confounders: "
            + (
                "; ".join(
                    f"{c.programme} (treated: {c.treated}, controls: {c.controls})"
                    for c in self.confounders
                )
                or "none"
            ),
            f"  outcomes: {', '.join(self.outcomes)}; seed {self.seed}",
        ]
        flagged = self.units.loc[(self.units["role"] == "treated") & (self.units["flags"] != "")]
        lines += [
            f"  flagged treated: {r.unit_code} {r.unit_name} ({r.flags})"
            for r in flagged.itertuples()
        ]
        censored = self.units.loc[self.units["censored_from"] > 0]
        if len(censored):
            lines.append(
                f"  censored controls: {len(censored)} unit(s) of unknown membership, rows from "
                + ", ".join(str(y) for y in sorted(set(censored["censored_from"])))
                + " on dropped"
            )
        lines += [
            f"  excluded: {r.unit_code} {r.unit_name}: {r.reason} ({r.detail})"
            for r in self.exclusions.itertuples()
        ]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        from html import escape

        return f"<pre>{escape(self.describe())}</pre>"

    def tidy(self) -> pd.DataFrame:
        """Return the unit table with exclusions appended (role ``excluded``, reason given)."""
        excluded = self.exclusions.assign(role="excluded")
        return pd.concat([self.units, excluded], ignore_index=True)

    def to_dict(self) -> dict[str, Any]:
        """Return the design's settings and counts as JSON-able values (for results.json)."""
        return {
            "programme": self.programme,
            "years": list(self.years),
            "outcomes": list(self.outcomes),
            "seed": self.seed,
            "comparison_rule": self.comparison_rule,
            "pool_provinces": list(self.pool_provinces),
            "dropped_provinces": list(self.dropped_provinces),
            "confounders": [
                {"programme": c.programme, "treated": c.treated, "controls": c.controls}
                for c in self.confounders
            ],
            "unknown_membership": self.unknown_membership,
            "map_districts": self.map_districts,
            "round_starts": self.round_starts,
            "counts": {k: v for k, v in self.counts().items() if k != "cohorts"},
            "cohorts": {str(k): v for k, v in self.cohorts.items()},
            "exclusions": self.exclusions[["unit_code", "reason"]].to_dict(orient="records"),
        }

    # -- the analysis frame ---------------------------------------------------------------
    def sample(self, panel: Panel, outcomes: list[str] | tuple[str, ...] | None = None):
        """Return the unit-year frame of the design.

        Columns ``unit_code, unit_name, province_code, year, first_treated_year``, one outcome
        column per indicator (:func:`evalkit.design.outcome_column`), and a 0/1
        ``<programme>_active`` column per confounder handled as a covariate. Years outside
        :attr:`years` and censored years (unknown membership) are dropped, the latter with a
        warning.

        Examples
        --------
        >>> from evalkit.design import build_design
        >>> from evalkit.panel import load
        >>> frame = build_design("zj_growth_plan").sample(load())  # doctest: +SKIP
        """
        outcomes = list(self.outcomes if outcomes is None else outcomes)
        first, last = self.years
        wide = outcome_frame(panel, outcomes)
        wide = wide.loc[wide["year"].between(first, last)]
        units = self.units[
            ["unit_code", "unit_name", "province_code", "first_treated_year", "censored_from"]
        ]
        frame = units.merge(wide, on="unit_code", how="inner")
        late = (frame["censored_from"] > 0) & (frame["year"] >= frame["censored_from"])
        if late.any():
            warnings.warn(
                f"{self.programme}: dropped {int(late.sum())} row(s) of "
                f"{frame.loc[late, 'unit_code'].nunique()} control(s) of unknown membership "
                "from the year their batch could have treated them",
                UserWarning,
                stacklevel=2,
            )
        frame = frame.loc[~late].drop(columns="censored_from")
        columns = ["unit_code", "unit_name", "province_code", "year", "first_treated_year"]
        frame = frame[columns + [outcome_column(o) for o in outcomes]]
        if not self.covariates.empty:
            frame = frame.merge(self.covariates, on=["unit_code", "year"], how="left")
        return frame.sort_values(["unit_code", "year"], ignore_index=True)

    def settings(self) -> dict[str, Any]:
        """Return the keyword arguments of :func:`~evalkit.design.build_design` that made it.

        With the programme and the registry they rebuild the design;
        :func:`~evalkit.design.design_variant` changes some of them.
        """
        return {
            "years": self.years, "outcomes": self.outcomes, "seed": self.seed,
            "confounders": self.confounders, "unknown_membership": self.unknown_membership,
            "map_districts": self.map_districts, "drop_provinces": self.dropped_provinces,
            "units": self.roster,
        }  # fmt: skip
