"""What a report was made from: input checksums, code version, packages, git state.

The fingerprint of a report job changes when its notebook, parameters, input data, processed
files (the panel and the tables derived from it), evalkit code or locked packages change; an
unchanged fingerprint means the report need not be re-rendered. The manifest written beside
each report records all of it for reviewers, and the SHA-256 of the report's own files
(:func:`output_checksums`), so that a damaged report is noticed.
"""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from importlib.metadata import version
from pathlib import Path
from typing import Any

from evalkit import config
from evalkit.config import PROJECT_ROOT
from evalkit.fingerprint import code_fingerprint
from evalkit.util_io import sha256_file

PLANS_DIR = PROJECT_ROOT / "data" / "raw" / "plans"
LOCK_FILE = PROJECT_ROOT / "requirements.lock"
KEY_PACKAGES = ("numpy", "pandas", "scipy", "statsmodels", "matplotlib", "papermill", "nbconvert")
# The processed files a report reads, each made from the raw inputs by evalkit: the panel build
# writes the first three, evalkit.report.counterfactuals the last.
PROCESSED_FILES = (
    "panel.parquet",
    "regional.parquet",
    "panel_summary.json",
    "city_counterfactuals.csv",
)
PROCESSED_PREFIX = "data/processed/"
# The files of a rendered report, hashed into its manifest.
OUTPUT_FILES = ("report.ipynb", "report.html", "results.json")


def _relative(path: Path) -> str:
    try:
        return path.relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def input_checksums(processed_dir: Path | None = None) -> dict[str, str]:
    """Return SHA-256 of every input a report reads: raw files (as recorded at build) and plans.

    Raw-file checksums come from ``data/processed/inputs.json`` written by the panel build, so
    they name the files by their path below ``EVALKIT_DATA_DIR``.
    """
    processed_dir = config.PROCESSED_DIR if processed_dir is None else processed_dir
    checksums: dict[str, str] = {}
    inputs = processed_dir / "inputs.json"
    if inputs.is_file():
        recorded = json.loads(inputs.read_text(encoding="utf-8")).get("sha256", {})
        checksums.update({f"$EVALKIT_DATA_DIR/{name}": digest for name, digest in recorded.items()})
    for path in sorted(PLANS_DIR.glob("*.csv")):
        checksums[_relative(path)] = sha256_file(path)
    return checksums


def processed_checksums(processed_dir: Path | None = None) -> dict[str, str]:
    """Return SHA-256 of the processed files that exist, as ``{"data/processed/<file>": hash}``.

    These files are made from the raw inputs by evalkit (:data:`PROCESSED_FILES`); a report
    depends on them, so their hashes enter its fingerprint and manifest, and ``evalkit verify``
    rebuilds them to check.

    Examples
    --------
    >>> sorted(processed_checksums(Path("/nonexistent")))
    []

    """
    processed_dir = config.PROCESSED_DIR if processed_dir is None else processed_dir
    return {
        f"{PROCESSED_PREFIX}{name}": sha256_file(processed_dir / name)
        for name in PROCESSED_FILES
        if (processed_dir / name).is_file()
    }


def output_checksums(folder: Path) -> dict[str, str | None]:
    """Return SHA-256 of a report folder's files (None for a missing one).

    Examples
    --------
    >>> output_checksums(Path("/nonexistent"))["report.html"] is None
    True

    """
    return {
        name: sha256_file(folder / name) if (folder / name).is_file() else None
        for name in OUTPUT_FILES
    }


def git_state() -> dict[str, Any]:
    """Return the checkout's commit and whether it has uncommitted changes (None outside git)."""

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", *args],
                cwd=PROJECT_ROOT,
                capture_output=True,
                text=True,
                timeout=10,
                check=True,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip()

    commit = git("rev-parse", "HEAD")
    status = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": commit, "dirty": None if status is None else bool(status)}


def package_versions() -> dict[str, Any]:
    """Versions of the key packages and the SHA-256 of the lock they were installed from."""
    return {
        "python": platform.python_version(),
        "packages": {name: version(name) for name in KEY_PACKAGES},
        "requirements_lock_sha256": sha256_file(LOCK_FILE) if LOCK_FILE.is_file() else None,
    }


def fingerprint_of(
    notebook_sha256: str,
    parameters: dict[str, Any],
    inputs: dict[str, str],
    processed: dict[str, str],
    code_sha256: str,
    lock_sha256: str | None,
) -> str:
    """Hash of everything that determines a report's content, from recorded checksums.

    ``evalkit verify`` recomputes it from a manifest's own fields: a manifest whose
    fingerprint does not follow from them was edited by hand.
    """
    payload = {
        "notebook": notebook_sha256,
        "parameters": parameters,
        "inputs": inputs,
        "processed": processed,
        "code": code_sha256,
        "lock": lock_sha256,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def job_fingerprint(
    notebook: Path,
    parameters: dict[str, Any],
    inputs: dict[str, str],
    processed: dict[str, str] | None = None,
) -> str:
    """Hash of everything that determines a report's content."""
    return fingerprint_of(
        sha256_file(notebook),
        parameters,
        inputs,
        processed or {},
        code_fingerprint(),
        package_versions()["requirements_lock_sha256"],
    )


def manifest(
    notebook: Path,
    parameters: dict[str, Any],
    inputs: dict[str, str],
    processed: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Return the manifest of one report: parameters, inputs, code, packages, git, fingerprint.

    The renderer adds ``outputs_sha256`` (:func:`output_checksums`) and timings when it writes
    the report.
    """
    return {
        "notebook": _relative(notebook),
        "notebook_sha256": sha256_file(notebook),
        "parameters": parameters,
        "seed": parameters.get("seed"),
        "inputs_sha256": inputs,
        "processed_sha256": processed or {},
        "code_sha256": code_fingerprint(),
        "git": git_state(),
        "environment": package_versions(),
        "fingerprint": job_fingerprint(notebook, parameters, inputs, processed),
    }


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """Return a report folder's ``manifest.json`` as a dict, or None if missing or corrupt.

    Examples
    --------
    >>> read_manifest(Path("/nonexistent")) is None
    True

    """
    try:
        found = json.loads((Path(folder) / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def intact_manifest(folder: Path) -> dict[str, Any] | None:
    """Return the manifest of a complete, undamaged report folder, else None.

    Complete and undamaged: ``manifest.json`` reads as JSON and every report file exists with
    the SHA-256 the manifest records (``outputs_sha256``). The index lists exactly these
    folders, and ``evalkit render`` re-renders any other.

    Examples
    --------
    >>> intact_manifest(Path("/nonexistent")) is None
    True

    """
    found = read_manifest(folder)
    if found is None:
        return None
    recorded = found.get("outputs_sha256")
    if not isinstance(recorded, dict) or set(recorded) != set(OUTPUT_FILES):
        return None
    current = output_checksums(Path(folder))
    return (
        found
        if all(current[n] is not None and current[n] == recorded[n] for n in recorded)
        else None
    )
