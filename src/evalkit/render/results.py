"""Headline numbers travel from the kernel to the renderer inside the notebook itself.

The notebook calls :func:`publish_results`, which displays a JSON bundle under a private MIME
type; the renderer reads it back from the executed notebook with :func:`extract_results`. No
side files are written from inside the kernel, so a failed run cannot leave stray results.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import nbformat

RESULTS_MIME = "application/vnd.evalkit.results+json"


def publish_results(results: dict[str, Any]) -> None:
    """Attach ``results`` (JSON-serialisable) to the running notebook's output."""
    from IPython.display import display

    json.dumps(results)  # fail here, in the notebook, if something is not serialisable
    display({RESULTS_MIME: results, "text/plain": "evalkit results published"}, raw=True)


def extract_results(notebook: nbformat.NotebookNode) -> dict[str, Any]:
    """Merge every results bundle published in an executed notebook, in cell order."""
    merged: dict[str, Any] = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if RESULTS_MIME in data:
                merged.update(data[RESULTS_MIME])
    return merged


def load_results(path: str | Path) -> dict[str, Any]:
    """Read a report's ``results.json`` (a file, or a report directory holding one).

    Examples
    --------
    >>> load_results("reports/330100")  # doctest: +SKIP

    """
    path = Path(path)
    if path.is_dir():
        path = path / "results.json"
    return json.loads(path.read_text(encoding="utf-8"))
