"""Tests of evalkit.render.provenance: checksums, fingerprints and intact manifests."""

from __future__ import annotations

import hashlib
import json
import re

from evalkit.render import provenance
from evalkit.render.provenance import (
    OUTPUT_FILES,
    PROCESSED_FILES,
    fingerprint_of,
    input_checksums,
    intact_manifest,
    manifest,
    output_checksums,
    processed_checksums,
    read_manifest,
)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_processed_checksums_hash_only_the_listed_files_that_exist(tmp_path):
    (tmp_path / "panel.parquet").write_bytes(b"panel bytes")
    (tmp_path / "city_counterfactuals.csv").write_bytes(b"a,b\n1,2\n")
    (tmp_path / "scratch.csv").write_bytes(b"not an input")
    assert "scratch.csv" not in PROCESSED_FILES
    assert processed_checksums(tmp_path) == {
        "data/processed/panel.parquet": _sha(b"panel bytes"),
        "data/processed/city_counterfactuals.csv": _sha(b"a,b\n1,2\n"),
    }


def test_input_checksums_name_raw_files_below_the_data_dir_and_hash_every_plan(tmp_path):
    recorded = {"census/a.csv": "ab" * 32, "remote_sensing/b.csv": "cd" * 32}
    (tmp_path / "inputs.json").write_text(json.dumps({"sha256": recorded}), "utf-8")
    found = input_checksums(tmp_path)
    assert {k: v for k, v in found.items() if k.startswith("$")} == {
        "$EVALKIT_DATA_DIR/census/a.csv": "ab" * 32,
        "$EVALKIT_DATA_DIR/remote_sensing/b.csv": "cd" * 32,
    }
    plans = sorted(provenance.PLANS_DIR.glob("*.csv"))
    assert plans, "the plan registry csv files are inputs of every report"
    for path in plans:
        assert found[f"data/raw/plans/{path.name}"] == _sha(path.read_bytes())
    # without a build record only the plans are inputs
    assert set(input_checksums(tmp_path / "none")) == {f"data/raw/plans/{p.name}" for p in plans}


def test_output_checksums_none_for_missing_files(tmp_path):
    (tmp_path / "report.html").write_bytes(b"<html></html>")
    assert output_checksums(tmp_path) == {
        "report.ipynb": None,
        "report.html": _sha(b"<html></html>"),
        "results.json": None,
    }


def _arguments() -> dict:
    return {
        "notebook_sha256": "0" * 64,
        "parameters": {"city_code": "330100", "seed": 1},
        "inputs": {"data/raw/plans/x.csv": "1" * 64},
        "processed": {"data/processed/panel.parquet": "2" * 64},
        "code_sha256": "3" * 64,
        "lock_sha256": "4" * 64,
    }


def test_fingerprint_changes_with_every_field_and_not_with_key_order():
    base = fingerprint_of(**_arguments())
    assert re.fullmatch(r"[0-9a-f]{64}", base)
    reordered = _arguments()
    reordered["parameters"] = {"seed": 1, "city_code": "330100"}
    assert fingerprint_of(**reordered) == base
    changes = {
        "notebook_sha256": "9" * 64,
        "parameters": {"city_code": "330100", "seed": 2},
        "inputs": {"data/raw/plans/x.csv": "5" * 64},
        "processed": {},
        "code_sha256": "6" * 64,
        "lock_sha256": None,
    }
    for field, value in changes.items():
        changed = _arguments() | {field: value}
        assert fingerprint_of(**changed) != base, field


def test_manifest_fingerprint_follows_from_its_own_fields(tmp_path):
    notebook = tmp_path / "city.ipynb"
    notebook.write_text('{"cells": []}', "utf-8")
    parameters = {"city_code": "330100", "seed": 20240601}
    inputs = {"data/raw/plans/x.csv": "1" * 64}
    found = manifest(notebook, parameters, inputs)
    assert found["notebook_sha256"] == _sha(notebook.read_bytes())
    assert found["seed"] == 20240601
    assert found["processed_sha256"] == {}
    # what `evalkit verify` recomputes: a hand-edited manifest would not match
    assert found["fingerprint"] == fingerprint_of(
        found["notebook_sha256"],
        found["parameters"],
        found["inputs_sha256"],
        found["processed_sha256"],
        found["code_sha256"],
        found["environment"]["requirements_lock_sha256"],
    )
    assert set(found["environment"]["packages"]) == set(provenance.KEY_PACKAGES)


def _complete_report(folder):
    folder.mkdir()
    for name in OUTPUT_FILES:
        (folder / name).write_text(f"content of {name}", "utf-8")
    recorded = {name: _sha(f"content of {name}".encode()) for name in OUTPUT_FILES}
    (folder / "manifest.json").write_text(json.dumps({"outputs_sha256": recorded}), "utf-8")
    return recorded


def test_intact_manifest_accepts_a_complete_report_and_refuses_damage(tmp_path):
    folder = tmp_path / "330100"
    recorded = _complete_report(folder)
    assert intact_manifest(folder) == {"outputs_sha256": recorded}
    (folder / "report.html").write_text("edited", "utf-8")
    assert intact_manifest(folder) is None


def test_intact_manifest_refuses_a_missing_file_or_an_incomplete_record(tmp_path):
    missing = tmp_path / "missing"
    _complete_report(missing)
    (missing / "results.json").unlink()
    assert intact_manifest(missing) is None
    partial = tmp_path / "partial"
    recorded = _complete_report(partial)
    del recorded["results.json"]
    (partial / "manifest.json").write_text(json.dumps({"outputs_sha256": recorded}), "utf-8")
    assert intact_manifest(partial) is None


def test_read_manifest_none_for_corrupt_or_non_object_json(tmp_path):
    (tmp_path / "manifest.json").write_text("{not json", "utf-8")
    assert read_manifest(tmp_path) is None
    (tmp_path / "manifest.json").write_text("[1, 2]", "utf-8")
    assert read_manifest(tmp_path) is None
    (tmp_path / "manifest.json").write_text('{"seed": 3}', "utf-8")
    assert read_manifest(tmp_path) == {"seed": 3}
