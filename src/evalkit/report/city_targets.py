"""The city report's target section: every registry figure about the city, by unit and round.

:func:`city_targets_section` gathers :func:`evalkit.plans.unit_attainment` for one panel city
and lays it out as the report shows it: the city's own targets (each against values realised
inside its own round; an earlier round's figure only in the labelled baseline columns), its
counties' targets (金华: 兰溪) with their township allocations summed and checked, reported
figures with no target (衢州 2020), the province's targets and figures, and the ambition of every
target with a baseline. Every table names its unit; long tables are folded.
:meth:`CityTargetSection.attainment` is the ``"attainment"`` list of the report's results.json.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import pandas as pd

from evalkit.i18n import check_language, target_label, text
from evalkit.plans.labels import DisplayTable, display_table, sentence
from evalkit.plans.unit_sections import SHOWN_COLUMNS, UnitAttainment, unit_attainment

FOLD_ROWS = 8  # tables longer than this are folded in <details>
# results.json status of a target without a projection (attainment.STATUSES -> contract words)
STATUS_WORDS = {
    "met": "met",
    "not met": "missed",
    "in progress": "in progress",
    "no realised figure": "no figure",
}
PROJECTED_COLUMNS = [
    "unit_name", "level", "round", "indicator", "indicator_zh", "target", "unit", "qualifier",
    "baseline", "baseline_round", "projection", "conf_low", "conf_high", "p_meet", "verdict",
    "method", "method_zh",
]  # fmt: skip
ATTAINMENT_KEYS = ("indicator", "label", "unit_name", "round", "section", "status", "probability")


@dataclass(frozen=True)
class Block:
    """One part of the section: a heading or note (markdown-free text) and an optional table."""

    heading: str
    note: str
    table: DisplayTable | None


@dataclass(frozen=True)
class CityTargetSection:
    """The target section of one city report (see module doc)."""

    unit: UnitAttainment
    language: str

    def blocks(self) -> list[Block]:
        """Return the parts to show, in order; empty sections are left out."""
        unit, language = self.unit, self.language
        say = lambda key, **v: sentence(key, language, **v)  # noqa: E731
        blocks = [Block("", say("units_note") + " " + say("rule"), None)]
        projected = unit.tidy()
        projected = projected.loc[projected["verdict"] != ""] if len(projected) else projected
        if len(projected):
            blocks.append(
                Block(
                    say("projections"),
                    say("projections_note"),
                    display_table(projected[PROJECTED_COLUMNS], language),
                )
            )
        if len(unit.own):
            own = display_table(unit.own[SHOWN_COLUMNS], language)
            blocks.append(Block(unit.unit_name, "", own))
        if len(unit.sub_units):
            blocks.append(
                Block(say("sub_units"), "", display_table(unit.sub_units[SHOWN_COLUMNS], language))
            )
        if len(unit.allocation):
            blocks.append(
                Block(say("allocation_sums"), "", display_table(unit.allocation, language))
            )
        if len(unit.reported):
            blocks.append(Block(say("reported_only"), "", display_table(unit.reported, language)))
        if len(unit.province) or len(unit.province_reported):
            for frame in (unit.province[SHOWN_COLUMNS], unit.province_reported):
                if len(frame):
                    blocks.append(Block(say("province"), "", display_table(frame, language)))
        if len(unit.ambition):
            blocks.append(
                Block(say("ambition"), say("ambition_note"), display_table(unit.ambition, language))
            )
        return blocks

    def attainment(self) -> list[dict]:
        """Return the results.json ``"attainment"`` list: one dict per target or stated share.

        ``status`` is the projection's verdict (likely/uncertain/unlikely) where there is one,
        else met/missed/in progress/no figure; ``probability`` is P(meet) or None. A reported
        figure that states its share of target (衢州 降本减负 153.93%) is ``met`` or ``missed``.
        """
        records = []
        rows = self.unit.tidy()
        for row in rows.itertuples(index=False):
            p_meet = _number(row.p_meet)
            status = row.verdict if row.verdict else STATUS_WORDS.get(row.status, row.status)
            records.append(
                {
                    "indicator": row.indicator,
                    "label": target_label(row.indicator, row.indicator_zh, self.language),
                    "unit_name": row.unit_name,
                    "round": row.round,
                    "section": row.section,
                    "status": status,
                    "probability": p_meet,
                }
            )
        for row in self.unit.reported.itertuples(index=False):
            share = _number(row.share_of_target)
            if share is None:
                continue
            records.append(
                {
                    "indicator": row.indicator,
                    "label": target_label(row.indicator, row.indicator_zh, self.language),
                    "unit_name": row.unit_name,
                    "round": str(row.year),
                    "section": "reported",
                    "status": "met" if share >= 1 else "missed",
                    "probability": None,
                }
            )
        return records

    def tidy(self) -> pd.DataFrame:
        """Return :meth:`attainment` as a table (columns :data:`ATTAINMENT_KEYS`)."""
        return pd.DataFrame(self.attainment(), columns=list(ATTAINMENT_KEYS))

    def _repr_html_(self) -> str:
        parts = []
        for block in self.blocks():
            if block.heading:
                parts.append(f"<h3>{html.escape(block.heading)}</h3>")
            if block.note:
                parts.append(f"<p>{html.escape(block.note)}</p>")
            if block.table is not None:
                parts.append(folded_html(block.table, self.language))
        return "\n".join(parts)

    def __repr__(self) -> str:
        return "\n\n".join(
            "\n".join(filter(None, [b.heading, b.note, repr(b.table) if b.table else ""]))
            for b in self.blocks()
        )


def _number(value: object) -> float | None:
    if value is None or value is pd.NA:
        return None
    value = float(value)
    return None if math.isnan(value) else round(value, 10)


def folded_html(table, language: str, *, fold_rows: int = FOLD_ROWS) -> str:
    """Return a table's HTML, inside ``<details>`` when it has more than ``fold_rows`` rows.

    ``table`` is a :class:`~evalkit.plans.labels.DisplayTable` or a report table (anything
    with ``frame`` and ``_repr_html_``).

    Examples
    --------
    >>> table = DisplayTable(pd.DataFrame({"地区": ["嘉兴市"] * 9}))
    >>> folded_html(table, "zh").startswith("<details><summary>表格共 9 行")
    True
    >>> folded_html(table, "en", fold_rows=9).startswith("<table")
    True
    """
    check_language(language)
    body = table._repr_html_()
    n = len(table.frame)
    if n <= fold_rows:
        return body
    summary = text("folded_table", language, n=n)
    return f"<details><summary>{summary}</summary>\n{body}\n</details>"


@dataclass(frozen=True)
class Folded:
    """A table shown folded in ``<details>`` when it has more than ``fold_rows`` rows.

    Examples
    --------
    >>> table = DisplayTable(pd.DataFrame({"地区": ["嘉兴市"] * 3}))
    >>> Folded(table, "en", 2)._repr_html_().startswith("<details><summary>Table of 3 rows")
    True
    """

    table: object
    language: str
    fold_rows: int = FOLD_ROWS

    def _repr_html_(self) -> str:
        return folded_html(self.table, self.language, fold_rows=self.fold_rows)

    def __repr__(self) -> str:
        return repr(self.table)


def city_targets_section(
    registry,
    panel,
    city_code: str,
    language: str,
    *,
    seed: int = 0,
    sections: UnitAttainment | None = None,
) -> CityTargetSection:
    """Return the target section of a city report.

    Parameters
    ----------
    registry : PlanRegistry
        The plan registry.
    panel : evalkit.panel.Panel or None
        The panel, for projections through denominators (None: no projections).
    city_code : str
        The panel city's 6-digit code.
    language : {"zh", "en"}
        The report language.
    seed : int
        Seed of the projections.
    sections : UnitAttainment, optional
        ``unit_attainment(registry, panel, city_code, seed=seed)`` if already computed
        (:attr:`evalkit.report.city_analysis.CityAnalysis.attainment`); computed otherwise.

    Returns
    -------
    CityTargetSection

    Raises
    ------
    ParameterError
        For a language other than zh or en.

    Examples
    --------
    >>> from evalkit.plans import PlanRegistry
    >>> section = city_targets_section(PlanRegistry.load(), None, "330800", "zh")
    >>> [r["status"] for r in section.attainment() if r["indicator"] == "cost_reduction"]
    ['met']
    """
    check_language(language)
    if sections is None:
        sections = unit_attainment(registry, panel, city_code, seed=seed)
    return CityTargetSection(sections, language)
