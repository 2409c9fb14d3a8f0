"""Treatment timing for difference-in-differences: first treated year per unit, with exclusions.

Rules (each one explicit, each exclusion warned with the units' codes and names):

- A unit's first treated year is the earliest onset (``period_start`` or the year ``issued``)
  of a *confirmed* row that covers it directly or through a province-wide row. ``0`` means
  never treated within the window.
- A county or district awardee (兰溪 330781, 浦东新区 310115) treats its city only with
  ``map_districts=True``; otherwise the city is excluded (partly treated: not a clean control).
- Units whose membership is unknown (rows coded ``incomplete-batch``, and ``inferred`` rows
  unless ``treat_inferred``) are excluded from the comparison group unless
  ``unknown_membership="control"`` (controls in every year) or ``"censor"`` (controls up to
  the year before the unknown batch's onset; their rows from that year on are dropped by
  :meth:`TreatmentTiming.attach`, column ``censored_from``). A confirmed row always wins over
  an unknown one.
- A unit first treated in or before the first window year has no pre-treatment year and is
  excluded; one first treated after the last window year is recoded 0 (never treated in the
  window) with a warning.
- Confounding programmes: confirmed or inferred exposure (sub-units mapped to their city,
  province rows expanded) starting by the last window year either excludes the unit or, with
  ``confounder_handling="covariate"``, becomes a 0/1 unit-year column ``<programme>_active``.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import pandas as pd

from evalkit.plans.errors import PlanRegistryError, TimingWarning
from evalkit.plans.units import as_unit_frame
from evalkit.results import HtmlDisplay

if TYPE_CHECKING:
    from evalkit.plans.registry import PlanRegistry

EXCLUSION_COLUMNS = ["unit_code", "unit_name", "reason", "detail", "plan_ids"]
REASON_TEXT = {
    "unknown_membership": "membership unknown (incomplete batch or only inferred); rule: unknown "
    "members are not controls; to keep them as controls pass unknown_membership='control'",
    "sub_unit_awardee": "a county or district of the unit is an awardee, so the unit is partly "
    "treated; to count it as treated pass map_districts=True",
    "treated_before_window": "first treated in or before the first window year, so no "
    "pre-treatment year is observed; to keep it, start the window earlier",
    "confounder": "exposed to a confounding programme; to keep it and control for the programme "
    "pass confounder_handling='covariate'",
}


@dataclass(frozen=True, eq=False)
class TreatmentTiming(HtmlDisplay):
    """First treated year per unit under one programme, with the exclusions and their reasons.

    Attributes
    ----------
    programme : str
        The programme that defines treatment.
    timing : pandas.DataFrame
        ``unit_code, unit_name, first_treated_year, status`` for every unit asked about;
        status is ``treated``, ``never_treated`` or ``excluded``; with
        ``unknown_membership="censor"`` also ``censored_from`` (first year whose rows are
        dropped, 0 = none).
    exclusions : pandas.DataFrame
        ``unit_code, unit_name, reason, detail, plan_ids``: one row per unit and reason.
    covariates : pandas.DataFrame
        ``unit_code, year`` and a 0/1 ``<programme>_active`` column per confounder handled as a
        covariate (empty otherwise).
    settings : dict
        The options the timing was built with.

    Examples
    --------
    >>> timing = TreatmentTiming("p", pd.DataFrame({"unit_code": ["1", "2"], "unit_name": ["a",
    ...     "b"], "first_treated_year": [2015, 0], "status": ["treated", "never_treated"]}),
    ...     pd.DataFrame(columns=EXCLUSION_COLUMNS), pd.DataFrame())
    >>> timing.usable["first_treated_year"].tolist()
    [2015, 0]
    """

    programme: str
    timing: pd.DataFrame
    exclusions: pd.DataFrame
    covariates: pd.DataFrame
    settings: dict = field(default_factory=dict)

    @property
    def usable(self) -> pd.DataFrame:
        """``unit_code, first_treated_year`` of the units a DiD may use (exclusions removed)."""
        kept = self.timing.loc[self.timing["status"] != "excluded"]
        return kept[["unit_code", "first_treated_year"]].reset_index(drop=True)

    @property
    def censored(self) -> pd.Series:
        """First dropped year of each censored unit (``unit_code`` index; empty if none)."""
        if "censored_from" not in self.timing.columns:
            return pd.Series(dtype="int64", name="censored_from")
        rows = self.timing.loc[self.timing["censored_from"] > 0]
        return rows.set_index("unit_code")["censored_from"]

    def attach(self, frame: pd.DataFrame, *, unit_column: str = "unit_code") -> pd.DataFrame:
        """Add ``first_treated_year`` to a unit-year frame, dropping excluded and unknown units.

        The number of dropped rows is warned, never silent. Covariate columns, if any, are
        added by unit and year.

        Examples
        --------
        >>> timing = TreatmentTiming("p", pd.DataFrame({"unit_code": ["1"], "unit_name": ["a"],
        ...     "first_treated_year": [2015], "status": ["treated"]}),
        ...     pd.DataFrame(columns=EXCLUSION_COLUMNS), pd.DataFrame())
        >>> timing.attach(pd.DataFrame({"unit_code": ["1"], "year": [2014]})).shape
        (1, 3)
        """
        usable = self.usable.rename(columns={"unit_code": unit_column})
        merged = frame.merge(usable, on=unit_column, how="inner")
        dropped = len(frame) - len(merged)
        censored = self.censored
        if len(censored):
            cut = merged[unit_column].map(censored)
            late = cut.notna() & (merged["year"] >= cut)
            if late.any():
                warnings.warn(
                    f"{self.programme}: attach dropped {int(late.sum())} row(s) of "
                    f"{merged.loc[late, unit_column].nunique()} unit(s) of unknown membership "
                    "from the year their batch could have treated them (censored_from)",
                    TimingWarning,
                    stacklevel=2,
                )
                merged = merged.loc[~late]
        if dropped:
            warnings.warn(
                f"{self.programme}: attach dropped {dropped} row(s) of units that are excluded "
                "or absent from the timing table (see .exclusions)",
                TimingWarning,
                stacklevel=2,
            )
        if not self.covariates.empty:
            covariates = self.covariates.rename(columns={"unit_code": unit_column})
            merged = merged.merge(covariates, on=[unit_column, "year"], how="left")
        return merged

    def tidy(self) -> pd.DataFrame:
        """Return the timing table with the exclusion reasons joined (``;``-separated)."""
        reasons = self.exclusions.groupby("unit_code")["reason"].agg("; ".join)
        out = self.timing.copy()
        out["exclusion_reason"] = out["unit_code"].map(reasons).fillna("")
        return out

    def summary(self) -> str:
        """Return a plain-text summary: counts by status, treated cohorts, exclusion reasons."""
        status = self.timing["status"].value_counts()
        cohorts = self.timing.loc[self.timing["status"] == "treated", "first_treated_year"]
        by_reason = self.exclusions.groupby("reason")["unit_code"].nunique()
        lines = [
            f"Treatment timing for {self.programme}: {status.get('treated', 0)} treated, "
            f"{status.get('never_treated', 0)} never treated, {status.get('excluded', 0)} excluded",
            "  cohorts: "
            + ", ".join(f"{y}: {n}" for y, n in cohorts.value_counts().sort_index().items()),
        ]
        lines += [f"  excluded ({reason}): {n}" for reason, n in by_reason.items()]
        if len(self.censored):
            lines.append(
                f"  controls censored (unknown membership): {len(self.censored)}, rows from "
                + ", ".join(str(y) for y in sorted(set(self.censored)))
                + " on dropped"
            )
        return "\n".join(lines)

    float_format = None


def _onset(links: pd.DataFrame, onset: str) -> pd.Series:
    if onset == "issued":
        return links["issued_year"].fillna(links["period_start"]).astype("int64")
    return links["period_start"].astype("int64")


def _check_programmes(registry: PlanRegistry, names: Iterable[str]) -> None:
    unknown = sorted(set(names) - set(registry.programmes))
    if unknown:
        raise PlanRegistryError(
            f"programme(s) {unknown} not in plans.csv; programmes: {registry.programmes}"
        )


def programme_exposure(
    registry: PlanRegistry,
    programme: str,
    units: Sequence[str] | pd.DataFrame,
    last_year: int,
    *,
    onset: Literal["period_start", "issued"] = "period_start",
) -> pd.DataFrame:
    """Return the units exposed to ``programme`` by ``last_year``: first year and plan ids.

    Exposure is any confirmed or inferred row reaching the unit directly, through a
    province-wide row or through one of its counties or districts (the rule for confounders).

    Examples
    --------
    >>> from evalkit.plans import PlanRegistry
    >>> programme_exposure(PlanRegistry.load(), "smf_finance_pilot", ["331000"], 2020)
    ... # doctest: +SKIP
               first_year             plan_ids
    unit_code
    331000           2015  taizhou_finance_2015
    """
    units = as_unit_frame(units)
    links = registry.unit_plans(units, programme=programme)
    links = links.loc[links["membership"].isin(["confirmed", "inferred"])].copy()
    links["onset"] = _onset(links, onset)
    links = links.loc[links["onset"] <= last_year]
    return links.groupby("unit_code").agg(
        first_year=("onset", "min"), plan_ids=("plan_id", ",".join)
    )


def treatment_timing(
    registry: PlanRegistry,
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
    """Return each unit's first treated year under ``programme`` (0 = never), with exclusions.

    Parameters
    ----------
    registry : PlanRegistry
        The loaded registry.
    programme : str
        Programme defining treatment, e.g. ``"liangchuang_demo"``.
    units : sequence of str or pandas.DataFrame
        Unit codes, or a frame with ``unit_code`` (and ``unit_name``, ``province_code``), such
        as ``evalkit.panel.load().units``.
    years : iterable of int
        The analysis window (its first and last year are used).
    onset : {"period_start", "issued"}
        Treatment starts in the plan period's first year, or in the year it was issued (falls
        back to period_start where no issue date is known).
    map_districts : bool
        Count a county or district awardee as treatment of its city.
    unknown_membership : {"exclude", "control", "censor"}
        What to do with units whose membership is unknown: exclude them, keep them as
        controls, or keep them as controls only before the onset of the batch that may have
        named them (``censored_from``; :meth:`TreatmentTiming.attach` drops the later rows).
    treat_inferred : bool
        Count ``inferred`` members as treated instead of unknown.
    confounders : sequence of str
        Programmes that confound the comparison.
    confounder_handling : {"exclude", "covariate"}
        Drop exposed units, or return ``<programme>_active`` covariates.

    Returns
    -------
    TreatmentTiming

    Warns
    -----
    TimingWarning
        Once per exclusion reason, naming the units.

    Examples
    --------
    >>> from evalkit.plans import PlanRegistry
    >>> registry = PlanRegistry.load()  # doctest: +SKIP
    >>> treatment_timing(registry, "liangchuang_demo", ["330100"], range(2010, 2020)).usable
    ... # doctest: +SKIP
      unit_code  first_treated_year
    0    330100                2015
    """
    _check_programmes(registry, [programme, *confounders])
    window = sorted({int(year) for year in years})
    if not window:
        raise PlanRegistryError(
            "years is empty; fix: pass the analysis years, e.g. range(2010, 2021)"
        )
    first_year, last_year = window[0], window[-1]
    frame = as_unit_frame(units)
    names = frame.set_index("unit_code")["unit_name"]
    links = registry.unit_plans(frame, programme=programme)
    links["onset"] = _onset(links, onset)

    treating = links["membership"].eq("confirmed") | (
        links["membership"].eq("inferred") & treat_inferred
    )
    reaches = links["via"].isin(["direct", "province"]) | (
        links["via"].eq("sub_unit") & map_districts
    )
    treated = links.loc[treating & reaches].groupby("unit_code")["onset"].min()
    exclusions: list[dict] = []

    def exclude(codes: Iterable[str], reason: str, detail: dict[str, str], plan_ids: dict) -> None:
        for code in codes:
            exclusions.append(
                {"unit_code": code, "unit_name": names[code], "reason": reason,
                 "detail": detail.get(code, ""), "plan_ids": plan_ids.get(code, "")}
            )  # fmt: skip

    partial = links.loc[treating & links["via"].eq("sub_unit") & ~map_districts]
    partial = partial.loc[~partial["unit_code"].isin(treated.index)]
    grouped = partial.groupby("unit_code")
    exclude(
        grouped.groups,
        "sub_unit_awardee",
        grouped.apply(lambda g: ", ".join(g["awardee_code"] + " " + g["awardee_name"])).to_dict(),
        grouped["plan_id"].agg(",".join).to_dict(),
    )
    unknown_rows = links["membership"].eq("incomplete-batch") | (
        links["membership"].eq("inferred") & ~treat_inferred
    )
    unknown = links.loc[unknown_rows & ~links["unit_code"].isin(treated.index)]
    if unknown_membership not in ("exclude", "control", "censor"):
        raise PlanRegistryError(
            f"unknown_membership={unknown_membership!r}; valid: 'exclude', 'control', 'censor'"
        )
    censored_from = unknown.groupby("unit_code")["onset"].min()
    if unknown_membership == "exclude":
        grouped = unknown.groupby("unit_code")
        exclude(
            grouped.groups,
            "unknown_membership",
            grouped["membership"].agg(lambda m: ",".join(sorted(set(m)))).to_dict(),
            grouped["plan_id"].agg(",".join).to_dict(),
        )
    early = treated.loc[treated <= first_year]
    exclude(
        early.index,
        "treated_before_window",
        {c: f"first treated {y}" for c, y in early.items()},
        {},
    )
    late = treated.loc[treated > last_year]
    if len(late):
        warnings.warn(
            f"{programme}: {len(late)} unit(s) first treated after the window's last year "
            f"{last_year} are coded 0 (never treated in the window): "
            + ", ".join(f"{c} {names[c]} ({y})" for c, y in late.items()),
            TimingWarning,
            stacklevel=3,
        )
        treated = treated.loc[treated <= last_year]

    covariates = pd.DataFrame()
    if confounders and confounder_handling == "covariate":
        grid = pd.MultiIndex.from_product([frame["unit_code"], window], names=["unit_code", "year"])
        covariates = grid.to_frame(index=False)
    for confounder in confounders:
        exposure = programme_exposure(registry, confounder, frame, last_year, onset=onset)
        if confounder_handling == "exclude":
            exclude(
                exposure.index, "confounder",
                {c: f"{confounder} from {y}" for c, y in exposure["first_year"].items()},
                exposure["plan_ids"].to_dict(),
            )  # fmt: skip
        else:
            start = covariates["unit_code"].map(exposure["first_year"])
            covariates[f"{confounder}_active"] = (covariates["year"] >= start).astype("int64")

    excluded = pd.DataFrame(exclusions, columns=EXCLUSION_COLUMNS)
    for reason, group in excluded.groupby("reason", sort=False):
        warnings.warn(
            f"{programme}: {group['unit_code'].nunique()} unit(s) excluded from the comparison "
            f"({reason}): "
            + ", ".join(dict.fromkeys(group["unit_code"] + " " + group["unit_name"]))
            + f"; {REASON_TEXT[reason]}",
            TimingWarning,
            stacklevel=3,
        )
    timing = frame[["unit_code", "unit_name"]].copy()
    timing["first_treated_year"] = timing["unit_code"].map(treated).fillna(0).astype("int64")
    timing["status"] = "never_treated"
    timing.loc[timing["first_treated_year"] > 0, "status"] = "treated"
    timing.loc[timing["unit_code"].isin(excluded["unit_code"]), "status"] = "excluded"
    if unknown_membership == "censor":
        cut = timing["unit_code"].map(censored_from).fillna(0).astype("int64")
        timing["censored_from"] = cut.where(timing["status"] == "never_treated", 0)
    settings = {
        "programme": programme, "years": (first_year, last_year), "onset": onset,
        "map_districts": map_districts, "unknown_membership": unknown_membership,
        "treat_inferred": treat_inferred, "confounders": tuple(confounders),
        "confounder_handling": confounder_handling,
    }  # fmt: skip
    return TreatmentTiming(programme, timing, excluded, covariates, settings)
