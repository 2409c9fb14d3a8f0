"""Render parameterized notebooks in batches: in parallel, skipping unchanged reports.

``render_batch`` turns ``{name: parameters}`` into report jobs, skips those whose fingerprint
(notebook, parameters, input checksums, evalkit code, locked packages) matches the manifest of
the existing report, and runs the rest on an executor:

- ``"local"``: a pool of worker processes, each keeping one warm kernel (see
  :mod:`evalkit.render.engine`); ``n_jobs=1`` runs in this process.
- ``"dask"``: the same jobs sent to a Dask distributed scheduler at ``scheduler``.

A failing report does not stop the batch; the summary names it, its cell and its error.
"""

from __future__ import annotations

import ast
import contextlib
import fcntl
import json
import keyword
import math
import os
import shutil
import signal
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Literal

from evalkit.config import NOTEBOOKS_DIR, REPORTS_DIR
from evalkit.errors import ParameterError, RenderError
from evalkit.memo import MEMO_ENV
from evalkit.render.engine import (
    RETIRED_PREFIX,
    STAGED_PREFIX,
    RenderJob,
    RenderOutcome,
    report_folder,
    run_job,
    worker_init,
)
from evalkit.render.provenance import (
    input_checksums,
    intact_manifest,
    manifest,
    processed_checksums,
)

CITY_NOTEBOOK = NOTEBOOKS_DIR / "city_report.ipynb"
Executor = Literal["local", "dask"]
LOCK_FILE = ".evalkit-render.lock"
MEMO_PREFIX = ".evalkit-memo-"
_JSON_RULE = (
    "rule: values are JSON types (str, int, float, bool, None, lists and dicts with str keys "
    "of them; no NaN or infinity)"
)


class JobError(ParameterError):
    """A render job is invalid: its name, a parameter name or a parameter value."""


class RenderLockError(RenderError):
    """Another render is writing into the same output folder."""


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


def declared_parameters(notebook: Path) -> frozenset[str]:
    """Return the names assigned in a notebook's ``parameters`` cell.

    Examples
    --------
    >>> sorted(declared_parameters(Path("tests/render/fixtures/tiny.ipynb")))  # doctest: +SKIP
    ['fail', 'sleep', 'value']

    """
    cells = json.loads(Path(notebook).read_text(encoding="utf-8")).get("cells", [])
    names: set[str] = set()
    for cell in cells:
        if "parameters" not in cell.get("metadata", {}).get("tags", []):
            continue
        source = cell.get("source", "")
        tree = ast.parse("".join(source) if isinstance(source, list) else source)
        for node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else []
            if isinstance(node, ast.AnnAssign):
                targets = [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return frozenset(names)


def _json_problem(value: Any, where: str) -> str | None:
    """Describe the first part of ``value`` that is not a JSON type, or None."""
    if value is None or isinstance(value, bool | int | str):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else f"{where} is {value!r}"
    if isinstance(value, list):
        found = (_json_problem(item, f"{where}[{i}]") for i, item in enumerate(value))
        return next((problem for problem in found if problem), None)
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                return f"{where} has the key {key!r} of type {type(key).__name__}"
            problem = _json_problem(item, f"{where}[{key!r}]")
            if problem:
                return problem
        return None
    return f"{where} is a {type(value).__name__} ({value!r})"


def validate_parameters(name: str, notebook: Path, parameters: Any) -> dict[str, Any]:
    """Check one job's parameters before any kernel starts; return them as a plain dict.

    Names must be identifiers declared in the notebook's ``parameters`` cell, values JSON
    types (papermill writes other types into the notebook as code).

    Raises
    ------
    JobError
        Naming the job, the parameter, the rule and the fix.

    Examples
    --------
    >>> tiny = Path("tests/render/fixtures/tiny.ipynb")
    >>> validate_parameters("a", tiny, {"value": 2})  # doctest: +SKIP
    {'value': 2}
    >>> validate_parameters("a", tiny, {"value": (1, 2)})  # doctest: +SKIP
    Traceback (most recent call last):
    ...
    evalkit.render.render.JobError: job 'a': parameter 'value' is a tuple ((1, 2)); ...

    """
    if not isinstance(parameters, dict):
        raise JobError(
            f"job {name!r}: parameters are a {type(parameters).__name__}; rule: a dict of "
            "parameter name to value; fix: pass {name: value}"
        )
    declared = declared_parameters(notebook)
    for key in parameters:
        if not isinstance(key, str) or not key.isidentifier() or keyword.iskeyword(key):
            raise JobError(
                f"job {name!r}: parameter name {key!r} is not a Python identifier; rule: "
                f"names are those of the parameters cell of {notebook.name} "
                f"({sorted(declared)}); fix: use one of them"
            )
        if key not in declared:
            raise JobError(
                f"job {name!r}: parameter {key!r} is not declared in the parameters cell of "
                f"{notebook.name}; valid: {sorted(declared)}"
            )
        problem = _json_problem(parameters[key], f"parameter {key!r}")
        if problem:
            raise JobError(f"job {name!r}: {problem}; {_JSON_RULE}; fix: pass a list or a str")
    return dict(parameters)


def _positive(option: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ParameterError(f"{option}={value!r}; rule: a whole number >= 1; fix: e.g. 2")


def check_render_options(
    *, executor: str = "local", scheduler: str | None = None, n_jobs: int = 2, timeout: int = 600
) -> None:
    """Check the options of a batch before anything is computed.

    Raises
    ------
    ParameterError
        Naming the option, the rule and the fix.

    Examples
    --------
    >>> check_render_options(n_jobs=0)
    Traceback (most recent call last):
    ...
    evalkit.errors.ParameterError: n_jobs=0; rule: a whole number >= 1; fix: e.g. 2

    """
    if executor not in ("local", "dask"):
        raise ParameterError(f"executor={executor!r}; valid: ['local', 'dask']")
    if executor == "dask" and not scheduler:
        raise ParameterError("executor='dask' needs scheduler='tcp://host:port' (--scheduler)")
    _positive("n_jobs", n_jobs)
    _positive("timeout", timeout)


@contextmanager
def render_lock(output_dir: Path) -> Iterator[Path]:
    """Hold ``output_dir/.evalkit-render.lock`` for the block; one render per folder.

    The lock is an ``flock`` on the file, so a killed render releases it; the file is removed
    when the block ends.

    Raises
    ------
    RenderLockError
        If another process holds the lock.

    Examples
    --------
    >>> with render_lock(Path("/tmp/evalkit-doctest")):  # doctest: +SKIP
    ...     pass

    """
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    path = output_dir / LOCK_FILE
    while True:
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(handle, 32).decode(errors="replace").strip() or "?"
            os.close(handle)
            raise RenderLockError(
                f"{path}: another evalkit render or verify (pid {holder}) is using {output_dir}; "
                "rule: one at a time per output folder; fix: wait for it to finish or "
                "render into another folder"
            ) from None
        try:
            if os.fstat(handle).st_ino == os.stat(path).st_ino:
                break  # the file was not removed by the previous holder meanwhile
        except FileNotFoundError:
            pass
        os.close(handle)
    try:
        os.ftruncate(handle, 0)
        os.write(handle, f"{os.getpid()}\n".encode())
        yield path
    finally:
        path.unlink(missing_ok=True)
        os.close(handle)


def remove_temporary_folders(output_dir: Path) -> list[str]:
    """Remove the temporary report folders a stopped render left in ``output_dir``.

    Call only while holding :func:`render_lock`. Returns the names removed.

    Examples
    --------
    >>> remove_temporary_folders(Path("/nonexistent"))
    []

    """
    removed = []
    for path in sorted(Path(output_dir).glob(".evalkit-*")):
        if path.is_dir() and path.name.startswith((STAGED_PREFIX, RETIRED_PREFIX, MEMO_PREFIX)):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    return removed


def _current(job: RenderJob) -> RenderOutcome | None:
    """Return a 'skipped' outcome if the existing report was made from the same inputs.

    The report's files must still have the SHA-256 its manifest records: a damaged or
    emptied report is rendered again.
    """
    folder = job.output_dir / job.name
    existing = intact_manifest(folder)
    if existing is None or existing.get("fingerprint") != job.manifest["fingerprint"]:
        return None
    try:
        results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return RenderOutcome(job.name, True, 0.0, results=results, skipped=True)


@contextmanager
def _memo_folder(output_dir: Path) -> Iterator[Path]:
    """Share a batch cache (:mod:`evalkit.memo`) with this batch's kernels, then remove it.

    The folder ``output_dir/.evalkit-memo-<pid>`` is named in :data:`evalkit.memo.MEMO_ENV`
    while the block runs; worker processes and their kernels inherit it. Nothing of it
    outlives the batch, so no result is reused across code or data changes.
    """
    folder = Path(tempfile.mkdtemp(prefix=f"{MEMO_PREFIX}{os.getpid()}-", dir=output_dir))
    previous = os.environ.get(MEMO_ENV)
    os.environ[MEMO_ENV] = str(folder)
    try:
        yield folder
    finally:
        if previous is None:
            os.environ.pop(MEMO_ENV, None)
        else:
            os.environ[MEMO_ENV] = previous
        shutil.rmtree(folder, ignore_errors=True)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Cancel queued jobs and stop the running ones; each worker cleans up on SIGTERM."""
    for future_process in list(getattr(pool, "_processes", {}).values()):  # no public API
        if future_process.is_alive():
            future_process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


def _local(jobs: list[RenderJob], n_jobs: int) -> Iterator[RenderOutcome]:
    if n_jobs == 1:
        yield from map(run_job, jobs)
        return
    pool = ProcessPoolExecutor(
        max_workers=min(n_jobs, len(jobs)),
        mp_context=get_context("spawn"),
        initializer=worker_init,
        initargs=(os.getpid(),),
    )
    try:
        futures = [pool.submit(run_job, job) for job in jobs]
        for future in as_completed(futures):
            yield future.result()
    except BaseException:  # Ctrl-C, or the consumer stopped: nothing may keep running
        _stop_workers(pool)
        raise
    pool.shutdown(wait=True)


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


def plan_jobs(
    jobs: dict[str, dict[str, Any] | tuple[Path, dict[str, Any]]],
    *,
    notebook: Path,
    output_dir: Path,
    timeout: int = 600,
    warm: bool = True,
) -> list[RenderJob]:
    """Validate every job and return them ready to run; nothing is executed.

    Raises
    ------
    JobError
        For the first invalid job (name, notebook, parameter name or value).

    Examples
    --------
    >>> plan_jobs({"../x": {}}, notebook=CITY_NOTEBOOK, output_dir=Path("r"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    evalkit.errors.ParameterError: job '../x': the name is not a single safe path part; ...

    """
    checked = []
    for name, spec in jobs.items():
        report_folder(output_dir, name)
        source, parameters = spec if isinstance(spec, tuple) else (notebook, spec)
        source = Path(source)
        if not source.is_file():
            raise JobError(f"job {name!r}: notebook {source} not found; fix: check the path")
        checked.append((name, source, validate_parameters(name, source, parameters)))
    inputs, processed = input_checksums(), processed_checksums()
    return [
        RenderJob(
            name,
            source,
            parameters,
            output_dir,
            timeout,
            warm,
            manifest(source, parameters, inputs, processed),
        )
        for name, source, parameters in checked
    ]


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

    Raises
    ------
    JobError
        Before anything runs, if a job's name is not a single safe path part, or a parameter
        name is not declared in its notebook's parameters cell, or a value is not a JSON type.
    RenderLockError
        If another render is writing into ``output_dir``.

    Notes
    -----
    Ctrl-C (``KeyboardInterrupt``) cancels the queued jobs, stops the running ones, removes
    their temporary folders and propagates; reports already on disk stay as they were.
    """
    check_render_options(executor=executor, scheduler=scheduler, n_jobs=n_jobs, timeout=timeout)
    output_dir = Path(output_dir)
    with render_lock(output_dir):
        remove_temporary_folders(output_dir)
        planned = plan_jobs(
            jobs, notebook=notebook, output_dir=output_dir, timeout=timeout, warm=warm
        )
        done: dict[str, RenderOutcome] = {}
        pending = []
        for job in planned:
            current = None if force else _current(job)
            if current is None:
                pending.append(job)
            else:
                done[job.name] = current
        shared = executor == "local" and warm and len(pending) > 1
        memo = _memo_folder(output_dir) if shared else contextlib.nullcontext()
        with memo:
            runner = _dask(pending, scheduler) if executor == "dask" else _local(pending, n_jobs)
            try:
                if pending:
                    for outcome in _progress(runner, len(pending), progress):
                        done[outcome.name] = outcome
            finally:
                runner.close()  # on Ctrl-C: stops the workers even if tqdm was interrupted
            blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            try:
                remove_temporary_folders(output_dir)
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
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
