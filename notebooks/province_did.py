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
language = "zh"
start_year = 2008
end_year = 2018
seed = 2026

# %%
from IPython.display import Markdown, display

from evalkit.design import rollout_sample
from evalkit.did import bacon_decomposition, etable
from evalkit.i18n import text
from evalkit.panel import load
from evalkit.report import publish_results
from evalkit.report.notebook import collected_warnings, setup, show
from evalkit.report.pooled import (
    bacon_sentence,
    outcome_labels,
    pooled_headline,
    smoothness_sensitivity,
)
from evalkit.report.tables import (
    bacon_table,
    cohort_sizes,
    estimator_table,
    few_cluster_table,
    honest_table,
    pretrend_table,
    report_table,
)

setup()
display(Markdown(f"# {text('province_did_title', language)}"))
display(Markdown(text("province_did_design", language)))

# %%
display(Markdown(f"## {text('sample', language)}"))
with collected_warnings() as notes:
    sample = rollout_sample(load(), outcomes, start_year=2015, years=(start_year, end_year))
labels = outcome_labels(outcomes, language)
columns = list(labels)
display(Markdown(text("sample_note", language)))
display(report_table(cohort_sizes(sample), language))
print("\n".join(notes))

# %%
display(Markdown(f"## {text('estimators_clustered', language)}"))
display(Markdown(text("estimators_note", language)))
comparisons = {}
for column in columns:
    with collected_warnings() as notes:
        comparisons[column] = etable(
            sample, column, "year", "unit_code", "first_treated_year", random_state=seed
        )
    display(Markdown(f"### {labels[column]}"))
    display(report_table(estimator_table(comparisons[column]), language))
    print("\n".join(notes))

# %%
display(Markdown(f"## {text('event_studies', language)}"))
for column, comparison in comparisons.items():
    show(comparison.plot(language=language, title=labels[column]))

# %%
display(Markdown(f"## {text('bacon', language)}"))
display(Markdown(text("bacon_single_cohort", language)))
bacon = {}
for column in columns:
    with collected_warnings() as notes:
        bacon[column] = bacon_decomposition(
            sample, column, "year", "unit_code", "first_treated_year"
        )
    display(Markdown(bacon_sentence(bacon[column], labels[column], language)))
    display(report_table(bacon_table(bacon[column]), language))
    print("\n".join(notes))

# %%
display(Markdown(f"## {text('pretrend_tests', language)}"))
display(report_table(pretrend_table(comparisons).round(4), language))

# %%
from evalkit.inference import RECOMMENDED, few_cluster_pvalues

display(Markdown(f"## {text('few_cluster_pvalues', language)}"))
display(Markdown(text("few_cluster_note", language)))
with collected_warnings() as notes:
    few = few_cluster_pvalues(sample, columns, n_draws=9999, n_permutations=999, random_state=seed)
display(report_table(few_cluster_table(few), language))
display(Markdown(text("few_cluster_recommendation", language)))

# %%
display(Markdown(f"## {text('honest_smoothness', language)}"))
display(Markdown(text("honest_note", language)))
with collected_warnings() as notes:
    honest = {column: smoothness_sensitivity(sample, column) for column in columns}
display(report_table(honest_table(honest), language))

# %%
headline = pooled_headline(comparisons, bacon)
for column in columns:
    recommended = few.tidy().set_index(["outcome", "method"]).loc[(column, RECOMMENDED)]
    headline[column]["few_clusters_p"] = recommended["p_value"]
publish_results({"province_did": headline})
