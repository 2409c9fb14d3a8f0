"""The Dask executor renders the same reports as the local one."""

import pytest

from evalkit.config import PROJECT_ROOT
from evalkit.render.render import render_batch

TINY = PROJECT_ROOT / "tests" / "render" / "fixtures" / "tiny.ipynb"
pytestmark = [pytest.mark.notebook, pytest.mark.xdist_group("kernels")]


def test_dask_local_cluster_renders_identical_reports(tmp_path):
    distributed = pytest.importorskip("distributed")
    jobs = {"a": {"value": 2}, "b": {"value": 7}}
    local = render_batch(
        jobs, notebook=TINY, output_dir=tmp_path / "local", n_jobs=1, progress=False
    )
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
    ) as cluster:
        remote = render_batch(
            jobs,
            notebook=TINY,
            output_dir=tmp_path / "dask",
            executor="dask",
            scheduler=cluster.scheduler_address,
            progress=False,
        )
    assert not local.failed and not remote.failed
    for name in jobs:
        for file in ("report.ipynb", "report.html", "results.json"):
            assert (tmp_path / "dask" / name / file).read_bytes() == (
                tmp_path / "local" / name / file
            ).read_bytes(), f"{name}/{file} differs between executors"


def test_second_run_skips_unchanged_reports(tmp_path):
    jobs = {"a": {"value": 2}}
    first = render_batch(jobs, notebook=TINY, output_dir=tmp_path, n_jobs=1, progress=False)
    again = render_batch(jobs, notebook=TINY, output_dir=tmp_path, n_jobs=1, progress=False)
    changed = render_batch(
        {"a": {"value": 3}}, notebook=TINY, output_dir=tmp_path, n_jobs=1, progress=False
    )
    assert [o.skipped for o in (first.outcomes[0], again.outcomes[0], changed.outcomes[0])] == [
        False,
        True,
        False,
    ]
    assert again.outcomes[0].results == {"double": 4, "value": 2}
    assert changed.outcomes[0].results == {"double": 6, "value": 3}
