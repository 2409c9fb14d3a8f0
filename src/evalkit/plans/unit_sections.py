"""Every figure the registry holds for a unit, in the sections its report shows.

:func:`unit_attainment` gathers, for one panel city:

- ``own``: the targets of the city's own plans, each against values inside its own period
  (:func:`evalkit.plans.attainment.round_attainment`);
- ``sub_units``: the targets of plans of its counties and districts (金华's report shows
  兰溪 330781's), and ``allocation``: their township allocations summed and checked against
  the county total;
- ``reported``: the figures reported for the city and its sub-units that no target of theirs
  covers (衢州's 2020 figures), a figure that states its own share of target (降本减负
  完成目标任务的153.93%) with the implied target;
- ``province``: the province-wide rounds' targets and the province's reported figures;
- ``ambition``: required against pre-plan rates of every target above with a baseline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from evalkit.plans.ambition import AMBITION_COLUMNS, ambition_table
from evalkit.plans.attainment import ROUND_COLUMNS, round_attainment
from evalkit.plans.errors import PlanRegistryError
from evalkit.plans.registry import allocation_table_check
from evalkit.results import HtmlDisplay

SHARE_OF_TARGET_SUFFIX = "_share_of_target"
REPORTED_COLUMNS = [
    "unit_code", "unit_name", "year", "as_of", "indicator", "indicator_zh", "value", "unit",
    "share_of_target", "implied_target", "province_rank", "plan_id", "source", "reliability",
]  # fmt: skip
ALLOCATION_COLUMNS = [
    "unit_code", "unit_name", "plan_id", "round", "indicator", "indicator_zh", "headline",
    "allocated", "n_sub_units", "difference", "consistent",
]  # fmt: skip
# The columns a report shows of an attainment table (ROUND_COLUMNS without the method).
SHOWN_COLUMNS = [
    "unit_name", "level", "round", "indicator", "indicator_zh", "target_type", "target", "unit",
    "qualifier", "horizon", "realised", "realised_years", "share_achieved", "status", "baseline",
    "baseline_years", "baseline_round", "projection", "conf_low", "conf_high", "verdict",
]  # fmt: skip
SECTIONS = ("own", "sub_units", "allocation", "reported", "province", "ambition")


@dataclass(frozen=True)
class UnitAttainment(HtmlDisplay):
    """The registry's targets and figures for one unit, by report section (see module doc)."""

    unit_code: str
    unit_name: str
    own: pd.DataFrame
    sub_units: pd.DataFrame
    allocation: pd.DataFrame
    reported: pd.DataFrame
    province: pd.DataFrame
    province_reported: pd.DataFrame
    ambition: pd.DataFrame

    def tidy(self) -> pd.DataFrame:
        """Return the target rows of all sections (``own``, ``sub_units``, ``province``)."""
        frames = [
            getattr(self, name).assign(section=name)
            for name in ("own", "sub_units", "province")
            if len(getattr(self, name))
        ]
        if not frames:
            return pd.DataFrame(columns=[*ROUND_COLUMNS, "section"])
        return pd.concat(frames, ignore_index=True)

    def summary(self) -> str:
        """Return one line per section: how many targets or figures it holds."""
        lines = [f"{self.unit_name} {self.unit_code}:"]
        for name, frame in [("own targets", self.own), ("sub-unit targets", self.sub_units),
                            ("allocation checks", self.allocation),
                            ("reported figures without a target", self.reported),
                            ("province targets", self.province),
                            ("province figures", self.province_reported),
                            ("targets with a baseline (ambition)", self.ambition)]:  # fmt: skip
            lines.append(f"  {name}: {len(frame)}")
        return "\n".join(lines)

    def _display_table(self) -> None:
        return None


def _sub_unit_codes(registry, unit_code: str) -> list[str]:
    listed = registry.roster.listed
    children = listed.loc[listed["parent_code"] == unit_code, "unit_code"].tolist()
    plan_units = registry.plans.loc[
        registry.plans["level"].isin(["county", "district"]), "unit_code"
    ].unique()
    children += [
        code for code in plan_units
        if code not in children and registry.roster.panel_city(code) == unit_code
        and code != unit_code
    ]  # fmt: skip
    return children


def _rounds(registry, plan_ids, panel, seed) -> pd.DataFrame:
    frames = [round_attainment(registry, p, panel=panel, seed=seed) for p in plan_ids]
    frames = [frame for frame in frames if len(frame)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=ROUND_COLUMNS)


def _ambitions(registry, plan_ids, panel, seed) -> list[pd.DataFrame]:
    return [ambition_table(registry, p, panel=panel, seed=seed) for p in plan_ids]


def _with_targets(registry, codes) -> list[str]:
    plans = registry.plans.loc[registry.plans["unit_code"].isin(codes), "plan_id"]
    return [p for p in plans if (registry.targets["plan_id"] == p).any()]


def reported_figures(reported: pd.DataFrame) -> pd.DataFrame:
    """Return reported figures with the target a ``*_share_of_target`` companion implies.

    A figure ``X`` reported beside ``X_share_of_target`` (same unit and year, in %) gets
    ``share_of_target`` (a fraction) and ``implied_target = X / share``; the companion row is
    folded into it.

    Examples
    --------
    >>> rows = pd.DataFrame({"unit_code": ["330800"] * 2, "unit_name": ["衢州市"] * 2,
    ...     "year": [2020] * 2, "as_of": [""] * 2,
    ...     "indicator": ["cost_reduction", "cost_reduction_share_of_target"],
    ...     "indicator_zh": ["为企业降本减负", "降本减负完成目标任务比例"],
    ...     "value": [103.72, 153.93], "unit": ["亿元", "%"], "province_rank": [pd.NA] * 2,
    ...     "plan_id": [""] * 2, "source": ["seeds/002"] * 2, "reliability": ["reported"] * 2})
    >>> figures = reported_figures(rows)
    >>> figures[["value", "share_of_target", "implied_target"]].round(4).values.tolist()
    [[103.72, 1.5393, 67.3813]]
    """
    frame = reported.copy()
    frame["share_of_target"] = np.nan
    frame["implied_target"] = np.nan
    companions = frame["indicator"].str.endswith(SHARE_OF_TARGET_SUFFIX)
    folded = []
    for index, row in frame.loc[companions].iterrows():
        base = row["indicator"].removesuffix(SHARE_OF_TARGET_SUFFIX)
        match = frame.loc[
            (frame["indicator"] == base)
            & (frame["unit_code"] == row["unit_code"])
            & (frame["year"] == row["year"])
        ]
        if len(match) == 1 and row["value"] > 0:
            share = float(row["value"]) / 100
            frame.loc[match.index[0], "share_of_target"] = share
            frame.loc[match.index[0], "implied_target"] = float(match["value"].iloc[0]) / share
            folded.append(index)
    return frame.drop(index=folded)[REPORTED_COLUMNS].reset_index(drop=True)


def _allocation(registry, plan_ids) -> pd.DataFrame:
    targets = registry.targets.loc[registry.targets["plan_id"].isin(plan_ids)]
    check = allocation_table_check(targets)
    if check.empty:
        return pd.DataFrame(columns=ALLOCATION_COLUMNS)
    plans = registry.plans.set_index("plan_id")
    wording = targets.drop_duplicates(["plan_id", "indicator"]).set_index(["plan_id", "indicator"])[
        "indicator_zh"
    ]
    check["unit_code"] = [plans.loc[p, "unit_code"] for p in check["plan_id"]]
    check["unit_name"] = [plans.loc[p, "unit_name"] for p in check["plan_id"]]
    check["round"] = [plans.loc[p, "round"] for p in check["plan_id"]]
    check["indicator_zh"] = [wording[(p, i)] for p, i in zip(check["plan_id"], check["indicator"],
                                                             strict=True)]  # fmt: skip
    check["consistent"] = check["difference"].abs() <= 1e-9
    return check[ALLOCATION_COLUMNS]


def unit_attainment(registry, panel, unit_code: str, *, seed: int = 0) -> UnitAttainment:
    """Return the sections of a unit's report holding every registry figure about it.

    Parameters
    ----------
    registry : PlanRegistry
        The plan registry.
    panel : evalkit.panel.Panel or None
        The panel, for projections through denominators (None: no projections).
    unit_code : str
        A panel city's 6-digit code (a county's code works too: its own plans only).
    seed : int
        Seed of the projections.

    Returns
    -------
    UnitAttainment

    Raises
    ------
    PlanRegistryError
        If the code is not 6 digits.

    Examples
    --------
    >>> sections = unit_attainment(PlanRegistry.load(), None, "330700")  # doctest: +SKIP
    >>> sections.sub_units["unit_name"].unique().tolist()  # doctest: +SKIP
    ['兰溪市']
    """
    unit_code = str(unit_code)
    if len(unit_code) != 6 or not unit_code.isdigit():
        raise PlanRegistryError(
            f"unit_attainment: unit_code {unit_code!r} is not a 6-digit administrative code; "
            "fix: pass a panel city's code such as '330700'"
        )
    children = _sub_unit_codes(registry, unit_code)
    own_plans = _with_targets(registry, [unit_code])
    child_plans = _with_targets(registry, children)
    province_code = unit_code[:2] + "0000"
    province_plans = [
        p for p in _with_targets(registry, [province_code]) if province_code != unit_code
    ]
    own = _rounds(registry, own_plans, panel, seed)
    sub_units = _rounds(registry, child_plans, panel, seed)
    province = _rounds(registry, province_plans, panel, seed)
    ambitions = [
        frame
        for frame in _ambitions(registry, own_plans + child_plans + province_plans, panel, seed)
        if len(frame)
    ]
    ambition = (
        pd.concat(ambitions, ignore_index=True)
        if ambitions
        else pd.DataFrame(columns=AMBITION_COLUMNS)
    )
    covered = pd.concat([own, sub_units])[["unit_code", "indicator"]].drop_duplicates()
    reported = registry.reported.loc[registry.reported["unit_code"].isin([unit_code, *children])]
    reported = reported.merge(covered, on=["unit_code", "indicator"], how="left", indicator=True)
    reported = reported.loc[reported["_merge"] == "left_only"].drop(columns="_merge")
    province_reported = registry.reported.loc[
        (registry.reported["unit_code"] == province_code) & (province_code != unit_code)
    ]
    names = registry.roster.panel_units.set_index("unit_code")["unit_name"]
    listed = registry.roster.listed.set_index("unit_code")["unit_name"]
    name = names.get(unit_code, listed.get(unit_code, unit_code))
    return UnitAttainment(
        unit_code, str(name), own, sub_units, _allocation(registry, child_plans + own_plans),
        reported_figures(reported), province, reported_figures(province_reported), ambition,
    )  # fmt: skip


PROJECTION_TABLE_COLUMNS = [
    "unit_code", "unit_name", "level", "plan_id", "round", "indicator", "indicator_zh",
    "target", "unit", "qualifier", "baseline", "baseline_years", "flat_pace", "flat_verdict",
    "projection", "conf_low", "conf_high", "p_meet", "verdict", "method", "method_zh",
]  # fmt: skip


def projection_table(units: Sequence[UnitAttainment]) -> pd.DataFrame:
    """Return every projected target of the units, with the old flat-pace verdict beside it.

    The flat pace is what the report used to print: the baseline year's figure taken as year 1
    of the round and carried over its years (``baseline x years``), judged ``on track`` or
    ``not on track`` against the target; it is given only for cumulative targets whose
    baseline covers one year.

    Examples
    --------
    >>> table = projection_table([unit_attainment(PlanRegistry.load(), load(), "330400")])
    ... # doctest: +SKIP
    >>> table.loc[table["indicator"] == "new_smf_loans", ["flat_pace", "flat_verdict"]]
    ... # doctest: +SKIP
       flat_pace  flat_verdict
    1     383.85  not on track
    """
    frames = [unit.tidy() for unit in units]
    rows = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=ROUND_COLUMNS)
    rows = rows.loc[rows["verdict"] != ""].drop_duplicates(["plan_id", "indicator"]).copy()
    first = pd.to_numeric(rows["baseline_years"].str[:4], errors="coerce")
    last = pd.to_numeric(rows["baseline_years"].str[-4:], errors="coerce")
    years = rows["round"].str.extract(r"^(\d{4})-(\d{4})$").astype(float)
    period_years = years[1] - years[0] + 1
    single = (first == last) & (rows["target_type"] == "cumulative") & rows["baseline"].notna()
    rows["flat_pace"] = (rows["baseline"] * period_years).where(single).round(10)
    rows["flat_verdict"] = np.where(
        rows["flat_pace"].isna(),
        "",
        np.where(rows["flat_pace"] >= rows["target"], "on track", "not on track"),
    )
    return rows[PROJECTION_TABLE_COLUMNS].reset_index(drop=True)


def combined_ambition(units: Sequence[UnitAttainment]) -> pd.DataFrame:
    """Return the ambition rows of several units, each target once (the province's is shared).

    Examples
    --------
    >>> combined_ambition([])  # doctest: +NORMALIZE_WHITESPACE
    Empty DataFrame
    Columns: [unit_code, unit_name, level, plan_id, round, indicator, indicator_zh, target_type,
    target, unit, qualifier, required_rate, pre_plan_rate, rate_unit, ratio, difference,
    trend_total, trend_meets, outcome, finding, basis, basis_zh]
    Index: []
    """
    frames = [unit.ambition for unit in units if len(unit.ambition)]
    if not frames:
        return pd.DataFrame(columns=AMBITION_COLUMNS)
    combined = pd.concat(frames, ignore_index=True)
    return combined.drop_duplicates(["plan_id", "indicator"]).reset_index(drop=True)
