"""Achieved figures read from work reports and results news into ``reported.csv`` rows.

:func:`extract_reported` takes every figure stated as done (``新增小微企业2.6万家``,
``"个转企"3435家``), with the province rank where one is given (``列全省第3``), the year it
refers to and, for ``截至...`` figures, the date. Sentences about the future (``到2022年``,
``预计``, ``力争``, ``将实现``) and sections headed 下一步/工作打算 are left out. The output is
a draft for a person to confirm: a report holds many more figures than a registry keeps.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass, fields

import pandas as pd

from evalkit.plans.clauses import Reading, read_sentence
from evalkit.plans.extract import (
    ExtractionError,
    _department_parens,
    _paragraphs,
    _sentences,
    _shift,
    widening_key,
)
from evalkit.plans.indicator_keys import indicator_key
from evalkit.plans.numbers_zh import chinese_numeral_value, normalise
from evalkit.plans.quantities import find_quantities
from evalkit.plans.schema import REPORTED_COLUMNS

REVIEW_COLUMNS = ("source_sentence", "span_start", "span_end", "confidence")
_FUTURE = re.compile(
    r"到\s*20\d\d\s*年|预计|力争|确保|下一步|计划[^”\"]{0,4}(?:建设|新增|实现|完成|达到)|"
    r"将(?:实现|达到|新增|建设|完成|突破)"
)
_PLAN_HEADING = re.compile(
    r"^[ \t]*[一二三四五六七八九十]+[、.][^\n]*(?:下一步|打算|下步|思路)", re.M
)
_TOP_HEADING = re.compile(r"^[ \t]*[一二三四五六七八九十]+[、.]", re.M)
_AS_OF = re.compile(
    r"截[至止]\s*(20\d\d)\s*年\s*(?:(\d{1,2})\s*月)?\s*(?:(\d{1,2})\s*日)?\s*(末|底)?"
)
_YEAR_END = re.compile(r"(20\d\d)\s*年\s*(?:末|底)")
_YEAR = re.compile(r"(20\d\d)\s*年")
_RANK = re.compile(
    r"(?:列|位列|位居|居|排名|排)?\s*(全省|全国|全市)\s*第\s*([一二三四五六七八九十\d]+)\s*位?"
)
_PAREN = re.compile(r"[(（]([^()（）]*)[)）]")
_PUNCTUATION = re.compile(r"[,，。;；:：!！?？、]")
_LEAD_QUALIFIER = {"约": "左右", "超过": "超过", "近": "近", "不少于": "不少于", "不低于": "不低于"}


@dataclass(frozen=True)
class ExtractedFigure:
    """One reported figure: the registry's ``reported.csv`` columns plus the review columns."""

    unit_code: str
    unit_name: str
    year: int | None
    as_of: str
    indicator: str
    indicator_zh: str
    value: float
    unit: str
    qualifier: str
    province_rank: int | None
    rank_basis: str
    plan_id: str
    source: str
    reliability: str
    note: str
    source_sentence: str
    span_start: int
    span_end: int
    confidence: float


@dataclass(frozen=True)
class ReportedExtraction:
    """The figures found in one report, with the settings used to find them."""

    rows: tuple[ExtractedFigure, ...]
    default_year: int | None
    source: str

    def tidy(self) -> pd.DataFrame:
        """Rows in the registry's ``reported.csv`` columns, then the review columns.

        Examples
        --------
        >>> row = extract_reported("2020年,全市新增小微企业2.6 万家,列全省第3。").tidy().iloc[0]
        >>> row["indicator"], float(row["value"]), int(row["year"]), int(row["province_rank"])
        ('new_smf', 26000.0, 2020, 3)
        """
        records = [{f.name: getattr(row, f.name) for f in fields(row)} for row in self.rows]
        frame = pd.DataFrame(records, columns=[*REPORTED_COLUMNS, *REVIEW_COLUMNS])
        frame["year"] = frame["year"].astype("Int64")
        frame["province_rank"] = frame["province_rank"].astype("Int64")
        return frame

    def summary(self) -> str:
        """One line: rows, rows with a key, ranked rows, the default year."""
        keyed = sum(bool(row.indicator) for row in self.rows)
        ranked = sum(row.province_rank is not None for row in self.rows)
        return (
            f"{len(self.rows)} reported figures, {keyed} with a registry indicator key, "
            f"{ranked} with a province rank; default year {self.default_year}"
        )


def default_year(text: str) -> int | None:
    """Return the year a report is about when a sentence does not say: the one named most.

    Examples
    --------
    >>> default_year("2018年度评价。2018年新增。到2022年计划。")
    2018
    """
    counts = Counter(int(year) for year in _YEAR.findall(text))
    return counts.most_common(1)[0][0] if counts else None


def _rank_value(text: str) -> int:
    return int(text) if text.isdigit() else int(chinese_numeral_value(text))


def _skipped_sections(text: str) -> list[tuple[int, int]]:
    heads = [m.start() for m in _TOP_HEADING.finditer(text)]
    spans = []
    for match in _PLAN_HEADING.finditer(text):
        later = [h for h in heads if h > match.start()]
        spans.append((match.start(), later[0] if later else len(text)))
    return spans


def _is_heading(line: str) -> bool:
    return len(line.strip()) <= 20 and not _PUNCTUATION.search(line)


def _sentence_date(sentence: str, year: int | None) -> tuple[int | None, str, bool]:
    """Year and as-of date a sentence states, and whether it states one."""
    as_of = _AS_OF.search(sentence)
    if as_of:
        stated = int(as_of[1])
        if as_of[2]:
            month = int(as_of[2])
            day = int(as_of[3]) if as_of[3] else calendar.monthrange(stated, month)[1]
            return stated, f"{stated}-{month:02d}-{day:02d}", True
        return stated, f"{stated}-12-31" if as_of[4] else str(stated), True
    year_end = _YEAR_END.search(sentence)
    if year_end:
        return int(year_end[1]), f"{year_end[1]}-12-31", True
    plain = _YEAR.search(sentence)
    if plain:
        return int(plain[1]), "", True
    month_end = re.search(r"(\d{1,2})\s*月\s*(?:底|末)", sentence)
    if month_end and year is not None:
        month = int(month_end[1])
        if 1 <= month <= 12:
            return year, f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}", False
    return year, "", False


def extract_reported(
    text: str,
    *,
    unit_code: str = "",
    unit_name: str = "",
    year: int | None = None,
    plan_id: str = "",
    source: str = "",
    reliability: str = "reported",
) -> ReportedExtraction:
    """Read the achieved figures of a work report or results article.

    Parameters
    ----------
    text : str
        The report's text.
    unit_code, unit_name : str
        The reporting unit, written into every row (the text rarely names its own code).
    year : int, optional
        The year of figures whose sentence names none; default: the year the text names
        most often. A sentence's own ``20XX年`` (or ``截至20XX年M月``) wins, and carries to
        the following sentences of its paragraph.
    plan_id, source, reliability : str
        Written into every row.

    Returns
    -------
    ReportedExtraction
        One row per figure (a figure printed twice is kept once, with a note), with the
        province rank (``列全省第3`` attaches to the figure before it in the sentence; a rank
        with no figure before it is a row of its own, unit ``rank``).

    Raises
    ------
    ExtractionError
        If the text is empty.

    Examples
    --------
    >>> doc = "2018年,嘉兴新增个体工商户转企业3213家,同比增速64.85%,增速全省第1。"
    >>> extract_reported(doc).tidy()[["indicator", "value", "unit", "province_rank"]]
    ... # doctest: +NORMALIZE_WHITESPACE
                             indicator    value unit  province_rank
    0         individual_to_enterprise  3213.00    家           <NA>
    1  individual_to_enterprise_growth    64.85    %              1
    """
    if not text or not text.strip():
        raise ExtractionError(
            "extract_reported: the text is empty; rule: pass the report's text; fix: check "
            "the file was read (UTF-8) and is not blank"
        )
    norm = normalise(text)
    body = norm.text
    document_year = year if year is not None else default_year(body)
    skipped = _skipped_sections(body)
    fixed = {"unit_code": unit_code, "unit_name": unit_name, "plan_id": plan_id,
             "source": source, "reliability": reliability}  # fmt: skip
    rows: list[dict] = []
    for p_start, p_end in _paragraphs(body, 0, len(body)):
        if any(a <= p_start < b for a, b in skipped) or _is_heading(body[p_start:p_end]):
            continue
        parens = [
            (p_start + m.start(), p_start + m.end()) for m in _PAREN.finditer(body[p_start:p_end])
        ]
        departments = _department_parens(body, p_start, p_end)
        found = [_shift(q, p_start) for q in find_quantities(body[p_start:p_end], norm, p_start)]
        found = [q for q in found if not any(a <= q.start < b for a, b in parens)]
        paragraph_year = document_year
        for s_start, s_end in _sentences(body, p_start, p_end):
            sentence = body[s_start:s_end]
            if _FUTURE.search(sentence):
                continue
            sentence_year, as_of, stated = _sentence_date(sentence, paragraph_year)
            if stated:
                paragraph_year = sentence_year
            inside = [q for q in found if s_start <= q.start < s_end]
            skip = tuple((a, b) for a, b, _ in departments)
            readings = read_sentence(body, s_start, s_end, inside, skip=skip)
            original = norm.original[slice(*norm.span(s_start, s_end))].strip()
            sentence_rows = [
                _figure(norm, r, fixed, sentence_year, as_of, stated, original) for r in readings
            ]
            _attach_ranks(body, s_start, s_end, readings, sentence_rows, fixed, sentence_year,
                          original, norm)  # fmt: skip
            rows += sentence_rows
    rows.sort(key=lambda row: row["span_start"])
    return ReportedExtraction(
        tuple(ExtractedFigure(**row) for row in _dedupe(rows)), document_year, source
    )


def _figure(norm, reading: Reading, fixed: dict, year, as_of, stated, original) -> dict:
    quantity = reading.quantity
    wording = reading.indicator_zh
    key = indicator_key(wording) or (widening_key(reading.context) if len(wording) <= 8 else "")
    notes = list(reading.notes)
    qualifier = quantity.after or _LEAD_QUALIFIER.get(quantity.lead, "")
    if quantity.approx:
        qualifier = qualifier or quantity.approx
    if quantity.base is not None:
        notes.append(f"from {quantity.base:g}")
    if quantity.high is not None:
        notes.append(f"range {quantity.value:g}—{quantity.high:g}")
    if not stated:
        notes.append("year not stated in the sentence")
    span = norm.span(quantity.qualifier_start, quantity.end)
    confidence = 1.0 - (0.4 if not key else 0) - (0.1 if reading.subject_carried else 0)
    confidence -= 0 if stated else 0.1
    unit = "percentage points" if quantity.unit in ("个百分点", "百分点") else quantity.unit
    return fixed | {
        "year": year, "as_of": as_of, "indicator": key, "indicator_zh": reading.indicator_zh,
        "value": quantity.value, "unit": unit, "qualifier": qualifier, "province_rank": None,
        "rank_basis": "", "note": "; ".join(notes), "source_sentence": original,
        "span_start": span[0], "span_end": span[1], "confidence": round(max(confidence, 0.05), 2),
    }  # fmt: skip


def _attach_ranks(body, s_start, s_end, readings, rows, fixed, year, original, norm) -> None:
    """Give ``列全省第N`` to the figure before it; a rank alone becomes a row of its own."""
    for match in _RANK.finditer(body, s_start, s_end):
        rank = _rank_value(match[2])
        scope = {"全省": "", "全国": "national rank", "全市": "rank within the city"}[match[1]]
        before = [i for i, r in enumerate(readings) if r.quantity.end <= match.start()]
        if before:
            index = before[-1]
            between = body[readings[index].quantity.end : match.start()]
            breaks = [between.find(mark) for mark in ",，;；" if mark in between]
            between = between[min(breaks) + 1 :] if breaks else ""
            basis = re.sub(r"[“”\"\s]|^同比|(?:列|位列|位居|居|排名)$", "", between)
            if scope:
                rows[index]["note"] = "; ".join(filter(None, [rows[index]["note"], scope]))
            else:
                rows[index]["province_rank"] = rank
                rows[index]["rank_basis"] = basis or "level"
            continue
        clause = body[s_start : match.start()]
        cut = max(clause.rfind(mark) for mark in ",，:：")
        wording = re.sub(r"(?:列|位列|位居|居|排名|排)$", "", clause[cut + 1 :].strip())
        span = norm.span(match.start(), match.end())
        rows.append(
            fixed | {
                "year": year, "as_of": "", "indicator": indicator_key(wording),
                "indicator_zh": wording, "value": float(rank), "unit": "rank",
                "qualifier": "", "province_rank": None if scope else rank,
                "rank_basis": "rank", "note": scope, "source_sentence": original,
                "span_start": span[0], "span_end": span[1],
                "confidence": 0.9 if indicator_key(wording) else 0.5,
            }
        )  # fmt: skip


def _dedupe(rows: list[dict]) -> list[dict]:
    seen: dict[tuple, dict] = {}
    out = []
    for row in rows:
        identity = (row["indicator"] or row["indicator_zh"], row["value"], row["unit"],
                    row["qualifier"], row["year"])  # fmt: skip
        if identity in seen:
            first = seen[identity]
            if "printed again" not in first["note"]:
                first["note"] = "; ".join(filter(None, [first["note"], "printed again later"]))
            continue
        seen[identity] = row
        out.append(row)
    return out
