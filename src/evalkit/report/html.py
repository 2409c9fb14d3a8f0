"""Executed notebooks into self-contained HTML reports."""

from __future__ import annotations

import jinja2
import nbformat
from nbconvert import HTMLExporter

from evalkit.report.results import RESULTS_MIME

# nbconvert's lab template loads require.js, MathJax and mermaid from a CDN; reports use none
# of them, and offline (a reviewer's machine, CI) the failed loads are console errors.
_OFFLINE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""


def notebook_to_html(notebook: nbformat.NotebookNode, *, show_code: bool = False) -> str:
    """Return a self-contained HTML page of an executed notebook.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        The executed notebook.
    show_code : bool
        Include code cells' input (hidden by default: readers want results).

    """
    exporter = HTMLExporter(
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        extra_loaders=[jinja2.DictLoader({"evalkit_offline.html.j2": _OFFLINE_TEMPLATE})],
        template_file="evalkit_offline.html.j2",
    )
    clean = nbformat.from_dict(notebook)
    for cell in clean.cells:
        outputs = cell.get("outputs", [])
        cell["outputs"] = [o for o in outputs if RESULTS_MIME not in o.get("data", {})]
    body, _ = exporter.from_notebook_node(clean)
    return body
