"""What a report was made from: input checksums, code version, packages, git state.

The fingerprint of a report job changes when its notebook, parameters, input data, evalkit
code or locked packages change; an unchanged fingerprint means the report need not be
re-rendered. The manifest written beside each report records all of it for reviewers.
"""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from evalkit.config import PROCESSED_DIR, PROJECT_ROOT
from evalkit.util_io import sha256_file

PLANS_DIR = PROJECT_ROOT / "data" / "raw" / "plans"
LOCK_FILE = PROJECT_ROOT / "requirements.lock"
KEY_PACKAGES = ("numpy", "pandas", "scipy", "statsmodels", "matplotlib", "papermill", "nbconvert")


def _relative(path: Path) -> str:
    try:
        return path.relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def input_checksums(processed_dir: Path = PROCESSED_DIR) -> dict[str, str]:
    """Return SHA-256 of every input a report reads: raw files (as recorded at build) and plans.

    Raw-file checksums come from ``data/processed/inputs.json`` written by the panel build, so
    they name the files by their path below ``EVALKIT_DATA_DIR``.
    """
    checksums: dict[str, str] = {}
    inputs = processed_dir / "inputs.json"
    if inputs.is_file():
        recorded = json.loads(inputs.read_text(encoding="utf-8")).get("sha256", {})
        checksums.update({f"$EVALKIT_DATA_DIR/{name}": digest for name, digest in recorded.items()})
    for path in sorted(PLANS_DIR.glob("*.csv")):
        checksums[_relative(path)] = sha256_file(path)
    return checksums


@cache
def code_fingerprint() -> str:
    """SHA-256 over evalkit's source files (names and bytes): the code version of a render."""
    digest = hashlib.sha256()
    package = PROJECT_ROOT / "src" / "evalkit"
    for path in sorted(p for p in package.rglob("*") if p.suffix in {".py", ".csv", ".json"}):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


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


def job_fingerprint(notebook: Path, parameters: dict[str, Any], inputs: dict[str, str]) -> str:
    """Hash of everything that determines a report's content."""
    payload = {
        "notebook": sha256_file(notebook),
        "parameters": parameters,
        "inputs": inputs,
        "code": code_fingerprint(),
        "lock": package_versions()["requirements_lock_sha256"],
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def manifest(notebook: Path, parameters: dict[str, Any], inputs: dict[str, str]) -> dict[str, Any]:
    """Return the manifest of one report: parameters, inputs, code, packages, git, fingerprint."""
    return {
        "notebook": _relative(notebook),
        "notebook_sha256": sha256_file(notebook),
        "parameters": parameters,
        "seed": parameters.get("seed"),
        "inputs_sha256": inputs,
        "code_sha256": code_fingerprint(),
        "git": git_state(),
        "environment": package_versions(),
        "fingerprint": job_fingerprint(notebook, parameters, inputs),
    }
