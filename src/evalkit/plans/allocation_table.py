"""Sub-unit allocation tables (任务分解表) as printed in plan attachments, one cell a line.

A plan such as 兰溪's allocates its headline targets to 乡镇/街道/开发区 in a table that,
copied from a web page or PDF, arrives one cell per line: a header cell (``目标任务``), the
sub-unit names, then for each target an item line (``1.新增小微企业5600 (市市场监管局)``)
followed by one number per sub-unit, or by a sentence when the target is not allocated
(``由市金融办负责牵头完成。``). This module finds that shape; reading the item lines is left
to the target extractor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HEADER_CELLS = frozenset({"目标任务", "任务", "指标", "目标", "项目", "任务指标", "考核指标"})
_ITEM = re.compile(r"^\s*(\d{1,2})\s*[.、．]\s*(?=\S)")
_CELL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:[(（][^)）]*[)）])?\s*$")
_NAME = re.compile(r"^[\u4e00-\u9fff]{2,5}$")


@dataclass(frozen=True)
class AllocationItem:
    """One target line of a table: its text span and its sub-unit cells (empty if none)."""

    start: int
    end: int
    cells: tuple[tuple[float, int, int], ...]


@dataclass(frozen=True)
class AllocationTable:
    """A table: the sub-unit names in column order, its items, and the span it covers."""

    sub_units: tuple[str, ...]
    items: tuple[AllocationItem, ...]
    start: int
    end: int


def _lines(text: str) -> list[tuple[int, int, str]]:
    out, position = [], 0
    for line in text.split("\n"):
        stripped = line.strip(" \t\u3000\u00a0")
        if stripped:
            offset = line.index(stripped[0])
            out.append((position + offset, position + offset + len(stripped), stripped))
        position += len(line) + 1
    return out


def find_allocation_tables(text: str, *, min_sub_units: int = 3) -> list[AllocationTable]:
    r"""Find allocation tables laid out one cell a line.

    The sub-unit header is a run of at least ``min_sub_units`` lines each holding only a short
    name (two to five Chinese characters), after an optional header cell such as ``目标任务``.
    Each item is a line starting ``N.`` followed by exactly one numeric cell per sub-unit
    (``6(餐饮住宿3家)`` reads as 6), or by text when the item is not allocated.

    Parameters
    ----------
    text : str
        Normalised document text.
    min_sub_units : int
        The fewest sub-unit columns that make a table.

    Returns
    -------
    list of AllocationTable

    Examples
    --------
    >>> doc = "\n".join(["目标任务", "甲镇", "乙镇", "丙镇", "1.新增企业60家", "10", "20",
    ...                  "30", "2.开放服务", "由局负责。"])
    >>> table = find_allocation_tables(doc)[0]
    >>> table.sub_units, [len(i.cells) for i in table.items], table.items[0].cells[1][0]
    (('甲镇', '乙镇', '丙镇'), [3, 0], 20.0)
    """
    lines = _lines(text)
    tables: list[AllocationTable] = []
    index = 0
    while index < len(lines):
        run = index
        if lines[run][2] in HEADER_CELLS:
            run += 1
        names_end = run
        while names_end < len(lines) and _NAME.fullmatch(lines[names_end][2]):
            if lines[names_end][2] in HEADER_CELLS:
                break
            names_end += 1
        width = names_end - run
        if width < min_sub_units or names_end >= len(lines) or not _ITEM.match(lines[names_end][2]):
            index += 1
            continue
        names = tuple(line[2] for line in lines[run:names_end])
        items: list[AllocationItem] = []
        cursor = names_end
        while cursor < len(lines) and _ITEM.match(lines[cursor][2]):
            start, end, _ = lines[cursor]
            cells: list[tuple[float, int, int]] = []
            follow = cursor + 1
            while follow < len(lines) and (match := _CELL.match(lines[follow][2])):
                cells.append((float(match[1]), lines[follow][0], lines[follow][1]))
                follow += 1
            if cells and len(cells) != width:
                break  # not this table's shape: stop before it
            while follow < len(lines) and not cells and not _ITEM.match(lines[follow][2]):
                follow += 1  # the item's note, e.g. 由市金融办负责牵头完成。
            items.append(AllocationItem(start, end, tuple(cells)))
            cursor = follow
        if items:
            tables.append(
                AllocationTable(names, tuple(items), lines[index][0], lines[cursor - 1][1])
            )
        index = max(cursor, index + 1)
    return tables
