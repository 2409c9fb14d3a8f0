"""Tests of evalkit.report.counterfactuals: the table is computed once and again only on change.

The estimator and the panel are replaced by recorders, so the caching rules are checked in
milliseconds: what triggers a recompute (inputs, design, a missing file) and what does not.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import pandas as pd
import pytest

from evalkit.report import counterfactuals
from evalkit.report.counterfactuals import STAMP_FILE, TABLE_FILE, ensure_counterfactuals


def _design(programme: str = "zj_growth_plan", seed: int = 0):
    return SimpleNamespace(programme=programme, to_dict=lambda: {"programme": programme,
                                                                  "seed": seed})  # fmt: skip


@pytest.fixture
def calls(tmp_path, monkeypatch):
    made: list[dict] = []

    def fake_counterfactuals(panel, **options):
        made.append({"panel": panel, **options})
        return SimpleNamespace(table=pd.DataFrame({"unit": ["330100"], "estimate": [0.125]}))

    monkeypatch.setattr("evalkit.panel.load", lambda directory: f"panel from {directory}")
    monkeypatch.setattr("evalkit.synth.city_counterfactuals", fake_counterfactuals)
    (tmp_path / "inputs.json").write_text(json.dumps({"sha256": {"a.csv": "1" * 64}}), "utf-8")
    return made


def test_first_call_computes_and_writes_the_table_and_its_stamp(tmp_path, calls):
    design = _design()
    assert ensure_counterfactuals(tmp_path, design=design, n_jobs=1) is True
    (call,) = calls
    assert call["panel"] == f"panel from {tmp_path}"
    assert call["design"] is design and call["n_jobs"] == 1
    assert call["replications"] == counterfactuals.SETTINGS["replications"]
    table = pd.read_csv(tmp_path / TABLE_FILE, dtype={"unit": str})
    assert table.to_dict("records") == [{"unit": "330100", "estimate": 0.125}]
    stamp = json.loads((tmp_path / STAMP_FILE).read_text("utf-8"))
    assert stamp["inputs"] == {"a.csv": "1" * 64}
    assert stamp["design"] == {"programme": "zj_growth_plan", "seed": 0}


def test_unchanged_inputs_and_design_reuse_the_table(tmp_path, calls):
    assert ensure_counterfactuals(tmp_path, design=_design())
    assert ensure_counterfactuals(tmp_path, design=_design()) is False
    assert len(calls) == 1


@pytest.mark.parametrize("change", ["inputs", "design", "missing_table", "missing_stamp"])
def test_any_change_recomputes(tmp_path, calls, change):
    ensure_counterfactuals(tmp_path, design=_design())
    design = _design()
    if change == "inputs":
        (tmp_path / "inputs.json").write_text(json.dumps({"sha256": {"a.csv": "2" * 64}}))
    elif change == "design":
        design = _design(seed=1)
    elif change == "missing_table":
        (tmp_path / TABLE_FILE).unlink()
    else:
        (tmp_path / STAMP_FILE).unlink()
    assert ensure_counterfactuals(tmp_path, design=design) is True
    assert len(calls) == 2


def test_programmes_without_a_precomputed_table_are_left_alone(tmp_path, calls):
    assert ensure_counterfactuals(tmp_path, design=_design("liangchuang_demo")) is False
    assert calls == []
    assert not (tmp_path / TABLE_FILE).exists()
