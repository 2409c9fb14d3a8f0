"""Tests of evalkit.config: where inputs are found, with one-line errors naming the variable."""

from __future__ import annotations

import pytest

from evalkit import config
from evalkit.config import (
    DATA_DIR_VARIABLE,
    USER_DATA_DIR_VARIABLE,
    data_dir,
    raw_file,
    user_data_dir,
)
from evalkit.errors import DataDirError


def test_the_variable_names_the_data_directory(tmp_path, monkeypatch):
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(tmp_path))
    assert data_dir() == tmp_path.resolve()


def test_unset_variable_falls_back_to_the_shared_folder_beside_the_checkout(monkeypatch):
    monkeypatch.delenv(DATA_DIR_VARIABLE, raising=False)
    assert config.DEFAULT_DATA_DIR == config.PROJECT_ROOT.parent / "shared" / "data" / "raw"
    assert data_dir() == config.DEFAULT_DATA_DIR.resolve()


def test_missing_data_directory_says_which_setting_pointed_there(tmp_path, monkeypatch):
    missing = tmp_path / "nowhere"
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(missing))
    with pytest.raises(DataDirError) as error:
        data_dir()
    assert str(error.value) == (
        f"raw data directory not found: {missing} (EVALKIT_DATA_DIR={missing}); set "
        "EVALKIT_DATA_DIR to the folder that holds csmar_regional/, remote_sensing/, ... "
        "(see ../shared/data/PROVENANCE.md)"
    )


def test_raw_file_inside_the_directory_and_a_missing_one_named(tmp_path, monkeypatch):
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(tmp_path))
    (tmp_path / "census").mkdir()
    (tmp_path / "census" / "a.csv").write_text("x\n", "utf-8")
    assert raw_file("census/a.csv") == tmp_path.resolve() / "census" / "a.csv"
    with pytest.raises(DataDirError) as error:
        raw_file("census/b.csv")
    assert str(error.value) == (
        f"raw file missing: census/b.csv (expected at {tmp_path.resolve()}/census/b.csv; data "
        "directory from EVALKIT_DATA_DIR); put the file there or point EVALKIT_DATA_DIR at a "
        "directory that has it"
    )


def test_user_data_dir_from_the_variable_the_default_or_none(tmp_path, monkeypatch):
    monkeypatch.setenv(USER_DATA_DIR_VARIABLE, str(tmp_path))
    assert user_data_dir() == tmp_path.resolve()
    monkeypatch.delenv(USER_DATA_DIR_VARIABLE)
    monkeypatch.setattr(config, "DEFAULT_USER_DATA_DIR", tmp_path / "user")
    assert user_data_dir() is None
    (tmp_path / "user").mkdir()
    assert user_data_dir() == tmp_path / "user"


def test_user_data_dir_named_but_missing_is_an_error_with_the_fix(tmp_path, monkeypatch):
    missing = tmp_path / "mine"
    monkeypatch.setenv(USER_DATA_DIR_VARIABLE, str(missing))
    with pytest.raises(DataDirError) as error:
        user_data_dir()
    assert str(error.value) == (
        f"user data directory not found: {missing} (EVALKIT_USER_DATA_DIR={missing}); rule: "
        "EVALKIT_USER_DATA_DIR names a folder of CSV files in the template of "
        "data/user/README.md; fix: create the folder or unset the variable"
    )
