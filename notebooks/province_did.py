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

display(Markdown(f"# {text('province_did_title', language)}"))

# %% [markdown]
# Treated: Zhejiang's 11 cities from 2015; comparison: cities of Shanghai, Jiangsu, Anhui,
# Fujian and Jiangxi (never treated). Outcomes in logs. TWFE beside Callaway-Sant'Anna,
# Sun-Abraham and the imputation estimator; event studies with uniform bands; the Bacon
# decomposition; pre-trend tests; few-cluster inference and HonestDiD sensitivity.

# %%
import pandas as pd

from evalkit.design import rollout_sample
from evalkit.did import bacon_decomposition, etable, event_study
from evalkit.panel import load
from evalkit.report import publish_results
from evalkit.report.notebook import collected_warnings, setup, show

setup()
with collected_warnings() as notes:
    sample = rollout_sample(load(), outcomes, start_year=2015, years=(start_year, end_year))
columns = [f"log_{outcome}" for outcome in outcomes]
design = ("log_{}", "year", "unit_code", "first_treated_year")
print(sample.groupby("first_treated_year")["unit_code"].nunique().to_string())
print("\n".join(notes))

# %% [markdown]
# ## Estimators side by side (standard errors clustered by city)

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
# ## Bacon decomposition of the static TWFE coefficient
# With a single adoption year there is one 2x2 comparison (Zhejiang vs never treated) and
# TWFE is unbiased for it; the decomposition confirms the weight of 1. It needs a balanced
# panel, so cities with a missing year are dropped (stated below) and its TWFE can differ
# from the table above.

# %%
bacon = {}
for column in columns:
    with collected_warnings() as notes:
        bacon[column] = bacon_decomposition(
            sample, column, "year", "unit_code", "first_treated_year"
        )
    print(bacon[column].summary())
    print("\n".join(notes))

# %% [markdown]
# ## Pre-trend tests (joint test that all pre-treatment effects are zero)

# %%
pretrends = {column: dict(comparisons[column].pretrend_p_values) for column in columns}
pretrends = pd.DataFrame(pretrends)
display(pretrends.round(4))

# %% [markdown]
# ## Few clusters: which p-value to read
# Treatment is assigned to one province of six, so the province is the cluster. Every method is
# shown side by side; read the recommended row, the between-province t-test (about 95% coverage
# for this design in `benchmarks/coverage.py`). CRV1 over-rejects, the wild bootstrap by
# province under-rejects, permuting cities over-rejects (cities of a province share shocks),
# and permuting provinces is exact but cannot give a p-value below 1/6.

# %%
from evalkit.inference import RECOMMENDED, few_cluster_pvalues, sensitivity_smoothness

with collected_warnings() as notes:
    few = few_cluster_pvalues(sample, columns, n_draws=9999, n_permutations=999, random_state=seed)
display(few)

# %% [markdown]
# ## HonestDiD: smoothness restrictions on the TWFE event study (first post period)

# %%
honest = {}
for column in columns:
    with collected_warnings() as notes:
        dynamic = event_study(sample, column, "year", "unit_code", "first_treated_year")
    pre = int((dynamic.event_time < 0).sum())
    honest[column] = sensitivity_smoothness(
        dynamic.estimate, dynamic.vcov, pre, dynamic.event_time.size - pre, [0.0, 0.01, 0.02, 0.05]
    )
    print(column)
    print(honest[column].summary())

# %%
headline = {}
for column, comparison in comparisons.items():
    headline[column] = comparison.headline()
    headline[column]["bacon_twfe"] = bacon[column].twfe_estimate
    recommended = few.tidy().set_index(["outcome", "method"]).loc[(column, RECOMMENDED)]
    headline[column]["few_clusters_p"] = recommended["p_value"]
publish_results({"province_did": headline})
