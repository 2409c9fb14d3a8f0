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
from evalkit.design import build_design, programme_counts
from evalkit.i18n import column_label, figure_text, text, value_label
from evalkit.panel import load
from evalkit.plans import (
    PlanRegistry,
    cross_city_table,
    display_table,
    plot_plan_timeline,
    unit_attainment,
)
from evalkit.plans.catalogue_table import catalogue_table
from evalkit.plans.flag_reasons import flag_list, flag_reason_counts
from evalkit.plans.labels import DisplayTable, sentence, summary_markdown
from evalkit.plans.unit_sections import SHOWN_COLUMNS, combined_ambition, projection_table
from evalkit.render import publish_results
from evalkit.render.notebook import setup, show
from evalkit.report.city_targets import Folded
from evalkit.report.design_effects import json_records
from evalkit.report.tables import registry_table, report_table, timing_table, unit_timing_table

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
display(Markdown(f"## {sentence('catalogue', language)}"))
display(Markdown(sentence("catalogue_note", language)))
catalogue = catalogue_table(panel, language)
proxied = catalogue.iloc[:, -1] == catalogue.iloc[0, -1]
display(DisplayTable(catalogue.loc[proxied].iloc[:, :-1]))
display(Folded(DisplayTable(catalogue.loc[~proxied, catalogue.columns[[0, -1]]]), language, 0))

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
        display(Folded(display_table(unit.own[SHOWN_COLUMNS], language), language))
    if len(unit.sub_units):
        display(Markdown(f"#### {sentence('sub_units', language)}"))
        display(Folded(display_table(unit.sub_units[SHOWN_COLUMNS], language), language))
        display(Markdown(f"#### {sentence('allocation_sums', language)}"))
        display(Folded(display_table(unit.allocation, language), language))
    if len(unit.reported):
        display(Markdown(f"#### {sentence('reported_only', language)}"))
        display(Folded(display_table(unit.reported, language), language))

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
display(Folded(display_table(cross_city_table(registry.reported), language), language, 12))

# %%
display(Markdown(f"## {text('registry', language)}"))
display(Markdown(text("registry_note", language)))
display(Markdown(text("registry_counts", language, path=registry.path.relative_to(PROJECT_ROOT),
                      plans=len(registry.plans), targets=len(registry.targets),
                      reported=len(registry.reported), flags=len(registry.flags))))  # fmt: skip
display(report_table(registry_table(registry), language))

# %%
display(Markdown(f"## {text('timeline', language)}"))
display(Markdown(sentence("timeline_units", language)))
units = registry.roster.panel_units
shown_units = units.loc[units["unit_code"].isin(UNITS)]
timeline = plot_plan_timeline(registry.unit_plans(shown_units), last_year=LAST_YEAR,
                              labels=figure_text("plan_timeline", language))  # fmt: skip
show(timeline)

# %%
display(Markdown(f"## {text('timing', language)}"))
display(Markdown(text("timing_note", language)))
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    timing = registry.treatment_timing(
        PROGRAMME, units, range(FIRST_YEAR, LAST_YEAR + 1),
        map_districts=MAP_DISTRICTS, confounders=CONFOUNDERS,
    )  # fmt: skip
display(Markdown(text("programme_counts", language,
                      programme=value_label("programme", timing.programme, language),
                      **programme_counts(build_design(PROGRAMME, registry=registry)))))  # fmt: skip
display(Markdown(sentence("timing_counts", language, warnings=len(caught))))
display(report_table(timing_table(timing), language))
per_unit = unit_timing_table(timing)
per_unit["reason"] = per_unit["reason"].map(
    lambda code: value_label("reason", code, language), na_action="ignore"
)
join = "、" if language == "zh" else "; "
per_unit = (
    per_unit.groupby(["unit_name", "first_treated_year", "status"], sort=False)["reason"]
    .agg(lambda reasons: join.join(reasons.dropna()))
    .reset_index()
)
per_unit["status"] = per_unit["status"].map(lambda code: value_label("status", code, language))
per_unit["first_treated_year"] = per_unit["first_treated_year"].where(
    per_unit["first_treated_year"] > 0, "—"
)
per_unit.columns = [column_label(column, language) for column in per_unit.columns]
display(Markdown(sentence("timing_units", language, units=len(per_unit))))
display(Folded(DisplayTable(per_unit), language, 0))

# %%
display(Markdown(f"## {text('allocation', language)}"))
display(Markdown(text("allocation_note", language)))
allocation = registry.allocation(unit_reports[1].allocation["plan_id"].iloc[0])
townships = allocation.columns.drop(["indicator_zh", "合计"])
allocation = allocation.rename(columns={"合计": "total"}).reset_index()
display(Folded(report_table(allocation, language, names=townships), language, 0))

# %%
display(Markdown(f"## {text('flagged_codes', language)}"))
display(Markdown(text("flagged_codes_note", language)))
display(DisplayTable(flag_reason_counts(registry.flags, language)))
display(Folded(DisplayTable(flag_list(registry.flags, language)), language, 0))

# %%
# The index lists this report by title; it has no effect estimate of its own (no headlines),
# and its projections are published for reuse.
publish_results(
    {
        "title": text("plan_targets_title", language),
        "parameters": {"language": language, "units": UNITS},
        "headlines": [],
        "projections": json_records(projections),
    }
)
