"""Execute one report job: papermill in a warm, reused kernel, then HTML and results.

The time of a plain papermill loop goes mostly to starting a kernel and importing the
scientific stack in it for every report. Here each worker process keeps one kernel alive and
runs report after report in it; before each report a set-up cell clears the namespace (as
``%reset -f`` does) and closes figures, and the report's own first cell resets matplotlib.
Modules stay imported, which is the point. A report that fails or times out kills its kernel;
the next report starts a fresh one. ``warm=False`` gives every report a fresh kernel (what
``evalkit verify`` uses).

Nothing outlives the render. A report is written into a temporary folder beside its target
(``.evalkit-tmp-<name>-*``) and swapped in with signals blocked, so an interrupt leaves either
the old report or the new one. A worker process (:func:`worker_init`) ignores Ctrl-C (its
parent decides), asks Linux to signal it when its parent dies (``PR_SET_PDEATHSIG``, set
through ``ctypes``), and on that signal or SIGTERM removes its temporary folder, kills its
kernel and removes the kernel's socket folder before exiting (on its parent's death, the
batch's shared cache folder too). Kernels also poll their parent (ipykernel
exits within a second of losing it), which covers a worker killed with SIGKILL.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evalkit.config import PROJECT_ROOT
from evalkit.errors import ParameterError
from evalkit.memo import MEMO_ENV
from evalkit.render.normalize import SETUP_TAG, normalise
from evalkit.render.provenance import output_checksums
from evalkit.render.results import extract_results

if TYPE_CHECKING:
    import nbformat

# What ``%reset -f`` does to the namespace, without its two full garbage collections (0.2-0.3 s
# per report in a warm kernel holding the scientific stack): every name the previous report
# defined is removed and the output history emptied; Python's own collector frees the rest.
# The namespace is the ``__main__`` module's: its dunder names (``__name__``, ``__spec__``, ...)
# stay, or a process pool started in the kernel fails ("module has no attribute '__spec__'").
SETUP_SOURCE = (
    "def _evalkit_reset(shell):\n"
    '    shell.user_ns["_oh"].clear()\n'
    "    def kept(name):\n"
    "        return name in shell.user_ns_hidden or name.startswith('__') and name.endswith('__')\n"
    "    for name in [n for n in shell.user_ns if not kept(n)]:\n"
    "        del shell.user_ns[name]\n"
    "    import matplotlib.pyplot\n"
    '    matplotlib.pyplot.close("all")\n'
    "_evalkit_reset(get_ipython())"
)


# A report folder's name: one path part of letters, digits, "_", "-" and ".", not hidden.
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
STAGED_PREFIX = ".evalkit-tmp-"
RETIRED_PREFIX = ".evalkit-old-"
KERNEL_PREFIX = "evalkit-kernel-"
_PR_SET_PDEATHSIG, _PR_SET_NAME = 1, 15
_SWAP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def report_folder(output_dir: Path, name: str) -> Path:
    """Return ``output_dir/name`` after checking that it stays inside ``output_dir``.

    Raises
    ------
    ParameterError
        If ``name`` is not a single safe path part or the folder is a symbolic link.

    Examples
    --------
    >>> report_folder(Path("reports"), "330100").as_posix()
    'reports/330100'
    >>> report_folder(Path("reports"), "./../../victim")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    evalkit.errors.ParameterError: job './../../victim': the name is not a single safe ...

    """
    if not isinstance(name, str) or not SAFE_NAME.fullmatch(name):
        raise ParameterError(
            f"job {name!r}: the name is not a single safe path part; rule: letters, digits, "
            "'_', '-' and '.', starting with a letter or digit, at most 64 characters; "
            "fix: rename the job"
        )
    folder = Path(output_dir) / name
    if folder.is_symlink():
        raise ParameterError(
            f"job {name!r}: {folder} is a symbolic link; rule: reports are written only inside "
            "output_dir; fix: remove the link"
        )
    return folder


@dataclass(frozen=True)
class RenderJob:
    """One report to render: which notebook, with which parameters, into which folder."""

    name: str
    notebook: Path
    parameters: dict[str, Any]
    output_dir: Path
    timeout: int = 600
    warm: bool = True
    manifest: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RenderOutcome:
    """How one report's rendering ended."""

    name: str
    ok: bool
    seconds: float
    error: str | None = None
    results: dict[str, Any] = field(default_factory=dict)
    skipped: bool = False


_KERNEL = None
# The report folder being written by this process, removed if the process is stopped.
_STAGED: Path | None = None
# the signal Linux sends a worker when its render process dies (PR_SET_PDEATHSIG)
_PARENT_DIED = signal.SIGUSR2
# Kernel managers of this process whose kernels may be running.
_MANAGERS: list = []


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _sweep_kernel_folders() -> None:
    """Remove socket folders left by evalkit processes that no longer run."""
    for folder in Path(tempfile.gettempdir()).glob(f"{KERNEL_PREFIX}*-*"):
        owner = folder.name.removeprefix(KERNEL_PREFIX).split("-")[0]
        if owner.isdigit() and not _alive(int(owner)):
            shutil.rmtree(folder, ignore_errors=True)


def _new_kernel_manager():
    """Return a kernel manager on IPC (Unix sockets in a folder of its own) rather than TCP.

    No port is opened on localhost, and the kernel has no unencrypted-TCP warning to print.
    :func:`_shut_down` removes the folder; its name carries this process's id, so that a
    later render removes it if this process was killed.
    """
    from jupyter_client.manager import AsyncKernelManager

    _sweep_kernel_folders()
    sockets = Path(tempfile.mkdtemp(prefix=f"{KERNEL_PREFIX}{os.getpid()}-"))
    manager = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=str(sockets / "kernel"))
    _MANAGERS.append(manager)
    return manager


def _kill_kernels() -> None:
    """Kill every kernel of this process at once and remove their socket folders.

    Safe in a signal handler: no event loop, no messages, only signals and file removal.
    """
    for manager in _MANAGERS:
        provisioner = getattr(manager, "provisioner", None)
        pid = getattr(provisioner, "pid", None)
        if pid:
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)  # the kernel leads a session of its own
        shutil.rmtree(Path(manager.ip).parent, ignore_errors=True)
    _MANAGERS.clear()


def _clean_up() -> None:
    """Remove this worker's half-written report and kill its kernels."""
    if _STAGED is not None:
        shutil.rmtree(_STAGED, ignore_errors=True)
    _kill_kernels()


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM in a worker: remove the half-written report, kill kernels, exit at once."""
    _clean_up()
    os._exit(128 + signum)


def _orphaned(signum: int, frame: object) -> None:
    """Clean up as on SIGTERM, and the batch's cache too: the render process died.

    A killed render process cannot remove the batch's shared cache folder
    (:data:`evalkit.memo.MEMO_ENV`), so its workers do, after killing their kernels. A
    signal of its own tells this apart from the SIGTERM of an orderly stop, which must leave
    the folder to the render process (asking ``getppid()`` races with the reparenting).
    """
    _clean_up()
    memo = os.environ.get(MEMO_ENV)
    if memo:
        shutil.rmtree(memo, ignore_errors=True)
    os._exit(128 + signal.SIGTERM)


def worker_init(parent_pid: int) -> None:
    """Set up a render worker process: exit with its parent, leave Ctrl-C to the parent.

    Linux's ``prctl(PR_SET_PDEATHSIG, SIGUSR2)`` (through ``ctypes``; elsewhere a no-op) makes
    the kernel signal the worker when the parent dies, even by SIGKILL, so no worker keeps
    rendering for a dead parent; :func:`_orphaned` then cleans up. The process is named
    ``evalkit-worker`` in ``ps``.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(_PARENT_DIED, _orphaned)
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(_PARENT_DIED), 0, 0, 0)
        libc.prctl(_PR_SET_NAME, b"evalkit-worker", 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent died before the request took effect
        _orphaned(_PARENT_DIED, None)


def _shut_down(manager) -> None:
    """Stop the manager's kernel, if it runs, and remove its socket folder."""
    if manager.has_kernel:
        from jupyter_core.utils import run_sync

        try:
            run_sync(manager.shutdown_kernel)(now=True)
        except Exception:  # a dead kernel needs no shutdown
            pass
    shutil.rmtree(Path(manager.ip).parent, ignore_errors=True)
    if manager in _MANAGERS:
        _MANAGERS.remove(manager)


def _kernel():
    """Return this process's warm kernel manager, creating it on first use."""
    global _KERNEL
    if _KERNEL is None:
        _KERNEL = _new_kernel_manager()
    return _KERNEL


def _discard_kernel() -> None:
    """Shut down this process's kernel (after a failure, and at exit)."""
    global _KERNEL
    if _KERNEL is not None:
        _shut_down(_KERNEL)
    _KERNEL = None


atexit.register(_discard_kernel)


def _user_cell_number(job: RenderJob, executed_index: int) -> int:
    """Map a cell index of the executed notebook to the 1-based cell number in ``job.notebook``.

    The executed notebook has papermill's injected-parameters cell after the ``parameters``
    cell and, in a warm kernel, evalkit's set-up cell first.
    """
    import nbformat

    cells = nbformat.read(job.notebook, as_version=4).cells
    tags = [cell.get("metadata", {}).get("tags", []) for cell in cells]
    parameters = next((i for i, t in enumerate(tags) if "parameters" in t), -1)
    position = executed_index - (1 if job.warm else 0)
    if position > parameters + 1 or (parameters == -1 and position > 0):
        position -= 1
    return position + 1


def _describe(error: Exception, job: RenderJob) -> str:
    from papermill.exceptions import PapermillExecutionError

    if isinstance(error, PapermillExecutionError):
        first_line = next((line for line in error.source.splitlines() if line.strip()), "")
        number = _user_cell_number(job, error.cell_index)
        return f"cell {number} ({first_line.strip()!r}): {error.ename}: {error.evalue}"
    from nbclient.exceptions import CellTimeoutError

    if isinstance(error, CellTimeoutError):
        preview = str(error).split("-------------------\n")
        first_line = preview[1].splitlines()[0].strip() if len(preview) > 1 else "?"
        return (
            f"cell starting {first_line!r} timed out after {job.timeout} s; fix: make it faster "
            "or raise the timeout (evalkit render --timeout)"
        )
    return f"{type(error).__name__}: {error}"


def _replace_directory(staged: Path, target: Path) -> None:
    """Swap ``staged`` into ``target``; the old one is removed only after the swap.

    SIGINT and SIGTERM wait until the swap is done, so that an interrupt never leaves the
    report missing: it is either the previous one or the new one.
    """
    global _STAGED
    retired = target.with_name(f"{RETIRED_PREFIX}{target.name}")
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _SWAP_SIGNALS)
    try:
        shutil.rmtree(retired, ignore_errors=True)
        if target.exists() or target.is_symlink():
            target.rename(retired)
        staged.rename(target)
        _STAGED = None
        shutil.rmtree(retired, ignore_errors=True)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _memo_setting() -> str:
    """Return the set-up line giving a warm kernel this batch's cache folder, or none.

    A warm kernel may have started before the batch (or in an earlier one), so it does not
    rely on the environment it inherited: the set-up cell sets or removes
    :data:`evalkit.memo.MEMO_ENV` as this process has it now.
    """
    folder = os.environ.get(MEMO_ENV)
    if folder:
        return f'__import__("os").environ[{MEMO_ENV!r}] = {folder!r}'
    return f'__import__("os").environ.pop({MEMO_ENV!r}, None)'


def _with_setup_cell(path: Path) -> nbformat.NotebookNode:
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    setup = nbformat.v4.new_code_cell(
        SETUP_SOURCE + "\n" + _memo_setting(), metadata={"tags": [SETUP_TAG]}
    )
    setup["id"] = "evalkit-setup"
    notebook.cells.insert(0, setup)
    return notebook


def execute(job: RenderJob) -> nbformat.NotebookNode:
    """Execute the job's notebook with its parameters and return it normalised."""
    import nbformat
    import papermill

    # Kernels inherit this: str hashes, and so set iteration order and reprs of sets, are the
    # same in every run (by default each process draws a random hash seed).
    os.environ["PYTHONHASHSEED"] = "0"
    notebook = _with_setup_cell(job.notebook) if job.warm else nbformat.read(job.notebook, 4)
    manager = _kernel() if job.warm else _new_kernel_manager()
    try:
        executed = papermill.execute_notebook(
            notebook,
            None,
            parameters=dict(sorted(job.parameters.items())),  # same cell for any dict order
            kernel_name="python3",
            progress_bar=False,
            request_save_on_cell_execute=False,
            cwd=str(PROJECT_ROOT),
            execution_timeout=job.timeout,
            record_timing=False,
            km=manager,
        )
    finally:
        if not job.warm:  # a fresh kernel serves one report
            _shut_down(manager)
    return normalise(executed)


def run_job(job: RenderJob) -> RenderOutcome:
    """Render one report into ``job.output_dir/job.name`` atomically; never raises.

    Returns
    -------
    RenderOutcome
        ``ok`` False with the failing cell and error when execution failed; the previous
        report folder, if any, is then left untouched.
    """
    import nbformat

    # lazy: render.html imports nbconvert (+1.3 s on `import evalkit.render.engine`: 0.3 -> 1.6 s)
    from evalkit.render.html import notebook_to_html

    global _STAGED
    started = time.perf_counter()
    target = report_folder(job.output_dir, job.name)
    job.output_dir.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=f"{STAGED_PREFIX}{job.name}-", dir=job.output_dir))
    _STAGED = staged
    staged.chmod(0o755)
    try:
        executed = execute(job)
        # The results as results.json holds them (sorted keys), so that the index page is the
        # same whether a report was re-rendered or read back from disk as unchanged.
        results = json.loads(json.dumps(extract_results(executed), sort_keys=True))
        nbformat.write(executed, staged / "report.ipynb")
        (staged / "report.html").write_text(notebook_to_html(executed), encoding="utf-8")
        (staged / "results.json").write_text(
            json.dumps(results, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        if job.manifest:
            timings = {"seconds": round(time.perf_counter() - started, 2), "warm_kernel": job.warm}
            outputs = output_checksums(staged)
            (staged / "manifest.json").write_text(
                json.dumps(
                    {**job.manifest, "outputs_sha256": outputs, "timings": timings},
                    indent=2,
                    ensure_ascii=False,
                    sort_keys=True,
                )
                + "\n",
                encoding="utf-8",
            )
        _replace_directory(staged, target)
    except BaseException as error:  # one report's failure must not stop the batch
        shutil.rmtree(staged, ignore_errors=True)
        _STAGED = None
        if job.warm:
            _discard_kernel()
        if not isinstance(error, Exception):  # Ctrl-C, exit: clean up, then stop
            raise
        return RenderOutcome(job.name, False, time.perf_counter() - started, _describe(error, job))
    return RenderOutcome(job.name, True, time.perf_counter() - started, results=results)
