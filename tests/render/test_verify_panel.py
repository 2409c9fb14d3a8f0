"""Issue 20: an edited panel is caught by ``build-panel``, ``render`` and ``verify``.

The case: multiply one city's series by 1.5 in ``data/processed/panel.parquet``. The panel
build noticed nothing ("up to date") and ``verify`` said OK. Now the build records the hashes
of what it wrote, and ``verify`` rebuilds the processed files from the raw inputs in a scratch
folder (the build is byte-deterministic) and compares.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from evalkit import config
from evalkit.cli import main
from evalkit.panel import ensure_built
from evalkit.render import verify as verify_module
from evalkit.render.batch import write_batch_index
from evalkit.render.render import render_batch
from evalkit.util_io import sha256_file

TINY = config.PROJECT_ROOT / "tests" / "render" / "fixtures" / "tiny.ipynb"
TINY_NAME = "tests/render/fixtures/tiny.ipynb"
PANEL = "data/processed/panel.parquet"
pytestmark = [pytest.mark.notebook, pytest.mark.xdist_group("kernels")]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("built") / "processed"
    ensure_built(output_dir=folder)
    return folder


@pytest.fixture
def processed(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = Path(shutil.copytree(built, tmp_path / "processed"))
    for name in ("city_counterfactuals.csv", "city_counterfactuals.json"):
        (folder / name).unlink(missing_ok=True)  # not rebuilt here: 40 s
    monkeypatch.setattr(config, "PROCESSED_DIR", folder)
    return folder


def _times_one_and_a_half(panel: Path, city: str = "330100") -> None:
    frame = pd.read_parquet(panel)
    frame.loc[frame["unit_code"] == city, "value"] *= 1.5
    frame.to_parquet(panel, index=False)


def test_build_panel_notices_an_edited_panel_and_rebuilds_it(processed):
    original = sha256_file(processed / "panel.parquet")
    assert ensure_built(output_dir=processed) is False
    _times_one_and_a_half(processed / "panel.parquet")
    assert sha256_file(processed / "panel.parquet") != original
    assert ensure_built(output_dir=processed) is True  # was "up to date"
    assert sha256_file(processed / "panel.parquet") == original


def test_tampered_panel_fails_verify_naming_the_file(processed, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(
        verify_module, "trusted_notebooks", lambda: {TINY_NAME: (TINY, lambda p: dict(p))}
    )
    reports = tmp_path / "reports"
    original = sha256_file(processed / "panel.parquet")
    good = render_batch({"a": {"value": 1}}, notebook=TINY, output_dir=reports, n_jobs=1)
    _times_one_and_a_half(processed / "panel.parquet")
    tampered = sha256_file(processed / "panel.parquet")
    made_from_it = render_batch({"b": {"value": 2}}, notebook=TINY, output_dir=reports, n_jobs=1)
    assert not good.failed and not made_from_it.failed
    write_batch_index(made_from_it, reports)
    recorded = json.loads((reports / "b" / "manifest.json").read_text(encoding="utf-8"))
    assert recorded["processed_sha256"][PANEL] == tampered

    assert main(["verify", str(reports), "--jobs", "1"]) == 1
    out = capsys.readouterr().out.splitlines()
    problems = [line for line in out if line.startswith("CHANGED PROCESSED")]
    assert problems == [
        f"CHANGED PROCESSED {PANEL}: {tampered[:12]} on disk, {original[:12]} rebuilt from the "
        "raw inputs; fix: `evalkit build-panel` and re-render",
        f"CHANGED PROCESSED {PANEL}: sha256 {tampered[:12]} recorded by b, {original[:12]} "
        "rebuilt from the raw inputs; those reports were made from an edited or stale file",
    ]
    assert "not re-run: the problems above make a re-run meaningless; fix them, then " in "\n".join(
        out
    )
    assert not any(line.startswith("OK") for line in out)
