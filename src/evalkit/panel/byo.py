"""Bring-your-own administrative indicators: the user folder's CSV files into panel rows.

Plan offices hold series no yearbook has (新设小微企业, 个转企, 小升规, 小微企业贷款余额).
They can be added to the panel as long CSV files in the user folder
(``$EVALKIT_USER_DATA_DIR``, default ``data/user/``; see ``data/user/README.md``), one row
per city, year and indicator::

    unit_code,year,indicator,value,unit,source

Every ``*.csv`` in the folder except ``template.csv`` is read and validated by the rules the
raw files follow; each broken rule raises :class:`UserDataError` naming the file, the row
(line number in the file, header = line 1), the rule and the fix:

* the header holds exactly the six template columns;
* ``unit_code`` is the 6-digit code of a city in the panel (unknown code);
* ``year`` is a whole number between 1949 and 2100;
* ``indicator`` is a lower-case id (``[a-z][a-z0-9_]*``) that no yearbook or derived
  indicator uses (a user series never overwrites a yearbook one);
* ``value`` is a number (text in numbers: ``"约3000"``, ``"3,0OO"`` fail); blank is an error;
* ``unit`` is given and is the same on every row of one indicator, across files (unit
  mismatch);
* ``source`` is given (the document or office the figure comes from);
* a city, year and indicator appears once; a repeat with the same value is kept once with a
  warning, a repeat with another value is an error (duplicate with conflict).

The panel build merges the rows (``source`` = ``user/<file>:<line> <source>``) and records
each file's SHA-256, and each indicator's unit, in ``inputs.json``.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from evalkit.errors import RawDataError
from evalkit.panel.numbers import UNIT_CONVERSIONS, parse_numeric
from evalkit.panel.readers import FLAG_COLUMNS, LONG_COLUMNS, RawDataWarning
from evalkit.util_io import sha256_file

TEMPLATE_COLUMNS = ["unit_code", "year", "indicator", "value", "unit", "source"]
TEMPLATE_FILE = "template.csv"
_INDICATOR = re.compile(r"^[a-z][a-z0-9_]*$")


class UserDataError(RawDataError):
    """A bring-your-own indicator file breaks a rule of the template."""


@dataclass(frozen=True)
class UserIndicators:
    """The validated rows of the user folder.

    Parameters
    ----------
    rows : pandas.DataFrame
        Long panel rows (``LONG_COLUMNS`` and ``FLAG_COLUMNS``; flags False).
    units : dict
        ``{indicator: unit}`` as the files give it.
    sha256 : dict
        ``{file name: SHA-256}`` of every file read.
    directory : pathlib.Path or None
        The folder read.
    """

    rows: pd.DataFrame
    units: dict[str, str]
    sha256: dict[str, str]
    directory: Path | None

    def provenance(self) -> dict:
        """Return what ``inputs.json`` records: folder, file checksums, indicator units.

        Examples
        --------
        >>> UserIndicators(pd.DataFrame(), {}, {}, None).provenance()
        {'directory': None, 'sha256': {}, 'units': {}}
        """
        folder = str(self.directory) if self.directory is not None else None
        return {"directory": folder, "sha256": dict(self.sha256), "units": dict(self.units)}

    def tidy(self) -> pd.DataFrame:
        """Return one row per user indicator: ``indicator, unit, cities, first_year, last_year``."""
        if self.rows.empty:
            return pd.DataFrame(columns=["indicator", "unit", "cities", "first_year", "last_year"])
        grouped = self.rows.groupby("indicator")
        out = grouped.agg(
            cities=("unit_code", "nunique"), first_year=("year", "min"), last_year=("year", "max")
        ).reset_index()
        out.insert(1, "unit", out["indicator"].map(self.units))
        return out


def user_files(directory: Path | None) -> list[Path]:
    """Return the CSV files of the user folder (sorted; ``template.csv`` left out).

    Examples
    --------
    >>> user_files(None)
    []
    """
    if directory is None:
        return []
    return sorted(p for p in Path(directory).glob("*.csv") if p.name != TEMPLATE_FILE)


def _fail(file: str, line: int | str, rule: str, fix: str, what: str) -> UserDataError:
    return UserDataError(f"{file}: row {line}: {what}; rule: {rule}; fix: {fix}")


def _read_one(path: Path, units: pd.DataFrame, reserved: set[str]) -> pd.DataFrame:
    name = f"user/{path.name}"
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise UserDataError(
            f"{name}: not UTF-8 text (byte {error.start}); rule: user files are UTF-8 CSV; "
            "fix: save the file as CSV UTF-8"
        ) from None
    except pd.errors.EmptyDataError:
        raise UserDataError(
            f"{name}: the file is empty; rule: a user file has the header "
            f"{','.join(TEMPLATE_COLUMNS)} and rows; fix: copy data/user/template.csv"
        ) from None
    columns = [c.strip() for c in frame.columns]
    if columns != TEMPLATE_COLUMNS:
        raise UserDataError(
            f"{name}: row 1: header {columns}; rule: the header is exactly "
            f"{','.join(TEMPLATE_COLUMNS)}; fix: copy the header of data/user/template.csv"
        )
    frame.columns = columns
    frame = frame.apply(lambda column: column.str.strip())
    frame.index = range(2, len(frame) + 2)  # line numbers in the file (header = 1)
    known = units.set_index("unit_code")
    for line, code in frame["unit_code"].items():
        if code not in known.index:
            raise _fail(name, line, "unit_code is the 6-digit code of a prefecture-level city "
                        "in the panel", "use the city's code (e.g. 330400 for 嘉兴市; "
                        "evalkit.panel.load().units lists them)",
                        f"unknown unit_code {code!r}")  # fmt: skip
    years = pd.to_numeric(frame["year"], errors="coerce")
    bad_year = years.isna() | (years % 1 != 0) | ~years.between(1949, 2100)
    if bad_year.any():
        line = bad_year.idxmax()
        raise _fail(name, line, "year is a whole number between 1949 and 2100",
                    "write the calendar year the figure is for, e.g. 2019",
                    f"year {frame.loc[line, 'year']!r} is not a year")  # fmt: skip
    for line, indicator in frame["indicator"].items():
        if not _INDICATOR.match(indicator):
            raise _fail(name, line, "indicator is a lower-case id of letters, digits and _",
                        "use the key of data/raw/plans/targets.csv, e.g. new_smf",
                        f"indicator {indicator!r} is not an id")  # fmt: skip
        if indicator in reserved:
            raise _fail(name, line, "a user indicator does not reuse a yearbook or derived "
                        "indicator id", f"rename it (e.g. user_{indicator})",
                        f"indicator {indicator!r} is already a panel indicator")  # fmt: skip
    for column in ("unit", "source"):
        blank = frame[column] == ""
        if blank.any():
            what = "the unit the value is in (家, 亿元, %)" if column == "unit" else (
                "the document or office the figure comes from")  # fmt: skip
            raise _fail(name, blank.idxmax(), f"every row gives its {column}",
                        f"write {what}", f"{column} is blank")  # fmt: skip
    blank_value = frame["value"] == ""
    if blank_value.any():
        raise _fail(name, blank_value.idxmax(), "every row holds a value",
                    "give the value or delete the row", "value is blank")  # fmt: skip
    raw_value = frame["value"].copy()
    try:
        frame["value"] = parse_numeric(frame["value"], file=name, column="value")
    except RawDataError as error:
        raise UserDataError(
            f"{str(error).split('; rule:')[0]}; rule: value holds a number; fix: write the "
            "number alone (digits and one decimal point, no words or units), e.g. 3213"
        ) from None
    marker = frame["value"].isna()
    if marker.any():
        raise _fail(name, marker.idxmax(), "every row holds a value",
                    "give the value or delete the row",
                    f"value {raw_value[marker.idxmax()]!r} marks a missing value")  # fmt: skip
    frame["year"] = years.astype("int64")
    frame["file"] = name
    frame["line"] = frame.index
    return frame.reset_index(drop=True)


def _check_units(frame: pd.DataFrame) -> dict[str, str]:
    units: dict[str, str] = {}
    for indicator, rows in frame.groupby("indicator", sort=True):
        first = rows.iloc[0]
        other = rows[rows["unit"] != first["unit"]]
        if len(other):
            row = other.iloc[0]
            source, target = UNIT_CONVERSIONS.get(row["unit"]), UNIT_CONVERSIONS.get(first["unit"])
            factor = (
                f" (multiply by {source[1] / target[1]:g})"
                if source and target and source[0] == target[0]
                else ""
            )
            raise UserDataError(
                f"{row['file']}: row {row['line']}: indicator {indicator!r} is in "
                f"{row['unit']!r} but in {first['unit']!r} at {first['file']} row "
                f"{first['line']}; rule: one unit per indicator across all user files; fix: "
                f"convert the row to {first['unit']!r}{factor} or rename one of the indicators"
            )
        units[indicator] = first["unit"]
    return units


def _check_duplicates(frame: pd.DataFrame) -> pd.DataFrame:
    key = ["unit_code", "year", "indicator"]
    repeated = frame[frame.duplicated(key, keep=False)]
    for (code, year, indicator), rows in repeated.groupby(key, sort=True):
        if rows["value"].nunique() > 1:
            first, second = rows.iloc[0], rows.iloc[1]
            raise UserDataError(
                f"{second['file']}: row {second['line']}: unit {code}, year {year}, indicator "
                f"{indicator!r} is {second['value']:g} here and {first['value']:g} at "
                f"{first['file']} row {first['line']}; rule: one value per city, year and "
                "indicator (duplicate with conflict); fix: keep the figure of the final "
                "source and delete the other row"
            )
    if len(repeated):
        extra = int(frame.duplicated(key).sum())
        warnings.warn(
            f"user data: {extra} repeated row(s) with the same value (first: "
            f"{repeated.iloc[1]['file']} row {repeated.iloc[1]['line']}) kept once; rule: one "
            "row per city, year and indicator; fix: delete the repeats",
            RawDataWarning,
            stacklevel=3,
        )
    return frame.drop_duplicates(key)


def read_user_indicators(
    directory: Path | None, units: pd.DataFrame, reserved: set[str] | frozenset[str]
) -> UserIndicators:
    """Read and validate every user file of ``directory`` into panel rows.

    Parameters
    ----------
    directory : pathlib.Path or None
        The user folder (:func:`evalkit.config.user_data_dir`); None reads nothing.
    units : pandas.DataFrame
        The panel's cities: ``unit_code, unit_name, province_code``.
    reserved : set of str
        Indicator ids already in the panel (yearbook and derived).

    Returns
    -------
    UserIndicators
        The rows, the unit of each indicator and the checksum of each file.

    Raises
    ------
    UserDataError
        If a file breaks a rule of the template (see the module docstring).

    Examples
    --------
    >>> units = pd.DataFrame({"unit_code": ["330400"], "unit_name": ["嘉兴市"],
    ...                       "province_code": ["330000"]})
    >>> read_user_indicators(None, units, {"gdp"}).rows.empty
    True
    """
    files = user_files(directory)
    hashes = {path.name: sha256_file(path) for path in files}
    empty = pd.DataFrame(columns=[*LONG_COLUMNS, *FLAG_COLUMNS])
    frames = [_read_one(path, units, set(reserved)) for path in files]
    frames = [frame for frame in frames if len(frame)]
    if not frames:
        return UserIndicators(empty, {}, hashes, directory)
    frame = pd.concat(frames, ignore_index=True)
    indicator_units = _check_units(frame)
    frame = _check_duplicates(frame)
    frame = frame.merge(units[["unit_code", "unit_name", "province_code"]], on="unit_code")
    frame["source"] = frame["file"] + ":" + frame["line"].astype(str) + " " + frame["source"]
    for flag in FLAG_COLUMNS:
        frame[flag] = False
    rows = frame[[*LONG_COLUMNS, *FLAG_COLUMNS]].sort_values(["unit_code", "indicator", "year"])
    return UserIndicators(rows.reset_index(drop=True), indicator_units, hashes, directory)
