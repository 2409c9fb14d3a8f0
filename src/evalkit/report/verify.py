"""Check that rendered reports still follow from the repository and the raw data.

``verify`` works in two steps, cheapest first:

1. Every input file named in a report's ``manifest.json`` is hashed again where it lives now
   (raw files below ``$EVALKIT_DATA_DIR``, the plan registry and the notebook in the
   repository). A changed or missing file is reported by name and nothing is re-run: the
   reports cannot match and the panel must be rebuilt first.
2. Each report is executed again with the recorded parameters, in a fresh kernel per report,
   into a temporary directory; ``results.json`` is compared value by value (exactly) and
   ``report.html`` and ``report.ipynb`` byte for byte. ``index.html`` is rebuilt from the
   re-run results and compared too.

Differences in the evalkit code or package versions are stated as notes: they explain a
mismatch but are not one.
"""

from __future__ import annotations

import difflib
import html as html_escape
import json
import math
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from evalkit.config import DATA_DIR_VARIABLE, PROJECT_ROOT, REPORTS_DIR, data_dir
from evalkit.errors import EvalkitError
from evalkit.report.provenance import code_fingerprint, package_versions
from evalkit.util_io import sha256_file

DATA_PREFIX = f"${DATA_DIR_VARIABLE}/"
COMPARED_FILES = ("results.json", "report.html", "report.ipynb")
MAX_DIFFERENCES = 20
_SHOWN_CHARACTERS = 80


class VerifyError(EvalkitError):
    """There is nothing to verify (no report folder with a ``manifest.json``)."""


@dataclass(frozen=True)
class InputChange:
    """An input file whose bytes differ from those recorded when reports were rendered."""

    name: str
    recorded_sha256: str
    current_sha256: str | None
    reports: tuple[str, ...]

    def describe(self) -> str:
        """One line naming the file, both checksums and the reports that used it."""
        now = "missing" if self.current_sha256 is None else f"now {self.current_sha256[:12]}"
        used = ", ".join(self.reports)
        return (
            f"CHANGED INPUT {self.name}: sha256 {self.recorded_sha256[:12]} recorded, {now} "
            f"(used by {used})"
        )


@dataclass(frozen=True)
class Mismatch:
    """One file of one report that the re-run did not reproduce, with the differences."""

    report: str
    file: str
    differences: tuple[str, ...]

    def describe(self) -> str:
        """Return the file and its differences, one per line (recorded, then re-run)."""
        head = f"MISMATCH {self.report}/{self.file}" if self.report else f"MISMATCH {self.file}"
        return "\n".join([head, *(f"    {line}" for line in self.differences)])


@dataclass(frozen=True)
class VerifyResult:
    """What ``verify`` found for a folder of reports."""

    reports_dir: Path
    reports: tuple[str, ...]
    changed_inputs: tuple[InputChange, ...] = ()
    mismatches: tuple[Mismatch, ...] = ()
    rerun: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """True when no input changed and every re-run reproduced its report exactly."""
        return not self.changed_inputs and not self.mismatches and self.rerun

    @property
    def exit_code(self) -> int:
        """0 when verified, 1 otherwise (the command line's exit status)."""
        return 0 if self.ok else 1

    def tidy(self) -> pd.DataFrame:
        """One row per problem: ``kind, report, file, detail``."""
        rows = [
            {"kind": "input", "report": ",".join(c.reports), "file": c.name, "detail": d}
            for c in self.changed_inputs
            for d in [c.describe()]
        ]
        rows += [
            {"kind": "output", "report": m.report, "file": m.file, "detail": line}
            for m in self.mismatches
            for line in m.differences
        ]
        return pd.DataFrame(rows, columns=["kind", "report", "file", "detail"])

    def summary(self) -> str:
        """Return the terminal report: changed inputs, mismatches, verdict."""
        lines = [f"verify {self.reports_dir}: {len(self.reports)} reports"]
        lines += [f"note: {note}" for note in self.notes]
        lines += [change.describe() for change in self.changed_inputs]
        if self.changed_inputs:
            lines.append(
                "not re-run: inputs changed since the reports were rendered; check the files "
                "named above, then rebuild with `make reports`"
            )
        lines += [mismatch.describe() for mismatch in self.mismatches]
        if self.ok:
            lines.append(
                f"OK: {len(self.reports)} reports re-executed in fresh kernels; "
                f"{', '.join(COMPARED_FILES)} and index.html identical"
            )
        elif self.rerun:
            failed = sorted({m.report for m in self.mismatches if m.report})
            index = " and index.html differs" if any(not m.report for m in self.mismatches) else ""
            lines.append(f"FAILED: {len(failed)} of {len(self.reports)} reports differ{index}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return f"<pre>{html_escape.escape(self.summary())}</pre>"


def report_folders(reports_dir: Path) -> dict[str, dict[str, Any]]:
    """Return ``{report name: manifest}`` for every sub-folder holding a ``manifest.json``.

    Raises
    ------
    VerifyError
        If ``reports_dir`` holds no such folder.

    Examples
    --------
    >>> sorted(report_folders(Path("reports")))[:2]  # doctest: +SKIP
    ['330100', '330200']

    """
    manifests = {
        path.parent.name: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(Path(reports_dir).glob("*/manifest.json"))
    }
    if not manifests:
        raise VerifyError(
            f"no report folder with a manifest.json in {reports_dir}; render the reports "
            "first (`make reports`) or pass the folder that holds them"
        )
    return manifests


def input_path(name: str) -> Path:
    """Where a manifest's input lives now: below ``$EVALKIT_DATA_DIR`` or in the repository."""
    if name.startswith(DATA_PREFIX):
        return data_dir() / name.removeprefix(DATA_PREFIX)
    return PROJECT_ROOT / name


def changed_inputs(manifests: dict[str, dict[str, Any]]) -> tuple[InputChange, ...]:
    """Hash every input the manifests name again and return those that differ.

    The notebook each report was executed from counts as an input. Each file is hashed once.

    Examples
    --------
    >>> changed_inputs(report_folders(Path("reports")))  # doctest: +SKIP
    ()

    """
    recorded: dict[tuple[str, str], list[str]] = {}
    for report, manifest in manifests.items():
        inputs = dict(manifest.get("inputs_sha256", {}))
        if "notebook" in manifest:
            inputs[manifest["notebook"]] = manifest["notebook_sha256"]
        for name, digest in inputs.items():
            recorded.setdefault((name, digest), []).append(report)
    current: dict[str, str | None] = {}
    changes = []
    for (name, digest), reports in sorted(recorded.items()):
        if name not in current:
            path = input_path(name)
            current[name] = sha256_file(path) if path.is_file() else None
        if current[name] != digest:
            changes.append(InputChange(name, digest, current[name], tuple(reports)))
    return tuple(changes)


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, float) else repr(value)
    if len(text) > _SHOWN_CHARACTERS:
        text = f"{text[:_SHOWN_CHARACTERS]}... ({len(text)} characters)"
    return text


def _same_number(recorded: float, rerun: float) -> bool:
    return recorded == rerun or (math.isnan(recorded) and math.isnan(rerun))


def value_differences(recorded: Any, rerun: Any, where: str = "") -> Iterator[str]:
    """Yield one line per differing leaf of two JSON values: ``path: recorded -> re-run``.

    Numbers are compared exactly (NaN equals NaN); an integer and a float are different.

    Examples
    --------
    >>> list(value_differences({"a": [1, 2.5]}, {"a": [1, 2.25]}))
    ['a[1]: 2.5 -> 2.25']

    """
    if isinstance(recorded, dict) and isinstance(rerun, dict):
        for key in sorted(set(recorded) | set(rerun), key=str):
            path = f"{where}.{key}" if where else str(key)
            if key not in rerun:
                yield f"{path}: {_shown(recorded[key])} -> (absent in re-run)"
            elif key not in recorded:
                yield f"{path}: (absent in report) -> {_shown(rerun[key])}"
            else:
                yield from value_differences(recorded[key], rerun[key], path)
    elif isinstance(recorded, list) and isinstance(rerun, list):
        for index in range(max(len(recorded), len(rerun))):
            path = f"{where}[{index}]"
            if index >= len(rerun):
                yield f"{path}: {_shown(recorded[index])} -> (absent in re-run)"
            elif index >= len(recorded):
                yield f"{path}: (absent in report) -> {_shown(rerun[index])}"
            else:
                yield from value_differences(recorded[index], rerun[index], path)
    elif type(recorded) is not type(rerun):
        yield f"{where}: {_shown(recorded)} -> {_shown(rerun)}"
    elif isinstance(recorded, float):
        if not _same_number(recorded, rerun):
            yield f"{where}: {_shown(recorded)} -> {_shown(rerun)}"
    elif recorded != rerun:
        yield f"{where}: {_shown(recorded)} -> {_shown(rerun)}"


def _limited(lines: Iterator[str]) -> tuple[str, ...]:
    shown = []
    for count, line in enumerate(lines):
        if count == MAX_DIFFERENCES:
            shown.append(f"... (more differences after the first {MAX_DIFFERENCES})")
            break
        shown.append(line)
    return tuple(shown)


def _text_differences(recorded: str, rerun: str) -> Iterator[str]:
    """Differing lines of two texts, each cut to the part around the first differing column."""
    old_lines, new_lines = recorded.splitlines(), rerun.splitlines()
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            continue
        old, new = old_lines[old_start:old_end], new_lines[new_start:new_end]
        for offset in range(max(len(old), len(new))):
            before = old[offset] if offset < len(old) else ""
            after = new[offset] if offset < len(new) else ""
            if before == after:
                continue
            column = next(
                (i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b),
                min(len(before), len(after)),
            )
            start = max(0, column - 20)
            yield (
                f"line {old_start + offset + 1}, column {column + 1}: "
                f"{before[start : start + 60]!r} -> {after[start : start + 60]!r}"
            )


def file_differences(recorded: Path, rerun: Path) -> tuple[str, ...]:
    """Describe how two report files differ; empty when they are byte-identical.

    ``.json`` and ``.ipynb`` files are compared as JSON (which cell, which output, which
    number); other files as text lines; a missing file is one line.

    Examples
    --------
    >>> file_differences(Path("reports/330100/results.json"), Path("/tmp/r/330100/results.json"))
    ... # doctest: +SKIP
    ('headlines[0].city_estimate: 0.0412 -> 0.0413',)

    """
    if not recorded.is_file() or not rerun.is_file():
        missing = "report" if not recorded.is_file() else "re-run"
        return (f"file missing in the {missing}",)
    old, new = recorded.read_bytes(), rerun.read_bytes()
    if old == new:
        return ()
    if recorded.suffix in (".json", ".ipynb"):
        lines = _limited(value_differences(json.loads(old), json.loads(new)))
        if lines:
            return lines
    lines = _limited(
        _text_differences(old.decode("utf-8", "replace"), new.decode("utf-8", "replace"))
    )
    return lines or (f"bytes differ ({len(old)} bytes -> {len(new)} bytes; same text lines)",)


def compare_report(recorded_dir: Path, rerun_dir: Path) -> tuple[Mismatch, ...]:
    """Compare one recorded report folder with its re-run, file by file.

    Examples
    --------
    >>> compare_report(Path("reports/330100"), Path("/tmp/rerun/330100"))  # doctest: +SKIP
    ()

    """
    return tuple(
        Mismatch(recorded_dir.name, name, differences)
        for name in COMPARED_FILES
        if (differences := file_differences(recorded_dir / name, rerun_dir / name))
    )


def _notes(manifests: dict[str, dict[str, Any]]) -> tuple[str, ...]:
    """Differences of code or environment that may explain a mismatch."""
    notes = []
    code = code_fingerprint()
    stale = sorted(r for r, m in manifests.items() if m.get("code_sha256") != code)
    if stale:
        which = f"all {len(stale)}" if len(stale) == len(manifests) else ", ".join(stale)
        notes.append(f"evalkit source differs from the one that rendered {which} report(s)")
    environment = package_versions()
    for report, manifest in sorted(manifests.items()):
        recorded = manifest.get("environment", {})
        if recorded and recorded != environment:
            notes.append(
                f"packages differ from those that rendered {report}: "
                + "; ".join(value_differences(recorded, environment))
            )
            break
    return tuple(notes)


def _rerun(manifests: dict[str, dict[str, Any]], target: Path, n_jobs: int) -> dict[str, str]:
    """Execute every report again in a fresh kernel each, into ``target``; return failures.

    The per-batch synthetic-control table is brought up to date first, as ``evalkit render``
    does (it is recomputed only if the panel's inputs or evalkit's code changed).
    """
    from evalkit.report.counterfactuals import ensure_counterfactuals
    from evalkit.report.render import render_batch

    ensure_counterfactuals()

    failures: dict[str, str] = {}
    by_notebook: dict[str, dict[str, dict[str, Any]]] = {}
    for report, manifest in manifests.items():
        by_notebook.setdefault(manifest["notebook"], {})[report] = manifest["parameters"]
    for notebook, jobs in by_notebook.items():
        summary = render_batch(
            jobs,
            notebook=PROJECT_ROOT / notebook,
            output_dir=target,
            n_jobs=n_jobs,
            force=True,
            warm=False,
            progress=False,
        )
        failures.update({outcome.name: str(outcome.error) for outcome in summary.failed})
    return failures


def _index_mismatch(reports_dir: Path, rerun_dir: Path, names: tuple[str, ...]) -> Mismatch | None:
    """Rebuild ``index.html`` from the re-run results and compare it with the recorded one."""
    from evalkit.report.index import index_html
    from evalkit.report.results import load_results

    recorded = reports_dir / "index.html"
    if not recorded.is_file():
        return None
    results = {}
    for name in names:
        path = rerun_dir / name / "results.json"
        if not path.is_file():
            return None  # the re-run failure is reported with its report
        results[name] = load_results(path)
    rebuilt = rerun_dir / "index.html"
    rebuilt.write_text(index_html(results), encoding="utf-8")
    differences = file_differences(recorded, rebuilt)
    return Mismatch("", "index.html", differences) if differences else None


def verify(
    reports_dir: Path = REPORTS_DIR,
    *,
    n_jobs: int = 2,
    keep: Path | None = None,
) -> VerifyResult:
    """Check every report in ``reports_dir`` against its inputs and a fresh re-execution.

    Parameters
    ----------
    reports_dir : pathlib.Path
        The folder holding one sub-folder per report (``reports/``).
    n_jobs : int
        Reports re-executed at the same time (each in its own fresh kernel).
    keep : pathlib.Path, optional
        Write the re-run reports here instead of a temporary folder that is removed.

    Returns
    -------
    VerifyResult
        ``ok`` when no input changed and every report was reproduced byte for byte.

    Raises
    ------
    VerifyError
        If ``reports_dir`` holds no report.

    Examples
    --------
    >>> result = verify(Path("reports"))  # doctest: +SKIP
    >>> result.ok, result.exit_code  # doctest: +SKIP
    (True, 0)

    """
    reports_dir = Path(reports_dir)
    manifests = report_folders(reports_dir)
    names = tuple(manifests)
    changes = changed_inputs(manifests)
    notes = _notes(manifests)
    if changes:
        return VerifyResult(reports_dir, names, changes, notes=notes)
    with tempfile.TemporaryDirectory(prefix="evalkit-verify-") as scratch:
        target = Path(keep) if keep is not None else Path(scratch)
        failures = _rerun(manifests, target, n_jobs)
        mismatches: list[Mismatch] = []
        for name in names:
            if name in failures:
                mismatches.append(Mismatch(name, "(re-run)", (f"re-run failed: {failures[name]}",)))
            else:
                mismatches.extend(compare_report(reports_dir / name, target / name))
        index = _index_mismatch(reports_dir, target, names)
    if index is not None:
        mismatches.append(index)
    return VerifyResult(reports_dir, names, (), tuple(mismatches), rerun=True, notes=notes)
