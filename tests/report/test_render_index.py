"""Issue 20: the index is built from the reports on disk, and the skip check trusts hashes.

The index once listed only the reports of the current run, marked good reports as failed when
a re-render failed, and dropped an emptied report that the skip check called unchanged.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from evalkit import config
from evalkit.i18n import text
from evalkit.report.batch import write_batch_index
from evalkit.report.index import reports_on_disk
from evalkit.report.render import render_batch

TINY = config.PROJECT_ROOT / "tests" / "report" / "fixtures" / "tiny.ipynb"
pytestmark = [pytest.mark.notebook, pytest.mark.xdist_group("kernels")]


def _render(jobs, output, **options):
    summary = render_batch(
        jobs, notebook=TINY, output_dir=output, n_jobs=1, progress=False, **options
    )
    write_batch_index(summary, output, language="en")
    return summary


def _linked(output: Path) -> list[str]:
    page = (output / "index.html").read_text(encoding="utf-8")
    return re.findall(r"<a href='([^']*)/report.html'>", page)


def test_subset_render_keeps_every_report_on_disk_in_the_index(tmp_path):
    _render({"a": {"value": 1}, "b": {"value": 2}, "c": {"value": 3}}, tmp_path)
    summary = _render({"a": {"value": 4}}, tmp_path)
    assert [o.name for o in summary.outcomes] == ["a"]
    assert _linked(tmp_path) == ["a", "b", "c"]
    assert reports_on_disk(tmp_path)["a"] == {"double": 8, "value": 4}


def test_failed_render_keeps_the_good_report_in_the_index(tmp_path):
    _render({"a": {"value": 1}}, tmp_path)
    summary = _render({"a": {"value": 2, "fail": True}, "new": {"fail": True}}, tmp_path)
    assert [o.name for o in summary.failed] == ["a", "new"]
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert _linked(tmp_path) == ["a", "new"]
    failed = text("failed", "en", error="cell 2")
    assert page.count(failed) == 1  # only "new", which has no report on disk
    assert reports_on_disk(tmp_path) == {"a": {"double": 2, "value": 1}}


def test_emptied_report_is_rendered_again_not_unchanged(tmp_path):
    _render({"a": {"value": 1}}, tmp_path)
    page = tmp_path / "a" / "report.html"
    original = page.read_bytes()
    page.write_bytes(b"")
    assert reports_on_disk(tmp_path) == {}  # a damaged report is not listed as good
    summary = _render({"a": {"value": 1}}, tmp_path)
    assert [o.skipped for o in summary.outcomes] == [False]
    assert page.read_bytes() == original
    assert _linked(tmp_path) == ["a"]
    again = _render({"a": {"value": 1}}, tmp_path)
    assert [o.skipped for o in again.outcomes] == [True]


def test_corrupt_manifest_is_rendered_again_without_a_traceback(tmp_path):
    _render({"a": {"value": 1}}, tmp_path)
    (tmp_path / "a" / "manifest.json").write_text("{", encoding="utf-8")
    summary = _render({"a": {"value": 1}}, tmp_path)
    assert [(o.ok, o.skipped) for o in summary.outcomes] == [(True, False)]


def test_report_made_from_a_changed_panel_is_not_unchanged(tmp_path, monkeypatch):
    processed = tmp_path / "processed"
    processed.mkdir()
    shutil.copyfile(config.PROCESSED_DIR / "inputs.json", processed / "inputs.json")
    panel = processed / "panel.parquet"
    panel.write_bytes(b"the panel")
    monkeypatch.setattr(config, "PROCESSED_DIR", processed)
    output = tmp_path / "reports"
    skipped = []
    for content in (b"the panel", b"the panel", b"an edited panel", b"the panel", b"the panel"):
        panel.write_bytes(content)
        summary = _render({"a": {"value": 1}}, output)
        skipped.append(summary.outcomes[0].skipped)
    assert skipped == [False, True, False, False, True]
