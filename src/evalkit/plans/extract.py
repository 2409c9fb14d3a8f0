"""Targets read from a Chinese plan document into rows of the registry's ``targets.csv``.

:func:`extract_targets` reads the target section (一、工作目标 / 主要目标 / 发展目标), sentences
elsewhere that set a dated or aspirational target (``到2020年底...``, ``力争...``), and the
sub-unit allocation table of an attachment. Every row keeps the sentence and the character
span it came from and a confidence score, for a person to confirm: the output is a draft for
review, not registry truth.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

import pandas as pd

from evalkit.errors import EvalkitError
from evalkit.plans.allocation_table import AllocationTable, find_allocation_tables
from evalkit.plans.clauses import Reading, read_sentence
from evalkit.plans.indicator_keys import indicator_key
from evalkit.plans.numbers_zh import NormalisedText, normalise
from evalkit.plans.quantities import Quantity, find_quantities
from evalkit.plans.schema import TARGET_COLUMNS

#: Review columns written beside the registry's columns.
REVIEW_COLUMNS = ("target_high", "source_sentence", "span_start", "span_end", "confidence")
TARGET_HEADINGS = ("工作目标", "主要目标", "发展目标", "总体目标", "目标任务", "主要指标")
_TOP_HEADING = re.compile(r"^[ \t]*[一二三四五六七八九十]+[、.][ \t]*(\S[^\n]*)$", re.M)
_PERIOD = re.compile(r"(20\d\d)\s*年?\s*(?:—|-|~|至|到)?\s*(20\d\d)\s*年")
_HORIZON = re.compile(r"到\s*(20\d\d)\s*年")
_WITHIN_PERIOD = re.compile(r"[一二两三四五\d]\s*年内")
_TRIGGER = re.compile(r"到\s*20\d\d\s*年|力争")
_SENTENCE_END = "。;；!！?？"
_DEPARTMENT = re.compile(r"[局办委行院部厅]|政府|乡镇|街道|开发区|中心|责任单位|牵头")
_PAREN = re.compile(r"[(（]([^()（）]*)[)）]")
_LEVEL_WORDS = ("总量", "总数", "数量", "总建筑面积", "总面积", "余额", "入库", "保有量")
_GROWTH_WORDS = ("年均增长", "年均下降", "增速", "增幅", "增长", "下降", "提高")
_QUALIFIER_OF_LEAD = {
    "不低于": "不低于", "不得低于": "不低于", "不少于": "不少于", "不得少于": "不少于",
    "超过": "超过", "突破": "超过", "高于": "超过", "达到": "达到", "达": "达到", "高达": "达到",
    "约": "左右",
}  # fmt: skip


class ExtractionError(EvalkitError):
    """A document cannot be read for targets or figures (empty, or not Chinese text)."""


@dataclass(frozen=True)
class ExtractedTarget:
    """One target row: the registry's columns plus where it came from and how sure we are."""

    plan_id: str
    indicator: str
    indicator_zh: str
    sub_unit: str
    target: float
    unit: str
    target_type: str
    horizon: int | None
    qualifier: str
    lead_department: str
    source: str
    note: str
    target_high: float | None
    source_sentence: str
    span_start: int
    span_end: int
    confidence: float


@dataclass(frozen=True)
class TargetExtraction:
    """The targets found in one document, with the settings used to find them."""

    rows: tuple[ExtractedTarget, ...]
    plan_id: str
    source: str
    period: tuple[int, int] | None
    target_sections: tuple[tuple[int, int], ...]

    def tidy(self) -> pd.DataFrame:
        """Rows in the registry's ``targets.csv`` columns, then the review columns.

        Examples
        --------
        >>> float(extract_targets("到2023年底,新增小微企业5000家以上。").tidy().loc[0, "target"])
        5000.0
        """
        columns = [*TARGET_COLUMNS, *REVIEW_COLUMNS]
        records = [{f.name: getattr(row, f.name) for f in fields(row)} for row in self.rows]
        frame = pd.DataFrame(records, columns=columns)
        frame["horizon"] = frame["horizon"].astype("Int64")
        return frame

    def summary(self) -> str:
        """One paragraph: how many rows, how many mapped to a key, how many sub-unit rows."""
        keyed = sum(bool(row.indicator) for row in self.rows)
        allocated = sum(bool(row.sub_unit) for row in self.rows)
        period = f"{self.period[0]}-{self.period[1]}" if self.period else "not found"
        return (
            f"{len(self.rows)} target rows ({allocated} sub-unit rows), {keyed} with a registry "
            f"indicator key, {len(self.rows) - keyed} to name by hand; plan period {period}"
        )


def plan_period(text: str) -> tuple[int, int] | None:
    """Return the plan period printed in the title, e.g. ``(2018~2020年)`` or ``(20182020年)``.

    Examples
    --------
    >>> plan_period("三年成长计划(2021—2023年)"), plan_period("计划(20182020年)")
    ((2021, 2023), (2018, 2020))
    """
    for match in _PERIOD.finditer(text[:3000]):
        first, last = int(match[1]), int(match[2])
        if 1 <= last - first <= 5:
            return first, last
    return None


def target_sections(text: str) -> list[tuple[int, int]]:
    """Spans of the sections headed 工作目标/主要目标/... (the whole text if none is headed)."""
    headings = list(_TOP_HEADING.finditer(text))
    spans = []
    for index, heading in enumerate(headings):
        if any(word in heading[1] for word in TARGET_HEADINGS):
            end = headings[index + 1].start() if index + 1 < len(headings) else len(text)
            spans.append((heading.end(), end))
    return spans or [(0, len(text))]


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, position = [], start
    for index in range(start, end):
        if text[index] in _SENTENCE_END or text[index] == "\n":
            if index > position:
                out.append((position, index))
            position = index + 1
    if end > position:
        out.append((position, end))
    return out


def _department_parens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Parentheses naming who leads: ``(市市场监管局牵头)``, ``(责任单位:A、B。列第一位...)``."""
    found = []
    for match in re.finditer(r"[(（]([^()（）]*)[)）]", text[start:end]):
        content = match[1]
        if content.startswith("以下简称") or not _DEPARTMENT.search(content):
            continue
        if "责任单位" in content:
            listed = re.split(r"[:：]", content, maxsplit=1)[-1]
            first = re.split(r"[、,，。]", listed)[0]
            lead = first if "第一位" in content or "牵头" in content else listed.split("。")[0]
        else:
            lead = re.sub(r"牵头$", "", content.strip())
        found.append((start + match.start(), start + match.end(), lead.strip()))
    return found


def widening_key(context: str) -> str:
    """Return the key found by widening the wording back over clauses with no figure.

    A figure's own wording may be too short to name it (``其中改建``); the clauses before it
    in the same sentence that state no figure of their own set its context
    (``积极争取省级财政对小微企业园建设的支持,自2018年以来累计争取资金``). Widening stops at
    the first clause that holds a figure: that figure has its own indicator.

    Examples
    --------
    >>> widening_key("积极争取对小微企业园建设的支持,累计争取资金")
    'provincial_park_funds'
    >>> widening_key("改扩建标准厂房60万平方米以上,其中改建不得少于")
    ''
    """
    cuts = [i for i, char in enumerate(context) if char in ",，;；:："]
    ends = [*cuts, len(context)]
    for position in range(len(cuts) - 1, -1, -1):
        start = cuts[position - 1] + 1 if position else 0
        if find_quantities(context[start : ends[position]]):
            return ""
        key = indicator_key(context[start:])
        if key:
            return key
    return ""


def _qualifier(quantity: Quantity) -> tuple[str, list[str]]:
    notes = []
    if quantity.approx:
        notes.append(f"printed {quantity.approx}: more than the figure")
    if quantity.after:
        return quantity.after, notes
    if quantity.approx:
        return "以上", notes
    return _QUALIFIER_OF_LEAD.get(quantity.lead, ""), notes


def _target_type(wording: str, unit: str, markers: tuple[str, ...]) -> str:
    if unit in ("个百分点", "百分点"):
        return "change_pp"
    if unit == "%":
        return "annual_growth" if any(w in wording for w in _GROWTH_WORDS) else "share"
    if unit == "倍":
        return "stock"
    if markers and markers[-1] == "每年":
        return "annual"
    if any(word in wording for word in _LEVEL_WORDS) and "新增" not in wording:
        return "stock"
    return "cumulative"


def _confidence(reading: Reading, key: str, horizon_stated: bool, horizon, in_section) -> float:
    score = 1.0
    score -= 0.4 if not key else 0.0
    score -= 0.1 if reading.subject_carried else 0.0
    score -= 0.1 if any("分别 lists" in note for note in reading.notes) else 0.0
    score -= 0.05 if reading.quantity.kind == "chinese" else 0.0
    score -= 0.0 if horizon_stated else (0.1 if horizon is not None else 0.3)
    score -= 0.0 if in_section else 0.15
    return round(max(score, 0.05), 2)


@dataclass
class _Context:
    norm: NormalisedText
    plan_id: str
    source: str
    period: tuple[int, int] | None
    default_horizon: int | None


def _rows_from_span(ctx: _Context, start: int, end: int, *, in_section: bool) -> list[dict]:
    text = ctx.norm.text
    rows: list[dict] = []
    for p_start, p_end in _paragraphs(text, start, end):
        parens = _department_parens(text, p_start, p_end)
        all_parens = [
            (m.start() + p_start, m.end() + p_start) for m in _PAREN.finditer(text[p_start:p_end])
        ]
        quantities = [
            _shift(q, p_start) for q in find_quantities(text[p_start:p_end], ctx.norm, p_start)
        ]
        quantities = [q for q in quantities if not any(a <= q.start < b for a, b in all_parens)]
        horizon_here: int | None = None
        for s_start, s_end in _sentences(text, p_start, p_end):
            sentence = text[s_start:s_end]
            stated = _HORIZON.search(sentence)
            if stated:
                horizon_here = int(stated[1])
            elif _WITHIN_PERIOD.search(sentence):
                horizon_here = None  # 三年内: the plan's own period, not an earlier 到YYYY年
            if not in_section and not _TRIGGER.search(sentence):
                continue
            inside = [q for q in quantities if s_start <= q.start < s_end]
            skip = tuple((a, b) for a, b, _ in parens) + tuple(
                (m.start() + s_start, m.end() + s_start)
                for m in re.finditer(r"[(（]以下简称[^)）]*[)）]", sentence)
            )
            for reading in read_sentence(text, s_start, s_end, inside, skip=skip):
                rows.append(
                    _row(ctx, reading, sentence, s_start, s_end, horizon_here, parens, in_section)
                )
    return rows


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, position = [], start
    for index in range(start, end + 1):
        if index == end or text[index] == "\n":
            if text[position:index].strip():
                out.append((position, index))
            position = index + 1
    return out


def _shift(quantity: Quantity, offset: int) -> Quantity:
    values = {f.name: getattr(quantity, f.name) for f in fields(quantity)}
    values["start"] += offset
    values["end"] += offset
    if values["lead_start"] >= 0:
        values["lead_start"] += offset
    return Quantity(**values)


def _row(ctx, reading, sentence, s_start, s_end, horizon_here, parens, in_section) -> dict:
    quantity = reading.quantity
    wording = reading.indicator_zh
    key = indicator_key(wording) or (widening_key(reading.context) if len(wording) <= 8 else "")
    qualifier, notes = _qualifier(quantity)
    notes = [*reading.notes, *notes]
    if "力争" in sentence:
        notes.append("力争 (an aspiration)")
    if key and not indicator_key(wording):
        notes.append("key from the sentence's wider wording")
    unit = "percentage points" if quantity.unit in ("个百分点", "百分点") else quantity.unit
    if quantity.high is not None:
        notes.append(f"range {quantity.value:g}—{quantity.high:g}")
    if quantity.kind == "doubling":
        notes.append("翻番: a multiple of the base-year level")
    if quantity.base is not None:
        notes.append(f"from {quantity.base:g}")
    lead = next((name for a, _, name in parens if a >= quantity.end), "")
    horizon = horizon_here if horizon_here is not None else ctx.default_horizon
    if horizon_here is None and horizon is not None:
        notes.append("horizon: end of the plan period")
    span = ctx.norm.span(quantity.qualifier_start, quantity.end)
    return {
        "plan_id": ctx.plan_id, "indicator": key, "indicator_zh": wording, "sub_unit": "",
        "target": quantity.value, "unit": unit,
        "target_type": _target_type(wording, quantity.unit, reading.markers),
        "horizon": horizon, "qualifier": qualifier, "lead_department": lead,
        "source": ctx.source, "note": "; ".join(notes), "target_high": quantity.high,
        "source_sentence": ctx.norm.original[slice(*ctx.norm.span(s_start, s_end))].strip(),
        "span_start": span[0], "span_end": span[1],
        "confidence": _confidence(reading, key, horizon_here is not None, horizon, in_section),
    }  # fmt: skip


def _table_rows(ctx: _Context, table: AllocationTable, headline_rows: list[dict]) -> list[dict]:
    text = ctx.norm.text
    rows: list[dict] = []
    for item in table.items:
        line = re.sub(r"^\s*\d{1,2}\s*[.、．]\s*", "", text[item.start : item.end])
        offset = item.end - len(line)
        parens = _department_parens(text, item.start, item.end)
        all_parens = [(m.start() + offset, m.end() + offset) for m in _PAREN.finditer(line)]
        found = [_shift(q, offset) for q in find_quantities(line, ctx.norm, offset)]
        found = [q for q in found if not any(a <= q.start < b for a, b in all_parens)]
        bare = re.search(r"(\d+(?:\.\d+)?)\s*(?=[(（]|$)", line)
        if not found and bare:
            found = [Quantity(offset + bare.start(1), offset + bare.end(1), float(bare[1]), "")]
        readings = read_sentence(text, offset, item.end, found, skip=tuple(p[:2] for p in parens))
        item_rows = [_row(ctx, r, line, offset, item.end, None, parens, True) for r in readings]
        for position, row in enumerate(item_rows):
            twin = next(
                (h for h in headline_rows if _same_target(h, row)),
                None,
            )  # fmt: skip
            if twin is not None:
                twin["note"] = "; ".join(
                    filter(None, [twin["note"], "also in the allocation table"])
                )
                headline = twin
            else:
                row["note"] = "; ".join(filter(None, [row["note"], "from the allocation table"]))
                rows.append(row)
                headline = row
            if position == 0 and item.cells:
                rows.extend(_cells(ctx, table, item, headline))
    return rows


def _same_target(headline: dict, row: dict) -> bool:
    """Tell whether a table item restates a row already read (same key, value, unit)."""
    if row["indicator"]:
        same_name = headline["indicator"] == row["indicator"]
    else:
        same_name = headline["indicator_zh"] == row["indicator_zh"]
    return (
        same_name
        and headline["sub_unit"] == ""
        and abs(headline["target"] - row["target"]) < 1e-9
        and row["unit"] in (headline["unit"], "")
    )


def _cells(ctx: _Context, table: AllocationTable, item, headline: dict) -> list[dict]:
    total = sum(value for value, _, _ in item.cells)
    note = "allocation table"
    confidence = headline["confidence"]
    if abs(total - headline["target"]) > 1e-9:
        note += f"; cells sum to {total:g}, the headline is {headline['target']:g}"
        confidence = round(max(confidence - 0.3, 0.05), 2)
    out = []
    for name, (value, start, end) in zip(table.sub_units, item.cells, strict=True):
        span = ctx.norm.span(start, end)
        out.append(
            headline | {
                "sub_unit": name, "target": value, "qualifier": "", "note": note,
                "target_high": None, "span_start": span[0], "span_end": span[1],
                "source_sentence": ctx.norm.original[slice(*ctx.norm.span(item.start, item.end))],
                "confidence": confidence,
            }
        )  # fmt: skip
    return out


def _dedupe(rows: list[dict]) -> list[dict]:
    seen: dict[tuple, dict] = {}
    out = []
    for row in rows:
        identity = (
            row["indicator"] or row["indicator_zh"],
            row["sub_unit"],
            row["target"],
            row["unit"],
        )
        if row["indicator"] and identity in seen:
            first = seen[identity]
            first["note"] = "; ".join(filter(None, [first["note"], "printed again later"]))
            continue
        seen[identity] = row
        out.append(row)
    return out


def extract_targets(
    text: str, *, plan_id: str = "", source: str = "", horizon: int | None = None
) -> TargetExtraction:
    r"""Read a plan document's targets into rows of the registry's ``targets.csv``.

    Parameters
    ----------
    text : str
        The document (full-width or half-width characters, line breaks from a PDF allowed).
    plan_id : str
        Written into every row's ``plan_id``.
    source : str
        Written into every row's ``source`` (e.g. ``seeds/001_....txt``).
    horizon : int, optional
        The year a target without its own ``到YYYY年`` refers to; default: the end of the plan
        period printed in the title (``(2018~2020年)`` gives 2020), else blank.

    Returns
    -------
    TargetExtraction
        Rows in document order (allocation-table rows after their headline), each with its
        source sentence, character span in ``text`` and a confidence in [0, 1] (a ranking for
        review: 1 = key found, horizon stated, inside the target section).

    Raises
    ------
    ExtractionError
        If the text is empty.

    Examples
    --------
    >>> doc = "一、主要目标\n到2023年底,累计新增小微企业6万家以上,年均增长15%左右。\n二、重点任务"
    >>> result = extract_targets(doc, plan_id="demo")
    >>> result.tidy()[["indicator", "target", "unit", "qualifier", "target_type", "horizon"]]
    ... # doctest: +NORMALIZE_WHITESPACE
              indicator   target unit qualifier    target_type  horizon
    0           new_smf  60000.0    家        以上     cumulative     2023
    1  smf_count_growth     15.0    %        左右  annual_growth     2023
    """
    if not text or not text.strip():
        raise ExtractionError(
            "extract_targets: the text is empty; rule: pass the plan document's text; fix: "
            "check the file was read (UTF-8) and is not blank"
        )
    norm = normalise(text)
    period = plan_period(norm.text)
    default = horizon if horizon is not None else (period[1] if period else None)
    ctx = _Context(norm, plan_id, source, period, default)
    tables = find_allocation_tables(norm.text)
    sections = target_sections(norm.text)
    rows: list[dict] = []
    for start, end in _outside(sections, tables, len(norm.text), inside=True):
        rows += _rows_from_span(ctx, start, end, in_section=True)
    for start, end in _outside(sections, tables, len(norm.text), inside=False):
        rows += _rows_from_span(ctx, start, end, in_section=False)
    rows.sort(key=lambda row: row["span_start"])
    rows = _dedupe(rows)
    for table in tables:
        rows += _table_rows(ctx, table, rows)
    return TargetExtraction(
        tuple(ExtractedTarget(**row) for row in rows), plan_id, source, period, tuple(sections)
    )


def _outside(sections, tables, length: int, *, inside: bool) -> list[tuple[int, int]]:
    """Return the target sections (``inside``) or the rest, minus the allocation tables."""
    if inside:
        spans = list(sections)
    else:
        spans, position = [], 0
        for start, end in sorted(sections):
            spans.append((position, start))
            position = end
        spans.append((position, length))
    out = []
    for start, end in spans:
        pieces = [(start, end)]
        for table in tables:
            pieces = [
                part
                for a, b in pieces
                for part in ((a, min(b, table.start)), (max(a, table.end), b))
                if part[1] > part[0]
            ]
        out += pieces
    return out
