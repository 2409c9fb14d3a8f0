"""The plan registry: plans, targets and reported figures written from the policy documents."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd

from evalkit.config import PROJECT_ROOT
from evalkit.errors import EvalkitError
from evalkit.memo import content_hash
from evalkit.panel import load as load_panel
from evalkit.plans import schema
from evalkit.plans.errors import (
    AllocationError,
    PlanRegistryError,
    RegistryWarning,
    UnknownUnitCodeError,
)
from evalkit.plans.timing import TreatmentTiming, treatment_timing
from evalkit.plans.units import (
    UnitRoster,
    as_unit_frame,
    crosswalk_codes,
    east_china_prefectures,
    normalise_code,
)
from evalkit.results import HtmlDisplay

DEFAULT_PATH = PROJECT_ROOT / "data" / "raw" / "plans"
UNITS_FIX = "correct the code or add the unit with its source to data/raw/plans/units.csv"


def _panel_units() -> pd.DataFrame:
    """Return the panel's units; if the panel cannot be loaded, East China prefectures instead."""
    try:
        return load_panel().units
    except EvalkitError as error:
        warnings.warn(
            f"plan registry: the panel could not be loaded ({type(error).__name__}: "
            f"{str(error)[:160]}); unit codes are checked against the admin crosswalk's East "
            "China prefectures instead; fix: rebuild the panel with evalkit.panel.build()",
            RegistryWarning,
            stacklevel=3,
        )
        return east_china_prefectures()


def _typed_plans(raw: pd.DataFrame) -> pd.DataFrame:
    plans = raw.copy()
    duplicated = plans.loc[plans["plan_id"].duplicated(), "plan_id"]
    if len(duplicated) or (plans["plan_id"] == "").any():
        raise PlanRegistryError(
            f"plans.csv: plan_id {duplicated.tolist() or ['(blank)']} repeats or is blank; rule: "
            "one row per plan or designation with a unique plan_id; fix: rename the row"
        )
    schema.check_allowed(plans, "level", schema.LEVELS, "plans.csv")
    schema.check_allowed(plans, "membership", schema.MEMBERSHIPS, "plans.csv")
    schema.check_code_format(plans, "plans.csv", "plan_id")
    issued, start, end = [], [], []
    for row in plans.itertuples():
        where = f"plans.csv plan_id={row.plan_id!r}"
        if row.programme == "" or row.source == "":
            raise PlanRegistryError(
                f"{where}: programme and source must be filled; rule: every row names its "
                "programme and cites its source document; fix: fill them"
            )
        issued.append(schema.parse_partial_date(row.issued, where=where + " issued"))
        first = schema.parse_number(row.period_start, where=where + " period_start", integer=True)
        last = schema.parse_number(
            row.period_end, where=where + " period_end", integer=True, blank_ok=True
        )
        if last is not None and last < first:
            raise PlanRegistryError(
                f"{where}: period_end {last} precedes period_start {first}; fix: swap or correct"
            )
        start.append(first)
        end.append(last)
    plans["issued_date"] = issued
    plans["issued_year"] = pd.array([d.year if d else None for d in issued], dtype="Int64")
    plans["period_start"] = pd.array(start, dtype="Int64")
    plans["period_end"] = pd.array(end, dtype="Int64")
    return plans


def _typed_targets(raw: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    targets = raw.copy()
    unknown = sorted(set(targets["plan_id"]) - set(plans["plan_id"]))
    if unknown:
        raise PlanRegistryError(
            f"targets.csv: plan_id {unknown} not in plans.csv; rule: every target belongs to a "
            "plan; fix: add the plan to plans.csv or correct the plan_id"
        )
    schema.check_allowed(targets, "qualifier", schema.QUALIFIERS, "targets.csv")
    schema.check_allowed(targets, "target_type", schema.TARGET_TYPES, "targets.csv")
    values, horizons = [], []
    for row in targets.itertuples():
        where = f"targets.csv plan_id={row.plan_id!r} indicator={row.indicator!r} {row.sub_unit}"
        values.append(schema.parse_number(row.target, where=where + " target"))
        horizons.append(schema.parse_number(row.horizon, where=where + " horizon", integer=True))
    targets["target"] = values
    targets["horizon"] = horizons
    repeated = targets.duplicated(["plan_id", "indicator", "sub_unit"], keep=False)
    if repeated.any():
        first = targets.loc[repeated].iloc[0]
        raise PlanRegistryError(
            f"targets.csv: plan_id={first.plan_id!r} indicator={first.indicator!r} sub_unit="
            f"{first.sub_unit!r} repeats; rule: one row per plan, indicator and sub-unit; "
            "fix: give the indicators distinct names"
        )
    return targets


def _typed_reported(raw: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    reported = raw.copy()
    schema.check_code_format(reported, "reported.csv", "indicator")
    schema.check_allowed(reported, "reliability", schema.RELIABILITIES, "reported.csv")
    linked = set(reported["plan_id"]) - {""} - set(plans["plan_id"])
    if linked:
        raise PlanRegistryError(
            f"reported.csv: plan_id {sorted(linked)} not in plans.csv; fix: correct or blank it"
        )
    years, values, ranks = [], [], []
    for row in reported.itertuples():
        where = f"reported.csv {row.unit_name} {row.indicator}"
        years.append(schema.parse_number(row.year, where=where + " year", integer=True))
        values.append(schema.parse_number(row.value, where=where + " value"))
        ranks.append(
            schema.parse_number(
                row.province_rank, where=where + " rank", integer=True, blank_ok=True
            )
        )
        schema.parse_partial_date(row.as_of, where=where + " as_of")
        if row.source == "":
            raise PlanRegistryError(f"{where}: source is blank; fix: cite the seed file")
    reported["year"] = years
    reported["value"] = values
    reported["province_rank"] = pd.array(ranks, dtype="Int64")
    return reported


def _unit_flags(roster: UnitRoster, rows: pd.DataFrame, file: str, key: str) -> pd.DataFrame:
    flags = []
    for row in rows.itertuples():
        code = row.unit_code
        via = roster.known_via(code)
        if via is None:
            raise UnknownUnitCodeError(
                f"{file}: {key}={getattr(row, key)!r} names unit_code {code!r} "
                f"({row.unit_name}), which is in neither the panel's unit list, the admin "
                f"crosswalk nor data/raw/plans/units.csv; rule: every unit code must exist; "
                f"fix: {UNITS_FIX}"
            )
        if via == "panel":
            continue
        level = getattr(row, "level", "")
        city = roster.panel_city(code)
        if level == "province":
            reason = "province-level row: covers the panel cities of the province"
        elif city != normalise_code(code) and city in roster.panel_codes:
            reason = f"sub-city unit of panel city {city}: mapped only with map_districts=True"
        else:
            reason = "valid code outside the panel's unit list"
        flags.append(
            {"file": file, "key": getattr(row, key), "unit_code": code,
             "unit_name": row.unit_name, "known_via": via, "panel_city": city, "reason": reason}
        )  # fmt: skip
    return pd.DataFrame(
        flags,
        columns=["file", "key", "unit_code", "unit_name", "known_via", "panel_city", "reason"],
    )


def allocation_table_check(targets: pd.DataFrame) -> pd.DataFrame:
    """Compare each sub-unit allocation's sum with its headline target.

    Returns
    -------
    pandas.DataFrame
        ``plan_id, indicator, headline, allocated, n_sub_units, difference``.

    Raises
    ------
    AllocationError
        If a headline is missing for an allocated indicator.

    Examples
    --------
    >>> rows = pd.DataFrame({"plan_id": ["p"] * 3, "indicator": ["x"] * 3,
    ...     "sub_unit": ["", "a", "b"], "target": [3.0, 1.0, 2.0]})
    >>> allocation_table_check(rows)["difference"].tolist()
    [0.0]
    """
    allocated = targets.loc[targets["sub_unit"] != ""]
    headline = targets.loc[targets["sub_unit"] == ""].set_index(["plan_id", "indicator"])["target"]
    rows = []
    for (plan_id, indicator), group in allocated.groupby(["plan_id", "indicator"], sort=False):
        if (plan_id, indicator) not in headline.index:
            raise AllocationError(
                f"targets.csv: plan_id={plan_id!r} indicator={indicator!r} is allocated to "
                "sub-units but has no headline row (sub_unit blank); fix: add the headline target"
            )
        total = float(group["target"].sum())
        rows.append(
            {"plan_id": plan_id, "indicator": indicator, "headline": headline[(plan_id, indicator)],
             "allocated": total, "n_sub_units": len(group),
             "difference": total - headline[(plan_id, indicator)]}
        )  # fmt: skip
    return pd.DataFrame(
        rows, columns=["plan_id", "indicator", "headline", "allocated", "n_sub_units", "difference"]
    )


@dataclass(frozen=True, eq=False)
class PlanRegistry(HtmlDisplay):
    """Plans, designations, targets and reported figures, validated once on load.

    Build it with :meth:`load`. ``plans`` has one row per plan or programme designation,
    ``targets`` one row per target (and per sub-unit where a plan allocates it), ``reported``
    the achievements the documents report, and ``flags`` every valid code that is not a panel
    unit (provinces, counties, districts, cities outside East China).

    Examples
    --------
    >>> registry = PlanRegistry.load()  # doctest: +SKIP
    >>> registry.treatment_timing("liangchuang_demo", ["330100", "330200"], range(2010, 2020))
    ... # doctest: +SKIP
    """

    plans: pd.DataFrame
    targets: pd.DataFrame
    reported: pd.DataFrame
    flags: pd.DataFrame
    roster: UnitRoster
    path: Path

    def content_key(self) -> str:
        """Return the SHA-256 of the registry's tables and unit roster (not of its path).

        The batch cache (:mod:`evalkit.memo`) keys a call taking a registry by it.

        Examples
        --------
        >>> registry = PlanRegistry.load()  # doctest: +SKIP
        >>> len(registry.content_key())  # doctest: +SKIP
        64
        """
        roster = self.roster
        return content_hash(
            self.plans, self.targets, self.reported, self.flags,
            roster.panel_units, sorted(roster.crosswalk), roster.listed,
        )  # fmt: skip

    @classmethod
    def load(
        cls,
        path: str | Path | None = None,
        *,
        panel_units: pd.DataFrame | None = None,
        crosswalk: Iterable[str] | None = None,
    ) -> PlanRegistry:
        """Read and validate ``plans.csv``, ``targets.csv``, ``reported.csv`` and ``units.csv``.

        Parameters
        ----------
        path : str or pathlib.Path, optional
            The registry folder; default ``data/raw/plans`` of the repository.
        panel_units : pandas.DataFrame, optional
            ``unit_code, unit_name, province_code``; default ``evalkit.panel.load().units``.
        crosswalk : iterable of str, optional
            Codes known to the admin crosswalk; default read from the raw data directory.

        Raises
        ------
        PlanRegistryError
            A column is missing, a date or number does not parse, a value is not allowed.
        UnknownUnitCodeError
            A unit code is in neither the panel, the crosswalk nor ``units.csv``.
        AllocationError
            A sub-unit allocation does not sum to its headline target.

        Examples
        --------
        >>> registry = PlanRegistry.load()  # doctest: +SKIP
        >>> registry.allocation_check()["difference"].abs().max()  # doctest: +SKIP
        0.0
        """
        folder = Path(path) if path is not None else DEFAULT_PATH
        plans = _typed_plans(schema.read_table(folder / "plans.csv", schema.PLAN_COLUMNS))
        targets = _typed_targets(
            schema.read_table(folder / "targets.csv", schema.TARGET_COLUMNS), plans
        )
        reported = _typed_reported(
            schema.read_table(folder / "reported.csv", schema.REPORTED_COLUMNS), plans
        )
        listed = schema.read_table(folder / "units.csv", schema.UNIT_COLUMNS)
        units = as_unit_frame(panel_units if panel_units is not None else _panel_units())
        known = frozenset(crosswalk) if crosswalk is not None else crosswalk_codes()
        roster = UnitRoster(units, known, listed)
        flags = pd.concat(
            [_unit_flags(roster, plans, "plans.csv", "plan_id"),
             _unit_flags(roster, reported, "reported.csv", "indicator")],
            ignore_index=True,
        )  # fmt: skip
        check = allocation_table_check(targets)
        wrong = check.loc[check["difference"].abs() > 1e-9]
        if len(wrong):
            first = wrong.iloc[0]
            raise AllocationError(
                f"targets.csv: plan_id={first.plan_id!r} indicator={first.indicator!r}: the "
                f"{first.n_sub_units} sub-unit rows sum to {first.allocated:g}, the headline is "
                f"{first.headline:g}; rule: an allocation table sums to its headline target; "
                "fix: re-read the document's table and correct the rows"
            )
        return cls(plans, targets, reported, flags, roster, folder)

    @property
    def programmes(self) -> list[str]:
        """Names of the programmes in the registry."""
        return sorted(self.plans["programme"].unique())

    def allocation_check(self) -> pd.DataFrame:
        """Return each allocation table's sum against its headline target (see load)."""
        return allocation_table_check(self.targets)

    def allocation(self, plan_id: str) -> pd.DataFrame:
        """Return a plan's sub-unit allocation as a table: indicators by sub-unit, plus totals.

        Examples
        --------
        >>> PlanRegistry.load().allocation("lanxi_growth_2018").loc["new_smf", "合计"]
        ... # doctest: +SKIP
        5600.0
        """
        rows = self.targets.loc[
            (self.targets["plan_id"] == plan_id) & (self.targets["sub_unit"] != "")
        ]
        if rows.empty:
            raise PlanRegistryError(
                f"plan_id={plan_id!r} has no sub-unit allocation in targets.csv; plans with one: "
                f"{sorted(self.targets.loc[self.targets['sub_unit'] != '', 'plan_id'].unique())}"
            )
        table = rows.pivot(index="indicator", columns="sub_unit", values="target")
        table = table[list(dict.fromkeys(rows["sub_unit"]))].loc[
            list(dict.fromkeys(rows["indicator"]))
        ]
        table["合计"] = table.sum(axis=1)
        labels = rows.drop_duplicates("indicator").set_index("indicator")["indicator_zh"]
        table.insert(0, "indicator_zh", labels)
        return table

    def unit_plans(
        self, units: Sequence[str] | pd.DataFrame, *, programme: str | None = None
    ) -> pd.DataFrame:
        """Link each unit to the plan rows that cover it, saying how (``via``).

        ``via`` is ``direct`` (the unit is the awardee), ``province`` (a province-wide row) or
        ``sub_unit`` (a county or district of the unit is the awardee).

        Examples
        --------
        >>> PlanRegistry.load().unit_plans(["310000"], programme="liangchuang_demo")["via"]
        ... # doctest: +SKIP
        0    sub_unit
        Name: via, dtype: object
        """
        frame = as_unit_frame(units)
        plans = (
            self.plans
            if programme is None
            else self.plans.loc[self.plans["programme"] == programme]
        )
        by_province = frame.groupby("province_code")["unit_code"].apply(list).to_dict()
        present = set(frame["unit_code"])
        links = []
        for row in plans.itertuples():
            code = normalise_code(row.unit_code)
            if row.level == "province":
                covered, via = by_province.get(code, []), "province"
            elif code in present:
                covered, via = [code], "direct"
            elif self.roster.panel_city(code) in present:
                covered, via = [self.roster.panel_city(code)], "sub_unit"
            else:
                continue
            for unit in covered:
                links.append({"unit_code": unit, "plan_id": row.plan_id, "via": via})
        links = pd.DataFrame(links, columns=["unit_code", "plan_id", "via"])
        columns = ["plan_id", "programme", "level", "unit_code", "unit_name", "round",
                   "membership", "issued_year", "period_start", "period_end"]  # fmt: skip
        awardees = plans[columns].rename(
            columns={"unit_code": "awardee_code", "unit_name": "awardee_name"}
        )
        names = frame[["unit_code", "unit_name"]]
        return links.merge(names, on="unit_code").merge(awardees, on="plan_id")

    def treatment_timing(
        self,
        programme: str,
        units: Sequence[str] | pd.DataFrame,
        years: Iterable[int],
        *,
        onset: Literal["period_start", "issued"] = "period_start",
        map_districts: bool = False,
        unknown_membership: Literal["exclude", "control", "censor"] = "exclude",
        treat_inferred: bool = False,
        confounders: Sequence[str] = (),
        confounder_handling: Literal["exclude", "covariate"] = "exclude",
    ) -> TreatmentTiming:
        """Return each unit's first treated year under a programme (0 = never treated).

        See :func:`evalkit.plans.timing.treatment_timing` for the rules and options.

        Examples
        --------
        >>> timing = PlanRegistry.load().treatment_timing(
        ...     "liangchuang_demo", ["330100", "330200", "340200"], range(2010, 2021))
        ... # doctest: +SKIP
        >>> timing.usable["first_treated_year"].tolist()  # doctest: +SKIP
        [2015, 2016, 0]
        """
        return treatment_timing(
            self, programme, units, years, onset=onset, map_districts=map_districts,
            unknown_membership=unknown_membership, treat_inferred=treat_inferred,
            confounders=confounders, confounder_handling=confounder_handling,
        )  # fmt: skip

    def targets_vs_reported(self, plan_id: str) -> pd.DataFrame:
        """Join a plan's headline targets with what the sources report for its unit.

        Reported figures may come from another year or round than the plan; the ``year``
        column says which, so a reader can tell a pace reference from an outcome.

        Examples
        --------
        >>> PlanRegistry.load().targets_vs_reported("jiaxing_growth_2021").columns[:3].tolist()
        ... # doctest: +SKIP
        ['indicator', 'indicator_zh', 'target']
        """
        plan = self.plans.loc[self.plans["plan_id"] == plan_id]
        if plan.empty:
            raise PlanRegistryError(f"plan_id={plan_id!r} is not in plans.csv")
        row = plan.iloc[0]
        targets = self.targets.loc[
            (self.targets["plan_id"] == plan_id) & (self.targets["sub_unit"] == "")
        ]
        reported = self.reported.loc[self.reported["unit_code"] == row.unit_code]
        reported = reported[["indicator", "year", "value", "unit", "province_rank", "source"]]
        merged = targets[["indicator", "indicator_zh", "target", "unit", "target_type", "horizon",
                          "qualifier"]].merge(
            reported.rename(columns={"value": "reported", "unit": "reported_unit",
                                     "source": "reported_source"}),
            on="indicator", how="left")  # fmt: skip
        merged["period_years"] = int(row.period_end) - int(row.period_start) + 1
        return merged

    def summary(self) -> str:
        """Return a plain-text overview: rows per programme and membership, flags, checks."""
        counts = self.plans.groupby(["programme", "membership"]).size()
        # a path inside the project is shown relative to it, so reports carry no machine paths
        where = (
            self.path.relative_to(PROJECT_ROOT)
            if self.path.is_relative_to(PROJECT_ROOT)
            else self.path
        )
        lines = [f"Plan registry at {where}: {len(self.plans)} plan rows, "
                 f"{len(self.targets)} targets, {len(self.reported)} reported figures, "
                 f"{len(self.flags)} codes flagged (valid, not panel units)"]  # fmt: skip
        lines += [
            f"  {programme} / {membership}: {n}" for (programme, membership), n in counts.items()
        ]
        return "\n".join(lines)

    float_format = None

    def _display_text(self) -> str:
        return self.summary().splitlines()[0]

    def _display_table(self) -> pd.DataFrame:
        return self.plans.groupby(["programme", "membership"]).size().rename("rows").reset_index()
