"""Every file in tests/panel/bad_inputs/ ends in an EvalkitError or a counted warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from evalkit.errors import RawDataError
from evalkit.panel import read_raw
from evalkit.panel.readers import RawDataWarning

CORPUS = Path(__file__).parent / "bad_inputs"
CENSUS = "census/census_city_2010-2020_v1_nogeom.csv"
LIGHTS = "remote_sensing/ntl_sum_of_lights_by_city.csv"
FDI = "city_yearbook/1996-2023年地级市外商直接投资FDI.xlsx"
FINANCE = "city_yearbook/金融发展水平（2003-2023）236缺失.xlsx"
CSMAR = "csmar_regional/CRE_Eplwagct.csv"

ERRORS = {
    "empty_file": (CENSUS, f"{CENSUS}: the file is empty (0 bytes); rule: a raw file has a "
                   "header and rows; fix: re-export or re-download it"),
    "wrong_encoding": (CENSUS, f"{CENSUS}: not UTF-8 text (byte 58); rule: CSV inputs are "
                       "UTF-8; fix: re-export the file as UTF-8"),
    "text_in_numeric": (LIGHTS, f"{LIGHTS}: column 'total_sol', row 3: 'about 3' is not a "
                        "number (1 such cells); rule: numeric columns hold numbers"),
    "duplicate_conflict": (LIGHTS, f"{LIGHTS}: unit '杭州市' (330100), year 2015, indicator "
                           "'night_lights' appears 2 times with different values [2.0, 2.5]"),
    "wrong_header": (CSMAR, f"{CSMAR}: missing column(s) ['Eect02', 'Eect05', 'Eect06', "
                     "'Eect11', 'Eect13']; found ['Sgnyea', 'Ctnm_en', 'Ctnm_id', 'Prvcnm_id', "
                     "'Eect01']; rule: the header must hold these columns"),
    "des_merge_conflict": (CSMAR, "CRE_Eplwagct[DES][csv].txt: line 14: column 'Eect06' is "
                           "labelled both 'Urban Individual Worker' and 'Private Enterprise "
                           "Employees' (unresolved merge conflict); rule: each column has one "
                           "meaning; fix: resolve the conflict in the codebook"),
    "missing_header": (FINANCE, f"{FINANCE}: sheet 'Sheet1' has no header in its first row; "
                       "rule: the first row names the columns; fix: restore the header row"),
    "truncated_xlsx": (FINANCE, f"{FINANCE}: not a readable .xlsx workbook (BadZipFile: File "
                       "is not a zip file); rule: Excel inputs are complete .xlsx files; fix: "
                       "re-download the file (it may be truncated)"),
    "unknown_unit": (FDI, f"{FDI}: column '单位 (外商直接投资)' is in '千欧元', which evalkit "
                     "cannot convert to the canonical unit '万美元'"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_bad_input_raises_with_message(case: str) -> None:
    relative, message = ERRORS[case]
    with pytest.raises(RawDataError) as caught:
        read_raw(CORPUS / case / relative)
    assert message in str(caught.value)


def test_mixed_units_are_converted_row_by_row_with_a_warning() -> None:
    with pytest.warns(
        RawDataWarning, match=r"column '单位' mixes units \{'百万美元': 1, '万美元': 1\}"
    ):
        rows = read_raw(CORPUS / "mixed_units" / FDI)
    assert rows.set_index("year")["value"].to_dict() == {2015: 7160.0, 2016: 7210.0}


def test_unknown_city_is_left_out_with_a_counted_warning() -> None:
    with pytest.warns(RawDataWarning, match=r"2 row\(s\) of 1 unit name\(s\) match no "
                      r"prefecture-level city in the crosswalk \(桃花源市\)"):  # fmt: skip
        rows = read_raw(CORPUS / "unknown_city" / CENSUS)
    assert rows["unit_code"].unique().tolist() == ["330100"]
    assert rows.set_index("year")["value"].to_dict() == {2010: 870.0373, 2020: 1193.601}


def test_every_corpus_case_has_a_test() -> None:
    cases = {path.name for path in CORPUS.iterdir() if path.is_dir()}
    assert cases == {*ERRORS, "mixed_units", "unknown_city"}


def test_unknown_file_has_no_reader() -> None:
    with pytest.raises(RawDataError, match=r"notes\.csv: no reader for this file; rule: evalkit "
                       r"reads the files listed in evalkit.panel.registry.READERS"):  # fmt: skip
        read_raw("misc/notes.csv")
