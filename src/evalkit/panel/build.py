"""Build the processed panel from the external raw-data directory."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from evalkit.config import PROCESSED_DIR, data_dir, raw_file
from evalkit.errors import RawDataError
from evalkit.panel.container import Panel
from evalkit.panel.readers import READERS
from evalkit.regions import EAST_CHINA
from evalkit.util_io import sha256_file, write_text_atomic

PANEL_FILE = "panel.parquet"
INPUTS_FILE = "inputs.json"

# Rule (codebook): a unit's display name is its Chinese name from the night-lights file
# where the unit appears there, else the name its own source gives.
NAME_PRIORITY = ("remote_sensing/ntl_sum_of_lights_by_city.csv",)


def read_raw(path: str | Path) -> pd.DataFrame:
    """Read one raw file into the long panel format.

    Parameters
    ----------
    path : str or pathlib.Path
        Path below the data directory (``"csmar_regional/CRE_Eplwagct.csv"``) or an
        absolute path to a file with that name layout.

    Raises
    ------
    RawDataError
        If evalkit has no reader for the file or the file breaks a reader's rules.
    """
    path = Path(path)
    relative = next((key for key in READERS if path.as_posix().endswith(key)), None)
    if relative is None:
        raise RawDataError(
            f"{path}: no reader for this file; readers exist for {sorted(READERS)}"
        )
    full = path if path.is_absolute() and path.is_file() else raw_file(relative)
    return READERS[relative](full, relative)


def _harmonise_names(frame: pd.DataFrame) -> pd.DataFrame:
    preferred = frame[frame["source"].str.rsplit(":", n=1).str[0].isin(NAME_PRIORITY)]
    names = preferred.drop_duplicates("unit_code").set_index("unit_code")["unit_name"]
    frame["unit_name"] = frame["unit_code"].map(names).fillna(frame["unit_name"])
    return frame


def build(
    data_dir_path: str | Path | None = None,
    *,
    provinces: tuple[str, ...] = EAST_CHINA,
    output_dir: Path = PROCESSED_DIR,
) -> Panel:
    """Read every supported raw file, validate the panel and write ``data/processed/``.

    Parameters
    ----------
    data_dir_path : str or pathlib.Path, optional
        Raw-data directory; default ``$EVALKIT_DATA_DIR`` (``../shared/data/raw``).
    provinces : tuple of str
        Province codes to keep.
    output_dir : pathlib.Path
        Where ``panel.parquet`` and ``inputs.json`` (SHA-256 of every input) are written.

    Returns
    -------
    Panel
    """
    root = Path(data_dir_path) if data_dir_path is not None else data_dir()
    frames, checksums = [], {}
    for relative, reader in READERS.items():
        path = root / relative
        if not path.is_file():
            raw_file(relative)  # raises the standard missing-file message
        frames.append(reader(path, relative))
        checksums[relative] = sha256_file(path)
    frame = pd.concat(frames, ignore_index=True)
    frame = frame[frame["province_code"].isin(provinces)]
    panel = Panel(_harmonise_names(frame))
    panel.write(output_dir / PANEL_FILE)
    write_text_atomic(
        output_dir / INPUTS_FILE,
        json.dumps({"sha256": checksums}, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
    )
    return panel


def load(output_dir: Path = PROCESSED_DIR) -> Panel:
    """Load the processed panel, building it first if it does not exist yet."""
    path = output_dir / PANEL_FILE
    return Panel.read(path) if path.is_file() else build(output_dir=output_dir)
