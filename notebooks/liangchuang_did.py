# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
outcomes = ["urban_individual_workers", "night_lights"]
language = "en"
start_year = 2008
end_year = 2018
seed = 2026

# %%
from IPython.display import Markdown, display

from evalkit.i18n import text

display(Markdown(f"# {text('liangchuang_did_title', language)}"))

# %% [markdown]
# Treatment timing comes from the plan registry (``liangchuang_demo``, onset = plan period
# start); units whose membership is unknown or that are only partly treated are excluded, as
# the registry states. All cities with data form the sample; never-awarded cities are the
# comparison group. Standard errors are clustered by city.

# %%
import pandas as pd

from evalkit.did import bacon_decomposition, etable, event_study
from evalkit.panel import load
from evalkit.plans import PlanRegistry
from evalkit.report import publish_results
from evalkit.report.notebook import collected_warnings, setup, show

setup()
with collected_warnings() as notes:
    panel = load()
    timing = PlanRegistry.load().treatment_timing(
        "liangchuang_demo", panel.units, range(start_year, end_year + 1)
    )
    wide = panel.wide(outcomes, log=True)
    wide = wide[wide["year"].between(start_year, end_year)]
    sample = timing.attach(panel.units.merge(wide, on="unit_code"))
print(timing.summary().splitlines()[0])
print(sample.groupby("first_treated_year")["unit_code"].nunique().to_string())
print(f"{len(notes)} data/timing note(s); first: {notes[0][:200] if notes else 'none'}")
columns = [f"log_{outcome}" for outcome in outcomes]

# %% [markdown]
# ## Estimators side by side

# %%
comparisons = {}
for column in columns:
    with collected_warnings() as notes:
        comparisons[column] = etable(
            sample, column, "year", "unit_code", "first_treated_year", random_state=seed
        )
    display(comparisons[column])
    print("\n".join(notes))

# %% [markdown]
# ## Event studies with uniform bands

# %%
for column, comparison in comparisons.items():
    show(comparison.plot(language=language, title=column))

# %% [markdown]
# ## Bacon decomposition of the static TWFE coefficient (balanced cities only)

# %%
bacon = {}
for column in columns:
    with collected_warnings() as notes:
        bacon[column] = bacon_decomposition(
            sample, column, "year", "unit_code", "first_treated_year"
        )
    print(bacon[column].summary())
    print("\n".join(notes))
    show(bacon[column].plot(language=language, title=column))

# %% [markdown]
# ## Pre-trend tests (joint test that all pre-treatment effects are zero)

# %%
pretrends = {column: dict(comparisons[column].pretrend_p_values) for column in columns}
display(pd.DataFrame(pretrends).round(4))

# %% [markdown]
# ## Randomization inference and HonestDiD
# Randomization inference permutes adoption timing across cities (static TWFE statistic);
# HonestDiD bounds the first post-period effect of the TWFE event study under smoothness.

# %%
from evalkit.inference import randomization_test, sensitivity_smoothness

randomization = {}
honest = {}
for column in columns:
    with collected_warnings() as notes:
        balanced = sample.dropna(subset=[column])
        complete = balanced.groupby("unit_code")["year"].transform("size")
        balanced = balanced[complete == complete.max()]
        randomization[column] = randomization_test(
            balanced, column, "year", "unit_code", "first_treated_year",
            n_permutations=999, random_state=seed,
        )  # fmt: skip
        dynamic = event_study(sample, column, "year", "unit_code", "first_treated_year")
    pre = int((dynamic.event_time < 0).sum())
    honest[column] = sensitivity_smoothness(
        dynamic.estimate, dynamic.vcov, pre, dynamic.event_time.size - pre, [0.0, 0.01, 0.02, 0.05]
    )
    print(column)
    print(randomization[column].summary())
    print(honest[column].summary())

# %%
headline = {}
for column, comparison in comparisons.items():
    headline[column] = comparison.headline()
    headline[column]["bacon_twfe"] = bacon[column].twfe_estimate
    headline[column]["randomization_p"] = float(randomization[column].p_value)
publish_results({"liangchuang_did": headline})
