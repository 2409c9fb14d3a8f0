"""The import-layer contract of pyproject.toml holds, and breaks when an upward import is added."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).parent / "lint-imports"

pytestmark = pytest.mark.skipif(not LINT.exists(), reason="import-linter is not installed")


def _lint(src: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT), "--no-cache", "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


def _copy(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(
        ROOT / "src" / "evalkit", src / "evalkit", ignore=shutil.ignore_patterns("__pycache__")
    )
    return src


def test_the_package_keeps_every_contract():
    result = _lint(ROOT / "src")
    assert result.returncode == 0, result.stdout
    assert "4 kept, 0 broken" in result.stdout


def test_an_upward_import_breaks_the_layers(tmp_path):
    src = _copy(tmp_path)
    module = src / "evalkit" / "panel" / "columns.py"
    module.write_text(module.read_text() + "\nimport evalkit.report.tables  # upward\n")
    result = _lint(src)
    assert result.returncode == 1
    assert "evalkit.panel is not allowed to import evalkit.report" in result.stdout
    assert "evalkit.panel.columns -> evalkit.report.tables" in result.stdout


def test_an_estimator_importing_a_sibling_layer_above_is_caught(tmp_path):
    src = _copy(tmp_path)
    module = src / "evalkit" / "plans" / "labels.py"
    module.write_text(module.read_text() + "\nimport evalkit.did.twfe  # upward\n")
    result = _lint(src)
    assert result.returncode == 1
    assert "evalkit.plans is not allowed to import evalkit.did" in result.stdout


def test_data_loading_inside_an_estimator_is_caught(tmp_path):
    src = _copy(tmp_path)
    module = src / "evalkit" / "did" / "twfe.py"
    module.write_text(module.read_text() + "\nfrom evalkit.panel.build import load  # loads\n")
    result = _lint(src)
    assert result.returncode == 1
    assert "evalkit.did is not allowed to import evalkit.panel.build" in result.stdout


def test_a_cycle_inside_a_package_is_caught(tmp_path):
    src = _copy(tmp_path)
    module = src / "evalkit" / "plans" / "units.py"
    module.write_text(module.read_text() + "\nimport evalkit.plans.timing  # cycle\n")
    result = _lint(src)
    assert result.returncode == 1
    assert "No cycles are allowed in evalkit.plans" in result.stdout


def test_a_cycle_inside_the_design_package_is_caught(tmp_path):
    src = _copy(tmp_path)
    module = src / "evalkit" / "design" / "design.py"
    module.write_text(module.read_text() + "\nimport evalkit.design.build  # cycle\n")
    result = _lint(src)
    assert result.returncode == 1
    assert "No cycles are allowed in evalkit.design" in result.stdout
