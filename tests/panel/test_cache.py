"""Tests of evalkit.panel.cache: a file is read once per key, its notes replayed from disk."""

from __future__ import annotations

import re
import warnings

import pandas as pd
import pytest

from evalkit.panel.cache import cache_key, cached_read
from evalkit.panel.readers import RawDataWarning


class CountingReader:
    """A reader that counts its calls and warns like a real one."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, path, relative):
        self.calls += 1
        warnings.warn(f"{relative}: row 3 repaired", RawDataWarning, stacklevel=2)
        return pd.DataFrame({"source_code": ["330100"], "value": [1.5], "year": [2015]})


def test_second_read_comes_from_the_cache_with_the_same_rows_and_notes(tmp_path):
    reader = CountingReader()
    key = cache_key(["ab" * 32])
    first = cached_read(reader, tmp_path / "f.csv", "census/f.csv", key, tmp_path / "cache")
    second = cached_read(reader, tmp_path / "f.csv", "census/f.csv", key, tmp_path / "cache")
    assert reader.calls == 1
    pd.testing.assert_frame_equal(first[0], second[0])
    assert first[1] == second[1] == ["census/f.csv: row 3 repaired"]
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == [
        f"{key}.json",
        f"{key}.parquet",
    ]


def test_a_new_key_reads_the_file_again(tmp_path):
    reader = CountingReader()
    for digest in ("ab" * 32, "cd" * 32):
        cached_read(reader, tmp_path / "f", "f", cache_key([digest]), tmp_path)
    assert reader.calls == 2


def test_a_half_written_entry_is_read_again(tmp_path):
    reader = CountingReader()
    key = cache_key(["ab" * 32])
    cached_read(reader, tmp_path / "f", "f", key, tmp_path)
    (tmp_path / f"{key}.json").unlink()
    cached_read(reader, tmp_path / "f", "f", key, tmp_path)
    assert reader.calls == 2


def test_other_warnings_pass_through_and_are_not_notes(tmp_path):
    def reader(path, relative):
        warnings.warn("pandas says something", UserWarning, stacklevel=2)
        return pd.DataFrame({"a": [1]})

    with pytest.warns(UserWarning, match="pandas says something"):
        _, notes = cached_read(reader, tmp_path / "f", "f", cache_key(["x"]), tmp_path)
    assert notes == []


def test_key_is_32_hex_and_depends_on_every_hash_and_their_order():
    key = cache_key(["a", "b"])
    assert re.fullmatch(r"[0-9a-f]{32}", key)
    assert key == cache_key(["a", "b"])
    assert len({key, cache_key(["b", "a"]), cache_key(["a"]), cache_key(["a", "c"])}) == 4
