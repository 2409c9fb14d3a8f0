"""``evalkit verify``: changed inputs by name, exact results, byte-identical HTML."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from evalkit.cli import main
from evalkit.config import data_dir
from evalkit.i18n import text
from evalkit.panel import load_summary
from evalkit.render.batch import city_parameters
from evalkit.render.index import write_index
from evalkit.render.render import CITY_NOTEBOOK, render_notebook
from evalkit.render.verify import (
    DATA_PREFIX,
    VerifyError,
    changed_inputs,
    compare_report,
    file_differences,
    report_folders,
    value_differences,
)

CITY = "330200"
NOTEBOOK = CITY_NOTEBOOK
FLIPPED = "csmar_regional/CRE_Eplwagct.csv"


def test_value_differences_name_each_number_with_old_and_new():
    recorded = {"headlines": [{"estimate": 0.125, "n": 51}], "city": "宁波市", "gone": 1}
    rerun = {"headlines": [{"estimate": 0.25, "n": 51.0}], "city": "宁波市", "new": [1]}
    assert list(value_differences(recorded, rerun)) == [
        "gone: 1 -> (absent in re-run)",
        "headlines[0].estimate: 0.125 -> 0.25",
        "headlines[0].n: 51 -> 51.0",
        "new: (absent in report) -> [1]",
    ]
    assert list(value_differences([float("nan"), 1e-17], [float("nan"), 1e-17])) == []
    assert list(value_differences([0.1 + 0.2], [0.3])) == ["[0]: 0.30000000000000004 -> 0.3"]


def test_file_differences_point_at_the_line_and_column(tmp_path):
    old, new = tmp_path / "old.html", tmp_path / "new.html"
    old.write_text("<p>same</p>\n<td>0.041</td>\n", encoding="utf-8")
    new.write_text("<p>same</p>\n<td>0.042</td>\n", encoding="utf-8")
    assert file_differences(old, new) == ("line 2, column 9: '<td>0.041</td>' -> '<td>0.042</td>'",)
    assert file_differences(old, old) == ()
    assert file_differences(old, tmp_path / "absent.html") == ("file missing in the re-run",)


def _manifest(tmp_path: Path, files: dict[str, bytes]) -> dict:
    from evalkit.util_io import sha256_file

    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content)
    return {
        "inputs_sha256": {f"{DATA_PREFIX}{name}": sha256_file(tmp_path / name) for name in files}
    }


def test_changed_and_missing_inputs_are_named_with_the_reports_using_them(tmp_path, monkeypatch):
    monkeypatch.setenv("EVALKIT_DATA_DIR", str(tmp_path))
    manifest = _manifest(tmp_path, {"a/one.csv": b"1,2\n", "b/two.csv": b"3\n", "c.csv": b"x"})
    manifests = {"330100": manifest, "330200": manifest}
    assert changed_inputs(manifests) == ()
    (tmp_path / "a" / "one.csv").write_bytes(b"1,3\n")
    (tmp_path / "c.csv").unlink()
    changes = changed_inputs(manifests)
    assert [(c.name, c.current_sha256 is None, c.reports) for c in changes] == [
        ("$EVALKIT_DATA_DIR/a/one.csv", False, ("330100", "330200")),
        ("$EVALKIT_DATA_DIR/c.csv", True, ("330100", "330200")),
    ]
    recorded = manifest["inputs_sha256"]["$EVALKIT_DATA_DIR/c.csv"][:12]
    assert changes[1].describe() == (
        f"CHANGED INPUT $EVALKIT_DATA_DIR/c.csv: sha256 {recorded} recorded, missing "
        "(used by 330100, 330200)"
    )


def test_a_folder_without_reports_is_an_error_saying_what_to_do(tmp_path):
    with pytest.raises(
        VerifyError, match=r"no report folder with a manifest.json in .*make reports"
    ):
        report_folders(tmp_path)
    assert main(["verify", str(tmp_path)]) == 2


@pytest.fixture(scope="session")  # session: xdist may interleave modules
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real city report, rendered in a fresh kernel into a temporary reports folder.

    As ``evalkit render`` does, the per-batch counterfactual table is brought up to date first
    (slow only when evalkit's code changed since it was computed).
    """
    from evalkit.report.counterfactuals import ensure_counterfactuals

    ensure_counterfactuals()
    folder = tmp_path_factory.mktemp("reports")
    parameters = city_parameters(load_summary(), CITY)
    outcome = render_notebook(CITY, parameters, notebook=NOTEBOOK, output_dir=folder)
    assert outcome.ok, outcome.error
    write_index({CITY: outcome.results}, folder / "index.html")  # as `evalkit render` does
    return folder


@pytest.mark.notebook
@pytest.mark.xdist_group("kernels")
def test_verify_reproduces_a_report_and_catches_a_tampered_copy(rendered, tmp_path, capsys):
    rerun = tmp_path / "rerun"
    assert main(["verify", str(rendered), "--keep", str(rerun)]) == 0
    printed = capsys.readouterr().out
    assert printed.splitlines()[-2] == (
        "OK: 1 reports re-executed in fresh kernels; results.json, report.html, report.ipynb "
        "and index.html identical"
    )
    assert compare_report(rendered / CITY, rerun / CITY) == ()

    tampered = tmp_path / "tampered" / CITY
    shutil.copytree(rendered / CITY, tampered)
    results = json.loads((tampered / "results.json").read_text(encoding="utf-8"))
    original = results["headlines"][0]["city_estimate"]
    results["headlines"][0]["city_estimate"] = original + 1e-12
    (tampered / "results.json").write_text(json.dumps(results), encoding="utf-8")
    page = (tampered / "report.html").read_bytes()
    (tampered / "report.html").write_bytes(page.replace(b"<title>", b"<title>x", 1))

    mismatches = compare_report(tampered, rerun / CITY)
    assert [(m.report, m.file) for m in mismatches] == [
        (CITY, "results.json"),
        (CITY, "report.html"),
    ]
    assert mismatches[0].differences == (
        f"headlines[0].city_estimate: {original + 1e-12!r} -> {original!r}",
    )
    title = text("title", "zh", city="宁波市")  # the page title is the report title
    assert mismatches[1].differences == (
        f"line 6, column 8: '<title>x{title}</title>' -> '<title>{title}</title>'",
    )
    assert mismatches[0].describe().startswith(f"MISMATCH {CITY}/results.json\n    headlines[0]")


@pytest.mark.notebook
@pytest.mark.xdist_group("kernels")
def test_flipped_byte_in_a_raw_file_is_named_before_anything_runs(
    rendered, tmp_path, monkeypatch, capsys
):
    manifest = json.loads((rendered / CITY / "manifest.json").read_text(encoding="utf-8"))
    raw = [
        n.removeprefix(DATA_PREFIX) for n in manifest["inputs_sha256"] if n.startswith(DATA_PREFIX)
    ]
    assert FLIPPED in raw
    source = data_dir()
    copy = tmp_path / "raw"
    for name in raw:
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / name, copy / name)
    monkeypatch.setenv("EVALKIT_DATA_DIR", str(copy))
    assert changed_inputs({CITY: manifest}) == ()

    content = bytearray((copy / FLIPPED).read_bytes())
    content[len(content) // 2] ^= 0x01
    (copy / FLIPPED).write_bytes(bytes(content))

    assert main(["verify", str(rendered)]) == 1
    printed = capsys.readouterr().out
    assert f"CHANGED INPUT $EVALKIT_DATA_DIR/{FLIPPED}: sha256 " in printed
    assert f"(used by {CITY})" in printed
    assert "not re-run: inputs changed" in printed
    assert printed.count("CHANGED INPUT") == 1
    assert "MISMATCH" not in printed
