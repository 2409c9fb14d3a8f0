"""Executed notebooks into self-contained HTML reports."""

from __future__ import annotations

import functools
import re

import jinja2
import nbformat
from nbconvert import HTMLExporter

from evalkit.render.results import RESULTS_MIME

# nbconvert's lab template loads require.js, MathJax and mermaid from a CDN; reports use none
# of them, and offline (a reviewer's machine, CI) the failed loads are console errors.
_OFFLINE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""
UNTITLED = "evalkit report"
_HEADING = re.compile(r"^# +(?P<title>\S.*?)\s*$", flags=re.M)


def _markdown_texts(notebook: nbformat.NotebookNode):
    """Markdown in cell order: markdown cells and the Markdown code cells display."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            yield cell.source
        for output in cell.get("outputs", []):
            markdown = output.get("data", {}).get("text/markdown")
            if markdown:
                yield markdown if isinstance(markdown, str) else "".join(markdown)


def report_title(notebook: nbformat.NotebookNode) -> str:
    r"""Return the report's title: its first level-1 Markdown heading.

    A city report displays its title (city name and report title in the report language) as
    ``# ...`` Markdown; the pooled notebooks start with one. Without a heading the title is
    ``"evalkit report"``.

    Examples
    --------
    >>> notebook = nbformat.v4.new_notebook(
    ...     cells=[nbformat.v4.new_markdown_cell("intro\n\n# 杭州市：评估报告\n## part")]
    ... )
    >>> report_title(notebook)
    '杭州市：评估报告'

    """
    for markdown in _markdown_texts(notebook):
        heading = _HEADING.search(markdown)
        if heading:
            return heading["title"]
    return UNTITLED


def report_language(notebook: nbformat.NotebookNode) -> str:
    """Return the language parameter the notebook ran with (``"en"`` when it has none)."""
    parameters = notebook.metadata.get("papermill", {}).get("parameters", {})
    return parameters.get("language", "en")


@functools.cache
def _exporter(show_code: bool, language: str) -> HTMLExporter:
    """One exporter per process, code display and language: its template compiles once.

    A new exporter compiles nbconvert's lab template again (a large share of a report's HTML
    export, measured in ``benchmarks/render.py``); a conversion leaves the exporter as it was,
    so reusing it gives the same page (``tests/render/test_html.py``).
    """
    return HTMLExporter(
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        extra_loaders=[jinja2.DictLoader({"evalkit_offline.html.j2": _OFFLINE_TEMPLATE})],
        template_file="evalkit_offline.html.j2",
        language_code=language,
    )


def notebook_to_html(notebook: nbformat.NotebookNode, *, show_code: bool = False) -> str:
    """Return a self-contained HTML page of an executed notebook.

    The page's ``<title>`` is :func:`report_title` and its ``lang`` the report's language.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        The executed notebook.
    show_code : bool
        Include code cells' input (hidden by default: readers want results).

    """
    exporter = _exporter(show_code, report_language(notebook))
    clean = nbformat.from_dict(notebook)
    clean.metadata["title"] = report_title(clean)
    for cell in clean.cells:
        outputs = cell.get("outputs", [])
        cell["outputs"] = [o for o in outputs if RESULTS_MIME not in o.get("data", {})]
    body, _ = exporter.from_notebook_node(clean)
    return body
