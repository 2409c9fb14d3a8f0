import re

import pandas as pd
import pytest

from evalkit.errors import RawDataError
from evalkit.panel.readers import (
    RawDataWarning,
    check_duplicates,
    parse_codes,
    parse_years,
    read_csmar_codebook,
    read_csv_text,
    require_columns,
)


def test_csv_rows_are_indexed_by_line_and_read_as_text(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("\ufeffcode,year\n330100,2015\n0330200,2016\n", encoding="utf-8")
    frame = read_csv_text(path, "raw/a.csv")
    assert frame.index.tolist() == [2, 3] and frame.index.name == "line"
    assert frame["code"].tolist() == ["330100", "0330200"]  # text, leading zero kept


def test_empty_and_non_utf8_files_are_refused(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(RawDataError, match=re.escape("raw/empty.csv: the file is empty (0 bytes)")):
        read_csv_text(empty, "raw/empty.csv")
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("城市,年份\n杭州,2015\n".encode("gb18030"))
    with pytest.raises(RawDataError, match=r"raw/gbk.csv: not UTF-8 text \(byte 0\)"):
        read_csv_text(gbk, "raw/gbk.csv")


def test_missing_header_columns_are_named():
    frame = pd.DataFrame(columns=["code", "yr"])
    with pytest.raises(
        RawDataError, match=re.escape("f.csv: missing column(s) ['year']; found ['code', 'yr']")
    ):
        require_columns(frame, ["code", "year"], "f.csv")


def test_years_and_codes_are_parsed_or_the_cell_is_named():
    frame = pd.DataFrame({"year": ["2015", "２０１６", "2017.0"]}, index=[2, 3, 4])
    assert parse_years(frame, "year", "f.csv").tolist() == [2015, 2016, 2017]
    with pytest.raises(
        RawDataError, match=re.escape("f.csv: column 'year', row 3: year '2016.5' is not a whole")
    ):
        parse_years(pd.DataFrame({"year": ["2015", "2016.5"]}, index=[2, 3]), "year", "f.csv")
    codes = pd.Series(["330100", 330200, 330300.0, ""], index=[2, 3, 4, 5])
    assert parse_codes(codes, file="f.csv", column="code").tolist() == [
        "330100",
        "330200",
        "330300",
        "",
    ]
    with pytest.raises(RawDataError, match=re.escape("row 3: '3301' is not a 6-digit")):
        parse_codes(pd.Series(["330100", "3301"], index=[2, 3]), file="f.csv", column="code")


def test_codebook_units_labels_and_conflicts(tmp_path):
    path = tmp_path / "t[DES][csv].txt"
    path.write_text(
        "Prvcnm [Province name]\nGdp [GDP] - (unit: 100 million)\nPop [Population]\n",
        encoding="utf-8",
    )
    assert read_csmar_codebook(path) == {
        "Prvcnm": ("Province name", None),
        "Gdp": ("GDP", "亿元"),
        "Pop": ("Population", None),
    }
    path.write_text("<<<<<<< a\nGdp [GDP]\n=======\nGdp [Output]\n>>>>>>> b\n", encoding="utf-8")
    with pytest.raises(RawDataError, match="column 'Gdp' is labelled both 'GDP' and 'Output'"):
        read_csmar_codebook(path)
    path.write_text("just text\n", encoding="utf-8")
    with pytest.raises(RawDataError, match="no 'Code \\[Label\\]' lines found"):
        read_csmar_codebook(path)


def _rows(values):
    return pd.DataFrame(
        {
            "source_code": "330100",
            "source_name": "杭州",
            "year": 2015,
            "indicator": "gdp",
            "priority": 1,
            "value": values,
            "source": [f"f.csv:{i + 2}" for i in range(len(values))],
        }
    )


def test_exact_duplicates_are_dropped_with_a_count_and_conflicts_refused():
    with pytest.warns(RawDataWarning, match=re.escape("f.csv: 1 exact duplicate row(s) dropped")):
        kept = check_duplicates(_rows([5.0, 5.0]), "f.csv")
    assert len(kept) == 1
    with pytest.raises(RawDataError, match=re.escape("with different values [5.0, 6.0]")):
        check_duplicates(_rows([5.0, 6.0]), "f.csv")
