"""What a finished report page must not show: raw identifiers and text in the wrong language.

These rules read the page's visible text (the browser's ``innerText``: table cells separated
by tabs, blocks by line breaks), so a hidden attribute or a link target never trips them.

- **Raw identifiers**: registry ids and program keys a reader should never see:
  ``log_<id>`` column names, ``_b1_``/``_b2_`` batch ids, ``zj_growth_`` plan ids,
  ``nevertreated``, and ``<city>_growth_<year>`` plan ids.
- **zh pages**: no run of three or more English words (a sentence or a program message).
  Method and proper names that have no Chinese form in the glossary are allowed
  (:data:`LATIN_NAMES`), as are file names, checksums and numbers.
- **en pages**: no cell or line whose text is Chinese only. Place names are proper names:
  a line may hold Chinese characters when it also holds Latin letters (a name given in both,
  such as "杭州 Hangzhou"), when it matches :data:`CHINESE_PROPER_NAMES` (an official place
  name ending in 市/省/区/县, a document number with 〔〕), or is a name the caller allows.
"""

from __future__ import annotations

import re

from evalkit.i18n import check_language

RAW_IDENTIFIER = re.compile(
    r"\blog_[a-z][a-z_]*|_b[12]_\d|\bzj_growth_|\bnevertreated\b|\b[a-z]+_growth_20\d\d\b"
)
# Names written in Latin letters in both languages (methods, software, data vendors).
LATIN_NAMES = frozenset(
    """
    DiD TWFE CS Callaway Sant'Anna Sun Abraham Goodman-Bacon Bacon HonestDiD Rambachan Roth
    ITS SDID SC ADH Abadie CRV1 WCR Webb Rademacher Satterthwaite Donald Lang Ferman Pinto
    Bertrand Duflo Mullainathan Benjamini Hochberg Borusyak Jaravel Spiess MDE VIIRS CSMAR
    SHA-256 SHA evalkit papermill Python pandas statsmodels numpy matplotlib seaborn Jupyter
    GDP FDI CNY USD DN OLS HAC Newey-West RI BH AR t p q et al
    """.split()
)
_ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z'’\-]*(?:[ ,;:()]+[A-Za-z][A-Za-z'’\-]*){2,}")
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
CHINESE_PROPER_NAMES = re.compile(r"^[\u3400-\u9fff]{2,12}(市|省|区|县|州|盟|新区)$|〔\d{4}〕\d+号")


def raw_identifiers(text: str) -> list[str]:
    """Return the raw identifiers visible in ``text`` (each once, in order).

    Examples
    --------
    >>> raw_identifiers("结果 log_night_lights 与 liangchuang_b1_330100")
    ['log_night_lights', '_b1_3']
    """
    return list(dict.fromkeys(match.group(0) for match in RAW_IDENTIFIER.finditer(text)))


def _is_latin_name_run(run: str) -> bool:
    words = re.findall(r"[A-Za-z][A-Za-z'’\-]*", run)
    return all(word in LATIN_NAMES or word.rstrip("s") in LATIN_NAMES for word in words)


def untranslated(
    text: str, language: str, *, proper_names: frozenset[str] = frozenset()
) -> list[str]:
    r"""Return the snippets of ``text`` written in the other language than ``language``.

    Parameters
    ----------
    text : str
        Visible page text (``innerText``).
    language : {"zh", "en"}
        The page's language.
    proper_names : frozenset of str
        Further Chinese names allowed on English pages (e.g. short place names).

    Examples
    --------
    >>> untranslated("合并估计：14 non-positive value(s) cannot be logged", "zh")
    ['non-positive value(s) cannot be logged']
    >>> untranslated("Estimate\t0.12\n城市\t杭州市", "en")
    ['城市']
    """
    check_language(language)
    if language == "zh":
        found = [m.group(0).strip(" ,;:(") for m in _ENGLISH_RUN.finditer(text)]
        return [run for run in found if not _is_latin_name_run(run)]
    snippets = []
    for cell in re.split(r"[\t\n]+", text):
        cell = cell.strip()
        if not _CJK.search(cell) or _LATIN.search(cell):
            continue
        if cell in proper_names or CHINESE_PROPER_NAMES.search(cell):
            continue
        snippets.append(cell)
    return snippets
