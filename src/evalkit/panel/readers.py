"""Shared reader machinery and the readers of the CSV sources.

A reader turns one raw file into *source rows* (:data:`SOURCE_COLUMNS`): the code and name
the file gives each unit, the year, the canonical indicator id, the value in the
indicator's canonical unit, the file and row it came from, the source's priority for that
indicator and the flags the file itself supports (``interpolated``: the compiler filled the
cell; ``rounded``: far fewer significant digits than the column's other values). Units are
mapped to harmonised codes afterwards, by :mod:`evalkit.panel.crosswalk`.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from evalkit.errors import RawDataError
from evalkit.panel.codebook import file_sources
from evalkit.panel.numbers import (
    UNIT_CONVERSIONS,
    header_unit,
    parse_numeric,
    remove_float_noise,
    significant_digits,
    unit_factor,
)

LONG_COLUMNS = ["unit_code", "unit_name", "province_code", "year", "indicator", "value", "source"]
FLAG_COLUMNS = ["interpolated", "rounded", "break_suspected", "conflict", "jump"]
SOURCE_COLUMNS = [
    "source_code", "source_name", "province_code", "year", "indicator", "value", "source",
    "priority", "level", "interpolated", "rounded",
]  # fmt: skip
# A value is "rounded" when it has at most this many significant digits and at least
# ROUNDED_GAP fewer than the median value of its column (Jiaxing GDP 2019: 53700000 万元
# among 8-digit values).
ROUNDED_MAX_DIGITS = 4
ROUNDED_GAP = 3
_DES_LINE = re.compile(r"^(?P<code>\w+) \[(?P<label>[^\]]*)\]\s*-?\s*(?P<note>.*)$")
_DES_UNIT = re.compile(r"\(unit:\s*(?P<unit>[^)]*)\)")
_DES_UNITS = {"100 million": "亿元", "10000": "万元", "cny": "元"}
_CONFLICT_MARK = re.compile(r"^(<<<<<<<|=======|>>>>>>>)")


class RawDataWarning(UserWarning):
    """Raw data that can still be used but needed a documented repair (counted in the report)."""


def note(message: str) -> None:
    """Emit a :class:`RawDataWarning`; the build records it in the quality report."""
    warnings.warn(message, RawDataWarning, stacklevel=3)


def read_csmar_codebook(path: Path) -> dict[str, tuple[str, str | None]]:
    """Read a CSMAR ``[DES]`` codebook into ``{column code: (label, unit or None)}``.

    Unresolved version-control merge markers (``<<<<<<<``) are tolerated when both sides
    give a column the same label, with a :class:`RawDataWarning`; a label that differs
    between the sides is an error, because the column's meaning is then unknown.

    Parameters
    ----------
    path : pathlib.Path
        The ``<table>[DES][csv].txt`` file shipped beside a CSMAR extract.

    Raises
    ------
    RawDataError
        If no ``Code [Label]`` lines are found or the two sides of a merge conflict give
        one column different labels.
    """
    entries: dict[str, tuple[str, str | None]] = {}
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    conflicted = any(_CONFLICT_MARK.match(line) for line in lines)
    for number, line in enumerate(lines, start=1):
        match = _DES_LINE.match(line.strip())
        if not match:
            continue
        unit_match = _DES_UNIT.search(match["note"])
        unit = _DES_UNITS.get(unit_match["unit"].strip().lower()) if unit_match else None
        label = match["label"].strip()
        code = match["code"]
        if code in entries:
            if entries[code][0].lower() != label.lower():
                raise RawDataError(
                    f"{path.name}: line {number}: column {code!r} is labelled both "
                    f"{entries[code][0]!r} and {label!r} (unresolved merge conflict); rule: "
                    "each column has one meaning; fix: resolve the conflict in the codebook"
                )
            unit = unit or entries[code][1]
        entries[code] = (label, unit)
    if not entries:
        raise RawDataError(
            f"{path.name}: no 'Code [Label]' lines found; rule: a CSMAR codebook lists each "
            "column as 'Code [Label] - unit'; fix: use the [DES] file exported with the table"
        )
    if conflicted:
        note(
            f"{path.name}: contains unresolved merge-conflict markers (<<<<<<< ======= "
            ">>>>>>>); both sides agree on every column label, so the codebook was used; "
            "units were taken from the side that states them"
        )
    return entries


def read_csv_text(path: Path, relative: str) -> pd.DataFrame:
    """Read a UTF-8 CSV as strings, indexing rows by their line number (header is line 1).

    Raises
    ------
    RawDataError
        If the file is empty or not UTF-8.
    """
    if path.stat().st_size == 0:
        raise RawDataError(
            f"{relative}: the file is empty (0 bytes); rule: a raw file has a header and "
            "rows; fix: re-export or re-download it"
        )
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise RawDataError(
            f"{relative}: not UTF-8 text (byte {error.start}); rule: CSV inputs are UTF-8; "
            "fix: re-export the file as UTF-8 (e.g. iconv -f GB18030 -t UTF-8)"
        ) from None
    except (pd.errors.EmptyDataError, pd.errors.ParserError) as error:
        raise RawDataError(
            f"{relative}: cannot be parsed as CSV ({error}); rule: a raw file has one header "
            "line and rows with the same number of fields; fix: re-export it"
        ) from None
    frame.index = pd.RangeIndex(2, len(frame) + 2, name="line")
    return frame


def require_columns(frame: pd.DataFrame, columns: list[str], file: str) -> None:
    """Raise :class:`RawDataError` naming the missing columns if any is absent."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise RawDataError(
            f"{file}: missing column(s) {missing}; found {[str(c) for c in frame.columns]}; "
            "rule: the header must hold these columns (see src/evalkit/panel/indicators.csv); "
            "fix: restore the original header row"
        )


def parse_years(frame: pd.DataFrame, column: str, file: str) -> pd.Series:
    """Parse a year column into int64; every row must have a whole year."""
    years = parse_numeric(frame[column], file=file, column=column)
    bad = years.isna() | (years % 1 != 0)
    if bad.any():
        row = years.index[bad.to_numpy()][0]
        raise RawDataError(
            f"{file}: column {column!r}, row {row}: year {frame.loc[row, column]!r} is not a "
            "whole number; rule: every row has a calendar year; fix: correct the cell"
        )
    return years.astype("int64")


def parse_codes(values: pd.Series, *, file: str, column: str) -> pd.Series:
    """Parse 6-digit administrative codes written as text, integers or floats."""
    numbers = parse_numeric(values, file=file, column=column)
    bad = numbers.notna() & ((numbers % 1 != 0) | (numbers < 100000) | (numbers > 999999))
    if bad.any():
        row = numbers.index[bad.to_numpy()][0]
        raise RawDataError(
            f"{file}: column {column!r}, row {row}: {values.loc[row]!r} is not a 6-digit "
            "administrative code; rule: code columns hold codes like 330100; fix: correct "
            "the cell"
        )
    text = numbers.astype("Int64").astype("string").fillna("")
    return text.astype(object)


def _row_factors(frame: pd.DataFrame, spec: pd.Series, file: str) -> pd.Series:
    column, canonical = spec["source_column"], spec["unit"]
    if spec["source_unit"].startswith("="):
        unit_column = spec["source_unit"][1:]
        require_columns(frame, [unit_column], file)
        units = frame[unit_column].astype("string").fillna("").str.strip()
        counts = units.value_counts()
        factors = {
            unit: unit_factor(unit, canonical, file=file, column=f"{unit_column} ({column})")
            for unit in counts.index
        }
        if len(counts) > 1:
            note(
                f"{file}: column {unit_column!r} mixes units {counts.to_dict()}; each row of "
                f"{column!r} was converted to {canonical} by its own unit"
            )
        return units.map(factors).astype("float64")
    written = header_unit(column)
    if written is not None and spec["source_unit"] in UNIT_CONVERSIONS:
        if written != spec["source_unit"]:
            raise RawDataError(
                f"{file}: header {column!r} says {written!r} but the codebook expects "
                f"{spec['source_unit']!r}; rule: a column's unit must match its codebook "
                "entry; fix: correct the header or src/evalkit/panel/indicators.csv"
            )
    factor = unit_factor(spec["source_unit"], canonical, file=file, column=column)
    return pd.Series(factor, index=frame.index, dtype="float64")


def _rounded(values: np.ndarray) -> np.ndarray:
    digits = significant_digits(values)
    present = digits[digits > 0]
    if len(present) < 10:
        return np.zeros(len(values), dtype=bool)
    typical = np.median(present)
    return (digits > 0) & (digits <= ROUNDED_MAX_DIGITS) & (digits <= typical - ROUNDED_GAP)


def _convert(values: np.ndarray, factors: np.ndarray) -> np.ndarray:
    """Scale by unit factors, removing binary noise the scaling adds (71.6 * 100 = 7160)."""
    scaled = values * factors
    changed = np.flatnonzero((factors != 1) & np.isfinite(scaled))
    scaled[changed] = [float(f"{value:.12g}") for value in scaled[changed]]
    return scaled


def melt(frame: pd.DataFrame, file: str, specs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Stack the codebook's source columns of one table into source rows.

    ``frame`` must already hold ``source_code, source_name, province_code, year`` and be
    indexed by the row label used in ``source`` (CSV line or ``sheet!row``).

    Parameters
    ----------
    frame : pandas.DataFrame
        The table, one row per unit and year.
    file : str
        Path below the data directory (codebook ``source_file``).
    specs : pandas.DataFrame, optional
        Codebook rows to use; default all rows for ``file``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SOURCE_COLUMNS`.
    """
    specs = file_sources(file) if specs is None else specs
    require_columns(frame, list(specs["source_column"]), file)
    parts = []
    for _, spec in specs.iterrows():
        column = spec["source_column"]
        values = pd.Series(
            remove_float_noise(parse_numeric(frame[column], file=file, column=column)),
            index=frame.index,
        )
        interpolated = pd.Series(False, index=frame.index)
        if spec["fill_column"]:
            require_columns(frame, [spec["fill_column"]], file)
            fill = parse_numeric(frame[spec["fill_column"]], file=file, column=spec["fill_column"])
            fill = pd.Series(remove_float_noise(fill), index=frame.index)
            interpolated = values.isna() & fill.notna()
            values = values.fillna(fill)
        rounded = pd.Series(_rounded(values.to_numpy()), index=frame.index)
        factors = _row_factors(frame, spec, file)
        keep = values.notna().to_numpy()
        scaled = _convert(values.to_numpy(), factors.to_numpy())
        part = frame.loc[keep, ["source_code", "source_name", "province_code", "year"]].copy()
        part["indicator"] = spec["id"]
        part["value"] = scaled[keep]
        part["source"] = [f"{file}:{label}" for label in part.index]
        part["priority"] = spec["priority"]
        part["level"] = spec["level"]
        part["interpolated"] = interpolated[keep].to_numpy()
        part["rounded"] = rounded[keep].to_numpy()
        parts.append(part)
    if not parts:
        return pd.DataFrame(columns=SOURCE_COLUMNS)
    return pd.concat(parts, ignore_index=True)[SOURCE_COLUMNS]


def check_duplicates(rows: pd.DataFrame, file: str) -> pd.DataFrame:
    """Drop exact duplicate unit-year-indicator rows (with a warning); refuse conflicting ones.

    Rows that differ only in ``priority`` (for instance two sheets of one workbook) are left
    for the cross-source conflict rule.

    Raises
    ------
    RawDataError
        If one unit, year and indicator has two different values at one priority.
    """
    key = ["source_code", "source_name", "year", "indicator", "priority"]
    repeated = rows.duplicated(key, keep=False)
    if not repeated.any():
        return rows
    same = rows.duplicated([*key, "value"], keep="first")
    conflicting = rows[repeated].groupby(key, sort=False)["value"].nunique() > 1
    if conflicting.any():
        first = conflicting[conflicting].index[0]
        where = rows[(rows[key] == pd.Series(first, index=key)).all(axis=1)]
        raise RawDataError(
            f"{file}: unit {first[1] or first[0]!r} ({first[0] or 'no code'}), year {first[2]}, "
            f"indicator {first[3]!r} appears {len(where)} times with different values "
            f"{where['value'].tolist()} at {where['source'].tolist()}; rule: one value per "
            "unit, year and indicator in a file; fix: delete the wrong row"
        )
    note(f"{file}: {int(same.sum())} exact duplicate row(s) dropped (same unit, year, value)")
    return rows[~same]


def read_csmar(path: Path, relative: str) -> pd.DataFrame:
    """Read a CSMAR regional-economy extract, using its ``[DES]`` codebook for meanings.

    Column meanings and units come from the codebook file beside the CSV; the indicator
    codebook (``indicators.csv``) must agree with them, else the reader refuses the file.

    Parameters
    ----------
    path : pathlib.Path
        The CSV file; its codebook ``<stem>[DES][csv].txt`` must be beside it.
    relative : str
        Path below the data directory, used in ``source`` and messages.

    Examples
    --------
    >>> rows = read_csmar(raw_file("csmar_regional/CRE_Eplwagct.csv"),
    ...                   "csmar_regional/CRE_Eplwagct.csv")  # doctest: +SKIP
    """
    des = path.with_name(f"{path.stem}[DES][csv].txt")
    if not des.is_file():
        raise RawDataError(
            f"{relative}: codebook {des.name} not found beside it; rule: CSMAR extracts are "
            "read through their [DES] codebooks; fix: put the codebook beside the CSV"
        )
    labels = read_csmar_codebook(des)
    by_label = {label.lower(): code for code, (label, _) in labels.items()}
    frame = read_csv_text(path, relative)
    wanted = file_sources(relative)
    require_columns(frame, list(wanted["source_column"]), relative)
    for column, label, unit in wanted[["source_column", "source_label", "source_unit"]].values:
        stated_label, stated_unit = labels.get(column, ("", None))
        if stated_label.lower() != label.lower():
            raise RawDataError(
                f"{relative}: codebook {des.name} says column {column!r} is {stated_label!r}, "
                f"the indicator codebook expects {label!r}; rule: a source column's meaning "
                "must match its codebook; fix: update src/evalkit/panel/indicators.csv"
            )
        if stated_unit is not None and stated_unit != unit:
            raise RawDataError(
                f"{relative}: codebook {des.name} gives column {column!r} the unit "
                f"{stated_unit!r}, the indicator codebook expects {unit!r}; rule: units come "
                "from the codebook; fix: update src/evalkit/panel/indicators.csv"
            )
    if "year sign" not in by_label:
        raise RawDataError(
            f"{relative}: codebook {des.name} has no 'Year Sign' column; rule: CSMAR regional "
            "tables identify the year by that label; fix: export the table with it"
        )
    year = by_label["year sign"]
    code = by_label.get("city code") or by_label.get("province code")
    name = by_label.get("name of city") or by_label.get("name of province")
    province = by_label.get("province sign") or by_label.get("province code")
    if code is None or name is None or province is None:
        raise RawDataError(
            f"{relative}: codebook {des.name} lacks a 'City Code'/'Province Code' or name "
            "column; rule: CSMAR regional tables identify units by these labels; fix: export "
            "the table with those fields"
        )
    require_columns(frame, [year, code, name, province], relative)
    frame["year"] = parse_years(frame, year, relative)
    frame["source_code"] = parse_codes(frame[code], file=relative, column=code)
    frame["source_name"] = frame[name].str.strip()
    frame["province_code"] = parse_codes(frame[province], file=relative, column=province)
    return check_duplicates(melt(frame, relative), relative)


def read_night_lights(path: Path, relative: str) -> pd.DataFrame:
    """Read the city night-lights file (sum of lights by land class and year).

    Parameters
    ----------
    path : pathlib.Path
        ``remote_sensing/ntl_sum_of_lights_by_city.csv``.
    relative : str
        Path below the data directory, used in ``source`` and messages.
    """
    frame = read_csv_text(path, relative)
    require_columns(frame, ["province_id", "city", "city_id", "year"], relative)
    frame["year"] = parse_years(frame, "year", relative)
    frame["source_code"] = parse_codes(frame["city_id"], file=relative, column="city_id")
    frame["source_name"] = frame["city"].str.strip()
    frame["province_code"] = parse_codes(frame["province_id"], file=relative, column="province_id")
    return check_duplicates(melt(frame, relative), relative)


def read_census(path: Path, relative: str) -> pd.DataFrame:
    """Read the 2010 and 2020 census city table (columns ``popu_2010``, ``popu_2020``).

    Each ``popu_<year>`` column becomes the ``resident_population`` of that year, in 万人.
    """
    frame = read_csv_text(path, relative)
    require_columns(frame, ["city", "city_code", "province_code"], relative)
    spec = file_sources(relative)
    base = spec.iloc[0]
    columns = sorted(
        c for c in frame.columns if re.fullmatch(rf"{base['source_column']}_\d{{4}}", c)
    )
    if not columns:
        raise RawDataError(
            f"{relative}: no column named {base['source_column']}_<year>; found "
            f"{list(frame.columns)}; rule: census tables give one column per census year; "
            "fix: restore the original header"
        )
    parts = []
    for column in columns:
        part = pd.DataFrame(index=frame.index)
        part["source_code"] = parse_codes(frame["city_code"], file=relative, column="city_code")
        part["source_name"] = frame["city"].str.strip()
        part["province_code"] = parse_codes(
            frame["province_code"], file=relative, column="province_code"
        )
        part["year"] = int(column.rsplit("_", 1)[1])
        part[column] = frame[column]
        row_spec = spec.assign(source_column=column)
        parts.append(melt(part, relative, row_spec))
    return check_duplicates(pd.concat(parts, ignore_index=True), relative)
