"""Figures in Chinese text: a number, its multiplier, unit, range and qualifier words.

A *quantity* is what a target or a reported figure is made of: ``5600家以上``, ``2.6 万家``,
``五千六百家``, ``8—10个``, ``15%左右``, ``1 个百分点``, ``翻一番``. :func:`find_quantities`
finds them in :func:`~evalkit.plans.numbers_zh.normalise`-d text; deciding which indicator a
quantity measures is the job of the extractors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evalkit.plans.numbers_zh import (
    CHINESE_NUMERAL,
    UNITS,
    NormalisedText,
    arabic_value,
    chinese_numeral_value,
)

#: Units printed with their multiplier, kept as printed (statistical convention): 36亿元.
PREFIXED_UNITS = {"万元", "亿元", "万平方米"}
#: Words before a number that qualify it, longest first.
LEADING_WORDS = (
    "不得少于", "不得低于", "不低于", "不少于", "不超过", "超过", "达到", "高于", "高达",
    "突破", "力争", "达", "约", "近",
)  # fmt: skip
TRAILING_WORDS = ("以上", "左右", "以下", "以内")
_UNIT = "|".join(re.escape(u) for u in UNITS)
_ARABIC = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?"
_FIGURE = re.compile(
    rf"(?P<num>{_ARABIC})"
    rf"(?:\s*(?:—|-|~|至|到)\s*(?P<high>{_ARABIC}))?"
    r"\s*(?P<approx>多|余)?\s*(?P<mult>万|亿)?\s*(?P<approx2>多|余)?\s*"
    rf"(?P<unit>{_UNIT})"
    r"(?:\s*(?P<after>以上|左右|以下|以内))?"
)
_CHINESE_FIGURE = re.compile(
    rf"(?P<num>{CHINESE_NUMERAL.pattern})(?P<approx>多|余)?(?P<unit>{_UNIT})"
    r"(?:\s*(?P<after>以上|左右|以下|以内))?"
)
_DOUBLING = re.compile(r"翻(?P<times>一|两|二)?番|翻一倍")
_FROM_TO = re.compile(r"^\s*(?:提高|提升|增加|增长|降低|下降|减少|降|升)?\s*(?:至|到)\s*$")


@dataclass(frozen=True)
class Quantity:
    """One figure found in normalised text.

    ``start``/``end`` cover the number, unit and trailing qualifier (normalised positions);
    ``value`` is in ``unit`` (``6万家`` gives 60000 家; ``36亿元`` stays 36 亿元); ``high`` is
    the upper end of a range; ``lead`` and ``after`` are the qualifier words around it;
    ``approx`` is ``多`` or ``余`` (``20多万家``); ``kind`` is ``arabic``, ``chinese`` or
    ``doubling``; ``base`` is the starting level in ``从68%提高至72%``.
    """

    start: int
    end: int
    value: float
    unit: str
    high: float | None = None
    lead: str = ""
    after: str = ""
    approx: str = ""
    kind: str = "arabic"
    base: float | None = None
    lead_start: int = -1

    @property
    def qualifier_start(self) -> int:
        """Start of the leading qualifier word when there is one, else of the number."""
        return self.lead_start if self.lead else self.start


def _scale(value: float, mult: str | None, unit: str) -> tuple[float, str]:
    if not mult:
        return value, unit
    if mult + unit in PREFIXED_UNITS:
        return value, mult + unit
    return value * (10_000 if mult == "万" else 100_000_000), unit


def _lead_word(text: str, start: int) -> tuple[str, int]:
    window = max(0, start - 6)
    before = text[window:start].rstrip(" ")
    for word in LEADING_WORDS:
        if before.endswith(word):
            return word, window + len(before) - len(word)
    return "", -1


def _masked(text: str) -> list[tuple[int, int]]:
    """Spans a figure cannot come from: document numbers 〔2018〕136号 and ordinals 第3."""
    spans = [m.span() for m in re.finditer(r"〔[^〕]*〕\s*\d*\s*号?", text)]
    spans += [m.span() for m in re.finditer(r"第\s*(?:\d+|[一二三四五六七八九十]+)", text)]
    return spans


def _thousands_ok(norm: NormalisedText | None, start: int, digits: str) -> bool:
    """Tell whether a comma in ``5,388`` was an ASCII comma (a thousands separator)."""
    if "," not in digits or norm is None:
        return True
    return all(
        norm.original[norm.origin[start + i]] == "," for i, char in enumerate(digits) if char == ","
    )


def find_quantities(
    text: str, norm: NormalisedText | None = None, offset: int = 0
) -> list[Quantity]:
    """Find the figures in a normalised text, in reading order.

    A figure needs a unit (``家``, ``万元``, ``%``, ``个百分点`` ...) or is ``翻一番``; years,
    document numbers and ordinals (``第3``) are not figures, and neither is a figure used as
    a modifier (followed by ``的``: ``1000万元以下的贷款``). Chinese numerals count when they
    have two characters or more (``五千六百家``, ``两千家``; ``一批``, ``三家`` do not).

    Parameters
    ----------
    text : str
        Text from :func:`~evalkit.plans.numbers_zh.normalise`.
    norm : NormalisedText, optional
        The same text with its origin map, used to tell a thousands separator (ASCII ``,`` in
        the original) from a Chinese comma folded to ``,``.
    offset : int
        Where ``text`` starts in ``norm.text`` when it is a slice of it (positions returned
        stay relative to ``text``).

    Returns
    -------
    list of Quantity

    Examples
    --------
    >>> [(q.value, q.unit, q.after) for q in find_quantities("新增2.6 万家以上,增长15%左右")]
    [(26000.0, '家', '以上'), (15.0, '%', '左右')]
    >>> [(q.value, q.high, q.unit) for q in find_quantities("建设8—10个园区,总量翻一番")]
    [(8.0, 10.0, '个'), (2.0, None, '倍')]
    """
    masked = _masked(text)
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = list(masked)

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    position = 0
    while (match := _FIGURE.search(text, position)) is not None:
        start, end = match.span()
        position = end
        if not _thousands_ok(norm, offset + start, match["num"]):
            position = start + match["num"].index(",") + 1  # a folded Chinese comma: 100，200家
            continue
        if start and (text[start - 1].isascii() and text[start - 1].isalnum()):
            continue
        if not free(start, end):
            continue
        value, unit = _scale(arabic_value(match["num"]), match["mult"], match["unit"])
        high = None
        if match["high"]:
            high, _ = _scale(arabic_value(match["high"]), match["mult"], match["unit"])
        lead, lead_start = _lead_word(text, start)
        found.append(
            Quantity(
                start, end, value, unit, high, lead, match["after"] or "",
                match["approx"] or match["approx2"] or "", "arabic", None, lead_start,
            )
        )  # fmt: skip
        taken.append((start, end))
    for match in _CHINESE_FIGURE.finditer(text):
        start, end = match.span()
        numeral = match["num"]
        if len(numeral) < 2 or not free(start, end) or text[end : end + 1] == "一":
            continue
        if start and text[start - 1] in '“"第':
            continue
        try:
            value = chinese_numeral_value(numeral)
        except ValueError:
            continue
        lead, lead_start = _lead_word(text, start)
        found.append(
            Quantity(
                start, end, value, match["unit"], None, lead, match["after"] or "",
                match["approx"] or "", "chinese", None, lead_start,
            )
        )  # fmt: skip
        taken.append((start, end))
    for match in _DOUBLING.finditer(text):
        if free(*match.span()):
            times = 4.0 if match["times"] in ("两", "二") else 2.0
            found.append(Quantity(match.start(), match.end(), times, "倍", kind="doubling"))
    found.sort(key=lambda q: q.start)
    found = [q for q in found if text[q.end : q.end + 1] != "的"]
    return _from_to(text, found)


def _from_to(text: str, found: list[Quantity]) -> list[Quantity]:
    """``从68%提高至72%``: keep 72% and remember 68% as its base."""
    kept: list[Quantity] = []
    skip = False
    for index, first in enumerate(found):
        second = found[index + 1] if index + 1 < len(found) else None
        if skip:
            skip = False
            continue
        if (
            second is not None
            and text[max(0, first.start - 2) : first.start].rstrip().endswith(("从", "由"))
            and _FROM_TO.match(text[first.end : second.start])
        ):
            kept.append(
                Quantity(
                    second.start, second.end, second.value, second.unit, second.high,
                    second.lead, second.after, second.approx, second.kind, first.value,
                    second.lead_start,
                )
            )  # fmt: skip
            skip = True
            continue
        kept.append(first)
    return kept
