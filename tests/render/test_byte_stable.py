"""Two renders of the same inputs are byte-identical: notebooks, HTML, figures, results, index.

One render reuses a warm kernel for both cities (the second report runs in a kernel that has
already run the first); the other starts a fresh kernel per report and is given the parameters
in reverse order. Everything must match byte for byte except ``manifest.json``'s timings.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from evalkit.config import PROJECT_ROOT, data_dir
from evalkit.panel import load_summary
from evalkit.render.batch import city_parameters
from evalkit.render.index import write_index
from evalkit.render.render import CITY_NOTEBOOK, render_batch
from evalkit.report.counterfactuals import ensure_counterfactuals

pytestmark = [pytest.mark.notebook, pytest.mark.xdist_group("kernels")]

CITIES = ("330100", "330700")
NOTEBOOK = CITY_NOTEBOOK
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _render(output_dir: Path, *, warm: bool, reverse: bool) -> None:
    summary = load_summary()
    jobs = {}
    for code in CITIES:
        parameters = city_parameters(summary, code)
        if reverse:
            parameters = dict(reversed(parameters.items()))
        jobs[code] = parameters
    outcome = render_batch(
        jobs,
        notebook=NOTEBOOK,
        output_dir=output_dir,
        n_jobs=1,
        warm=warm,
        force=True,
        progress=False,
    )
    assert not outcome.failed, outcome.summary()
    write_index({o.name: o.results for o in outcome.outcomes}, output_dir / "index.html")


def _figures(notebook: Path) -> list[bytes]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [
        base64.b64decode(output["data"]["image/png"])
        for cell in cells
        for output in cell.get("outputs", [])
        if "image/png" in output.get("data", {})
    ]


@pytest.fixture(scope="session")  # session: xdist may interleave modules
def renders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    # as render_city_reports does: the shared counterfactual table exists before any report,
    # so both renders record the same processed files in their manifests
    ensure_counterfactuals()
    warm = tmp_path_factory.mktemp("warm")
    fresh = tmp_path_factory.mktemp("fresh")
    _render(warm, warm=True, reverse=False)
    _render(fresh, warm=False, reverse=True)
    return warm, fresh


def test_warm_and_fresh_renders_are_byte_identical(renders):
    warm, fresh = renders
    files = sorted(p.relative_to(warm) for p in warm.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
    expected = {"index.html", "index.en.html"} | {
        f"{c}/{n}" for c in CITIES for n in ("report.ipynb", "report.html", "results.json")
    }
    compared = [f for f in files if f.name != "manifest.json"]
    assert {f.as_posix() for f in compared} == expected
    different = [
        f.as_posix() for f in compared if (warm / f).read_bytes() != (fresh / f).read_bytes()
    ]
    assert different == []
    for code in CITIES:
        manifests = [json.loads((d / code / "manifest.json").read_text()) for d in renders]
        assert [m.pop("timings")["warm_kernel"] for m in manifests] == [True, False]
        assert manifests[0] == manifests[1]


def test_figures_are_identical_pngs_without_software_or_time_metadata(renders):
    warm, fresh = renders
    for code in CITIES:
        figures = _figures(warm / code / "report.ipynb")
        assert len(figures) >= 4
        assert figures == _figures(fresh / code / "report.ipynb")
        for figure in figures:
            assert figure.startswith(PNG_SIGNATURE)
            assert b"Software" not in figure
            assert b"tIME" not in figure


def test_outputs_hold_no_machine_paths(renders):
    warm, _ = renders
    machine = [str(warm), str(PROJECT_ROOT), str(data_dir())]
    for path in warm.rglob("*"):
        if path.is_file() and path.name != "manifest.json":
            text = path.read_text(encoding="utf-8")
            assert [m for m in machine if m in text] == [], path


def test_kernels_hash_strings_the_same_in_every_run(tmp_path):
    import subprocess
    import sys

    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(
            "from evalkit.render import publish_results\n"
            "publish_results({'hash': hash('evalkit'), 'set': repr(set('abcdefgh'))})"
        )
    ]
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "language": "python",
        "display_name": "Python 3",
    }
    path = tmp_path / "hashes.ipynb"
    nbformat.write(notebook, path)
    first = render_batch(
        {"a": {}}, notebook=path, output_dir=tmp_path, n_jobs=1, warm=False, progress=False
    )
    second = render_batch(
        {"b": {}}, notebook=path, output_dir=tmp_path, n_jobs=1, warm=False, progress=False
    )
    expected = subprocess.run(
        [sys.executable, "-c", "print(hash('evalkit'), repr(set('abcdefgh')))"],
        env={"PYTHONHASHSEED": "0"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split(" ", 1)
    results = [summary.outcomes[0].results for summary in (first, second)]
    assert results[0] == results[1]
    assert results[0] == {"hash": int(expected[0]), "set": expected[1].strip()}


# What the rendered (Chinese, the default language) city reports show. These reuse the renders
# above instead of rendering reports of their own.
ENGLISH_LABELS = frozenset(
    {
        # table headers
        "plan_id", "programme", "via", "awardee_name", "round", "membership", "period_start",
        "period_end", "indicator", "method", "estimate", "se", "p_value", "pre_rmspe",
        "n_donors", "n_excluded", "top_donors", "term", "std_error", "statistic", "conf_low",
        "conf_high", "years", "interpolated", "rounded", "break_suspected", "conflict",
        "flagged_years", "file", "sha256",
        # coded values
        "zj_growth_plan", "liangchuang_demo", "low_carbon_pilot", "province", "direct",
        "confirmed", "batch 1", "sc", "synthdid", "treated_post", "urban_individual_workers",
        "night_lights", "<NA>", "NaN",
    }
)  # fmt: skip


def _visible_texts(page: str) -> list[str]:
    """The text nodes a reader sees (no style, script or title)."""
    from html.parser import HTMLParser

    class Texts(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.hidden = 0
            self.found: list[str] = []

        def handle_starttag(self, tag, attrs):
            self.hidden += tag in ("style", "script", "title")

        def handle_endtag(self, tag):
            self.hidden -= tag in ("style", "script", "title")

        def handle_data(self, data):
            if not self.hidden and data.strip():
                self.found.append(data.strip())

    parser = Texts()
    parser.feed(page)
    return parser.found


def test_provenance_appendix_shows_full_checksums(renders):
    from evalkit.report.sections import input_summary

    warm, _ = renders
    checksums = input_summary()["sha256"].tolist()
    assert checksums and all(len(c) == 64 for c in checksums)
    for code in CITIES:
        page = (warm / code / "report.html").read_text(encoding="utf-8")
        assert [c for c in checksums if f"<td>{c}</td>" not in page] == [], code


def test_page_title_is_the_city_report_title(renders):
    from evalkit.i18n import text

    warm, _ = renders
    for code in CITIES:
        city = json.loads((warm / code / "results.json").read_text(encoding="utf-8"))["city_name"]
        page = (warm / code / "report.html").read_text(encoding="utf-8")
        assert city.endswith("市")
        assert f"<title>{text('title', 'zh', city=city)}</title>" in page
        assert '<html lang="zh"' in page


def test_chinese_report_shows_no_english_labels(renders):
    warm, _ = renders
    for code in CITIES:
        texts = _visible_texts((warm / code / "report.html").read_text(encoding="utf-8"))
        assert "文件" in texts and "合成双重差分" in texts
        assert sorted(ENGLISH_LABELS.intersection(texts)) == [], code
        assert [t for t in texts if "K counts all fixed effects" in t] == [], code
