"""Readers that turn one raw file into the long panel format.

Each reader returns the columns of :data:`LONG_COLUMNS`: one row per unit, year and
indicator, the value in the indicator's canonical unit and the source file and row.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from evalkit.errors import RawDataError
from evalkit.panel.codebook import indicator_codebook
from evalkit.panel.numbers import parse_numeric

LONG_COLUMNS = ["unit_code", "unit_name", "province_code", "year", "indicator", "value", "source"]
_DES_LINE = re.compile(r"^(?P<code>\w+) \[(?P<label>[^\]]*)\]")


def read_csmar_codebook(path: Path) -> dict[str, str]:
    """Read a CSMAR ``[DES]`` codebook into ``{column code: label}``.

    Parameters
    ----------
    path : pathlib.Path
        The ``<table>[DES][csv].txt`` file shipped beside a CSMAR extract.
    """
    entries = {}
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        match = _DES_LINE.match(line.strip())
        if match:
            entries[match["code"]] = match["label"].strip()
    if not entries:
        raise RawDataError(
            f"{path.name}: no 'Code [Label]' lines found; rule: a CSMAR codebook lists each "
            "column as 'Code [Label] - unit'; fix: use the [DES] file exported with the table"
        )
    return entries


def _column_for(labels: dict[str, str], label: str, file: str) -> str:
    for code, text in labels.items():
        if text.lower() == label.lower():
            return code
    raise RawDataError(
        f"{file}: its codebook has no column labelled {label!r}; rule: CSMAR regional tables "
        "identify year, city and province by their codebook labels; fix: export the table "
        "with those fields"
    )


def _read_csv(path: Path, **kwargs) -> pd.DataFrame:
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig", **kwargs)
    except UnicodeDecodeError as error:
        raise RawDataError(
            f"{path.name}: not UTF-8 text (byte {error.start}); rule: CSV inputs are UTF-8; "
            "fix: re-export the file as UTF-8 (e.g. iconv -f GB18030 -t UTF-8)"
        ) from None
    except pd.errors.EmptyDataError:
        raise RawDataError(
            f"{path.name}: the file is empty; rule: a raw file has a header and rows; "
            "fix: re-export it"
        ) from None
    # CSV line number of each row (header is line 1), for the `source` column.
    frame.index = pd.RangeIndex(2, len(frame) + 2, name="line")
    return frame


def _require(frame: pd.DataFrame, columns: list[str], file: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise RawDataError(
            f"{file}: missing column(s) {missing}; found {list(frame.columns)}; rule: the "
            "header must hold these columns; fix: restore the original header row"
        )


def _melt(frame: pd.DataFrame, file: str, columns: dict[str, str]) -> pd.DataFrame:
    """Stack ``{source column: indicator}`` into long rows, parsing numbers."""
    parts = []
    for column, indicator in columns.items():
        values = parse_numeric(frame[column], file=file, column=column)
        keep = values.notna()
        part = frame.loc[keep, ["unit_code", "unit_name", "province_code", "year"]].copy()
        part["indicator"] = indicator
        part["value"] = values[keep]
        part["source"] = [f"{file}:{line}" for line in part.index]
        parts.append(part)
    return pd.concat(parts, ignore_index=True)[LONG_COLUMNS]


def _parse_year(frame: pd.DataFrame, column: str, file: str) -> pd.Series:
    years = parse_numeric(frame[column], file=file, column=column)
    if years.isna().any() or (years % 1 != 0).any():
        row = years.index[(years.isna() | (years % 1 != 0)).to_numpy()][0]
        raise RawDataError(
            f"{file}: column {column!r}, line {row}: year {frame.loc[row, column]!r} is not a "
            "whole number; rule: every row has a calendar year; fix: correct the cell"
        )
    return years.astype("int64")


def _sources(file: str) -> dict[str, str]:
    book = indicator_codebook()
    rows = book[book["source_file"] == file]
    return dict(zip(rows["source_column"], rows["id"], strict=True))


def read_csmar(path: Path, relative: str) -> pd.DataFrame:
    """Read a CSMAR regional-economy extract, using its ``[DES]`` codebook for meanings.

    Parameters
    ----------
    path : pathlib.Path
        The CSV file; its codebook ``<stem>[DES][csv].txt`` must be beside it.
    relative : str
        Path below the data directory, used in ``source`` and messages.
    """
    des = path.with_name(f"{path.stem}[DES][csv].txt")
    if not des.is_file():
        raise RawDataError(
            f"{relative}: codebook {des.name} not found beside it; rule: CSMAR extracts are "
            "read through their [DES] codebooks; fix: put the codebook beside the CSV"
        )
    labels = read_csmar_codebook(des)
    frame = _read_csv(path)
    year = _column_for(labels, "Year Sign", relative)
    code = _column_for(labels, "City Code", relative)
    name = _column_for(labels, "Name Of City", relative)
    province = _column_for(labels, "Province Sign", relative)
    book = indicator_codebook()
    wanted = book[book["source_file"] == relative]
    for column, label in zip(wanted["source_column"], wanted["source_label"], strict=True):
        if labels.get(column, "").lower() != label.lower():
            raise RawDataError(
                f"{relative}: codebook says column {column!r} is {labels.get(column)!r}, the "
                f"indicator codebook expects {label!r}; rule: a source column's meaning must "
                "match its codebook; fix: update src/evalkit/panel/indicators.csv"
            )
    _require(frame, [year, code, name, province, *wanted["source_column"]], relative)
    frame["year"] = _parse_year(frame, year, relative)
    frame["unit_code"] = frame[code].str.strip()
    frame["unit_name"] = frame[name].str.strip()
    frame["province_code"] = frame[province].str.strip()
    return _melt(frame, relative, _sources(relative))


def read_night_lights(path: Path, relative: str) -> pd.DataFrame:
    """Read the city night-lights file (sum of lights by class and year).

    Parameters
    ----------
    path : pathlib.Path
        ``remote_sensing/ntl_sum_of_lights_by_city.csv``.
    relative : str
        Path below the data directory, used in ``source`` and messages.
    """
    frame = _read_csv(path)
    _require(frame, ["province_id", "city", "city_id", "year", *_sources(relative)], relative)
    frame["year"] = _parse_year(frame, "year", relative)
    frame["unit_code"] = frame["city_id"].str.strip()
    frame["unit_name"] = frame["city"].str.strip()
    frame["province_code"] = frame["province_id"].str.strip()
    return _melt(frame, relative, _sources(relative))


READERS: dict[str, Callable[[Path, str], pd.DataFrame]] = {
    "csmar_regional/CRE_Eplwagct.csv": read_csmar,
    "remote_sensing/ntl_sum_of_lights_by_city.csv": read_night_lights,
}
