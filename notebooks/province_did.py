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
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
outcomes = ["loans", "loans_to_gdp", "va_secondary"]  # the catalogue's defaults
language = "zh"
first_year = None  # first sample year; None: the design's default
end_year = None  # last sample year; None: the design's default
seed = 2026

# %%
from IPython.display import Markdown, display

from evalkit.design import DEFAULT_YEARS, build_design
from evalkit.did import bacon_decomposition, etable
from evalkit.i18n import text
from evalkit.panel import load
from evalkit.plots import event_study_plot
from evalkit.report import publish_results
from evalkit.report.city import comparison_description
from evalkit.report.design_effects import (
    MAX_EVENT_TIME,
    intensity_estimates,
    json_records,
    long_event_study,
    round_boundaries,
    round_effects,
    sensitivity_table,
)
from evalkit.report.notebook import collected_warnings, setup, show
from evalkit.report.pooled import (
    bacon_sentence,
    complete_units,
    outcome_labels,
    pooled_headline,
    smoothness_sensitivity,
)
from evalkit.report.sections import design_exclusions
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
years = (first_year or DEFAULT_YEARS[0], end_year or DEFAULT_YEARS[1])
design = build_design("zj_growth_plan", years=years, outcomes=outcomes, seed=seed)
display(Markdown(f"# {text('province_did_title', language)}"))
display(Markdown(text("province_did_design", language, treated=len(design.treated_units),
                      start=min(design.cohorts), controls=len(design.control_units),
                      comparison=comparison_description(design, language),
                      first=years[0], last=years[1])))  # fmt: skip

# %%
display(Markdown(f"## {text('sample', language)}"))
with collected_warnings() as notes:
    panel = load()
    sample = design.sample(panel)
labels = outcome_labels(outcomes, language)
columns = list(labels)
display(Markdown(text("sample_note", language)))
display(report_table(cohort_sizes(sample), language))
display(report_table(design_exclusions(design), language))
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
display(Markdown(f"## {text('rounds', language)}"))
display(Markdown(text("rounds_note", language)))
rounds = {}
for column in columns:
    with collected_warnings() as notes:
        rounds[column] = round_effects(sample, column, design)
    display(Markdown(f"### {labels[column]}"))
    display(report_table(rounds[column].round(4), language))

# %%
display(Markdown(f"## {text('long_event_study', language, max_e=MAX_EVENT_TIME)}"))
for column in columns:
    with collected_warnings() as notes:
        dynamic = long_event_study(sample, column, design)
    show(event_study_plot(dynamic.tidy(), language=language, title=labels[column],
                          boundaries=round_boundaries(design)))  # fmt: skip

# %%
display(Markdown(f"## {text('sensitivity', language)}"))
display(Markdown(text("sensitivity_note", language)))
with collected_warnings() as notes:
    sensitivity = sensitivity_table(design, panel)
display(report_table(sensitivity.round(4), language))

# %%
display(Markdown(f"## {text('intensity', language)}"))
display(Markdown(text("intensity_note", language)))
with collected_warnings() as notes:
    city_plans = build_design("city_growth_plan", years=years, outcomes=outcomes, seed=seed)
    intensity = intensity_estimates(city_plans, panel)
display(report_table(design_exclusions(city_plans), language))
display(report_table(intensity.round(4), language))

# %%
display(Markdown(f"## {text('bacon', language)}"))
display(Markdown(text("bacon_single_cohort", language)))
bacon = {}
for column in columns:
    with collected_warnings() as notes:
        bacon[column] = bacon_decomposition(
            complete_units(sample, column), column, "year", "unit_code", "first_treated_year"
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
display(Markdown(text("few_cluster_note", language, provinces=sample["province_code"].nunique())))
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
publish_results(
    {
        "province_did": headline,
        "design": design.to_dict(),
        "rounds": {c: json_records(r) for c, r in rounds.items()},
        "sensitivity": json_records(sensitivity),
        "intensity": json_records(intensity),
    }
)
