"""No zh/en display text is written in the code of the reports: it is in evalkit/labels.csv.

The scan reads every module of ``evalkit.report``, ``evalkit.render`` and ``evalkit.plans``
and refuses two shapes of a text kept in code: a ``{"zh": ..., "en": ...}`` dict literal
holding a string, and an ``if``/conditional expression that tests ``language`` against
"zh"/"en" and holds a literal with Chinese characters or full-width punctuation.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import evalkit

PACKAGE = Path(evalkit.__file__).parent
SCANNED = ("report", "render", "plans")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
LANGUAGE_CODES = ("zh", "en")

# Chinese that the parsers match in documents is data, not display text.
PARSING = {
    "plans/clauses.py": "qualifier and context words matched in a target's sentence",
    "plans/extract.py": "the plan documents' wording that marks a target",
    "plans/quantities.py": "number, multiplier and unit words of a Chinese figure",
    "plans/numbers_zh.py": "Chinese numerals and multipliers read as numbers",
    "plans/reported_extract.py": "the work reports' wording that marks an achieved figure",
    "plans/indicator_keys.py": "keywords that find an indicator key from its Chinese wording",
    "render/page_rules.py": "patterns a finished page is checked against",
}
# Known texts still in code, in modules another branch (imports) was editing at the time;
# each entry must still hold a hit, so the list shrinks as they move to labels.csv.
PENDING = {
    "plans/ambition.py": "PANEL_SERIES_NAMES: zh/en names of the projection's panel series",
}


def _strings(node: ast.AST) -> list[str]:
    return [
        child.value
        for child in ast.walk(node)
        if isinstance(child, ast.Constant) and isinstance(child.value, str)
    ]


def _tests_language(test: ast.AST) -> bool:
    return any(
        isinstance(child, ast.Compare)
        and any(
            isinstance(side, ast.Constant) and side.value in LANGUAGE_CODES
            for side in (child.left, *child.comparators)
        )
        for child in ast.walk(test)
    )


def texts_in_code(source: str) -> list[str]:
    """Return ``line: what`` for every zh/en text written in ``source``."""
    hits = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict):
            keys = {key.value for key in node.keys if isinstance(key, ast.Constant)}
            texts = [
                text for value in node.values for text in _strings(value)
                if text not in LANGUAGE_CODES
            ]  # fmt: skip
            if set(LANGUAGE_CODES) <= keys and texts:
                hits.append(f"{node.lineno}: zh/en dict {texts[:2]}")
        if isinstance(node, ast.If | ast.IfExp) and _tests_language(node.test):
            branches = [node.body, node.orelse]
            branches = [b if isinstance(b, list) else [b] for b in branches]
            chinese = [t for b in branches for n in b for t in _strings(n) if CJK.search(t)]
            if chinese:
                hits.append(f"{node.lineno}: language branch with {chinese[:2]}")
    return sorted(hits, key=lambda hit: int(hit.split(":")[0]))


def _modules() -> list[str]:
    return sorted(
        path.relative_to(PACKAGE).as_posix()
        for folder in SCANNED
        for path in (PACKAGE / folder).glob("*.py")
    )


def test_the_scan_finds_both_shapes_and_passes_the_catalogue_way():
    source = (
        'HEADERS = {"status": {"zh": "状态", "en": "Status"}}\n'
        "OTHER = {'zh': 'en', 'en': 'zh'}\n"
        "def f(language, n):\n"
        '    colon = "：" if language == "zh" else ": "\n'
        '    if language != "en":\n'
        '        return f"共 {n} 行"\n'
        '    return text("folded_table", language, n=n)\n'
    )
    assert texts_in_code(source) == [
        "1: zh/en dict ['状态', 'Status']",
        "4: language branch with ['：']",
        "5: language branch with ['共 ', ' 行']",
    ]


@pytest.mark.parametrize("module", _modules())
def test_no_display_text_is_written_in_code(module):
    if module in PARSING or module in PENDING:
        pytest.skip(PARSING.get(module) or PENDING[module])
    hits = texts_in_code((PACKAGE / module).read_text(encoding="utf-8"))
    assert hits == [], (
        f"{module} writes zh/en texts in code: {hits}; fix: add rows to evalkit/labels.csv "
        "(see evalkit.i18n) and read them with text()/scoped_text()"
    )


def test_the_allowed_lists_name_existing_modules_and_pending_ones_still_hold_texts():
    modules = set(_modules())
    assert set(PARSING) <= modules and set(PENDING) <= modules
    for module in PENDING:
        hits = texts_in_code((PACKAGE / module).read_text(encoding="utf-8"))
        assert hits, f"{module} holds no zh/en text any more; fix: remove it from PENDING"
