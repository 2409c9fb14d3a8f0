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
language = "zh"

# %%
import warnings

from IPython.display import Markdown, display

from evalkit.config import PROJECT_ROOT
from evalkit.i18n import text, value_label
from evalkit.plans import PlanRegistry, attainment, plot_plan_timeline
from evalkit.plots import localise_figure
from evalkit.report.notebook import setup, show
from evalkit.report.tables import (
    attainment_table,
    registry_table,
    report_table,
    timing_table,
    unit_timing_table,
)

setup()
display(Markdown(f"# {text('plan_targets_title', language)}"))
display(Markdown(text("plan_targets_sources", language)))

# %%
display(Markdown(f"## {text('registry', language)}"))
display(Markdown(text("registry_note", language)))
registry = PlanRegistry.load()
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
display(Markdown(text("attainment_note", language)))
attained = {}
for indicator in ["new_smf", "new_tech_smf", "new_smf_loans"]:
    row = jiaxing.set_index("indicator").loc[indicator]
    attained[indicator] = attainment(
        row["target"], {2021: row["reported"]}, kind="cumulative", period_start=2021,
        horizon=int(row["horizon"]), qualifier=row["qualifier"],
    )  # fmt: skip
display(report_table(attainment_table(attained, jiaxing), language))

# %%
display(Markdown(f"## {text('flagged_codes', language)}"))
display(Markdown(text("flagged_codes_note", language)))
flagged = registry.flags.groupby("reason").size().rename("codes").reset_index()
display(report_table(flagged, language))
