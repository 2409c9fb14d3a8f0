# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
PROGRAMME = "liangchuang_demo"
FIRST_YEAR = 2005
LAST_YEAR = 2021
MAP_DISTRICTS = False
CONFOUNDERS = ["low_carbon_pilot", "smf_finance_pilot"]
UNITS = ["330400", "330700", "330800"]  # cities whose targets and figures are shown
language = "zh"

# %%
import warnings

from IPython.display import Markdown, display

from evalkit.config import PROJECT_ROOT
from evalkit.i18n import text, value_label
from evalkit.panel import load
from evalkit.plans import (
    PlanRegistry,
    cross_city_table,
    display_table,
    plot_plan_timeline,
    unit_attainment,
)
from evalkit.plans.labels import sentence, summary_markdown
from evalkit.plans.unit_sections import SHOWN_COLUMNS, combined_ambition, projection_table
from evalkit.plots import localise_figure
from evalkit.report.notebook import setup, show
from evalkit.report.tables import (
    registry_table,
    report_table,
    timing_table,
    unit_timing_table,
)

setup()
display(Markdown(f"# {text('plan_targets_title', language)}"))
display(Markdown(text("plan_targets_sources", language)))

# %%
display(Markdown(f"## {sentence('summary', language)}"))
registry = PlanRegistry.load()
panel = load()
unit_reports = [unit_attainment(registry, panel, code) for code in UNITS]
projections = projection_table(unit_reports)
display(Markdown(summary_markdown(unit_reports, projections, language)))

# %%
display(Markdown(f"## {sentence('projections', language)}"))
display(Markdown(sentence("projections_note", language)))
display(display_table(projections, language))

# %%
display(Markdown(f"## {sentence('units_attainment', language)}"))
display(Markdown(sentence("units_note", language)))
for unit in unit_reports:
    display(Markdown(f"### {unit.unit_name}"))
    if len(unit.own):
        display(display_table(unit.own[SHOWN_COLUMNS], language))
    if len(unit.sub_units):
        display(Markdown(f"#### {sentence('sub_units', language)}"))
        display(display_table(unit.sub_units[SHOWN_COLUMNS], language))
        display(Markdown(f"#### {sentence('allocation_sums', language)}"))
        display(display_table(unit.allocation, language))
    if len(unit.reported):
        display(Markdown(f"#### {sentence('reported_only', language)}"))
        display(display_table(unit.reported, language))

# %%
display(Markdown(f"### {sentence('province', language)}"))
display(display_table(unit_reports[0].province[SHOWN_COLUMNS], language))
display(display_table(unit_reports[0].province_reported, language))

# %%
display(Markdown(f"## {sentence('ambition', language)}"))
display(Markdown(sentence("ambition_note", language)))
ambition = combined_ambition(unit_reports)
display(display_table(ambition, language))

# %%
display(Markdown(f"## {sentence('cross_city', language)}"))
display(Markdown(sentence("cross_city_note", language)))
display(display_table(cross_city_table(registry.reported), language))

# %%
display(Markdown(f"## {text('registry', language)}"))
display(Markdown(text("registry_note", language)))
display(Markdown(text("registry_counts", language, path=registry.path.relative_to(PROJECT_ROOT),
                      plans=len(registry.plans), targets=len(registry.targets),
                      reported=len(registry.reported), flags=len(registry.flags))))  # fmt: skip
display(report_table(registry_table(registry), language))

# %%
display(Markdown(f"## {text('timeline', language)}"))
display(Markdown(text("timeline_note", language)))
units = registry.roster.panel_units
links = registry.unit_plans(units)
show(localise_figure(plot_plan_timeline(links, last_year=LAST_YEAR + 2), language))

# %%
display(Markdown(f"## {text('timing', language)}"))
display(Markdown(text("timing_note", language)))
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    timing = registry.treatment_timing(
        PROGRAMME, units, range(FIRST_YEAR, LAST_YEAR + 1),
        map_districts=MAP_DISTRICTS, confounders=CONFOUNDERS,
    )  # fmt: skip
for warning in caught:
    print(warning.message)
from evalkit.design import build_design, programme_counts

display(Markdown(text("programme_counts", language,
                      programme=value_label("programme", timing.programme, language),
                      **programme_counts(build_design(PROGRAMME, registry=registry)))))  # fmt: skip
display(report_table(timing_table(timing), language))
display(report_table(unit_timing_table(timing), language))

# %%
display(Markdown(f"## {text('allocation', language)}"))
display(Markdown(text("allocation_note", language)))
allocation = registry.allocation("lanxi_growth_2018")
townships = allocation.columns.drop(["indicator_zh", "合计"])
allocation = allocation.rename(columns={"合计": "total"}).reset_index()
display(report_table(allocation, language, names=townships))

# %%
check = registry.allocation_check().merge(allocation[["indicator", "indicator_zh"]], on="indicator")
display(report_table(check, language))

# %%
display(Markdown(f"## {text('jiaxing_targets', language)}"))
display(Markdown(text("jiaxing_note", language)))
jiaxing = registry.targets_vs_reported("jiaxing_growth_2021")
jiaxing["target_per_year"] = jiaxing["target"] / jiaxing["period_years"]
display(report_table(jiaxing.loc[jiaxing["reported"].notna()], language))

# %%
display(Markdown(f"## {text('flagged_codes', language)}"))
display(Markdown(text("flagged_codes_note", language)))
flagged = registry.flags.groupby("reason").size().rename("codes").reset_index()
display(report_table(flagged, language))
