"""Bring-your-own indicator files: each bad-input case gives its one-line error."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from evalkit import config
from evalkit.errors import DataDirError
from evalkit.panel.byo import UserDataError, read_user_indicators, user_files
from evalkit.panel.readers import RawDataWarning

CASES = Path(__file__).parent / "byo_inputs"
UNITS = pd.DataFrame({"unit_code": ["330100", "330400"], "unit_name": ["杭州市", "嘉兴市"],
                      "province_code": ["330000", "330000"]})  # fmt: skip
RESERVED = {"loans", "gdp", "individual_worker_share"}

ERRORS = {
    "unknown_code": "user/new_smf.csv: row 3: unknown unit_code '330499'; rule: unit_code is "
    "the 6-digit code of a prefecture-level city in the panel; fix: use the city's code (e.g. "
    "330400 for 嘉兴市; evalkit.panel.load().units lists them)",
    "duplicate_conflict": "user/new_smf.csv: row 4: unit 330400, year 2018, indicator "
    "'new_smf' is 25600 here and 25592 at user/new_smf.csv row 2; rule: one value per city, "
    "year and indicator (duplicate with conflict); fix: keep the figure of the final source "
    "and delete the other row",
    "text_in_number": "user/new_smf.csv: column 'value', row 3: '约26000' is not a number (1 "
    "such cells); rule: value holds a number; fix: write the number alone (digits and one "
    "decimal point, no words or units), e.g. 3213",
    "unit_mismatch": "user/b.csv: row 2: indicator 'new_smf_loans' is in '万元' but in '亿元' "
    "at user/a.csv row 2; rule: one unit per indicator across all user files; fix: convert the "
    "row to '亿元' (multiply by 0.0001) or rename one of the indicators",
    "bad_header": "user/new_smf.csv: row 1: header ['city', 'year', 'indicator', 'value', "
    "'unit', 'source']; rule: the header is exactly unit_code,year,indicator,value,unit,source; "
    "fix: copy the header of data/user/template.csv",
    "reserved_indicator": "user/loans.csv: row 2: indicator 'loans' is already a panel "
    "indicator; rule: a user indicator does not reuse a yearbook or derived indicator id; fix: "
    "rename it (e.g. user_loans)",
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_bad_user_file_raises_one_line_error(case: str) -> None:
    with pytest.raises(UserDataError) as caught:
        read_user_indicators(CASES / case, UNITS, RESERVED)
    assert str(caught.value) == ERRORS[case]
    assert "\n" not in str(caught.value)


def test_every_fixture_folder_has_a_test() -> None:
    assert {p.name for p in CASES.iterdir() if p.is_dir()} == {*ERRORS, "good"}


def test_good_files_give_panel_rows_units_and_checksums() -> None:
    with pytest.warns(RawDataWarning, match=r"1 repeated row\(s\) with the same value \(first: "
                      r"user/loans.csv row 3\) kept once"):  # fmt: skip
        user = read_user_indicators(CASES / "good", UNITS, RESERVED)
    assert user.units == {"individual_to_enterprise": "家", "new_smf_loans": "亿元"}
    assert len(user.rows) == 6  # 5 + 2 rows, one repeat dropped
    assert set(user.sha256) == {"individual_to_enterprise.csv", "loans.csv"}
    assert all(len(digest) == 64 for digest in user.sha256.values())
    tidy = user.tidy().set_index("indicator")
    assert tidy.loc["individual_to_enterprise", ["cities", "first_year", "last_year"]].tolist() \
        == [2, 2016, 2018]  # fmt: skip
    assert not user.rows[["interpolated", "rounded", "break_suspected", "conflict",
                          "jump"]].any().any()  # fmt: skip


def test_template_is_header_only_and_not_read(tmp_path: Path) -> None:
    template = config.PROJECT_ROOT / "data" / "user" / "template.csv"
    assert template.read_text(encoding="utf-8") == "unit_code,year,indicator,value,unit,source\n"
    (tmp_path / "template.csv").write_text("junk", encoding="utf-8")
    assert user_files(tmp_path) == []


def test_user_folder_comes_from_the_variable(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv(config.USER_DATA_DIR_VARIABLE, str(tmp_path))
    assert config.user_data_dir() == tmp_path.resolve()
    monkeypatch.setenv(config.USER_DATA_DIR_VARIABLE, str(tmp_path / "absent"))
    with pytest.raises(DataDirError, match="user data directory not found"):
        config.user_data_dir()
    monkeypatch.delenv(config.USER_DATA_DIR_VARIABLE)
    assert config.user_data_dir() == config.DEFAULT_USER_DATA_DIR
    assert os.fspath(config.DEFAULT_USER_DATA_DIR).endswith("data/user")
