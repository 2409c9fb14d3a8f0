import json

import pytest

from evalkit.config import PROJECT_ROOT
from evalkit.render.render import render_batch, render_notebook

TINY = PROJECT_ROOT / "tests" / "render" / "fixtures" / "tiny.ipynb"
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

    from evalkit.render import engine

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


MEMO = PROJECT_ROOT / "tests" / "render" / "fixtures" / "memo.ipynb"


def test_batch_cache_is_shared_and_gives_the_same_bytes_as_fresh_kernels(tmp_path):
    # Cities 1-3 share the pooled TWFE, the placebo fits on the controls and att_gt: with the
    # batch cache (warm) the later reports find results on disk; fresh kernels (warm=False,
    # what evalkit verify runs) compute everything. Results and pages must be the same bytes.
    jobs = {f"city{t}": {"treated": t, "log": str(tmp_path / "log.txt")} for t in (1, 2, 3)}
    cached = render_batch(jobs, notebook=MEMO, output_dir=tmp_path / "c", n_jobs=1, progress=False)
    used = (tmp_path / "log.txt").read_text().split("\n")[:-1]
    (tmp_path / "log.txt").unlink()
    fresh = render_batch(
        jobs, notebook=MEMO, output_dir=tmp_path / "f", n_jobs=1, warm=False, progress=False
    )
    assert not cached.failed and not fresh.failed, cached.summary() + fresh.summary()
    files = [int(line.split()[1]) for line in used]
    assert files[0] > 0 and files[1] > files[0] and files[2] > files[1]  # the cache is used
    assert (tmp_path / "log.txt").read_text().split() == ["1", "-1", "2", "-1", "3", "-1"]
    for name in jobs:
        for part in ("results.json", "report.html", "report.ipynb"):
            cached_bytes = (tmp_path / "c" / name / part).read_bytes()
            assert cached_bytes == (tmp_path / "f" / name / part).read_bytes(), (name, part)
    results = json.loads((tmp_path / "c" / "city2" / "results.json").read_text())
    assert results["warnings"] == [
        "1 comparison unit(s) without observations both before and from 2003 left out of "
        "the DiD and the placebo set: ['7']"
    ]
    assert [p.name for p in (tmp_path / "c").iterdir() if p.name.startswith(".")] == []
