"""Per-file cache of reader output, keyed by the content hash of the file and the code.

Reading the Excel workbooks is the slow part of a build; a file whose bytes (and whose
companion files, and evalkit's panel code) have not changed is read from
``data/processed/.cache/<key>.parquet`` instead, with the reader's notes replayed from
``<key>.json``.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from functools import cache
from pathlib import Path

import pandas as pd

from evalkit.deprecation import renamed_function
from evalkit.panel.readers import RawDataWarning
from evalkit.util_io import atomic_path, write_text_atomic


@cache
def panel_code_fingerprint() -> str:
    """SHA-256 over the panel package's sources and codebook (a code change empties the cache)."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted([*package.glob("*.py"), *package.glob("*.csv")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(hashes: list[str]) -> str:
    """Combine file hashes and the code fingerprint into one cache key."""
    return hashlib.sha256("|".join([*hashes, panel_code_fingerprint()]).encode()).hexdigest()[:32]


def cached_read(reader, path: Path, relative: str, key: str, directory: Path):
    """Return ``(rows, notes)`` of ``reader(path, relative)``, from the cache when possible.

    Parameters
    ----------
    reader : callable
        A reader ``(path, relative) -> DataFrame``.
    path, relative : pathlib.Path, str
        The file and its path below the data directory.
    key : str
        Cache key from :func:`cache_key`.
    directory : pathlib.Path
        The cache directory.

    Returns
    -------
    tuple of (pandas.DataFrame, list of str)
        The source rows and the :class:`RawDataWarning` messages the reader emitted.
    """
    data, notes_file = directory / f"{key}.parquet", directory / f"{key}.json"
    if data.is_file() and notes_file.is_file():
        return pd.read_parquet(data), json.loads(notes_file.read_text(encoding="utf-8"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", RawDataWarning)
        rows = reader(path, relative)
    notes = [str(w.message) for w in caught if issubclass(w.category, RawDataWarning)]
    for w in caught:
        if not issubclass(w.category, RawDataWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    directory.mkdir(parents=True, exist_ok=True)
    with atomic_path(data) as temporary:
        rows.to_parquet(temporary, index=False)
    write_text_atomic(notes_file, json.dumps(notes, ensure_ascii=False))
    return rows, notes


code_fingerprint = renamed_function(panel_code_fingerprint, "code_fingerprint")
