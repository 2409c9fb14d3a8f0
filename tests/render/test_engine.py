"""Tests of evalkit.render.engine without a kernel: folders, swaps, set-up cell, errors.

The kernel side (warm kernels, timeouts, sockets) is exercised in test_render.py; here
``execute`` is replaced by a function returning a ready notebook, so ``run_job``'s own work
(writing, checksums, atomic swap, failure handling) is checked in milliseconds.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys

import nbformat
import pytest
from papermill.exceptions import PapermillExecutionError

from evalkit.errors import ParameterError
from evalkit.memo import MEMO_ENV
from evalkit.render import engine
from evalkit.render.engine import RenderJob, report_folder, run_job
from evalkit.render.normalize import SETUP_TAG
from evalkit.render.results import RESULTS_MIME


def _notebook_file(tmp_path, with_parameters: bool = True):
    cells = [
        nbformat.v4.new_markdown_cell("# Report"),
        nbformat.v4.new_code_cell("value = 1"),
        nbformat.v4.new_code_cell("total = value + 1"),
        nbformat.v4.new_code_cell("publish_results({'total': total})"),
    ]
    if with_parameters:
        cells[1].metadata["tags"] = ["parameters"]
    path = tmp_path / "nb.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    return path


@pytest.mark.parametrize("name", ["330100", "liangchuang_demo_330100", "a.b-c", "x" * 64])
def test_safe_names_stay_inside_output_dir(tmp_path, name):
    assert report_folder(tmp_path, name) == tmp_path / name


@pytest.mark.parametrize("name", ["x" * 65, "-lead", "a b", "a\\b", "中文", None])
def test_unsafe_names_refused_with_rule_and_fix(tmp_path, name):
    with pytest.raises(ParameterError) as error:
        report_folder(tmp_path, name)
    assert str(error.value) == (
        f"job {name!r}: the name is not a single safe path part; rule: letters, digits, '_', "
        "'-' and '.', starting with a letter or digit, at most 64 characters; fix: rename the job"
    )


def test_setup_cell_comes_first_tagged_and_carries_the_batch_cache(tmp_path, monkeypatch):
    path = _notebook_file(tmp_path)
    monkeypatch.setenv(MEMO_ENV, "/tmp/evalkit-memo-x")
    notebook = engine._with_setup_cell(path)
    setup = notebook.cells[0]
    assert setup.metadata["tags"] == [SETUP_TAG]
    assert setup.source.startswith(engine.SETUP_SOURCE)
    namespace: dict = {}
    exec(setup.source.splitlines()[-1], namespace)  # the cache line, run as the kernel would
    assert os.environ[MEMO_ENV] == "/tmp/evalkit-memo-x"
    assert [c.source for c in notebook.cells[1:]] == [
        c.source for c in nbformat.read(path, 4).cells
    ]
    monkeypatch.delenv(MEMO_ENV)
    line = engine._with_setup_cell(path).cells[0].source.splitlines()[-1]
    monkeypatch.setenv(MEMO_ENV, "stale-from-an-earlier-batch")
    exec(line, {})
    assert MEMO_ENV not in os.environ  # a warm kernel forgets an earlier batch's cache


def test_setup_clears_the_previous_reports_names_and_outputs_as_reset_does(monkeypatch):
    from IPython.core.interactiveshell import InteractiveShell

    # The shell installs its namespace as sys.modules["__main__"]; this test's process gets its
    # own back afterwards.
    monkeypatch.setitem(sys.modules, "__main__", sys.modules["__main__"])
    shell = InteractiveShell.instance()
    try:
        assert sys.modules["__main__"].__dict__ is shell.user_ns
        shell.run_cell("import math\nleft_over = 1\n__private = 2\nleft_over", store_history=True)
        assert shell.user_ns["Out"]  # the last expression went into the output history
        hidden = set(shell.user_ns_hidden)
        assert shell.run_cell(engine.SETUP_SOURCE).success
        assert not {"left_over", "math", "__private"} & set(shell.user_ns)
        assert "_evalkit_reset" not in shell.user_ns
        assert not shell.user_ns["Out"]
        assert hidden <= set(shell.user_ns)  # In, Out, get_ipython ... stay
        assert {"__name__", "__spec__", "__builtins__"} <= set(shell.user_ns)  # the module's own
        assert shell.run_cell("new = 2").success
    finally:
        InteractiveShell.clear_instance()


@pytest.mark.parametrize(
    ("warm", "parameters_cell", "executed_index", "user_cell"),
    [
        # warm: [setup, md, parameters, injected, total, publish]
        (True, True, 1, 1),
        (True, True, 2, 2),
        (True, True, 4, 3),
        (True, True, 5, 4),
        # fresh kernel: [md, parameters, injected, total, publish]
        (False, True, 3, 3),
        (False, True, 4, 4),
        # no parameters cell: papermill injects at the top: [injected, md, value, total, ...]
        (False, False, 1, 1),
        (False, False, 3, 3),
    ],
)
def test_failing_cell_is_numbered_as_in_the_users_notebook(
    tmp_path, warm, parameters_cell, executed_index, user_cell
):
    job = RenderJob("j", _notebook_file(tmp_path, parameters_cell), {}, tmp_path, warm=warm)
    assert engine._user_cell_number(job, executed_index) == user_cell


def test_execution_error_described_by_cell_first_line_and_exception(tmp_path):
    job = RenderJob("j", _notebook_file(tmp_path), {}, tmp_path, warm=True)
    error = PapermillExecutionError(
        4, 3, "\n  total = value + 1\nmore", "NameError", "name 'value' is not defined", []
    )
    assert engine._describe(error, job) == (
        "cell 3 ('total = value + 1'): NameError: name 'value' is not defined"
    )
    assert engine._describe(ValueError("bad"), job) == "ValueError: bad"


def _executed(total: int) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell("publish_results(...)", execution_count=1)
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data", data={RESULTS_MIME: {"total": total, "b": [1], "a": "杭州"}}
        )
    ]
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# T"), cell])


def test_run_job_writes_report_results_and_manifest_with_true_checksums(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "execute", lambda job: _executed(2))
    job = RenderJob("city", tmp_path / "nb.ipynb", {}, tmp_path / "out", manifest={"seed": 0})
    outcome = run_job(job)
    assert outcome.ok, outcome.error
    folder = tmp_path / "out" / "city"
    assert outcome.results == {"a": "杭州", "b": [1], "total": 2}
    text = (folder / "results.json").read_text("utf-8")
    assert text == json.dumps(outcome.results, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    written = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert written["seed"] == 0
    assert written["outputs_sha256"] == {
        name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
        for name in ("report.ipynb", "report.html", "results.json")
    }
    assert nbformat.read(folder / "report.ipynb", 4).cells[0].source == "# T"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["city"]  # nothing staged


def test_failed_job_leaves_the_previous_report_and_no_staging_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "execute", lambda job: _executed(1))
    job = RenderJob("city", tmp_path / "nb.ipynb", {}, tmp_path / "out", warm=False)
    assert run_job(job).ok
    before = (tmp_path / "out" / "city" / "results.json").read_bytes()

    def broken(job):
        raise RuntimeError("kernel died")

    monkeypatch.setattr(engine, "execute", broken)
    outcome = run_job(job)
    assert (outcome.ok, outcome.error) == (False, "RuntimeError: kernel died")
    assert (tmp_path / "out" / "city" / "results.json").read_bytes() == before
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["city"]


def test_interrupt_is_not_swallowed_and_cleans_the_staging_folder(tmp_path, monkeypatch):
    def interrupted(job):
        raise KeyboardInterrupt

    monkeypatch.setattr(engine, "execute", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_job(RenderJob("city", tmp_path / "nb.ipynb", {}, tmp_path, warm=False))
    assert list(tmp_path.iterdir()) == []


def test_replace_directory_swaps_in_the_new_folder_and_removes_the_old(tmp_path):
    target, staged = tmp_path / "city", tmp_path / ".evalkit-tmp-city-1"
    target.mkdir()
    (target / "old.txt").write_text("old")
    staged.mkdir()
    (staged / "new.txt").write_text("new")
    engine._replace_directory(staged, target)
    assert [p.name for p in target.iterdir()] == ["new.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["city"]
