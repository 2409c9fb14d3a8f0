"""Readers of the Chinese-headed Excel tables (city yearbooks, pilot lists).

Each workbook is described by a :class:`XlsxTable`: which sheets hold data, and which
header names the year, the unit code, the unit name and the province. The indicator columns
and their units come from the indicator codebook. Rows without a year and without any
number in an indicator column (blank rows, notes and advertisements under the table) are
skipped and counted.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd

from evalkit.errors import RawDataError
from evalkit.panel.codebook import file_sources
from evalkit.panel.provinces import province_code
from evalkit.panel.readers import (
    check_duplicates,
    melt,
    note,
    parse_codes,
    parse_years,
    require_columns,
)

_ORDINALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


@dataclass(frozen=True)
class XlsxTable:
    """Where one workbook keeps its data.

    Parameters
    ----------
    sheets : tuple of str
        Data sheets, in priority order (a later sheet repeating a unit-year is an
        alternative source for the conflict rule). Other sheets are notes, not read.
    year, name : str
        Headers of the year and unit-name columns.
    code : str, optional
        Header of the 6-digit unit code column.
    province : str, optional
        Header of the province column (a name such as 浙江省, or a code).
    ordinal : str, optional
        A column written as 第一批/第二批 that is parsed to 1, 2, ...
    """

    sheets: tuple[str, ...]
    year: str
    name: str
    code: str | None = None
    province: str | None = None
    ordinal: str | None = None


TABLES: dict[str, XlsxTable] = {
    "city_yearbook/2000-2023地级市产业结构 .xlsx": XlsxTable(
        ("面板数据2000-2023", "2023"), "年度标识", "城市名称", "城市代码", "省份名称"
    ),
    "city_yearbook/金融发展水平（2003-2023）236缺失.xlsx": XlsxTable(
        ("Sheet1",), "年份", "城市", "城市代码", "省份代码"
    ),
    "city_yearbook/298个地级市人口密度1998-2024年无缺失.xlsx": XlsxTable(
        ("面板数据",), "年份", "城市", "城市代码", "省份代码"
    ),
    "city_yearbook/296个地级市GDP相关数据（以2000年为基期）.xlsx": XlsxTable(
        ("Sheet1",), "年份", "城市", None, "省份"
    ),
    "city_yearbook/1996-2023年地级市外商直接投资FDI.xlsx": XlsxTable(("Sheet1",), "year", "地级市"),
    "city_yearbook/各省+地级市+县级市人均道路面积.xlsx": XlsxTable(
        ("地级市+县级市",), "年份", "城市", "城市代码", "省份代码"
    ),
    "city_yearbook/地级市碳排放强度.xlsx": XlsxTable(
        ("Sheet1",), "年份", "城市", "城市代码", "所属省份"
    ),
    "city_yearbook/！00-23年31个省份存贷款余额及金融发展水平.xlsx": XlsxTable(
        ("Sheet1",), "year", "省份"
    ),
    "city_yearbook/汇率.xlsx": XlsxTable(("Sheet1",), "年份", "年份"),
    "pilot_lists/试点城市名单.xlsx": XlsxTable(
        ("Sheet1",), "pilot_year", "city_name", ordinal="batch"
    ),
}


def read_sheets(path: Path, relative: str, sheets: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    """Read sheets of a workbook as object columns named by the first row.

    Rows are indexed ``<sheet>!<excel row number>`` for the ``source`` column.

    Raises
    ------
    RawDataError
        If the file is empty, not a readable .xlsx (for example truncated), lacks a sheet,
        or a sheet has no header row.
    """
    if path.stat().st_size == 0:
        raise RawDataError(
            f"{relative}: the file is empty (0 bytes); rule: a raw file has a header and "
            "rows; fix: re-export or re-download it"
        )
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise RawDataError(
            f"{relative}: not a readable .xlsx workbook ({type(error).__name__}: {error}); "
            "rule: Excel inputs are complete .xlsx files; fix: re-download the file (it may "
            "be truncated) or re-save it from Excel as .xlsx"
        ) from None
    try:
        missing = [s for s in sheets if s not in book.sheetnames]
        if missing:
            raise RawDataError(
                f"{relative}: sheet(s) {missing} not found; the workbook has {book.sheetnames}; "
                "rule: evalkit reads the data sheets named in evalkit.panel.xlsx.TABLES; fix: "
                "restore the sheet name or update TABLES"
            )
        frames = {}
        for sheet in sheets:
            try:
                rows = list(book[sheet].iter_rows(values_only=True))
            except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as error:
                raise RawDataError(
                    f"{relative}: sheet {sheet!r} cannot be read ({type(error).__name__}); "
                    "rule: Excel inputs are complete .xlsx files; fix: re-download the file"
                ) from None
            frames[sheet] = _frame(rows, relative, sheet)
        return frames
    finally:
        book.close()


def _frame(rows: list[tuple], relative: str, sheet: str) -> pd.DataFrame:
    if not rows or all(cell is None for cell in rows[0]):
        raise RawDataError(
            f"{relative}: sheet {sheet!r} has no header in its first row; rule: the first row "
            "names the columns; fix: restore the header row"
        )
    header = [str(cell).strip() if cell is not None else f"(blank {i + 1})" for i, cell in
              enumerate(rows[0])]  # fmt: skip
    width = len(header)
    body = [tuple(row[:width]) + (None,) * (width - len(row)) for row in rows[1:]]
    frame = pd.DataFrame(body, columns=header, dtype=object)
    frame.index = [f"{sheet}!{number}" for number in range(2, len(body) + 2)]
    return frame


def _blank(values: pd.Series) -> pd.Series:
    return values.isna() | values.astype("string").str.strip().fillna("").eq("")


def _holds_numbers(frame: pd.DataFrame, columns: pd.Series) -> pd.Series:
    numeric = pd.Series(False, index=frame.index)
    for column in columns:
        cells = frame[column].astype("string").str.strip().fillna("")
        numeric |= cells.str.fullmatch(r"[-+]?[\d,.]+([eE][-+]?\d+)?") & cells.ne("")
    return numeric


def _ordinal(values: pd.Series, *, file: str, column: str) -> pd.Series:
    def parse(cell: object) -> object:
        text = str(cell).strip()
        if text.startswith("第") and text.endswith("批") and text[1:-1] in _ORDINALS:
            return _ORDINALS[text[1:-1]]
        return cell

    return values.map(parse)


def read_xlsx(path: Path, relative: str) -> pd.DataFrame:
    """Read one of the Excel tables listed in :data:`TABLES` into source rows.

    Parameters
    ----------
    path : pathlib.Path
        The workbook.
    relative : str
        Path below the data directory (a key of :data:`TABLES`).

    Returns
    -------
    pandas.DataFrame
        Source rows (:data:`evalkit.panel.readers.SOURCE_COLUMNS`).

    Examples
    --------
    >>> name = "city_yearbook/汇率.xlsx"
    >>> rows = read_xlsx(raw_file(name), name)  # doctest: +SKIP
    >>> rows["indicator"].unique().tolist()  # doctest: +SKIP
    ['usd_cny']
    """
    table = TABLES[relative]
    specs = file_sources(relative)
    level = specs["level"].iloc[0]
    parts = []
    for rank, (sheet, frame) in enumerate(read_sheets(path, relative, table.sheets).items()):
        keys = [table.year, table.name] + [c for c in (table.code, table.province) if c]
        require_columns(frame, [*keys, *specs["source_column"]], f"{relative} [{sheet}]")
        footer = _blank(frame[table.year]) & ~_holds_numbers(frame, specs["source_column"])
        if footer.any():
            note(
                f"{relative} [{sheet}]: {int(footer.sum())} row(s) without a year and without "
                "numbers skipped (blank rows and notes under the table)"
            )
        frame = frame[~footer].copy()
        frame["year"] = parse_years(frame, table.year, relative)
        if level == "nation":
            frame["source_code"], frame["source_name"] = "100000", "全国"
            frame["province_code"] = "100000"
        else:
            frame["source_name"] = frame[table.name].astype("string").str.strip().astype(object)
            frame["source_code"] = (
                parse_codes(frame[table.code], file=relative, column=table.code)
                if table.code
                else ""
            )
            frame["province_code"] = _provinces(frame, table, relative)
            if level == "province":
                frame["source_code"] = [province_code(name, file=relative, row=row) for
                                        row, name in frame["source_name"].items()]  # fmt: skip
                frame["province_code"] = frame["source_code"]
        if table.ordinal:
            frame[table.ordinal] = _ordinal(frame[table.ordinal], file=relative, column="")
        rows = melt(frame, relative, specs)
        rows["priority"] = rows["priority"] + rank / 10
        parts.append(rows)
    return check_duplicates(pd.concat(parts, ignore_index=True), relative)


def _provinces(frame: pd.DataFrame, table: XlsxTable, relative: str) -> pd.Series:
    if table.province is None:
        return pd.Series("", index=frame.index, dtype=object)
    cells = frame[table.province]
    as_text = cells.astype("string").str.strip().fillna("")
    if as_text.str.fullmatch(r"\d{6}(\.0)?|").all():
        return parse_codes(cells, file=relative, column=table.province)
    lookup = {name: province_code(name, file=relative, row=row) for row, name in
              as_text.drop_duplicates().items() if name}  # fmt: skip
    return as_text.map(lookup).fillna("").astype(object)
