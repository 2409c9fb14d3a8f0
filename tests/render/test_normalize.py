"""Tests of evalkit.render.normalize: what varies between runs is removed, nothing else."""

from __future__ import annotations

import nbformat

from evalkit.render.normalize import SETUP_TAG, normalise


def _stream(name: str, text: str) -> dict:
    return nbformat.v4.new_output("stream", name=name, text=text)


def _executed_notebook() -> nbformat.NotebookNode:
    setup = nbformat.v4.new_code_cell("import evalkit", execution_count=1)
    setup.metadata["tags"] = [SETUP_TAG]
    first = nbformat.v4.new_code_cell("print('a'); print('b')", execution_count=7)
    first.outputs = [_stream("stdout", "a\n"), _stream("stdout", "b\n"), _stream("stderr", "w\n")]
    first.metadata["papermill"] = {"duration": 0.25, "start_time": "2026-01-01T00:00:00"}
    first.metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00"}
    markdown = nbformat.v4.new_markdown_cell("# Title")
    unexecuted = nbformat.v4.new_code_cell("x = 1")
    second = nbformat.v4.new_code_cell("1 + 1", execution_count=12)
    second.outputs = [
        nbformat.v4.new_output("execute_result", data={"text/plain": "2"}, execution_count=12)
    ]
    notebook = nbformat.v4.new_notebook(cells=[setup, first, markdown, unexecuted, second])
    notebook.metadata["papermill"] = {
        "parameters": {"city_code": "330100"},
        "default_parameters": {},
        "version": "2.6.0",
        "input_path": "/home/someone/notebooks/city.ipynb",
        "output_path": "/tmp/run-1234/report.ipynb",
        "start_time": "2026-01-01T00:00:00",
        "duration": 12.5,
    }
    return notebook


def test_setup_cells_removed_and_ids_numbered_in_order():
    clean = normalise(_executed_notebook())
    assert [cell.source for cell in clean.cells] == [
        "print('a'); print('b')",
        "# Title",
        "x = 1",
        "1 + 1",
    ]
    assert [cell["id"] for cell in clean.cells] == ["cell-000", "cell-001", "cell-002", "cell-003"]


def test_execution_counts_renumbered_from_one_skipping_unexecuted_cells():
    clean = normalise(_executed_notebook())
    code = [cell for cell in clean.cells if cell.cell_type == "code"]
    assert [cell.get("execution_count") for cell in code] == [1, None, 2]
    # the execute_result carries its cell's new count, not the kernel's 12
    assert code[2].outputs[0]["execution_count"] == 2


def test_consecutive_streams_of_one_name_are_merged_other_streams_kept_apart():
    clean = normalise(_executed_notebook())
    outputs = clean.cells[0].outputs
    assert [(o["name"], o["text"]) for o in outputs] == [("stdout", "a\nb\n"), ("stderr", "w\n")]


def test_timing_and_absolute_paths_dropped_parameters_kept():
    clean = normalise(_executed_notebook())
    assert clean.metadata["papermill"] == {
        "parameters": {"city_code": "330100"},
        "default_parameters": {},
        "version": "2.6.0",
    }
    assert "papermill" not in clean.cells[0].metadata
    assert "execution" not in clean.cells[0].metadata


def test_input_not_mutated_and_result_idempotent():
    original = _executed_notebook()
    before = nbformat.writes(original)
    once = normalise(original)
    assert nbformat.writes(original) == before
    assert nbformat.writes(normalise(once)) == nbformat.writes(once)


def test_two_runs_differing_only_in_run_specific_fields_normalise_to_the_same_bytes():
    run_a, run_b = _executed_notebook(), _executed_notebook()
    run_b.metadata["papermill"]["duration"] = 99.0
    run_b.metadata["papermill"]["output_path"] = "/elsewhere/report.ipynb"
    for offset, cell in enumerate(run_b.cells):
        cell["id"] = f"random-{offset}"
        if cell.get("execution_count") is not None:
            cell["execution_count"] += 40
    assert nbformat.writes(normalise(run_a)) == nbformat.writes(normalise(run_b))
    run_b.cells[1].outputs[0]["text"] = "A\n"  # a real change in output must survive
    assert nbformat.writes(normalise(run_a)) != nbformat.writes(normalise(run_b))
