"""Report sections read precomputed tables, bringing them up to date when missing."""

from __future__ import annotations

import pandas as pd

from evalkit.report import counterfactuals, sections


def test_counterfactual_rows_compute_a_missing_table_before_reading_it(tmp_path, monkeypatch):
    # a fresh clone with only the panel built: the notebook run on its own must not fail with
    # FileNotFoundError (it did, in CI, when no render batch had computed the table yet)
    computed = []

    def ensure(processed_dir, design=None):
        computed.append(processed_dir)
        table = pd.DataFrame(
            {"unit_code": ["330100", "330200"], "method": ["sc", "sc"], "estimate": [0.1, 0.2]}
        )
        table.to_csv(processed_dir / counterfactuals.TABLE_FILE, index=False)
        return True

    monkeypatch.setattr(counterfactuals, "ensure_counterfactuals", ensure)
    rows = sections.counterfactual_rows("330200", processed_dir=tmp_path)
    assert computed == [tmp_path]
    assert rows.to_dict("records") == [{"unit_code": "330200", "method": "sc", "estimate": 0.2}]


def test_a_programme_without_a_precomputed_table_gives_no_rows(tmp_path, monkeypatch):
    from types import SimpleNamespace

    monkeypatch.setattr(counterfactuals, "ensure_counterfactuals", lambda *a, **k: 1 / 0)
    design = SimpleNamespace(programme="liangchuang_demo")
    rows = sections.counterfactual_rows("440300", processed_dir=tmp_path, design=design)
    assert rows.empty and rows.columns.tolist() == sections.COUNTERFACTUAL_COLUMNS


def test_the_counterfactual_columns_shown_are_columns_of_the_precomputed_table():
    from evalkit.synth.cities import TABLE_COLUMNS

    missing = [c for c in sections.COUNTERFACTUAL_COLUMNS if c not in TABLE_COLUMNS]
    assert missing == []
    assert sections.COUNTERFACTUAL_COLUMNS[:2] == ["indicator", "method"]
