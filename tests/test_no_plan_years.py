"""No plan year is typed into the reports: they come from the plan registry.

The scan reads the code of ``notebooks/*.py``, the code cells of ``notebooks/*.ipynb``,
``src/evalkit/report/*.py`` and ``src/evalkit/render/*.py`` with :mod:`ast` and flags every
integer constant from 2015 to 2023 and every 4-digit token in that range inside a string
constant. Comments and docstrings are not scanned: they do not decide what a report computes
(doctest examples use made-up cohorts such as ``[0, 2015]``), and prose that names a year
belongs in the label catalogue (``labels.csv``), which is read as data. Strings are scanned
because a year in a string (a query, a label that is parsed) can still decide a sample.
"""

from __future__ import annotations

import ast
import json
import re

import pytest

from evalkit.config import PROJECT_ROOT

PLAN_YEARS = range(2015, 2024)
# A year inside an identifier (a plan id such as ``jiaxing_growth_2021``, a registry key) is
# not a typed year: the registry defines it.
TOKEN = re.compile(r"(?<![\w])(20(?:1[5-9]|2[0-3]))(?![\w])")
# Known lines of plan_targets (edited by the attainment work, outside this scan's owner): a
# sample-window default and the 嘉兴 illustration's reported year. (file, line text); an
# entry that no longer matches is ignored. Do not add to this list: read the registry.
ALLOWED = {
    ("notebooks/plan_targets.py", "LAST_YEAR = 2021"),
    (
        "notebooks/plan_targets.py",
        'row["target"], {2021: row["reported"]}, kind="cumulative", period_start=2021,',
    ),
}


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings or bare string statements."""
    found = set()
    for node in ast.walk(tree):
        for child in (
            getattr(node, "body", []) if isinstance(getattr(node, "body", None), list) else []
        ):
            if isinstance(child, ast.Expr) and isinstance(child.value, ast.Constant):
                if isinstance(child.value.value, str):
                    found.add(id(child.value))
    return found


def plan_year_literals(source: str) -> list[tuple[int, str]]:
    """Return ``(line, text)`` of every plan-year literal in the code of ``source``.

    Examples
    --------
    >>> plan_year_literals("start = 2015  # 2016 in a comment")
    [(1, 'start = 2015  # 2016 in a comment')]
    """
    tree = ast.parse(source)
    skip = _docstrings(tree)
    lines = source.splitlines()
    hits = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or id(node) in skip:
            continue
        value = node.value
        year = isinstance(value, int) and not isinstance(value, bool) and value in PLAN_YEARS
        if year or (isinstance(value, str) and TOKEN.search(value)):
            hits.append((node.lineno, lines[node.lineno - 1].strip()))
    return sorted(set(hits))


def _sources() -> list[tuple[str, str]]:
    files = sorted((PROJECT_ROOT / "notebooks").glob("*.py"))
    for package in ("report", "render"):
        files += sorted((PROJECT_ROOT / "src" / "evalkit" / package).glob("*.py"))
    sources = [(str(f.relative_to(PROJECT_ROOT)), f.read_text(encoding="utf-8")) for f in files]
    for notebook in sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        sources.append((str(notebook.relative_to(PROJECT_ROOT)), code))
    return sources


def test_no_plan_year_is_typed_into_notebooks_or_report_code():
    found = [
        f"{name}:{line}: {text}"
        for name, source in _sources()
        for line, text in plan_year_literals(source)
        if (name.replace(".ipynb", ".py"), text) not in ALLOWED
    ]
    assert not found, "plan years typed in (take them from the registry):\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("start = 2015\n", [(1, "start = 2015")]),
        ("years = range(2008, 2019)\n", [(1, "years = range(2008, 2019)")]),
        ('query = "year >= 2021"\n', [(1, 'query = "year >= 2021"')]),
        ("x = f'{a}2016'\n", [(1, "x = f'{a}2016'")]),
        ("# first round 2015\nstart = first_round\n", []),
        ('def f():\n    """Cohort 2015 in an example."""\n    return 2008\n', []),
        ("code = 330100; year = 2024; big = 20150\n", []),
        ('plan = "jiaxing_growth_2021"\n', []),
    ],
)
def test_the_scan_finds_a_plan_year_in_code_and_ignores_comments_and_docstrings(source, expected):
    assert plan_year_literals(source) == expected


def test_the_scan_fails_when_a_plan_year_is_added(tmp_path):
    notebook = (PROJECT_ROOT / "notebooks" / "city_report.py").read_text(encoding="utf-8")
    assert plan_year_literals(notebook) == []
    changed = notebook.replace("seed = 0\n", "seed = 0\nstart = 2015\n", 1)
    assert plan_year_literals(changed) == [(changed.splitlines().index("start = 2015") + 1,
                                            "start = 2015")]  # fmt: skip
