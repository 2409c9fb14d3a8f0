"""Tests of evalkit.panel.codebook against indicators.csv and derived.csv read with csv."""

from __future__ import annotations

import csv

import pytest

from evalkit.errors import ParameterError
from evalkit.panel.codebook import (
    CODEBOOK_COLUMNS,
    CODEBOOK_PATH,
    DERIVED_COLUMNS,
    DERIVED_PATH,
    canonical_units,
    derived_codebook,
    file_sources,
    indicator_codebook,
    indicator_label,
    primary_sources,
)


def _csv(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


RAW, DERIVED = _csv(CODEBOOK_PATH), _csv(DERIVED_PATH)


def test_codebook_is_the_file_with_integer_priorities():
    book = indicator_codebook()
    assert list(book.columns) == CODEBOOK_COLUMNS == list(RAW[0])
    assert len(book) == len(RAW)
    assert book["priority"].tolist() == [int(row["priority"]) for row in RAW]
    assert list(derived_codebook().columns) == DERIVED_COLUMNS == list(DERIVED[0])


def test_each_indicator_has_one_name_and_unit_and_distinct_priorities():
    by_id: dict[str, list[dict[str, str]]] = {}
    for row in RAW:
        by_id.setdefault(row["id"], []).append(row)
    for indicator, rows in by_id.items():
        assert len({(r["name_zh"], r["name_en"], r["unit"]) for r in rows}) == 1, indicator
        priorities = [int(r["priority"]) for r in rows]
        assert len(set(priorities)) == len(priorities), indicator
    assert not set(by_id) & {row["id"] for row in DERIVED}


def test_primary_source_is_the_lowest_priority_row():
    expected: dict[str, tuple[int, str]] = {}
    for row in RAW:
        candidate = (int(row["priority"]), row["source_file"])
        expected[row["id"]] = min(expected.get(row["id"], candidate), candidate)
    assert primary_sources() == {k: v[1] for k, v in expected.items()}


def test_file_sources_are_the_rows_of_that_file():
    files = sorted({row["source_file"] for row in RAW})
    for name in files:
        assert file_sources(name)["source_column"].tolist() == [
            row["source_column"] for row in RAW if row["source_file"] == name
        ]
    assert file_sources("no/such.csv").empty


def test_returned_tables_are_copies():
    raw, derived = indicator_codebook(), derived_codebook()
    raw.loc[0, "unit"] = "changed"
    derived.loc[0, "unit"] = "changed"
    assert indicator_codebook().loc[0, "unit"] == RAW[0]["unit"]
    assert derived_codebook().loc[0, "unit"] == DERIVED[0]["unit"]


def test_labels_in_both_languages_for_raw_and_derived_and_ids_otherwise():
    for row in [*RAW, *DERIVED]:
        assert indicator_label(row["id"], "zh") == f"{row['name_zh']} ({row['unit']})"
        assert indicator_label(row["id"], "en") == f"{row['name_en']} ({row['unit']})"
    assert indicator_label("my_series", "zh") == "my_series"
    with pytest.raises(ParameterError, match=r"^language='fr' is not supported"):
        indicator_label("gdp", "fr")


def test_canonical_units_cover_raw_and_derived_indicators():
    expected = {row["id"]: row["unit"] for row in RAW}
    expected.update({row["id"]: row["unit"] for row in DERIVED})
    assert canonical_units() == expected
