"""Estimators and plot primitives hold no language: no Chinese text, no ``language`` argument.

The reports translate (evalkit.i18n, evalkit.report); estimators return codes and English, and
figures take their texts as ``labels``. The scan reads the source files themselves.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "evalkit"
FOLDERS = ("did", "synth", "trend", "inference", "plots")
FILES = sorted(path for folder in FOLDERS for path in (SRC / folder).rglob("*.py"))
# CJK ideographs, CJK punctuation and full-width forms
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def _relative(path: Path) -> str:
    return str(path.relative_to(SRC))


def test_the_scan_sees_the_estimator_and_plot_modules():
    names = {_relative(path) for path in FILES}
    assert {"did/compare.py", "did/bacon.py", "plots/event_study.py", "trend/plots.py"} <= names
    assert len(FILES) > 40


def _cjk_lines(source: str) -> list[tuple[int, str]]:
    """Lines with CJK text, leaving out doctest lines (``>>>``/``...`` and their output)."""
    found, in_example = [], False
    for number, line in enumerate(source.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith((">>>", "... ")) or stripped == "...":
            in_example = True
            continue
        if not stripped or stripped.startswith('"""'):
            in_example = False
        if CJK.search(line) and not in_example:
            found.append((number, line.strip()))
    return found


def test_cjk_scan_catches_chinese_outside_examples():
    source = 'LABELS = {"x": "年份"}\n"""Doc.\n\n>>> f("杭州")\n\'杭州\'\n"""\n'
    assert _cjk_lines(source) == [(1, 'LABELS = {"x": "年份"}')]


@pytest.mark.parametrize("path", FILES, ids=_relative)
def test_no_chinese_text_outside_docstring_examples(path):
    assert _cjk_lines(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", FILES, ids=_relative)
def test_no_function_takes_a_language(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    takes_language = [
        getattr(node, "name", "<lambda>")
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        and "language"
        in [a.arg for a in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs)]
    ]
    assert takes_language == []


def test_plan_timeline_and_its_take_labels_not_a_language():
    import inspect

    from evalkit.plans import plot_plan_timeline
    from evalkit.trend.plots import plot_its

    for function in (plot_plan_timeline, plot_its):
        parameters = inspect.signature(function).parameters
        assert "labels" in parameters and "language" not in parameters
