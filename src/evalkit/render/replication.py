"""The table of REPLICATION.md that maps each report figure and table to the code making it.

The table is read from the notebook's jupytext twin (``notebooks/<name>.py``), never written
by hand: every ``show(...)`` call is a figure (``show_plot(f, *args)``, the cached drawing of
``f(*args)``, too) and every ``display(...)`` of something other than ``Markdown`` is a table.
For each, the row names the notebook cell, the report section (the cell's ``## heading``), the
statement, and the evalkit functions that make it: those called in the statement and those
that produced the variables it uses, traced through assignments and ``for`` loops.
``tests/test_replication.py`` fails when REPLICATION.md and the notebook disagree, and
``python scripts/replication_table.py --write`` refreshes the table.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from html import unescape as html_unescape
from pathlib import Path

import pandas as pd

from evalkit.config import NOTEBOOKS_DIR, PROJECT_ROOT
from evalkit.i18n import text
from evalkit.plans.labels import SENTENCES
from evalkit.render.index import index_html
from evalkit.render.index_data import POOLED_NOTEBOOKS

CITY_REPORT = NOTEBOOKS_DIR / "city_report.py"
FIGURE_CALLS = frozenset({"show", "show_plot"})
NOT_DISPLAYED = frozenset({"display", *FIGURE_CALLS, "print", "publish_results"})
INDEX_FUNCTION = "evalkit.render.index.index_html ← results.json of every report"
# Labels, translations and display wrappers: not the code that makes an output's content.
HELPERS = frozenset(
    {
        "evalkit.i18n.text",
        "evalkit.i18n.value_label",
        "evalkit.panel.indicator_label",
        "evalkit.i18n.figure_text",
        "evalkit.report.tables.report_table",
        "evalkit.plans.display_table",
    }
)
TABLE_START = "<!-- replication-table:start (generated: python scripts/replication_table.py) -->"
TABLE_END = "<!-- replication-table:end -->"
_CELL = re.compile(r"^# %%(?P<header>.*)$")


@dataclass(frozen=True)
class Output:
    """One figure or table a notebook shows, and the code that makes it."""

    notebook: str
    cell: int
    section: str
    kind: str
    statement: str
    repeated_over: str | None
    functions: tuple[str, ...]


def percent_cells(source: str) -> list[tuple[str, str]]:
    r"""Split a jupytext percent script into ``(header, body)`` cells, the header file skipped.

    Examples
    --------
    >>> percent_cells("# ---\n# x\n# ---\n\n# %%\na = 1\n\n# %% [markdown]\n# hi\n")
    [('', 'a = 1\n'), (' [markdown]', '# hi\n')]

    """
    cells: list[tuple[str, list[str]]] = []
    for line in source.splitlines(keepends=True):
        match = _CELL.match(line.rstrip("\n"))
        if match:
            cells.append((match["header"], []))
        elif cells:
            cells[-1][1].append(line)
    return [(header, "".join(lines).strip("\n") + "\n") for header, lines in cells]


def _dotted(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def _imports(tree: ast.Module) -> dict[str, str]:
    """Local name to fully qualified evalkit name, from the notebook's import statements."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("evalkit"):
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("evalkit"):
                    names[alias.asname or alias.name] = alias.name
    return names


# A variable's producer: (line, whether it replaces the value, the expression assigned).
Producer = tuple[int, bool, ast.AST]


def _producers(tree: ast.Module) -> dict[str, list[Producer]]:
    """Map each variable to the expressions that give it values, in source order.

    Assignments (``x = ...`` replaces, ``x[key] = ...`` adds to x), loop targets and
    ``with ... as x``.
    """
    producers: dict[str, list[Producer]] = {}

    def add(target: ast.AST, value: ast.AST) -> None:
        replaces = not isinstance(target, ast.Subscript)
        while isinstance(target, ast.Subscript):
            target = target.value
        for name in target.elts if isinstance(target, ast.Tuple) else [target]:
            if isinstance(name, ast.Name):
                producers.setdefault(name.id, []).append((name.lineno, replaces, value))

    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                add(target, node.value)
        elif isinstance(node, ast.For | ast.comprehension):
            add(node.target, node.iter)
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            add(node.optional_vars, node.context_expr)
    return {name: sorted(found, key=lambda p: p[0]) for name, found in producers.items()}


def _values(producers: dict[str, list[Producer]], name: str, line: int) -> list[ast.AST]:
    """Return the expressions that made ``name`` as seen on ``line``.

    Its last assignment before that line and the item assignments after it.
    """
    earlier = [p for p in producers.get(name, []) if p[0] < line]
    replaced = [i for i, p in enumerate(earlier) if p[1]]
    return [value for _, _, value in earlier[replaced[-1] if replaced else 0 :]]


def _library_calls(
    node: ast.AST,
    imports: dict[str, str],
    producers: dict[str, list[Producer]] | None = None,
) -> list[str]:
    """Fully qualified evalkit functions called anywhere inside ``node``, in source order.

    With ``producers``, a method called on a variable made by an evalkit function is named
    after it: ``registry.allocation()`` is ``evalkit.plans.PlanRegistry.load(...).allocation``.
    """
    found = []
    for call in sorted(
        (n for n in ast.walk(node) if isinstance(n, ast.Call)),
        key=lambda n: (n.lineno, n.col_offset),
    ):
        dotted = _dotted(call.func)
        if dotted is None:
            continue
        head, _, rest = dotted.partition(".")
        if head in imports:
            found.append(f"{imports[head]}.{rest}" if rest else imports[head])
        elif rest and producers:
            made = _values(producers, head, call.lineno)[:1]  # the value x = ... replaced
            maker = (
                _library_calls(made[0], imports) if made and isinstance(made[0], ast.Call) else []
            )
            if maker:
                found.append(f"{maker[0]}(...).{rest}")
    return found


def _functions(
    node: ast.AST, imports: dict[str, str], producers: dict[str, list[Producer]]
) -> list[str]:
    """Return the evalkit functions making ``node``.

    Those called in it, then for each variable it uses the nearest earlier assignment (through
    loops) that calls evalkit. Labels and translations are left out.
    """

    def calls(tree: ast.AST) -> list[str]:
        return [f for f in _library_calls(tree, imports, producers) if f not in HELPERS]

    def names(tree: ast.AST) -> list[tuple[str, int]]:
        return [
            (n.id, n.lineno)
            for n in ast.walk(tree)
            if isinstance(n, ast.Name) and n.id not in imports
        ]

    found = calls(node)
    seen: set[tuple[str, int]] = set()
    pending = names(node)
    while pending:
        name, line = pending.pop(0)
        if (name, line) in seen:
            continue
        seen.add((name, line))
        values = _values(producers, name, line)
        made_by = [f for value in values for f in calls(value)]
        if made_by:
            found += made_by
        else:
            pending += [item for value in values for item in names(value)]
    return list(dict.fromkeys(found))


def _heading(statement: ast.stmt) -> str | None:
    """Return the key of ``display(Markdown(f"## {text('key', language)}"))``, if it is one.

    ``sentence`` (the attainment sections' own catalogue, :mod:`evalkit.plans.labels`) works
    as ``text`` does.
    """
    text = ast.unparse(statement)
    match = re.match(
        r"""display\(Markdown\(f(['"])## \{(?:text|sentence)\('(\w+)', language\)\}\1\)\)$""",
        text,
    )
    return match[2] if match else None


def _section_title(key: str) -> str:
    try:
        return text(key, "en")
    except Exception:  # a heading key without an English text: show the key
        return SENTENCES[key]["en"] if key in SENTENCES else key


def notebook_outputs(path: Path) -> list[Output]:
    """Every figure and table a report notebook shows, in order, with the code making it.

    Parameters
    ----------
    path : pathlib.Path
        A jupytext percent script (``notebooks/city_report.py``).

    Examples
    --------
    >>> rows = notebook_outputs(Path("notebooks/city_report.py"))  # doctest: +SKIP
    >>> rows[0].kind, rows[0].functions[0]  # doctest: +SKIP
    ('table', 'evalkit.report.sections.plan_links')

    """
    cells = percent_cells(path.read_text(encoding="utf-8"))
    code = [body if "[markdown]" not in header else "" for header, body in cells]
    tree = ast.parse("\n".join(code))
    imports, producers = _imports(tree), _producers(tree)
    first_lines = [1]
    for body in code:
        first_lines.append(first_lines[-1] + body.count("\n") + 1)
    name = path.relative_to(PROJECT_ROOT) if path.is_relative_to(PROJECT_ROOT) else path
    outputs: list[Output] = []
    section = ""
    for number, (header, body) in enumerate(cells, start=1):
        if "[markdown]" in header:
            section = _markdown_heading(body) or section
            continue
        first, after = first_lines[number - 1], first_lines[number]
        statements = [s for s in tree.body if first <= s.lineno < after]
        for statement, loop in _statements(statements, None):
            heading = _heading(statement)
            if heading:
                section = _section_title(heading)
                continue
            for kind, shown, made_from in _shown(statement, statements, imports):
                outputs.append(
                    Output(
                        notebook=name.as_posix(),
                        cell=number,
                        section=section,
                        kind=kind,
                        statement=shown,
                        repeated_over=loop,
                        functions=tuple(_functions(made_from, imports, producers)),
                    )
                )
    return outputs


def _markdown_heading(body: str) -> str | None:
    """Return the text of the first ``## heading`` of a markdown cell."""
    match = re.search(r"^# #{1,3} (.+)$", body, flags=re.M)
    return match[1].strip() if match else None


def _shown(
    statement: ast.stmt, cell: list[ast.stmt], imports: dict[str, str]
) -> list[tuple[str, str, ast.AST]]:
    """``(kind, statement, expression it is made from)`` for each output of ``statement``.

    ``show(x)`` is a figure, ``show_plot(f, *args, **kwargs)`` the figure ``f(*args, **kwargs)``,
    ``display(x)`` a table (``display(Markdown(...))`` is text), ``plt.show()`` the figure made
    by the cell's last assignment, and a cell's last bare expression the table Jupyter displays.
    """
    shown = [
        ("figure" if drawn.func.id == "show" else "table", ast.unparse(drawn), drawn.args[0])
        for drawn in map(_as_drawn, _output_calls(statement))
    ]
    if not isinstance(statement, ast.Expr):
        return shown
    value = statement.value
    dotted = _dotted(value.func) if isinstance(value, ast.Call) else None
    if dotted in ("plt.show", "matplotlib.pyplot.show"):
        made = [s for s in cell if isinstance(s, ast.Assign) and _library_calls(s.value, imports)]
        if made:
            shown.append(("figure", ast.unparse(made[-1]), made[-1].value))
    elif statement is cell[-1] and dotted not in NOT_DISPLAYED:
        shown.append(("table", ast.unparse(statement), value))
    return shown


def _as_drawn(call: ast.Call) -> ast.Call:
    """``show_plot(f, *args, **kwargs)`` as ``show(f(*args, **kwargs))``; other calls as they are.

    Examples
    --------
    >>> ast.unparse(_as_drawn(ast.parse("show_plot(plot_its, fit.path, title=t)").body[0].value))
    'show(plot_its(fit.path, title=t))'
    >>> ast.unparse(_as_drawn(ast.parse("display(table)").body[0].value))
    'display(table)'
    """
    if call.func.id != "show_plot":
        return call
    drawn = ast.Call(func=call.args[0], args=call.args[1:], keywords=call.keywords)
    shown = ast.Call(func=ast.Name(id="show", ctx=ast.Load()), args=[drawn], keywords=[])
    return ast.fix_missing_locations(ast.copy_location(shown, call))


def _statements(body: list[ast.stmt], loop: str | None):
    """Yield ``(statement, loop)`` for top-level statements, descending into ``for``/``if``."""
    for statement in body:
        if isinstance(statement, ast.For):
            yield from _statements(statement.body, ast.unparse(statement.iter))
        elif isinstance(statement, ast.If | ast.With):
            yield from _statements(statement.body, loop)
            yield from _statements(getattr(statement, "orelse", []), loop)
        else:
            yield statement, loop


def _output_calls(statement: ast.stmt) -> list[ast.Call]:
    """``show``, ``show_plot`` and ``display`` calls of a statement, ``Markdown`` excluded."""
    calls = []
    for node in ast.walk(statement):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)) or not node.args:
            continue
        argument = node.args[0]
        is_markdown = isinstance(argument, ast.Call) and _dotted(argument.func) == "Markdown"
        if node.func.id in FIGURE_CALLS or (node.func.id == "display" and not is_markdown):
            calls.append(node)
    return calls


def report_notebooks() -> tuple[Path, ...]:
    """Return the notebooks ``evalkit render`` turns into reports.

    The city report, then the pooled analyses rendered beside it
    (``evalkit.render.index_data.POOLED_NOTEBOOKS``) whose notebooks exist.
    """
    return (
        CITY_REPORT,
        *(p for n in POOLED_NOTEBOOKS if (p := NOTEBOOKS_DIR / f"{n}.py").is_file()),
    )


def index_sections() -> list[str]:
    """Return the section headings of the index page, each over a table of results.

    Examples
    --------
    >>> index_sections()[1]  # doctest: +SKIP
    'City reports (click a column to sort)'

    """
    return [html_unescape(title) for title in re.findall(r"<h2>(.*?)</h2>", index_html({}))]


def replication_frame(notebooks: tuple[Path, ...] | None = None) -> pd.DataFrame:
    """Return the table as a frame: one row per figure or table of the reports, index page included.

    Examples
    --------
    >>> replication_frame().columns.tolist()  # doctest: +SKIP
    ['output', 'report section', 'kind', 'made in', 'statement', 'library functions']

    """
    rows = []
    for notebook in report_notebooks() if notebooks is None else notebooks:
        folder = "<city>" if notebook == CITY_REPORT else notebook.stem
        for output in notebook_outputs(notebook):
            repeat = f" (one per item of `{output.repeated_over}`)" if output.repeated_over else ""
            rows.append(
                {
                    "output": f"reports/{folder}/report.html{repeat}",
                    "report section": output.section,
                    "kind": output.kind,
                    "made in": f"{output.notebook}, cell {output.cell}",
                    "statement": f"`{output.statement}`",
                    "library functions": ", ".join(f"`{f}`" for f in output.functions),
                }
            )
    for section in index_sections():
        rows.append(
            {
                "output": "reports/index.html",
                "report section": section,
                "kind": "table",
                "made in": "`evalkit render` (after the city reports)",
                "statement": "`write_index(...)`",
                "library functions": f"`{INDEX_FUNCTION}`",
            }
        )
    frame = pd.DataFrame(rows)
    frame.insert(0, "#", range(1, len(frame) + 1))
    return frame


def replication_table(notebooks: tuple[Path, ...] | None = None) -> str:
    """Return the table as Markdown, between the markers REPLICATION.md keeps it in."""
    frame = replication_frame(notebooks)
    header = "| " + " | ".join(frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    body = [
        "| " + " | ".join(str(v).replace("|", "\\|") for v in row) + " |"
        for row in frame.itertuples(index=False)
    ]
    return "\n".join([TABLE_START, header, rule, *body, TABLE_END])


def replace_table(document: str, table: str) -> str:
    """Return ``document`` with the text between the table markers replaced by ``table``."""
    start, end = document.find(TABLE_START), document.find(TABLE_END)
    if start == -1 or end == -1:
        raise ValueError(f"REPLICATION.md lacks the markers {TABLE_START!r} and {TABLE_END!r}")
    return document[:start] + table + document[end + len(TABLE_END) :]
