# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Plans, designations and targets
#
# Every row comes from `data/raw/plans/` and cites its source: the seeds in `../shared/seeds/`
# (兰溪 plan 兰政办发〔2018〕136号 = `001_522d26e6ec434376.txt`; 嘉兴 2021-2023 plan =
# `003_a4906bae605cc669.txt`; 嘉兴 2018 results = `000_bfe12aea64607f33.txt`; 衢州 reply of
# 2021-07-01 = `002_e9b2abd4ad84d207.txt`), `../shared/data/PROVENANCE.md` (Policy facts) and
# `pilot_lists/试点城市名单.xlsx`.

# %% tags=["parameters"]
PROGRAMME = "liangchuang_demo"
FIRST_YEAR = 2005
LAST_YEAR = 2021
MAP_DISTRICTS = False
CONFOUNDERS = ["low_carbon_pilot", "smf_finance_pilot"]

# %%
import warnings

import matplotlib.pyplot as plt

from evalkit.plans import PlanRegistry, attainment, plot_plan_timeline

registry = PlanRegistry.load()
registry

# %% [markdown]
# ## Timeline of plans and designations by city
# Panel cities only; hatching marks inferred (//) and unknown (xx) membership, a dot a county
# or district awardee (兰溪 under 金华, 浦东新区 under 上海).

# %%
units = registry.roster.panel_units
links = registry.unit_plans(units)
figure = plot_plan_timeline(links, last_year=LAST_YEAR + 2)
plt.show()

# %% [markdown]
# ## Treatment timing for a DiD
# Units with unknown membership (the incomplete 两创示范 batch 2), partly treated cities and
# cities exposed to confounding programmes are excluded, each with a warning naming them.

# %%
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    timing = registry.treatment_timing(
        PROGRAMME, units, range(FIRST_YEAR, LAST_YEAR + 1),
        map_districts=MAP_DISTRICTS, confounders=CONFOUNDERS,
    )  # fmt: skip
for warning in caught:
    print(warning.message)
timing

# %% [markdown]
# ## 兰溪's allocation table (兰政办发〔2018〕136号, 附件)
# Each row sums to its headline target (checked on load).

# %%
registry.allocation("lanxi_growth_2018")

# %%
registry.allocation_check()

# %% [markdown]
# ## 嘉兴: 2021-2023 targets against what the sources report
# The reported figures are from 2018 (previous round, seed 000): they show the pace 嘉兴 had
# when the new targets were set, not an outcome of the 2021-2023 plan.

# %%
jiaxing = registry.targets_vs_reported("jiaxing_growth_2021")
jiaxing["target_per_year"] = jiaxing["target"] / jiaxing["period_years"]
jiaxing.loc[jiaxing["reported"].notna()]

# %% [markdown]
# Attainment if 嘉兴 kept its 2018 pace for the first year of the 2021-2023 round
# (an illustration of the method, not a measurement).

# %%
for indicator in ["new_smf", "new_tech_smf", "new_smf_loans"]:
    row = jiaxing.set_index("indicator").loc[indicator]
    result = attainment(
        row["target"], {2021: row["reported"]}, kind="cumulative", period_start=2021,
        horizon=int(row["horizon"]), qualifier=row["qualifier"],
    )  # fmt: skip
    print(indicator, "-", result.summary())

# %% [markdown]
# ## Codes that are valid but not panel units

# %%
registry.flags.groupby("reason").size()
