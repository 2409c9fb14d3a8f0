"""Make executed notebooks byte-stable: the same inputs give the same ``.ipynb`` and HTML.

What varies between runs and how it is fixed (see ``../shared/notes/rendering.md``):
papermill and nbclient timing metadata are removed; random cell ids become ``cell-NNN``;
execution counts are renumbered from 1 (a reused kernel keeps counting); consecutive stream
outputs are merged; evalkit's own set-up cells are removed; absolute paths in papermill's
metadata are dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import nbformat

SETUP_TAG = "evalkit-setup"
_PAPERMILL_KEEP = ("default_parameters", "parameters", "version")


def _coalesce_streams(outputs: list) -> list:
    merged: list = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and output.get("output_type") == "stream"
            and previous.get("output_type") == "stream"
            and previous.get("name") == output.get("name")
        ):
            previous["text"] = previous["text"] + output["text"]
        else:
            merged.append(output)
    return merged


def normalise(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return a copy of an executed notebook with everything run-specific removed.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        A notebook as papermill returns it.

    Returns
    -------
    nbformat.NotebookNode
        The same cells and outputs, deterministic metadata, ids and execution counts.
    """
    import nbformat

    clean = nbformat.from_dict(notebook)
    clean.cells = [c for c in clean.cells if SETUP_TAG not in c.get("metadata", {}).get("tags", [])]
    papermill = clean.metadata.get("papermill", {})
    clean.metadata["papermill"] = {k: papermill[k] for k in _PAPERMILL_KEEP if k in papermill}
    count = 0
    for index, cell in enumerate(clean.cells):
        cell["id"] = f"cell-{index:03d}"
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        if cell.get("execution_count") is not None:
            count += 1
            cell["execution_count"] = count
        cell["outputs"] = _coalesce_streams(cell.get("outputs", []))
        for output in cell["outputs"]:
            if output.get("output_type") == "execute_result":
                output["execution_count"] = cell["execution_count"]
    return clean
