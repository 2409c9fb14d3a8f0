"""Render the parameterized city notebook once per city with papermill.

Each report is executed into a temporary directory beside its final place and moved there
only when the notebook, its HTML and its ``results.json`` are all written: a failure leaves
the previous report intact. A failing city does not stop the batch; the summary names it.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import papermill
from papermill.exceptions import PapermillExecutionError

from evalkit.config import NOTEBOOKS_DIR, PROJECT_ROOT, REPORTS_DIR
from evalkit.report.html import notebook_to_html
from evalkit.report.results import extract_results
from evalkit.util_io import write_text_atomic

CITY_NOTEBOOK = NOTEBOOKS_DIR / "city_report.ipynb"


@dataclass(frozen=True)
class RenderOutcome:
    """How one report's rendering ended."""

    name: str
    ok: bool
    seconds: float
    error: str | None = None
    results: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RenderSummary:
    """All outcomes of one batch."""

    outcomes: tuple[RenderOutcome, ...]

    @property
    def failed(self) -> tuple[RenderOutcome, ...]:
        """The reports that did not render."""
        return tuple(o for o in self.outcomes if not o.ok)

    def summary(self) -> str:
        """One line per failure and a count, for the terminal."""
        lines = [
            f"{len(self.outcomes) - len(self.failed)} of {len(self.outcomes)} reports rendered"
        ]
        lines += [f"  FAILED {o.name}: {o.error}" for o in self.failed]
        return "\n".join(lines)


def _describe(error: Exception) -> str:
    if isinstance(error, PapermillExecutionError):
        first_line = next((line for line in error.source.splitlines() if line.strip()), "")
        return f"cell {error.exec_count} ({first_line.strip()!r}): {error.ename}: {error.evalue}"
    return f"{type(error).__name__}: {error}"


def _replace_directory(staged: Path, target: Path) -> None:
    """Swap ``staged`` into ``target``; the old one is removed only after the swap."""
    retired = target.with_name(f".{target.name}.old")
    shutil.rmtree(retired, ignore_errors=True)
    if target.exists():
        target.rename(retired)
    staged.rename(target)
    shutil.rmtree(retired, ignore_errors=True)


def render_notebook(
    name: str,
    parameters: dict[str, Any],
    *,
    notebook: Path = CITY_NOTEBOOK,
    output_dir: Path = REPORTS_DIR,
    timeout: int = 600,
) -> RenderOutcome:
    """Execute ``notebook`` with ``parameters`` into ``output_dir/name``.

    Parameters
    ----------
    name : str
        Report folder name, e.g. a city code.
    parameters : dict
        Values injected into the notebook's ``parameters`` cell.
    notebook : pathlib.Path
        The parameterized notebook.
    output_dir : pathlib.Path
        Parent folder of the report folders.
    timeout : int
        Seconds a single cell may run before it is stopped.

    Returns
    -------
    RenderOutcome
        ``ok`` False with the failing cell and error when execution failed.

    """
    output_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    staged = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=output_dir))
    staged.chmod(0o755)
    try:
        executed = papermill.execute_notebook(
            str(notebook),
            str(staged / "report.ipynb"),
            parameters=parameters,
            kernel_name="python3",
            progress_bar=False,
            cwd=str(PROJECT_ROOT),
            execution_timeout=timeout,
        )
        executed = nbformat.from_dict(executed)
        results = extract_results(executed)
        (staged / "report.html").write_text(notebook_to_html(executed), encoding="utf-8")
        (staged / "results.json").write_text(
            json.dumps(results, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        _replace_directory(staged, output_dir / name)
    except Exception as error:
        shutil.rmtree(staged, ignore_errors=True)
        return RenderOutcome(name, False, time.perf_counter() - started, _describe(error))
    return RenderOutcome(name, True, time.perf_counter() - started, results=results)


def render_batch(
    jobs: dict[str, dict[str, Any]],
    *,
    notebook: Path = CITY_NOTEBOOK,
    output_dir: Path = REPORTS_DIR,
    timeout: int = 600,
    progress: bool = True,
) -> RenderSummary:
    """Render one report per entry of ``jobs`` (``{name: parameters}``), in order."""
    from tqdm import tqdm

    outcomes = []
    for name, parameters in tqdm(jobs.items(), desc="reports", disable=not progress):
        outcomes.append(
            render_notebook(
                name, parameters, notebook=notebook, output_dir=output_dir, timeout=timeout
            )
        )
    return RenderSummary(tuple(outcomes))


def write_summary_json(summary: RenderSummary, path: Path) -> None:
    """Write the batch's results, keyed by report name, for the index and reviewers."""
    payload = {
        o.name: {"ok": o.ok, "error": o.error, "results": o.results} for o in summary.outcomes
    }
    write_text_atomic(
        path, json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    )
