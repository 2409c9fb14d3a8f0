"""Chinese document text made readable for rules: width, line breaks, numerals and multipliers.

Every function keeps a map from the normalised text back to the original characters, so a
figure found in the normalised text can cite its character span in the document as given.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Units a figure may carry, longest first so that ``家次`` wins over ``家``.
UNITS = (
    "万平方米", "平方米", "个百分点", "百分点", "亿元", "万元", "元", "%", "家次", "人次",
    "台次", "批次", "单次", "场次", "家", "户", "个", "人", "台", "件", "项", "场", "次",
    "座", "所", "支", "份", "名", "倍", "亩", "条", "吨",
)  # fmt: skip


#: Units that a copied PDF may split over a line break ("万平\n方米", "个百\n分点").
SPLITTABLE_TOKENS = (
    "万平方米", "平方米", "个百分点", "百分点", "亿元", "万元", "家次", "人次", "台次", "批次",
    "单次", "场次",
)  # fmt: skip
_DIGITS = "零〇一二两三四五六七八九"
_DIGIT_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CHINESE_NUMERAL = re.compile(f"[{_DIGITS}十百千万亿]+")
_JOINABLE_LEFT = re.compile(r"[0-9.万亿]\Z")
_JOINABLE_RIGHT = re.compile(r"^[0-9.%万亿]")


@dataclass(frozen=True)
class NormalisedText:
    """Text after :func:`normalise`, with ``origin[i]`` the original index of character ``i``."""

    text: str
    origin: tuple[int, ...]
    original: str

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Return the original ``(start, end)`` of the normalised slice ``text[start:end]``.

        Examples
        --------
        >>> n = normalise("新增５６００家")
        >>> n.text, n.span(2, 7)
        ('新增5600家', (2, 7))
        """
        if end <= start:
            point = self.origin[start] if start < len(self.origin) else len(self.original)
            return point, point
        return self.origin[start], self.origin[end - 1] + 1


def _width(char: str) -> str:
    """Half-width form of one full-width character (digits, letters, ％，；：（）); else itself."""
    if "\uff01" <= char <= "\uff5e" or char == "\u3000":
        folded = unicodedata.normalize("NFKC", char)
        return folded if len(folded) == 1 else char
    if char in "\u2014\u2013\u2015\u2212\uff5e\u301c":  # dashes and wave dashes between numbers
        return {"\uff5e": "~", "\u301c": "~"}.get(char, "—")
    return char


def _joins_line(left: str, right: str) -> bool:
    """Whether a single line break between ``left`` and ``right`` splits a number or a unit."""
    left, right = left.rstrip(" \t"), right.lstrip(" \t")
    if not left or not right:
        return False
    if _JOINABLE_LEFT.search(left) and (_JOINABLE_RIGHT.match(right) or _starts_unit(right)):
        return True
    for token in SPLITTABLE_TOKENS:
        for cut in range(1, len(token)):
            if left.endswith(token[:cut]) and right.startswith(token[cut:]):
                return True
    return False


def _starts_unit(text: str) -> bool:
    return any(text.startswith(unit) for unit in UNITS)


def normalise(text: str) -> NormalisedText:
    r"""Fold full-width characters to half-width and re-join numbers and units split by a line.

    Full-width digits, letters and the punctuation ``％，；：（）`` become their ASCII forms (one
    character for one, so spans stay exact); dashes (``—–―～``) used in ranges become ``—`` or
    ``~``. A single line break (with any spaces around it) is removed where it cuts through a
    number or a unit, as in text copied from a PDF (``"5\n600家"``, ``"60万平\n方米"``); blank
    lines and every other line break are kept, so paragraphs and table cells stay apart.

    Parameters
    ----------
    text : str
        The document text as read.

    Returns
    -------
    NormalisedText
        The normalised text and the map back to the original character positions.

    Examples
    --------
    >>> normalise("新增小微企业５６\n００家，增长１５％").text
    '新增小微企业5600家,增长15%'
    """
    chars: list[str] = []
    origin: list[int] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\n":
            before = "".join(chars[-12:])
            after = "".join(_width(c) for c in text[index + 1 : index + 13].split("\n")[0])
            blank_line = text[index + 1 : index + 13].lstrip(" \t").startswith("\n")
            if not blank_line and _joins_line(before, after):
                while chars and chars[-1] in " \t":
                    chars.pop()
                    origin.pop()
                index += 1
                while index < len(text) and text[index] in " \t\u3000":
                    index += 1
                continue
        chars.append(_width(char))
        origin.append(index)
        index += 1
    return NormalisedText("".join(chars), tuple(origin), text)


def chinese_numeral_value(numeral: str) -> float:
    """Value of a Chinese numeral such as ``五千六百``, ``两千``, ``一万二千``, ``十五``.

    Raises
    ------
    ValueError
        If the string is not a well-formed numeral (the caller then does not treat it as one).

    Examples
    --------
    >>> [chinese_numeral_value(n) for n in ("五千六百", "两千", "十五")]
    [5600.0, 2000.0, 15.0]
    >>> chinese_numeral_value("一万二千"), chinese_numeral_value("三百零五")
    (12000.0, 305.0)
    """
    if not numeral or not CHINESE_NUMERAL.fullmatch(numeral):
        raise ValueError(numeral)
    total = 0.0
    section = 0.0
    digit: float | None = None
    for char in numeral:
        if char in _DIGIT_VALUE:
            if digit is not None and digit != 0:
                raise ValueError(numeral)  # two digits in a row: "五六" is not a numeral
            digit = float(_DIGIT_VALUE[char])
        elif char in _SMALL_UNITS:
            section += (1.0 if digit is None else digit) * _SMALL_UNITS[char]
            digit = None
        else:
            big = _BIG_UNITS[char]
            section += digit or 0.0
            if section == 0 and total == 0:
                raise ValueError(numeral)
            total = (total + section) * big if big > 10_000 else total + section * big
            section, digit = 0.0, None
    return total + section + (digit or 0.0)


def arabic_value(digits: str) -> float:
    """Value of an Arabic number, with ASCII thousands separators (``5,388``) removed.

    Examples
    --------
    >>> arabic_value("5,388"), arabic_value("2.65")
    (5388.0, 2.65)
    """
    return float(digits.replace(",", ""))
