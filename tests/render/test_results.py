"""Tests of evalkit.render.results: the results bundle travels kernel -> notebook -> renderer."""

from __future__ import annotations

import json

import nbformat
import pytest

from evalkit.render.results import RESULTS_MIME, extract_results, load_results, publish_results


def _display_output(bundle: dict) -> dict:
    return nbformat.v4.new_output("display_data", data={RESULTS_MIME: bundle, "text/plain": "x"})


def test_published_bundle_round_trips_through_an_executed_notebook(monkeypatch):
    shown: list = []

    def fake_display(obj, raw=False):
        shown.append((obj, raw))

    monkeypatch.setattr("IPython.display.display", fake_display)
    bundle = {"city_code": "330100", "headlines": [{"estimate": 0.05, "p_value": None}]}
    publish_results(bundle)
    ((obj, raw),) = shown
    assert raw is True
    cell = nbformat.v4.new_code_cell("publish_results(...)")
    cell.outputs = [nbformat.v4.new_output("display_data", data=obj)]
    notebook = nbformat.v4.new_notebook(cells=[cell])
    # through the file format too, as the renderer reads it
    assert extract_results(nbformat.reads(nbformat.writes(notebook), as_version=4)) == bundle


def test_unserialisable_results_fail_in_the_notebook_before_display(monkeypatch):
    monkeypatch.setattr(
        "IPython.display.display", lambda *a, **k: pytest.fail("displayed a bad bundle")
    )
    with pytest.raises(TypeError, match="not JSON serializable"):
        publish_results({"when": object()})


def test_bundles_merge_in_cell_order_later_keys_win_other_outputs_ignored():
    first = nbformat.v4.new_code_cell("a")
    first.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="hello"),
        _display_output({"a": 1, "b": 1}),
    ]
    markdown = nbformat.v4.new_markdown_cell("text")
    second = nbformat.v4.new_code_cell("b")
    second.outputs = [
        nbformat.v4.new_output("display_data", data={"text/plain": "not results"}),
        _display_output({"b": 2, "c": 3}),
    ]
    notebook = nbformat.v4.new_notebook(cells=[first, markdown, second])
    assert extract_results(notebook) == {"a": 1, "b": 2, "c": 3}


def test_no_bundle_gives_empty_results():
    assert extract_results(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])) == {}


def test_load_results_reads_a_file_or_a_report_folder(tmp_path):
    bundle = {"city_name": "杭州市", "value": [1, 2.5]}
    (tmp_path / "results.json").write_text(json.dumps(bundle, ensure_ascii=False), "utf-8")
    assert load_results(tmp_path) == bundle
    assert load_results(str(tmp_path / "results.json")) == bundle
    with pytest.raises(FileNotFoundError):
        load_results(tmp_path / "missing")
