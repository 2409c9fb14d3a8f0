"""Check that rendered reports still follow from the repository and the raw data.

A reviewer's check trusts nothing the author could have edited. ``verify`` works in steps,
cheapest first, and names the file of every problem:

1. The folder: every report sub-folder must hold a ``manifest.json`` that reads as JSON, and
   ``index.html`` must exist. ``--keep`` may not overlap the folder being verified.
2. The manifests themselves: the notebook must be one of the repository's report notebooks
   (:func:`evalkit.render.batch.report_notebook_validators`); the parameters are validated
   again exactly as ``evalkit render`` validates them; the recorded fingerprint must follow
   from the manifest's own fields; the report files must have the SHA-256 the manifest records; the
   evalkit code must be the one that rendered them. Nothing from a manifest is executed as
   given: only the repository's notebook with the re-validated parameters.
3. The inputs: every raw file, plan file and notebook named in a manifest is hashed again where
   it lives now (raw files below ``$EVALKIT_DATA_DIR``).
4. The processed files (panel and derived tables): they are rebuilt from the raw inputs in a
   scratch folder, with an empty cache, and their SHA-256 compared with those the manifests
   record and with the files in ``data/processed/`` (the panel build is byte-deterministic).
5. Each report is executed again with the recorded parameters, in a fresh kernel per report,
   into a scratch folder; ``results.json`` is compared value by value (exactly) and
   ``report.html`` and ``report.ipynb`` byte for byte. ``index.html`` is rebuilt from the
   re-run results and compared too.

Problems of steps 1-4 that make a re-run meaningless (changed inputs, processed files that do
not follow from the raw inputs) stop before step 5. Differences in package versions are stated
as notes: they explain a mismatch but are not one.
"""

from __future__ import annotations

import difflib
import html as html_escape
import json
import math
import os
import tempfile
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from evalkit import config
from evalkit.config import DATA_DIR_VARIABLE, PROJECT_ROOT, REPORTS_DIR, data_dir
from evalkit.errors import EvalkitError, ParameterError
from evalkit.panel import build as build_panel
from evalkit.panel import load_summary
from evalkit.panel.build import input_files
from evalkit.render.batch import report_notebook_validators
from evalkit.render.index import index_pages
from evalkit.render.provenance import (
    OUTPUT_FILES,
    PLANS_DIR,
    PROCESSED_PREFIX,
    _relative,
    code_fingerprint,
    fingerprint_of,
    output_checksums,
    package_versions,
)
from evalkit.render.render import _positive, render_batch, render_lock, validate_parameters
from evalkit.render.results import load_results
from evalkit.report.counterfactuals import TABLE_FILE, ensure_counterfactuals
from evalkit.util_io import sha256_file

DATA_PREFIX = f"${DATA_DIR_VARIABLE}/"
COMPARED_FILES = ("results.json", "report.html", "report.ipynb")
MAX_DIFFERENCES = 20
_SHOWN_CHARACTERS = 80


class VerifyError(EvalkitError):
    """Verify cannot start: nothing to verify, or ``keep`` overlaps the reports folder."""


@dataclass(frozen=True)
class Problem:
    """A named failure found before any re-run: a file that is missing, corrupt or edited."""

    kind: str
    file: str
    detail: str
    blocks_rerun: bool = False

    def describe(self) -> str:
        """One line: what, which file, why."""
        return f"{self.kind} {self.file}: {self.detail}"


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
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        """True when nothing was edited or missing and every re-run reproduced its report."""
        return not self.changed_inputs and not self.mismatches and not self.problems and self.rerun

    @property
    def exit_code(self) -> int:
        """0 when verified, 1 otherwise (the command line's exit status)."""
        return 0 if self.ok else 1

    def tidy(self) -> pd.DataFrame:
        """One row per problem: ``kind, report, file, detail``."""
        rows = [
            {
                "kind": "check",
                "report": p.file.split("/")[0],
                "file": p.file,
                "detail": p.describe(),
            }
            for p in self.problems
        ]
        rows += [
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
        lines += [problem.describe() for problem in self.problems]
        lines += [change.describe() for change in self.changed_inputs]
        if self.changed_inputs:
            lines.append(
                "not re-run: inputs changed since the reports were rendered; check the files "
                "named above, then rebuild with `make reports`"
            )
        elif not self.rerun:
            lines.append(
                "not re-run: the problems above make a re-run meaningless; fix them, then "
                "rebuild with `make reports`"
            )
        lines += [mismatch.describe() for mismatch in self.mismatches]
        if self.ok:
            lines.append(
                f"OK: {len(self.reports)} reports re-executed in fresh kernels; "
                f"{', '.join(COMPARED_FILES)} and index.html identical"
            )
        else:
            failed = sorted({m.report for m in self.mismatches if m.report})
            index = " and index.html differs" if any(not m.report for m in self.mismatches) else ""
            lines.append(
                f"FAILED: {len(self.problems) + len(self.changed_inputs)} problem(s) before the "
                f"re-run; {len(failed)} of {len(self.reports)} reports differ{index}"
                if self.rerun
                else f"FAILED: {len(self.problems) + len(self.changed_inputs)} problem(s)"
            )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return f"<pre>{html_escape.escape(self.summary())}</pre>"


def scan_reports(reports_dir: Path) -> tuple[dict[str, dict[str, Any]], tuple[Problem, ...]]:
    """Return ``({report name: manifest}, problems)`` for the sub-folders of ``reports_dir``.

    Every visible sub-folder is a report and must hold a ``manifest.json`` that reads as a
    JSON object; one that does not is a named problem, never skipped. Hidden folders (a
    stopped render's temporary folders) are not reports.

    Raises
    ------
    VerifyError
        If ``reports_dir`` holds no report folder at all.

    Examples
    --------
    >>> manifests, problems = scan_reports(Path("reports"))  # doctest: +SKIP
    >>> problems  # doctest: +SKIP
    ()

    """
    reports_dir = Path(reports_dir)
    folders = (
        sorted(p for p in reports_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
        if reports_dir.is_dir()
        else []
    )
    if not any((folder / "manifest.json").is_file() for folder in folders):
        raise VerifyError(
            f"no report folder with a manifest.json in {reports_dir}; render the reports "
            "first (`make reports`) or pass the folder that holds them"
        )
    manifests: dict[str, dict[str, Any]] = {}
    problems = []
    for folder in folders:
        path = folder / "manifest.json"
        if not path.is_file():
            problems.append(
                Problem(
                    "MISSING MANIFEST",
                    f"{folder.name}/manifest.json",
                    "the report folder has no manifest, so nothing says how it was made; "
                    "fix: re-render it or remove the folder",
                )
            )
            continue
        try:
            found = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            found = error
        if not isinstance(found, dict):
            reason = f"{type(found).__name__}: {found}" if isinstance(found, Exception) else ""
            problems.append(
                Problem(
                    "CORRUPT MANIFEST",
                    f"{folder.name}/manifest.json",
                    f"not a JSON object ({reason or type(found).__name__}); fix: re-render it",
                )
            )
            continue
        manifests[folder.name] = found
    if not (reports_dir / "index.html").is_file():
        problems.append(
            Problem("MISSING", "index.html", "the index page is missing; fix: `evalkit render`")
        )
    return manifests, tuple(problems)


def report_folders(reports_dir: Path) -> dict[str, dict[str, Any]]:
    """Return ``{report name: manifest}`` for every sub-folder holding a readable manifest.

    Raises
    ------
    VerifyError
        If ``reports_dir`` holds no such folder.

    Examples
    --------
    >>> sorted(report_folders(Path("reports")))[:2]  # doctest: +SKIP
    ['330100', '330200']

    """
    return scan_reports(reports_dir)[0]


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
    """Differences of the environment that may explain a mismatch."""
    notes = []
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


Validator = Callable[[dict[str, Any]], dict[str, Any]]
_REQUIRED = {
    "notebook": str,
    "notebook_sha256": str,
    "parameters": dict,
    "inputs_sha256": dict,
    "processed_sha256": dict,
    "code_sha256": str,
    "fingerprint": str,
    "outputs_sha256": dict,
}


def expected_inputs() -> set[str]:
    """Return the inputs every manifest lists: the raw files the panel build reads, plans.

    Examples
    --------
    >>> "$EVALKIT_DATA_DIR/csmar_regional/CRE_Eplwagct.csv" in expected_inputs()
    True

    """
    raw = {f"{DATA_PREFIX}{name}" for name in input_files()}
    return raw | {_relative(path) for path in PLANS_DIR.glob("*.csv")}


def trusted_notebooks() -> dict[str, tuple[Path, Validator]]:
    """Return the notebooks ``verify`` may run (the repository's), with validators."""
    return report_notebook_validators(load_summary())


def check_manifest(
    name: str, manifest: dict[str, Any], notebooks: dict[str, tuple[Path, Validator]]
) -> tuple[tuple[Problem, ...], tuple[Path, dict[str, Any]] | None]:
    """Check one manifest; return its problems and, if it may be re-run, ``(notebook, params)``.

    The notebook must be one of ``notebooks`` (the repository's); the parameters pass the
    notebook's validator and :func:`evalkit.render.render.validate_parameters`, as in a
    render; the fingerprint follows from the manifest's fields; the report files have the
    recorded SHA-256; the code is the current one.

    Examples
    --------
    >>> problems, job = check_manifest("330100", {}, {})
    >>> problems[0].describe()[:52], job
    ('EDITED MANIFEST 330100/manifest.json: field(s) missi', None)

    """
    where = f"{name}/manifest.json"
    wrong = [k for k, kind in _REQUIRED.items() if not isinstance(manifest.get(k), kind)]
    if wrong:
        detail = f"field(s) missing or of the wrong type: {wrong}; fix: re-render the report"
        return (Problem("EDITED MANIFEST", where, detail, blocks_rerun=True),), None
    problems = []
    job = None
    if manifest["notebook"] not in notebooks:
        problems.append(
            Problem(
                "UNTRUSTED NOTEBOOK",
                where,
                f"notebook {manifest['notebook']!r} is not one of the repository's report "
                f"notebooks {sorted(notebooks)}; verify runs only those",
            )
        )
    else:
        notebook, validate = notebooks[manifest["notebook"]]
        parameters = manifest["parameters"]
        try:
            checked = validate_parameters(name, notebook, parameters)
            if validate(checked) != checked:
                raise ParameterError(
                    f"parameters {checked} are not those evalkit render gives: {validate(checked)}"
                )
            job = (notebook, checked)
        except (ParameterError, TypeError, ValueError) as error:
            problems.append(Problem("INVALID PARAMETERS", where, str(error)))
    recomputed = fingerprint_of(
        manifest["notebook_sha256"],
        manifest["parameters"],
        manifest["inputs_sha256"],
        manifest["processed_sha256"],
        manifest["code_sha256"],
        manifest.get("environment", {}).get("requirements_lock_sha256"),
    )
    if recomputed != manifest["fingerprint"]:
        problems.append(
            Problem(
                "EDITED MANIFEST",
                where,
                f"fingerprint {manifest['fingerprint'][:12]} does not follow from the "
                f"manifest's fields ({recomputed[:12]}); it was edited after the render",
            )
        )
    code = code_fingerprint()
    if manifest["code_sha256"] != code:
        problems.append(
            Problem(
                "CHANGED CODE",
                "src/evalkit",
                f"sha256 {manifest['code_sha256'][:12]} rendered {name}, now {code[:12]}; "
                "fix: re-render with this code (`make reports`)",
            )
        )
    if set(manifest["inputs_sha256"]) != expected_inputs():
        listed, expected = set(manifest["inputs_sha256"]), expected_inputs()
        problems.append(
            Problem(
                "EDITED MANIFEST",
                where,
                f"inputs_sha256 does not list the inputs a report reads (missing: "
                f"{sorted(expected - listed)}, extra: {sorted(listed - expected)})",
            )
        )
    return tuple(problems), job


def changed_outputs(reports_dir: Path, manifests: dict[str, dict[str, Any]]) -> tuple[Problem, ...]:
    """Return a problem for each report file whose SHA-256 is not the one its manifest records.

    Examples
    --------
    >>> changed_outputs(Path("reports"), {})
    ()

    """
    problems = []
    for name, manifest in sorted(manifests.items()):
        recorded = manifest.get("outputs_sha256")
        if not isinstance(recorded, dict):
            continue
        current = output_checksums(Path(reports_dir) / name)
        for file in OUTPUT_FILES:
            if recorded.get(file) != current[file]:
                now = "missing" if current[file] is None else f"now {current[file][:12]}"
                problems.append(
                    Problem(
                        "CHANGED OUTPUT",
                        f"{name}/{file}",
                        f"sha256 {str(recorded.get(file))[:12]} in the manifest, {now}",
                    )
                )
    return tuple(problems)


def rebuild_processed(scratch: Path, names: set[str]) -> dict[str, str]:
    """Rebuild the processed files from the raw inputs in ``scratch``; return their SHA-256.

    The panel is built with an empty cache (nothing of ``data/processed/`` is read); the
    synthetic-control table is computed only if ``names`` includes it. Keys are as in the
    manifests (``data/processed/<file>``).
    """
    if not names:
        return {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the build's data notes are not verify's business
        build_panel(data_dir(), output_dir=scratch, force=True)
        if f"{PROCESSED_PREFIX}{TABLE_FILE}" in names:
            ensure_counterfactuals(scratch)
    return {
        name: sha256_file(scratch / name.removeprefix(PROCESSED_PREFIX))
        for name in sorted(names)
        if (scratch / name.removeprefix(PROCESSED_PREFIX)).is_file()
    }


def processed_problems(
    manifests: dict[str, dict[str, Any]], rebuilt: dict[str, str], processed_dir: Path
) -> tuple[Problem, ...]:
    """Compare recorded and on-disk processed files with those rebuilt from the raw inputs.

    A file on disk that differs from its rebuild blocks the re-run (the re-run would read
    it); a manifest recording another hash than the rebuild is a failure of that report.
    """
    problems = []
    recorded: dict[tuple[str, str], list[str]] = {}
    for report, manifest in manifests.items():
        for name, digest in manifest.get("processed_sha256", {}).items():
            recorded.setdefault((name, str(digest)), []).append(report)
    names = sorted({name for name, _ in recorded} | set(rebuilt))
    for name in names:
        fresh = rebuilt.get(name)
        path = processed_dir / name.removeprefix(PROCESSED_PREFIX)
        disk = sha256_file(path) if path.is_file() else None
        if fresh is None:
            problems.append(
                Problem("CHANGED PROCESSED", name, "not made by a rebuild from the raw inputs")
            )
            continue
        if disk != fresh:
            now = "missing" if disk is None else f"{disk[:12]} on disk"
            problems.append(
                Problem(
                    "CHANGED PROCESSED",
                    name,
                    f"{now}, {fresh[:12]} rebuilt from the raw inputs; fix: "
                    "`evalkit build-panel` and re-render",
                    blocks_rerun=True,
                )
            )
        for (other, digest), reports in sorted(recorded.items()):
            if other == name and digest != fresh:
                problems.append(
                    Problem(
                        "CHANGED PROCESSED",
                        name,
                        f"sha256 {digest[:12]} recorded by {', '.join(sorted(reports))}, "
                        f"{fresh[:12]} rebuilt from the raw inputs; those reports were made "
                        "from an edited or stale file",
                    )
                )
    return tuple(problems)


def _rerun(
    jobs: dict[str, tuple[Path, dict[str, Any]]], target: Path, n_jobs: int
) -> dict[str, str]:
    """Execute every report again in a fresh kernel each, into ``target``; return failures.

    ``jobs`` holds the repository's notebook and the re-validated parameters of each report.
    """
    failures: dict[str, str] = {}
    by_notebook: dict[Path, dict[str, dict[str, Any]]] = {}
    for report, (notebook, parameters) in jobs.items():
        by_notebook.setdefault(notebook, {})[report] = parameters
    for notebook, batch in by_notebook.items():
        summary = render_batch(
            batch,
            notebook=notebook,
            output_dir=target,
            n_jobs=n_jobs,
            force=True,
            warm=False,
            progress=False,
        )
        failures.update({outcome.name: str(outcome.error) for outcome in summary.failed})
    return failures


def _index_mismatch(reports_dir: Path, rerun_dir: Path, names: tuple[str, ...]) -> Mismatch | None:
    """Rebuild both index pages from the re-run results and compare them with the recorded ones."""
    recorded = reports_dir / "index.html"
    if not recorded.is_file():
        return None  # named as a problem already
    results = {}
    for name in names:
        path = rerun_dir / name / "results.json"
        if not path.is_file():
            return None  # the re-run failure is reported with its report
        results[name] = load_results(path)
    differences: list[str] = []
    for name, page in index_pages(results).items():
        rebuilt = rerun_dir / name
        rebuilt.write_text(page, encoding="utf-8")
        if not (reports_dir / name).is_file():
            differences.append(f"{name}: missing in the reports folder; fix: `evalkit render`")
            continue
        differences += [f"{name}: {d}" for d in file_differences(reports_dir / name, rebuilt)]
    return Mismatch("", "index.html", tuple(differences)) if differences else None


def _check_keep(reports_dir: Path, keep: Path | None) -> None:
    if keep is None:
        return
    reports, kept = reports_dir.resolve(), Path(keep).resolve()
    if kept == reports or kept.is_relative_to(reports) or reports.is_relative_to(kept):
        raise VerifyError(
            f"--keep {keep} overlaps the folder being verified ({reports_dir}); rule: the "
            "re-run is written apart from the reports it checks, or it would overwrite them; "
            "fix: pass a folder outside it, e.g. /tmp/evalkit-rerun"
        )


def verify(
    reports_dir: Path = REPORTS_DIR,
    *,
    n_jobs: int = 2,
    keep: Path | None = None,
) -> VerifyResult:
    """Check every report in ``reports_dir`` against everything it depends on and a re-run.

    Parameters
    ----------
    reports_dir : pathlib.Path
        The folder holding one sub-folder per report (``reports/``).
    n_jobs : int
        Reports re-executed at the same time (each in its own fresh kernel).
    keep : pathlib.Path, optional
        Write the re-run reports here instead of a temporary folder that is removed; it may
        not overlap ``reports_dir``.

    Returns
    -------
    VerifyResult
        ``ok`` when every check passed and every report was reproduced byte for byte.

    Raises
    ------
    VerifyError
        If ``reports_dir`` holds no report, or ``keep`` overlaps it.
    ParameterError
        If ``n_jobs`` is not a whole number >= 1.

    Examples
    --------
    >>> result = verify(Path("reports"))  # doctest: +SKIP
    >>> result.ok, result.exit_code  # doctest: +SKIP
    (True, 0)

    """
    reports_dir = Path(reports_dir)
    _positive("n_jobs", n_jobs)
    _check_keep(reports_dir, keep)
    if not os.access(reports_dir, os.W_OK):  # a read-only copy: no render can change it
        return _verify(reports_dir, n_jobs, keep)
    with render_lock(reports_dir):  # no render may change the reports while they are checked
        return _verify(reports_dir, n_jobs, keep)


def _one_code_problem(problems: tuple[Problem, ...]) -> tuple[Problem, ...]:
    """Name a code change once, with every report it concerns."""
    code = [p for p in problems if p.kind == "CHANGED CODE"]
    if len(code) < 2:
        return problems
    reports = ", ".join(p.detail.split(" rendered ")[1].split(",")[0] for p in code)
    first = code[0].detail
    merged = Problem(
        "CHANGED CODE",
        code[0].file,
        first.replace(first.split(" rendered ")[1].split(",")[0], reports, 1),
    )
    return (*(p for p in problems if p.kind != "CHANGED CODE"), merged)


def _verify(reports_dir: Path, n_jobs: int, keep: Path | None) -> VerifyResult:
    manifests, problems = scan_reports(reports_dir)
    names = tuple(sorted({*manifests, *(p.file.split("/")[0] for p in problems if "/" in p.file)}))
    notebooks = trusted_notebooks()
    jobs: dict[str, tuple[Path, dict[str, Any]]] = {}
    checked = {}
    for name, manifest in manifests.items():
        found, job = check_manifest(name, manifest, notebooks)
        problems += found
        if job is not None:
            jobs[name] = job
            checked[name] = manifest
    problems += tuple(dict.fromkeys(changed_outputs(reports_dir, checked)))
    problems = _one_code_problem(problems)
    notes = _notes(manifests)
    changes = changed_inputs(checked)
    if changes:
        return VerifyResult(reports_dir, names, changes, notes=notes, problems=problems)
    with tempfile.TemporaryDirectory(prefix="evalkit-verify-") as scratch:
        scratch = Path(scratch)
        wanted = {n for m in checked.values() for n in m["processed_sha256"]}
        rebuilt = rebuild_processed(scratch / "processed", wanted)
        problems += processed_problems(checked, rebuilt, config.PROCESSED_DIR)
        if any(p.blocks_rerun for p in problems) or not jobs:
            return VerifyResult(reports_dir, names, (), notes=notes, problems=problems)
        target = Path(keep) if keep is not None else scratch / "rerun"
        failures = _rerun(jobs, target, n_jobs)
        mismatches: list[Mismatch] = []
        for name in jobs:
            if name in failures:
                mismatches.append(Mismatch(name, "(re-run)", (f"re-run failed: {failures[name]}",)))
            else:
                mismatches.extend(compare_report(reports_dir / name, target / name))
        # The index lists every report: rebuilt only when every report was re-run.
        everything = set(jobs) == set(names)
        index = _index_mismatch(reports_dir, target, tuple(jobs)) if everything else None
    if index is not None:
        mismatches.append(index)
    return VerifyResult(
        reports_dir, names, (), tuple(mismatches), rerun=True, notes=notes, problems=problems
    )
