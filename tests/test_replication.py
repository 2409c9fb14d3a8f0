"""REPLICATION.md: its figure/table map follows the notebooks, its sources follow PROVENANCE."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from evalkit.config import PROJECT_ROOT
from evalkit.render.index import index_html
from evalkit.render.replication import (
    TABLE_END,
    TABLE_START,
    index_sections,
    notebook_outputs,
    percent_cells,
    replace_table,
    replication_table,
)

REPLICATION_MD = PROJECT_ROOT / "REPLICATION.md"
PROVENANCE_MD = PROJECT_ROOT.parent / "shared" / "data" / "PROVENANCE.md"

TOY_NOTEBOOK = """# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
# ---

# %% tags=["parameters"]
outcomes = ["gdp"]

# %%
from evalkit.panel import load
from evalkit.plots import trend_figure
from evalkit.report import sections as report
from evalkit.render.notebook import show

panel = load()
fits = [report.city_its(panel, o) for o in outcomes]
display(Markdown(f"## {text('trends', language)}"))

# %% [markdown]
# prose, not code: show(nothing)

# %%
for fit in fits:
    show(trend_figure(fit.path))
display(Markdown("just text"))
display(report.quality_flags(panel))

# %% [markdown]
# ## The registry

# %%
import matplotlib.pyplot as plt
from evalkit.plans import PlanRegistry, plot_plan_timeline

registry = PlanRegistry.load()
figure = plot_plan_timeline(registry.unit_plans(["330100"]))
plt.show()

# %%
print("printed, not a table")
registry.allocation("lanxi_growth_2018")
"""


def test_percent_cells_split_code_and_markdown():
    cells = percent_cells(TOY_NOTEBOOK)
    assert [header for header, _ in cells] == [
        ' tags=["parameters"]',
        "",
        " [markdown]",
        "",
        " [markdown]",
        "",
        "",
    ]
    assert cells[0][1] == 'outcomes = ["gdp"]\n'


def test_outputs_are_traced_to_the_cell_and_the_library_functions(tmp_path):
    notebook = tmp_path / "toy.py"
    notebook.write_text(TOY_NOTEBOOK, encoding="utf-8")
    outputs = notebook_outputs(notebook)
    assert [(o.cell, o.kind, o.section, o.repeated_over) for o in outputs] == [
        (4, "figure", "Indicator trends", "fits"),
        (4, "table", "Indicator trends", None),
        (6, "figure", "The registry", None),
        (7, "table", "The registry", None),
    ]
    assert outputs[0].statement == "show(trend_figure(fit.path))"
    assert outputs[0].functions == (
        "evalkit.plots.trend_figure",
        "evalkit.report.sections.city_its",
    )
    assert outputs[1].functions == ("evalkit.report.sections.quality_flags", "evalkit.panel.load")
    assert outputs[2].statement == "figure = plot_plan_timeline(registry.unit_plans(['330100']))"
    assert outputs[2].functions == (
        "evalkit.plans.plot_plan_timeline",
        "evalkit.plans.PlanRegistry.load(...).unit_plans",
        "evalkit.plans.PlanRegistry.load",
    )
    assert outputs[3].statement == "registry.allocation('lanxi_growth_2018')"
    assert outputs[3].functions == (
        "evalkit.plans.PlanRegistry.load(...).allocation",
        "evalkit.plans.PlanRegistry.load",
    )


def test_replication_md_table_matches_the_report_notebooks():
    document = REPLICATION_MD.read_text(encoding="utf-8")
    assert TABLE_START in document and TABLE_END in document
    assert replace_table(document, replication_table()) == document, (
        "REPLICATION.md's figure/table map is stale: run .venv/bin/python "
        "scripts/replication_table.py and commit REPLICATION.md"
    )


def test_every_city_notebook_output_and_index_table_is_in_the_table():
    outputs = notebook_outputs(PROJECT_ROOT / "notebooks" / "city_report.py")
    assert {o.kind for o in outputs} == {"figure", "table"}
    table = replication_table()
    for output in outputs:
        assert f"cell {output.cell} | `{output.statement}`" in table.replace("\\|", "|")
    sections = index_sections()
    assert len(sections) == index_html({}).count("<h2>") >= 2
    for section in sections:
        assert f"| reports/index.html | {section} | table |" in table


def test_every_provenance_folder_has_a_data_availability_entry():
    if not PROVENANCE_MD.is_file():
        pytest.skip(f"{PROVENANCE_MD} not present beside the checkout")
    folders = set(re.findall(r"^\| ([a-z_]+)/ \|", PROVENANCE_MD.read_text(), flags=re.M))
    assert folders, "no data folders found in PROVENANCE.md"
    document = REPLICATION_MD.read_text(encoding="utf-8")
    assert [f for f in sorted(folders) if f"`{f}/`" not in document] == []


def test_the_script_checks_the_table():
    done = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "scripts" / "replication_table.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "REPLICATION.md table up to date"


def test_replace_table_needs_the_markers():
    with pytest.raises(ValueError, match=r"REPLICATION\.md lacks the markers"):
        replace_table("no markers here", replication_table())
