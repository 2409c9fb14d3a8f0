"""Render parameterized notebooks in batches: in parallel, skipping unchanged reports.

``render_batch`` turns ``{name: parameters}`` into report jobs, skips those whose fingerprint
(notebook, parameters, input checksums, evalkit code, locked packages) matches the manifest of
the existing report, and runs the rest on an executor:

- ``"local"``: a pool of worker processes, each keeping one warm kernel (see
  :mod:`evalkit.report.engine`); ``n_jobs=1`` runs in this process.
- ``"dask"``: the same jobs sent to a Dask distributed scheduler at ``scheduler``.

A failing report does not stop the batch; the summary names it, its cell and its error.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Literal

from evalkit.config import NOTEBOOKS_DIR, REPORTS_DIR
from evalkit.errors import ParameterError
from evalkit.report.engine import RenderJob, RenderOutcome, run_job
from evalkit.report.provenance import input_checksums, manifest

CITY_NOTEBOOK = NOTEBOOKS_DIR / "city_report.ipynb"
Executor = Literal["local", "dask"]


@dataclass(frozen=True)
class RenderSummary:
    """All outcomes of one batch, in the order the jobs were given."""

    outcomes: tuple[RenderOutcome, ...]

    @property
    def failed(self) -> tuple[RenderOutcome, ...]:
        """The reports that did not render."""
        return tuple(o for o in self.outcomes if not o.ok)

    @property
    def skipped(self) -> tuple[RenderOutcome, ...]:
        """The reports left as they were because nothing they depend on changed."""
        return tuple(o for o in self.outcomes if o.skipped)

    def summary(self) -> str:
        """One line per failure and the counts, for the terminal."""
        rendered = len(self.outcomes) - len(self.failed) - len(self.skipped)
        lines = [
            f"{rendered} rendered, {len(self.skipped)} unchanged, {len(self.failed)} failed "
            f"(of {len(self.outcomes)} reports)"
        ]
        lines += [f"  FAILED {o.name}: {o.error}" for o in self.failed]
        return "\n".join(lines)


def _current(job: RenderJob) -> RenderOutcome | None:
    """Return a 'skipped' outcome if the existing report was made from the same inputs."""
    folder = job.output_dir / job.name
    try:
        existing = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if existing.get("fingerprint") != job.manifest["fingerprint"]:
        return None
    if not (folder / "report.html").is_file() or not (folder / "report.ipynb").is_file():
        return None
    return RenderOutcome(job.name, True, 0.0, results=results, skipped=True)


def _local(jobs: list[RenderJob], n_jobs: int) -> Iterator[RenderOutcome]:
    if n_jobs == 1:
        yield from map(run_job, jobs)
        return
    with ProcessPoolExecutor(max_workers=n_jobs, mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(run_job, job) for job in jobs]
        for future in as_completed(futures):
            yield future.result()


def _dask(jobs: list[RenderJob], scheduler: str) -> Iterator[RenderOutcome]:
    from distributed import Client
    from distributed import as_completed as dask_completed

    with Client(scheduler) as client:
        futures = client.map(run_job, jobs, pure=False)
        for future in dask_completed(futures):
            yield future.result()


def _progress(outcomes: Iterable[RenderOutcome], total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(outcomes, total=total, desc="reports", unit="report", disable=not enabled)


def render_batch(
    jobs: dict[str, dict[str, Any] | tuple[Path, dict[str, Any]]],
    *,
    notebook: Path = CITY_NOTEBOOK,
    output_dir: Path = REPORTS_DIR,
    timeout: int = 600,
    executor: Executor = "local",
    n_jobs: int = 2,
    scheduler: str | None = None,
    force: bool = False,
    warm: bool = True,
    progress: bool = True,
) -> RenderSummary:
    """Render one report per entry of ``jobs`` (``{name: parameters}``).

    Parameters
    ----------
    jobs : dict
        Report folder name to the parameters injected into ``notebook``, or to a
        ``(notebook, parameters)`` pair for a report made from another notebook.
    notebook : pathlib.Path
        The default parameterized notebook.
    output_dir : pathlib.Path
        Parent of the report folders.
    timeout : int
        Seconds one cell may run before it is stopped and the report fails.
    executor : {"local", "dask"}
        Where the jobs run.
    n_jobs : int
        Worker processes of the local executor.
    scheduler : str, optional
        Address of the Dask scheduler (``executor="dask"``).
    force : bool
        Re-render even reports whose inputs did not change.
    warm : bool
        Reuse a warm kernel per worker (False: a fresh kernel per report).
    progress : bool
        Show a progress bar.

    Returns
    -------
    RenderSummary
    """
    if executor == "dask" and not scheduler:
        raise ParameterError("executor='dask' needs scheduler='tcp://host:port' (--scheduler)")
    if executor not in ("local", "dask"):
        raise ParameterError(f"executor={executor!r}; valid: ['local', 'dask']")
    inputs = input_checksums()
    planned = []
    for name, spec in jobs.items():
        source, parameters = spec if isinstance(spec, tuple) else (notebook, spec)
        planned.append(
            RenderJob(
                name,
                source,
                parameters,
                output_dir,
                timeout,
                warm,
                manifest(source, parameters, inputs),
            )
        )
    done: dict[str, RenderOutcome] = {}
    pending = []
    for job in planned:
        current = None if force else _current(job)
        if current is None:
            pending.append(job)
        else:
            done[job.name] = current
    if pending:
        runner = _dask(pending, scheduler) if executor == "dask" else _local(pending, n_jobs)
        for outcome in _progress(runner, len(pending), progress):
            done[outcome.name] = outcome
    return RenderSummary(tuple(done[job.name] for job in planned))


def render_notebook(
    name: str,
    parameters: dict[str, Any],
    *,
    notebook: Path = CITY_NOTEBOOK,
    output_dir: Path = REPORTS_DIR,
    timeout: int = 600,
    warm: bool = False,
) -> RenderOutcome:
    """Render a single report in this process (a fresh kernel unless ``warm``)."""
    summary = render_batch(
        {name: parameters},
        notebook=notebook,
        output_dir=output_dir,
        timeout=timeout,
        n_jobs=1,
        force=True,
        warm=warm,
        progress=False,
    )
    return summary.outcomes[0]
