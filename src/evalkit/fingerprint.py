"""The code version of evalkit: one SHA-256 over the package's source and data files.

A render records it in every report's manifest (``code_sha256``), ``evalkit verify`` compares
it with the checkout's, and the batch cache (:mod:`evalkit.memo`) and the counterfactual
precompute key their results by it, so a code change (including a label in ``labels.csv``)
never reuses an old result.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
SUFFIXES = frozenset({".py", ".csv", ".json"})


@functools.cache
def code_fingerprint(package: Path = PACKAGE) -> str:
    """Return the SHA-256 over evalkit's ``.py``, ``.csv`` and ``.json`` files (path and bytes).

    Files are taken in sorted order of their path inside the package; each contributes its
    path and the SHA-256 of its bytes. Other files (caches, ``.pyc``) do not count.

    Parameters
    ----------
    package : pathlib.Path, optional
        The package folder; default the installed evalkit.

    Examples
    --------
    >>> len(code_fingerprint())
    64
    """
    digest = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.suffix in SUFFIXES and p.is_file()):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
