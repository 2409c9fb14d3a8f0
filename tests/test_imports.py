"""Imports sit at the top of a module: a function-level evalkit import must say why it is lazy.

An ``evalkit`` import inside a function (or method) is allowed only with a comment
``# lazy: <measured reason>`` at the end of its line or on the line above it; the comment also
covers the imports that follow it directly in the same block. Everything else is hoisted.
The last tests check how the design.design <-> design.build cycle was broken.
"""

import ast
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "evalkit"
MARK = "# lazy:"


def _is_evalkit_import(node: ast.AST) -> bool:
    if isinstance(node, ast.ImportFrom):
        return node.level == 0 and (node.module or "").split(".")[0] == "evalkit"
    if isinstance(node, ast.Import):
        return any(alias.name.split(".")[0] == "evalkit" for alias in node.names)
    return False


def _has_reason(line: str) -> bool:
    _, found, reason = line.partition(MARK)
    return bool(found) and bool(reason.strip())


def _function_imports(tree: ast.AST):
    """Yield (import node, the statement list holding it) for imports inside functions."""
    seen: set[int] = set()
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for holder in ast.walk(function):
            for name in ("body", "orelse", "finalbody", "handlers"):
                block = getattr(holder, name, None)
                if not isinstance(block, list):
                    continue
                for node in block:
                    if _is_evalkit_import(node) and id(node) not in seen:
                        seen.add(id(node))
                        yield node, block


def unexplained_imports(source: str, name: str = "<module>") -> list[str]:
    """Return ``name:line: import`` for each function-level evalkit import without a reason."""
    lines = source.splitlines()
    found = []
    for node, block in _function_imports(ast.parse(source)):
        own = lines[node.lineno - 1 : node.end_lineno]
        first = node
        index = block.index(node)
        while index > 0:  # imports directly above in the same block share one comment
            previous = block[index - 1]
            if not isinstance(previous, ast.Import | ast.ImportFrom):
                break
            if previous.end_lineno != first.lineno - 1:
                break
            first, index = previous, index - 1
        above = lines[first.lineno - 2].strip() if first.lineno > 1 else ""
        covered = any(_has_reason(line) for line in own) or (
            above.startswith("#") and _has_reason(above)
        )
        if not covered:
            found.append(f"{name}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_every_function_level_evalkit_import_says_why_it_is_lazy():
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        missing += unexplained_imports(source, str(path.relative_to(PACKAGE)))
    assert not missing, "hoist to the module top, or add '# lazy: <measured reason>': " + (
        "; ".join(missing)
    )


def test_an_import_added_without_a_reason_is_reported():
    source = textwrap.dedent(
        """
        def draw():
            if True:
                from evalkit.plots.fonts import use_cjk_font
            return use_cjk_font
        """
    )
    assert unexplained_imports(source, "x.py") == [
        "x.py:4: from evalkit.plots.fonts import use_cjk_font"
    ]


def test_a_reason_on_the_line_above_covers_the_imports_below_it():
    source = textwrap.dedent(
        """
        def run():
            # lazy: evalkit.render.batch adds 1.5 s to `evalkit --help`
            from evalkit.render.batch import render_city_reports
            import evalkit.render.render
            x = 1
            from evalkit.panel import load
            import json
            from evalkit.plans import extract_reported  # lazy: 1.4 s
            return render_city_reports, x, load, json, extract_reported
        """
    )
    assert unexplained_imports(source) == ["<module>:7: from evalkit.panel import load"]


def test_an_empty_reason_or_a_reason_after_a_gap_does_not_count():
    source = textwrap.dedent(
        """
        def run():
            # lazy:
            from evalkit.panel import load

            # lazy: the panel costs 0.5 s
            x = 1
            from evalkit.panel import build
            import evalkit  # a comment that is not a reason
            return load, x, build, evalkit
        """
    )
    assert unexplained_imports(source) == [
        "<module>:4: from evalkit.panel import load",
        "<module>:8: from evalkit.panel import build",
        "<module>:9: import evalkit",
    ]


def test_module_level_and_other_packages_imports_are_not_concerned():
    source = textwrap.dedent(
        """
        from evalkit.panel import load

        def run():
            import json
            from .sibling import thing
            return load, json, thing
        """
    )
    assert unexplained_imports(source) == []
