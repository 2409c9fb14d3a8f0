"""Executed notebooks into self-contained HTML reports."""

from __future__ import annotations

import nbformat
from nbconvert import HTMLExporter

from evalkit.report.results import RESULTS_MIME


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
    )
    clean = nbformat.from_dict(notebook)
    for cell in clean.cells:
        outputs = cell.get("outputs", [])
        cell["outputs"] = [o for o in outputs if RESULTS_MIME not in o.get("data", {})]
    body, _ = exporter.from_notebook_node(clean)
    return body
