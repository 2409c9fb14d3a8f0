"""The further sections of a city report: plans, targets, trends, cohort event study, quality.

Each function returns a tidy frame or a result object; the notebook only displays them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from evalkit.config import PROCESSED_DIR
from evalkit.design import Design, outcome_column
from evalkit.did import aggte, att_gt
from evalkit.did.results import AggregateResult
from evalkit.panel import Panel
from evalkit.plans import PlanRegistry
from evalkit.report import counterfactuals
from evalkit.trend import ITSResult, interrupted_time_series

FLAG_COLUMNS = ("interpolated", "rounded", "break_suspected", "conflict")
PLAN_COLUMNS = [
    "programme",
    "via",
    "awardee_name",
    "round",
    "membership",
    "period_start",
    "period_end",
]
TARGET_COLUMNS = [
    "awardee_name",
    "round",
    "indicator",
    "indicator_zh",
    "qualifier",
    "target",
    "unit",
    "target_type",
    "horizon",
    "year",
    "reported",
    "reported_unit",
]
# The columns of a city's synthetic-control and synthetic-DiD rows that the report shows.
COUNTERFACTUAL_COLUMNS = [
    "indicator",
    "method",
    "estimate",
    "se",
    "p_value",
    "pre_rmspe",
    "n_donors",
    "n_excluded",
    "top_donors",
]


def plan_links(registry: PlanRegistry, city_code: str, unit_name: str) -> pd.DataFrame:
    """Plans and designations that cover the city (province-wide, direct or via a county).

    Returns
    -------
    pandas.DataFrame
        :meth:`PlanRegistry.unit_plans` rows (``PLAN_COLUMNS`` are the ones to show).
    """
    units = pd.DataFrame(
        {
            "unit_code": [city_code],
            "unit_name": [unit_name],
            "province_code": [city_code[:2] + "0000"],
        }
    )
    links = registry.unit_plans(units)
    return links.sort_values(["period_start", "plan_id"], ignore_index=True)


def city_targets(registry: PlanRegistry, links: pd.DataFrame) -> pd.DataFrame:
    """Targets of the plans linked to the city, joined with what the sources report.

    Returns
    -------
    pandas.DataFrame
        :meth:`PlanRegistry.targets_vs_reported` rows with ``plan_id``, the awardee's name
        and the round (``TARGET_COLUMNS`` are the ones to show); empty when the city's own
        plans set no targets.
    """
    frames = []
    own = links.loc[links["via"] != "province"]
    for plan_id, awardee, plan_round in own[["plan_id", "awardee_name", "round"]].itertuples(
        index=False
    ):
        if (registry.targets["plan_id"] == plan_id).any():
            rows = registry.targets_vs_reported(plan_id)
            frames.append(rows.assign(plan_id=plan_id, awardee_name=awardee, round=plan_round))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def city_its(sample: pd.DataFrame, city_code: str, outcome: str, start: int) -> ITSResult:
    """Interrupted time series of the city's log outcome, relative to the comparison mean.

    The outcome is the city's series minus the mean of the never-treated comparison cities
    (a one-unit DiD in trends), so common shocks do not count as a break.
    """
    column = outcome_column(outcome)
    observed = sample.dropna(subset=[column])
    city = observed[observed["unit_code"] == city_code]
    comparison = observed[observed["first_treated_year"] == 0]
    return interrupted_time_series(
        city, tname="year", yname=column, start=start, comparison=comparison
    )


def cohort_event_study(sample: pd.DataFrame, outcome: str) -> AggregateResult:
    """Callaway-Sant'Anna event study of the design's cohorts (never-treated comparison)."""
    column = outcome_column(outcome)
    observed = sample.dropna(subset=[column])
    result = att_gt(
        observed, column, "year", "unit_code", "first_treated_year", allow_unbalanced_panel=True
    )
    return aggte(result, type="dynamic")


def quality_flags(panel: Panel, city_code: str, outcomes: list[str]) -> pd.DataFrame:
    """Count the data-quality flags on the city's outcome series, by indicator.

    Returns
    -------
    pandas.DataFrame
        ``indicator, years, interpolated, rounded, break_suspected, conflict, flagged_years``.
    """
    rows = panel.frame[
        (panel.frame["unit_code"] == city_code) & panel.frame["indicator"].isin(outcomes)
    ]
    present = [flag for flag in FLAG_COLUMNS if flag in rows.columns]
    table = []
    for indicator, series in rows.groupby("indicator"):
        flagged = series[series[present].any(axis=1)] if present else series.iloc[:0]
        table.append(
            {
                "indicator": indicator,
                "years": f"{series['year'].min()}-{series['year'].max()}",
                **{flag: int(series[flag].sum()) for flag in present},
                "flagged_years": ", ".join(str(y) for y in sorted(flagged["year"])),
            }
        )
    return pd.DataFrame(table)


def counterfactual_rows(
    city_code: str, processed_dir: Path = PROCESSED_DIR, *, design: Design | None = None
) -> pd.DataFrame:
    """Return the city's synthetic-control and synthetic-DiD rows from the precomputed table.

    The table is computed once per render batch by
    :func:`evalkit.report.counterfactuals.ensure_counterfactuals`; a notebook run on its own
    (JupyterLab, a single render) brings it up to date first, which is a no-op when the table
    matches the panel's inputs, evalkit's code and the design. A programme without a
    precomputed table (:data:`evalkit.report.counterfactuals.PRECOMPUTED`) gives no rows.
    """
    if design is not None and design.programme not in counterfactuals.PRECOMPUTED:
        return pd.DataFrame(columns=COUNTERFACTUAL_COLUMNS)
    counterfactuals.ensure_counterfactuals(processed_dir, design=design)

    table = pd.read_csv(processed_dir / counterfactuals.TABLE_FILE, dtype={"unit_code": str})
    return table[table["unit_code"] == city_code].reset_index(drop=True)


def input_summary(processed_dir: Path = PROCESSED_DIR) -> pd.DataFrame:
    """SHA-256 of every raw input of the panel, for the provenance appendix."""
    inputs = json.loads((processed_dir / "inputs.json").read_text(encoding="utf-8"))
    return pd.DataFrame(sorted(inputs["sha256"].items()), columns=["file", "sha256"])


EXCLUSION_COLUMNS = ["unit_name", "reason"]


def design_exclusions(design: Design) -> pd.DataFrame:
    """Return the units a design leaves out and why, as a report shows them (no registry ids).

    ``Design.describe()`` is the plain-text account for a console; a report shows this table,
    whose ``reason`` values have report labels in both languages.

    Examples
    --------
    >>> from evalkit.design import build_design
    >>> design_exclusions(build_design("zj_growth_plan")).columns.tolist()  # doctest: +SKIP
    ['unit_name', 'reason']
    """
    return design.exclusions[EXCLUSION_COLUMNS].drop_duplicates().reset_index(drop=True)
