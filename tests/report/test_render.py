import json

import pytest

from evalkit.config import PROJECT_ROOT
from evalkit.report.render import render_batch, render_notebook

TINY = PROJECT_ROOT / "tests" / "report" / "fixtures" / "tiny.ipynb"
pytestmark = [pytest.mark.notebook, pytest.mark.xdist_group("kernels")]


def test_failing_report_does_not_stop_the_batch_and_is_named(tmp_path):
    jobs = {"good": {"value": 3}, "broken": {"value": 4, "fail": True}, "also_good": {"value": 5}}
    summary = render_batch(jobs, notebook=TINY, output_dir=tmp_path, progress=False)
    assert [o.name for o in summary.failed] == ["broken"]
    assert "cell 2 ('if fail:'): ValueError: deliberate failure for value 4" in summary.summary()
    assert json.loads((tmp_path / "also_good" / "results.json").read_text()) == {
        "double": 10,
        "value": 5,
    }
    assert not (tmp_path / "broken").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_failed_rerun_leaves_the_previous_report_intact(tmp_path):
    first = render_notebook("city", {"value": 1}, notebook=TINY, output_dir=tmp_path)
    assert first.ok
    before = (tmp_path / "city" / "report.html").read_bytes()
    again = render_notebook("city", {"value": 2, "fail": True}, notebook=TINY, output_dir=tmp_path)
    assert not again.ok
    assert (tmp_path / "city" / "report.html").read_bytes() == before
    assert json.loads((tmp_path / "city" / "results.json").read_text())["value"] == 1


def test_hanging_cell_is_stopped_by_the_timeout(tmp_path):
    outcome = render_notebook("slow", {"sleep": 600}, notebook=TINY, output_dir=tmp_path, timeout=3)
    assert not outcome.ok
    assert outcome.error.startswith("cell starting 'import time' timed out after 3 s; fix:")
    assert not (tmp_path / "slow").exists()


def test_kernels_talk_over_their_own_unix_sockets_and_clean_them_up(tmp_path, capfd, monkeypatch):
    from pathlib import Path

    from evalkit.report import engine

    managers = []

    def recorded():
        managers.append(new_manager())
        return managers[-1]

    new_manager = engine._new_kernel_manager
    monkeypatch.setattr(engine, "_new_kernel_manager", recorded)
    engine._discard_kernel()
    fresh = render_notebook("fresh", {"value": 1}, notebook=TINY, output_dir=tmp_path)
    assert fresh.ok, fresh.error
    warm = render_notebook("warm", {"value": 2}, notebook=TINY, output_dir=tmp_path, warm=True)
    assert warm.ok, warm.error
    assert [m.transport for m in managers] == ["ipc", "ipc"]
    fresh_manager, warm_manager = managers
    assert not fresh_manager.has_kernel and not Path(fresh_manager.ip).parent.exists()
    assert warm_manager.has_kernel and Path(warm_manager.ip).parent.is_dir()  # kept warm
    assert "without encryption" not in capfd.readouterr().err  # no TCP port, no warning
    engine._discard_kernel()
    assert not warm_manager.has_kernel and not Path(warm_manager.ip).parent.exists()
