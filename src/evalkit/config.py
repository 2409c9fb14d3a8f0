"""Where evalkit finds its inputs and writes its outputs.

Third-party raw files are never part of the repository: they are read from an external data
directory named by the environment variable ``EVALKIT_DATA_DIR``, which defaults to
``../shared/data/raw`` beside the checkout.
"""

from __future__ import annotations

import os
from pathlib import Path

from evalkit.errors import DataDirError

DATA_DIR_VARIABLE = "EVALKIT_DATA_DIR"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA_DIR = PROJECT_ROOT.parent / "shared" / "data" / "raw"
PROCESSED_DIR = PROJECT_ROOT / "data" / "processed"
REPORTS_DIR = PROJECT_ROOT / "reports"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"


def data_dir() -> Path:
    """Return the external raw-data directory, checking that it exists.

    Returns
    -------
    pathlib.Path
        ``$EVALKIT_DATA_DIR`` if set, else ``../shared/data/raw`` beside the checkout.

    Raises
    ------
    DataDirError
        If the directory does not exist.

    """
    configured = os.environ.get(DATA_DIR_VARIABLE)
    path = Path(configured) if configured else DEFAULT_DATA_DIR
    if not path.is_dir():
        origin = f"{DATA_DIR_VARIABLE}={configured}" if configured else f"{DATA_DIR_VARIABLE} unset"
        raise DataDirError(
            f"raw data directory not found: {path} ({origin}); set {DATA_DIR_VARIABLE} "
            "to the folder that holds csmar_regional/, remote_sensing/, ... "
            "(see ../shared/data/PROVENANCE.md)"
        )
    return path.resolve()


def raw_file(relative: str | Path) -> Path:
    """Return the path of one raw file inside the data directory, checking it exists.

    Parameters
    ----------
    relative : str or pathlib.Path
        Path below the data directory, e.g. ``"csmar_regional/CRE_Eplwagct.csv"``.

    Raises
    ------
    DataDirError
        If the directory or the file is missing; the message names the variable, the
        expected path and the file.

    """
    path = data_dir() / relative
    if not path.is_file():
        raise DataDirError(
            f"raw file missing: {relative} (expected at {path}; data directory from "
            f"{DATA_DIR_VARIABLE}); put the file there or point {DATA_DIR_VARIABLE} at a "
            "directory that has it"
        )
    return path


USER_DATA_DIR_VARIABLE = "EVALKIT_USER_DATA_DIR"
DEFAULT_USER_DATA_DIR = PROJECT_ROOT / "data" / "user"


def user_data_dir() -> Path | None:
    """Return the folder of bring-your-own administrative indicators, or None if absent.

    Returns
    -------
    pathlib.Path or None
        ``$EVALKIT_USER_DATA_DIR`` if set, else ``data/user/`` in the checkout; None when the
        variable is unset and the default folder does not exist (no user data).

    Raises
    ------
    DataDirError
        If the variable names a folder that does not exist.

    Examples
    --------
    >>> user_data_dir()  # doctest: +SKIP
    PosixPath('.../data/user')
    """
    configured = os.environ.get(USER_DATA_DIR_VARIABLE)
    if not configured:
        return DEFAULT_USER_DATA_DIR if DEFAULT_USER_DATA_DIR.is_dir() else None
    path = Path(configured)
    if not path.is_dir():
        raise DataDirError(
            f"user data directory not found: {path} ({USER_DATA_DIR_VARIABLE}={configured}); "
            f"rule: {USER_DATA_DIR_VARIABLE} names a folder of CSV files in the template of "
            "data/user/README.md; fix: create the folder or unset the variable"
        )
    return path.resolve()
