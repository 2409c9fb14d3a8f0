"""From a sentence's figures to what each one measures: indicator wording, qualifier, context.

Plan documents pack several targets into one sentence (``新增小微企业5600家以上,年均增长15%
左右``; ``累计新增A100家、B6家和C800家``; ``省市县三级培育库入库企业分别达到2000家、5000家、
1.5万家``). :func:`read_sentence` walks the figures of one sentence left to right and gives
each the words that name it: the words before it back to the previous figure or comma; the
words after it when the figure comes first (``推动65家小微企业挂牌``); the previous subject when
the words are only a predicate (``年均增长``); one item of an enumeration under ``分别``. The
target and reported-figure extractors share it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from evalkit.plans.quantities import Quantity

#: Clause boundaries: the words naming a figure never reach back across these.
CLAUSE_BREAK = ",，:：;；。"
#: Words that start a predicate with no subject of its own (年均增长15%): the previous subject
#: is put in front of them.
PREDICATE_STARTS = (
    "年均", "增速", "增幅", "同比", "增长", "占比", "比重", "占", "总建筑面积", "建筑面积",
    "总面积", "工业总产值", "总产值", "增加值", "户数", "总数",
)  # fmt: skip
#: Words cut from the front of a naming phrase (place, time, connectives).
_FRONT = re.compile(
    r"^(?:[、和及与并且\s]|以及|到\s*20\d\d\s*年底?|截[至止]\s*20\d\d\s*年\d*月?[末底]?|"
    r"自?\s*20\d\d\s*年以来|全市|全省|全县|全区|我市|本市|全年|去年|今年|目前|同时|此外|"
    r"[\u4e00-\u9fff]{2,3}[市县区](?=新增|累计|共有|有|共|的))+"
)
#: Verbs before a figure that comes first (推动65家小微企业...): dropped from the wording.
_LEADING_VERBS = re.compile(
    r"^(?:引导支持|引导和支持|推动|引导|支持|帮助|组织|培育|实现|完成|共有|有|共|累计有)+"
)
#: A naming phrase ending in one of these verbs has its object after the figure.
_VERB_END = re.compile(r"(?:支持|推动|帮助|引导|培育|组织|新认定|认定|新增|有|等|的)$")
#: Verb and copula endings between the naming words and the figure.
_TAIL = re.compile(r"(?:分别)?(?:已经|已|就|共|累计)?(?:达到|达|为|是|有|实现|完成)?$")
_MEASURE_CUT = re.compile(r"(?:数量|总量|增加值|总产值|占比|比重|年均|增速|同比|总建筑面积)")
_ABBREVIATION = re.compile(r"[(（]以下简称[^)）]*[)）]")
_LEVELS = re.compile(r"([省市县区乡])([省市县区乡])([省市县区乡])?[两二三]级")
#: Context words that carry forward within a sentence, for the figures after them.
MARKERS = ("每年", "累计新增", "累计", "新增")


@dataclass(frozen=True)
class Reading:
    """What one figure in a sentence measures, as the sentence words it."""

    quantity: Quantity
    indicator_zh: str
    context: str
    markers: tuple[str, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)
    subject_carried: bool = False
    figure_first: bool = False


def clean_wording(text: str) -> str:
    """Strip quotes, 以下简称 notes, spaces and leading place/time words from a naming phrase.

    Examples
    --------
    >>> clean_wording("全市新增“规下”升“规上”工业小微企业")
    '新增规下升规上工业小微企业'
    """
    text = _ABBREVIATION.sub("", text)
    text = re.sub(r"[“”\"‘’'\s]", "", text)
    previous = None
    while previous != text:
        previous = text
        text = _FRONT.sub("", text)
    return text


def subject_of(wording: str) -> str:
    """Return the entity a naming phrase is about: ``全市新增小微企业`` gives ``小微企业``.

    Examples
    --------
    >>> subject_of("小微企业园(基地)总量"), subject_of("累计新增小微企业")
    ('小微企业园(基地)', '小微企业')
    """
    text = re.sub(r"^(?:其中|累计新增|累计|新增|每年)+", "", wording)
    cut = _MEASURE_CUT.search(text)
    return text[: cut.start()] if cut and cut.start() > 0 else text


def enumeration(wording: str) -> list[str]:
    """Split ``A、B和C`` (or ``省市县三级X``) into the phrases an ``分别`` sentence lists.

    Examples
    --------
    >>> enumeration("省市县三级小微企业培育库入库企业")
    ['省级小微企业培育库入库企业', '市级小微企业培育库入库企业', '县级小微企业培育库入库企业']
    >>> enumeration("科技型小微企业、外贸小微企业和文创小微企业")
    ['科技型小微企业', '外贸小微企业', '文创小微企业']
    """
    levels = _LEVELS.search(wording)
    if levels:
        head, tail = wording[: levels.start()], wording[levels.end() :]
        return [head + level + "级" + tail for level in levels.groups() if level]
    return [part for part in re.split(r"[、]|和|及|与", wording) if part]


def _markers(text: str) -> list[str]:
    found, position = [], 0
    while position < len(text):
        for marker in MARKERS:
            if text.startswith(marker, position):
                found.append(marker)
                position += len(marker) - 1
                break
        position += 1
    return found


def read_sentence(
    text: str, start: int, end: int, quantities: list[Quantity], *, skip: tuple = ()
) -> list[Reading]:
    """Name each figure of one sentence ``text[start:end]``.

    Parameters
    ----------
    text : str
        Normalised document text.
    start, end : int
        The sentence's bounds in ``text``.
    quantities : list of Quantity
        The figures inside the sentence, in order (figures inside parentheses already left out).
    skip : tuple of (int, int)
        Spans (parentheses naming a department) removed from the wording.

    Returns
    -------
    list of Reading
        One per figure that names something; a figure that only modifies the next one
        (``7家机构在保余额17.29亿元``: the 7) is left out.

    Examples
    --------
    >>> from evalkit.plans.quantities import find_quantities
    >>> s = "全市新增小微企业5600家以上,年均增长15%左右"
    >>> [r.indicator_zh for r in read_sentence(s, 0, len(s), find_quantities(s))]
    ['新增小微企业', '小微企业年均增长']
    """

    def drop_skipped(a: int, b: int) -> str:
        out = []
        for position in range(a, b):
            if not any(s0 <= position < s1 for s0, s1 in skip):
                out.append(text[position])
        return "".join(out)

    readings: list[Reading] = []
    previous_end = start
    previous_wording = ""
    active: list[str] = []
    group: list[int] = []
    for index, quantity in enumerate(quantities):
        raw_left = drop_skipped(previous_end, quantity.qualifier_start)
        context = drop_skipped(start, quantity.qualifier_start)
        active = [*active, *_markers(raw_left)]
        cut = max(raw_left.rfind(mark) for mark in CLAUSE_BREAK)
        clause = raw_left[cut + 1 :]
        wording = _TAIL.sub("", clean_wording(clause))
        notes: list[str] = []
        carried = figure_first = False
        if group and not re.sub(r"[、,，和及与\s]", "", raw_left):
            group.append(len(readings))
            readings.append(Reading(quantity, "", context, tuple(active)))
            previous_end = quantity.end
            continue
        if "分别" in clause:
            group = [len(readings)]
        else:
            group = []
        bare = _LEADING_VERBS.sub("", re.sub(r"^(?:累计新增|累计|新增|每年)+", "", wording))
        right = _right_words(text, quantity, end)
        if right and (not bare or _VERB_END.search(wording)):
            stop = _right_stop(text, quantity, end)
            following = quantities[index + 1] if index + 1 < len(quantities) else None
            if following is not None and following.qualifier_start <= stop:
                previous_end = quantity.end
                continue  # a figure that only modifies the next one: 7家机构在保余额17.29亿元
            prefix = re.match(r"^(?:累计新增|累计|新增|每年)*", wording)[0]
            wording = (prefix if not bare else wording) + right
            figure_first = True
        elif wording.startswith(PREDICATE_STARTS) and previous_wording:
            wording = subject_of(previous_wording) + wording
            carried = True
            notes.append("subject carried from the previous figure")
        readings.append(
            Reading(quantity, wording, context, tuple(active), tuple(notes), carried, figure_first)
        )
        previous_wording = wording or previous_wording
        previous_end = quantity.end
    return _resolve_groups(readings, text, quantities)


def _right_stop(text: str, quantity: Quantity, end: int) -> int:
    stop = end
    for mark in CLAUSE_BREAK + "、(（":
        found = text.find(mark, quantity.end, end)
        if found != -1:
            stop = min(stop, found)
    return stop


def _right_words(text: str, quantity: Quantity, end: int) -> str:
    """Return the words after a figure up to the next break (``65家[优质小微企业...]``)."""
    return clean_wording(text[quantity.end : _right_stop(text, quantity, end)])


def _resolve_groups(
    readings: list[Reading], text: str, quantities: list[Quantity]
) -> list[Reading]:
    """Give the members of a ``分别`` group their item of the enumeration."""
    out = list(readings)
    index = 0
    while index < len(out):
        reading = out[index]
        if "分别" not in reading.context[-40:] or reading.indicator_zh == "":
            index += 1
            continue
        members = [index]
        follow = index + 1
        while follow < len(out) and out[follow].indicator_zh == "":
            members.append(follow)
            follow += 1
        if len(members) > 1:
            clause = reading.context.split("分别")[-2]
            cut = max(clause.rfind(mark) for mark in CLAUSE_BREAK)
            items = enumeration(_TAIL.sub("", clean_wording(clause[cut + 1 :])))
            for position, member in enumerate(members):
                old = out[member]
                quantity = old.quantity
                if position and not quantity.lead and reading.quantity.lead:
                    quantity = replace(
                        quantity, lead=reading.quantity.lead, lead_start=quantity.start
                    )
                if len(items) == len(members):
                    out[member] = Reading(
                        quantity, items[position], old.context, old.markers,
                        (*old.notes, "分别: item of the enumeration"),
                    )  # fmt: skip
                else:
                    out[member] = Reading(
                        quantity, reading.indicator_zh, old.context, old.markers,
                        (*old.notes, f"分别 lists {len(items)} items for {len(members)} figures"),
                    )  # fmt: skip
        index = follow
    return out
