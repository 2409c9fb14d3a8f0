"""Build the processed panel from the external raw-data directory.

``build()`` reads every raw file (through a per-file cache keyed by content hash), maps
units through the administrative crosswalk, keeps one value per unit-year-indicator by the
codebook's source priority, sets the flags, validates the :class:`Panel` and writes
``data/processed/``: ``panel.parquet``, ``regional.parquet``, the quality report and
``inputs.json`` (SHA-256 of every input). When no input and no panel code changed since the
last build, the written panel is read back instead.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pandas as pd

from evalkit import config
from evalkit.errors import RawDataError
from evalkit.panel.byo import read_user_indicators, user_files
from evalkit.panel.cache import cache_key, cached_read, panel_code_fingerprint
from evalkit.panel.codebook import canonical_units
from evalkit.panel.container import REGIONAL_FILE, Panel
from evalkit.panel.crosswalk import CROSSWALK_FILES, load_crosswalk
from evalkit.panel.derived import derive
from evalkit.panel.flags import suspected_breaks, unflagged_interpolation, year_on_year_jumps
from evalkit.panel.harmonise import Harmonised, harmonise
from evalkit.panel.quality import REPORT_HTML, quality_report
from evalkit.panel.readers import FLAG_COLUMNS, LONG_COLUMNS, RawDataWarning
from evalkit.panel.registry import COMPANIONS, READERS
from evalkit.util_io import sha256_file, write_text_atomic

PANEL_FILE = "panel.parquet"
SUMMARY_FILE = "panel_summary.json"
INPUTS_FILE = "inputs.json"
CACHE_DIR = ".cache"


def _relative(path: Path) -> str | None:
    text = path.as_posix()
    return next((key for key in READERS if text.endswith(key)), None)


def _units() -> dict[str, str]:
    return canonical_units()


def _warn_unplaced(unplaced: pd.DataFrame) -> None:
    unknown = unplaced[unplaced["match"] == "unmatched"]
    for file, rows in unknown.groupby("file"):
        names = rows["source_name"].tolist()
        warnings.warn(
            f"{file}: {int(rows['rows'].sum())} row(s) of {len(names)} unit name(s) match no "
            f"prefecture-level city in the crosswalk ({', '.join(map(str, names[:8]))}"
            f"{', ...' if len(names) > 8 else ''}); rule: units are placed through "
            "admin_crosswalk/ by code or by their legal name in that year; they are left out "
            "of the panel and listed in the quality report; fix: correct the name or code",
            RawDataWarning,
            stacklevel=3,
        )


def _flag(result: Harmonised) -> tuple[pd.DataFrame, pd.Series]:
    units = _units()
    city = result.city
    city["break_suspected"] = suspected_breaks(city, units)
    city["jump"] = year_on_year_jumps(city, units)
    detected = unflagged_interpolation(city, units) & ~city["interpolated"]
    city["interpolated"] = city["interpolated"] | detected
    return city, detected


def read_raw(path: str | Path) -> pd.DataFrame:
    """Read one raw file into the long panel format, with its flags.

    Units are mapped through the crosswalk of the data directory the file sits in (or of
    ``$EVALKIT_DATA_DIR``); unit-years repeated across sheets are resolved by sheet order.
    Province-level files (price index) give rows keyed by province code.

    Parameters
    ----------
    path : str or pathlib.Path
        Path below the data directory (``"csmar_regional/CRE_Eplwagct.csv"``) or an
        absolute path ending in such a path.

    Returns
    -------
    pandas.DataFrame
        Columns ``unit_code, unit_name, province_code, year, indicator, value, source,
        interpolated, rounded, break_suspected, conflict``.

    Raises
    ------
    RawDataError
        If evalkit has no reader for the file or the file breaks a reader's rules; the
        message names the file, the column or row, the rule and the fix.

    Examples
    --------
    >>> rows = read_raw("csmar_regional/CRE_Eplwagct.csv")  # doctest: +SKIP
    >>> rows.query("unit_code == '310000' and indicator == 'employed_persons'")  # doctest: +SKIP
    """
    path = Path(path)
    relative = _relative(path)
    if relative is None:
        raise RawDataError(
            f"{path}: no reader for this file; rule: evalkit reads the files listed in "
            f"evalkit.panel.registry.READERS ({len(READERS)} files, e.g. {sorted(READERS)[0]}); "
            "fix: check the file name and folder"
        )
    if path.is_absolute() and path.is_file():
        root = Path(path.as_posix()[: -len(relative)])
        full = path
    else:
        root, full = config.data_dir(), config.raw_file(relative)
    crosswalk_root = (
        root if all((root / f).is_file() for f in CROSSWALK_FILES) else (config.data_dir())
    )
    rows = READERS[relative](full, relative)
    result = harmonise(rows, load_crosswalk(crosswalk_root))
    _warn_unplaced(result.unplaced)
    city, _ = _flag(result)
    return pd.concat([city[[*LONG_COLUMNS, *FLAG_COLUMNS]], result.regional], ignore_index=True)


def input_files() -> list[str]:
    """Return the raw files a build reads, as paths below the data directory.

    Examples
    --------
    >>> "csmar_regional/CRE_Eplwagct.csv" in input_files()
    True

    """
    companions = sorted({c for cs in COMPANIONS.values() for c in cs})
    return list(dict.fromkeys([*READERS, *companions, *CROSSWALK_FILES]))


def _input_hashes(root: Path) -> dict[str, str]:
    hashes = {}
    for relative in input_files():
        path = root / relative
        if not path.is_file():
            raise RawDataError(
                f"{relative}: raw file missing from {root}; rule: build() reads every file in "
                "evalkit.panel.registry.READERS and the crosswalk; fix: restore the file or "
                f"point {config.DATA_DIR_VARIABLE} at a complete data directory"
            )
        hashes[relative] = sha256_file(path)
    return dict(sorted(hashes.items()))


def _user_dir(user_dir: str | Path | None) -> Path | None:
    return Path(user_dir) if user_dir is not None else config.user_data_dir()


def _manifest(root: Path, user_dir: Path | None) -> dict:
    user = {path.name: sha256_file(path) for path in user_files(user_dir)}
    return {
        "sha256": _input_hashes(root),
        "code": panel_code_fingerprint(),
        "user": {"directory": str(user_dir) if user_dir else None, "sha256": user},
    }


def _output_hashes(output_dir: Path) -> dict[str, str]:
    """SHA-256 of the written panel files, recorded in ``inputs.json`` to notice edits."""
    names = (PANEL_FILE, REGIONAL_FILE, SUMMARY_FILE)
    return {n: sha256_file(output_dir / n) for n in names if (output_dir / n).is_file()}


def _up_to_date(output_dir: Path, manifest: dict) -> bool:
    """Say whether the inputs and code are those of the last build and its files unedited."""
    inputs = output_dir / INPUTS_FILE
    needed = [output_dir / PANEL_FILE, output_dir / REPORT_HTML, inputs]
    if not all(path.is_file() for path in needed):
        return False
    try:
        recorded = json.loads(inputs.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return False
    if not isinstance(recorded, dict) or "outputs" not in recorded:
        return False
    outputs = recorded.pop("outputs")
    user = {key: value for key, value in recorded.get("user", {}).items() if key != "units"}
    return {**recorded, "user": user} == manifest and outputs == _output_hashes(output_dir)


def _add_user_rows(city: pd.DataFrame, user_dir: Path | None) -> tuple[pd.DataFrame, dict]:
    units = city[["unit_code", "unit_name", "province_code"]].drop_duplicates("unit_code")
    user = read_user_indicators(user_dir, units, set(city["indicator"]))
    if user.rows.empty:
        return city, user.provenance()
    rows = user.rows.copy()
    rows["jump"] = year_on_year_jumps(rows, user.units)
    return pd.concat([city, rows], ignore_index=True), user.provenance()


def build(
    data_dir: str | Path | None = None,
    *,
    output_dir: Path = config.PROCESSED_DIR,
    force: bool = False,
    user_dir: str | Path | None = None,
) -> Panel:
    """Read every raw file, validate the panel and write ``data/processed/``.

    The panel holds the raw indicators (flagged: interpolation, rounding, breaks, conflicts,
    year-on-year jumps), the derived indicators of ``derived.csv`` and the user's own
    indicators from the user folder (:mod:`evalkit.panel.byo`).

    Parameters
    ----------
    data_dir : str or pathlib.Path, optional
        Raw-data directory; default ``$EVALKIT_DATA_DIR`` (``../shared/data/raw``).
    output_dir : pathlib.Path
        Where ``panel.parquet``, ``regional.parquet``, ``quality_report.html/.csv``,
        ``quality_coverage.csv`` and ``inputs.json`` are written; the per-file cache lives
        in ``<output_dir>/.cache/``.
    force : bool
        Rebuild even if nothing changed (files are still read from the cache).
    user_dir : str or pathlib.Path, optional
        Folder of bring-your-own indicator files; default ``$EVALKIT_USER_DATA_DIR``
        (``data/user/``). Their checksums and units go into ``inputs.json`` (``"user"``).

    Returns
    -------
    Panel
        Every prefecture-level city in the sources, all years.

    Examples
    --------
    >>> panel = build()  # doctest: +SKIP
    >>> panel.wide(["gdp", "night_lights"], log=True).head()  # doctest: +SKIP
    """
    root = Path(data_dir) if data_dir is not None else config.data_dir()
    user_dir = _user_dir(user_dir)
    manifest = _manifest(root, user_dir)
    hashes = manifest["sha256"]
    if not force and _up_to_date(output_dir, manifest):
        return Panel.read(output_dir / PANEL_FILE)
    frames, notes = [], {}
    for relative, reader in READERS.items():
        key = cache_key([hashes[relative], *(hashes[c] for c in COMPANIONS.get(relative, ()))])
        rows, notes[relative] = cached_read(
            reader, root / relative, relative, key, output_dir / CACHE_DIR
        )
        frames.append(rows)
    result = harmonise(pd.concat(frames, ignore_index=True), load_crosswalk(root))
    _warn_unplaced(result.unplaced)
    city, detected = _flag(result)
    derived = derive(city)
    city = pd.concat([city, derived], ignore_index=True)
    detected = detected.reindex(city.index, fill_value=False)
    city, user = _add_user_rows(city, user_dir)
    detected = detected.reindex(city.index, fill_value=False)
    manifest["user"] = {**manifest["user"], "units": user["units"]}
    report = quality_report(city, result.alternatives, result.unplaced, notes, detected)
    panel = Panel(city[[*LONG_COLUMNS, *FLAG_COLUMNS]], result.regional)
    panel.write(output_dir / PANEL_FILE)
    write_text_atomic(
        output_dir / SUMMARY_FILE,
        json.dumps(panel_summary(panel), indent=2, ensure_ascii=False) + "\n",
    )
    report.write(output_dir)
    recorded = {**manifest, "outputs": _output_hashes(output_dir)}
    write_text_atomic(
        output_dir / INPUTS_FILE, json.dumps(recorded, indent=2, ensure_ascii=False) + "\n"
    )
    return panel


def panel_summary(panel: Panel) -> dict:
    """Return what parameter checks need without loading the panel: units, indicators, years.

    Examples
    --------
    >>> panel_summary(load())["years"]  # doctest: +SKIP
    [1978, 2024]
    """
    years = panel.frame["year"]
    return {
        "units": panel.units.to_dict(orient="records"),
        "indicators": panel.indicators,
        "years": [int(years.min()), int(years.max())],
    }


def ensure_built(
    data_dir: str | Path | None = None,
    *,
    output_dir: Path = config.PROCESSED_DIR,
    user_dir: str | Path | None = None,
) -> bool:
    """Build the panel only if an input or the panel code changed; never load it.

    Returns
    -------
    bool
        True if the panel was rebuilt, False if it was already up to date.
    """
    root = Path(data_dir) if data_dir is not None else config.data_dir()
    user_dir = _user_dir(user_dir)
    if _up_to_date(output_dir, _manifest(root, user_dir)) and (output_dir / SUMMARY_FILE).is_file():
        return False
    build(root, output_dir=output_dir, force=True, user_dir=user_dir)
    return True


def load_summary(output_dir: Path = config.PROCESSED_DIR) -> dict:
    """Read ``panel_summary.json`` (building the panel first if it is missing)."""
    path = output_dir / SUMMARY_FILE
    if not path.is_file():
        ensure_built(output_dir=output_dir)
    return json.loads(path.read_text(encoding="utf-8"))


_LOADED: dict[tuple[str, int, int], Panel] = {}


def load(output_dir: Path = config.PROCESSED_DIR) -> Panel:
    """Load the processed panel, building it first if it does not exist yet.

    The panel read from a given file (path, size and modification time) is kept for the life
    of the process, so a warm kernel rendering report after report validates it once. Panels
    are read-only: derive new frames from ``panel.frame``, never assign into it.

    Examples
    --------
    >>> panel = load()  # doctest: +SKIP
    """
    path = output_dir / PANEL_FILE
    if not path.is_file():
        build(output_dir=output_dir)
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _LOADED:
        _LOADED.clear()
        _LOADED[key] = Panel.read(path)
    return _LOADED[key]
