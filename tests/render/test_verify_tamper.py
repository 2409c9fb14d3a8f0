"""Issue 20: ``verify`` cannot be fooled by a missing manifest or index, ``--keep`` onto the
reports, a corrupt or edited manifest, or code in a manifest.

Reports here are rendered from the tiny fixture notebook, which ``verify`` is told to trust
(the real allow-list holds only ``notebooks/``); the processed folder is a scratch copy holding
``inputs.json`` only, so no processed file is recorded or rebuilt (the panel cases are in
``test_verify_panel.py``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from evalkit import config
from evalkit.cli import main
from evalkit.config import PROJECT_ROOT
from evalkit.errors import ParameterError
from evalkit.render import verify as verify_module
from evalkit.render.batch import write_batch_index
from evalkit.render.render import render_batch
from evalkit.render.verify import VerifyError, verify

TINY = PROJECT_ROOT / "tests" / "render" / "fixtures" / "tiny.ipynb"
TINY_NAME = "tests/render/fixtures/tiny.ipynb"
pytestmark = [pytest.mark.notebook, pytest.mark.xdist_group("kernels")]


@pytest.fixture(scope="module")
def processed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch processed folder with ``inputs.json`` only: no processed file to rebuild."""
    folder = tmp_path_factory.mktemp("processed")
    shutil.copyfile(config.PROCESSED_DIR / "inputs.json", folder / "inputs.json")
    return folder


@pytest.fixture(autouse=True)
def trust_tiny(processed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config, "PROCESSED_DIR", processed)
    monkeypatch.setattr(
        verify_module, "trusted_notebooks", lambda: {TINY_NAME: (TINY, lambda p: dict(p))}
    )


@pytest.fixture(scope="module")
def pristine(processed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two tiny reports and their index, rendered once as ``evalkit render`` writes them."""
    folder = tmp_path_factory.mktemp("pristine") / "reports"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(config, "PROCESSED_DIR", processed)
        summary = render_batch(
            {"a": {"value": 2}, "b": {"value": 3}},
            notebook=TINY,
            output_dir=folder,
            n_jobs=1,
            warm=False,
            progress=False,
        )
        assert not summary.failed, summary.summary()
        write_batch_index(summary, folder)
    return folder


@pytest.fixture
def reports(pristine: Path, tmp_path: Path) -> Path:
    """A copy of the pristine reports for one test to tamper with."""
    return Path(shutil.copytree(pristine, tmp_path / "reports"))


def _problems(result) -> list[str]:
    return [p.describe() for p in result.problems]


def test_untampered_reports_verify(reports):
    result = verify(reports, n_jobs=1)
    assert result.ok, result.summary()
    assert result.reports == ("a", "b")


def test_keep_onto_the_reports_folder_is_refused_and_nothing_is_written(tmp_path, capsys):
    reports = tmp_path / "reports"
    (reports / "a").mkdir(parents=True)
    (reports / "a" / "results.json").write_text('{"value": 99}', encoding="utf-8")
    for keep in (reports, reports / "a", tmp_path):
        with pytest.raises(VerifyError, match=r"^--keep .* overlaps the folder being verified"):
            verify(reports, keep=keep)
    assert main(["verify", str(reports), "--keep", str(reports)]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line == (
        f"evalkit: --keep {reports} overlaps the folder being verified ({reports}); rule: the "
        "re-run is written apart from the reports it checks, or it would overwrite them; "
        "fix: pass a folder outside it, e.g. /tmp/evalkit-rerun"
    )
    assert (reports / "a" / "results.json").read_text(encoding="utf-8") == '{"value": 99}'


def test_folder_without_manifest_is_a_named_failure(reports, capsys):
    (reports / "b" / "manifest.json").unlink()
    assert main(["verify", str(reports), "--jobs", "1"]) == 1
    out = capsys.readouterr().out
    assert (
        "MISSING MANIFEST b/manifest.json: the report folder has no manifest, so nothing says "
        "how it was made; fix: re-render it or remove the folder"
    ) in out
    assert "OK:" not in out


def test_missing_index_is_a_named_failure_not_identical(reports):
    (reports / "index.html").unlink()
    result = verify(reports, n_jobs=1)
    assert not result.ok
    assert _problems(result) == [
        "MISSING index.html: the index page is missing; fix: `evalkit render`"
    ]


def test_corrupt_manifest_is_named_without_a_traceback(reports, capsys):
    (reports / "a" / "manifest.json").write_text('{"notebook": ', encoding="utf-8")
    assert main(["verify", str(reports), "--jobs", "1"]) == 1
    out = capsys.readouterr().out
    assert "CORRUPT MANIFEST a/manifest.json: not a JSON object (JSONDecodeError: " in out


def _edit_manifest(folder: Path, **changes) -> None:
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest.update(changes)
    path.write_text(json.dumps(manifest), encoding="utf-8")


def test_manifest_with_injected_parameter_name_runs_nothing(reports, tmp_path, capsys):
    sentinel = tmp_path / "SENTINEL"
    injected = f"x = 1\nopen({str(sentinel)!r}, 'w').close()\ny"
    _edit_manifest(reports / "a", parameters={injected: 1})
    assert main(["verify", str(reports), "--jobs", "1"]) == 1
    out = capsys.readouterr().out
    assert f"INVALID PARAMETERS a/manifest.json: job 'a': parameter name {injected!r} is " in out
    assert "is not a Python identifier" in out
    assert not sentinel.exists()


def test_manifest_pointing_at_another_notebook_runs_nothing(reports, tmp_path):
    sentinel = tmp_path / "SENTINEL"
    evil = json.loads(TINY.read_text(encoding="utf-8"))
    evil["cells"].append(
        {
            "cell_type": "code",
            "metadata": {},
            "source": f"open({str(sentinel)!r}, 'w').close()",
            "outputs": [],
            "execution_count": None,
        }
    )
    (tmp_path / "evil.ipynb").write_text(json.dumps(evil), encoding="utf-8")
    _edit_manifest(reports / "a", notebook=str(tmp_path / "evil.ipynb"))
    result = verify(reports, n_jobs=1)
    assert not result.ok
    assert (
        f"UNTRUSTED NOTEBOOK a/manifest.json: notebook {str(tmp_path / 'evil.ipynb')!r} is "
        f"not one of the repository's report notebooks ['{TINY_NAME}']; verify runs only those"
    ) in _problems(result)
    assert not sentinel.exists()


def test_parameters_are_revalidated_as_render_validates_them(reports, monkeypatch):
    def city_like(parameters):
        if parameters.get("value", 0) > 10:
            raise ParameterError(f"value={parameters['value']}; valid: at most 10")
        return dict(parameters)

    monkeypatch.setattr(verify_module, "trusted_notebooks", lambda: {TINY_NAME: (TINY, city_like)})
    _edit_manifest(reports / "b", parameters={"value": 11})
    result = verify(reports, n_jobs=1)
    assert "INVALID PARAMETERS b/manifest.json: value=11; valid: at most 10" in _problems(result)
    assert not result.ok


def test_edited_manifest_fields_break_its_fingerprint(reports):
    _edit_manifest(reports / "a", parameters={"value": 5})
    result = verify(reports, n_jobs=1)
    (edited,) = [p for p in _problems(result) if p.startswith("EDITED MANIFEST a/")]
    assert "does not follow from the manifest's fields" in edited
    assert any(m.report == "a" for m in result.mismatches)  # and the re-run gives 5, not 2


def test_tampered_report_file_is_named_by_its_recorded_hash(reports):
    page = reports / "b" / "report.html"
    page.write_bytes(page.read_bytes().replace(b"<title>", b"<title>x", 1))
    result = verify(reports, n_jobs=1)
    assert [p.split(":")[0] for p in _problems(result)] == ["CHANGED OUTPUT b/report.html"]
    assert [(m.report, m.file) for m in result.mismatches] == [("b", "report.html")]


def test_verify_jobs_zero_is_one_line(reports, capsys):
    assert main(["verify", str(reports), "--jobs", "0"]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line == "evalkit: n_jobs=0; rule: a whole number >= 1; fix: e.g. 2"
