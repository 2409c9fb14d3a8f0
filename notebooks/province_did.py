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

from evalkit.design import DEFAULT_YEARS, build_design, outcome_column
from evalkit.did import bacon_decomposition, etable
from evalkit.i18n import figure_text, text
from evalkit.panel import load
from evalkit.plots import plot_event_study
from evalkit.render import publish_results
from evalkit.render.notebook import collected_warnings, setup, show
from evalkit.report.city import comparison_description
from evalkit.report.city_targets import Folded
from evalkit.report.design_effects import (
    MAX_EVENT_TIME,
    intensity_estimates,
    json_records,
    long_event_study,
    round_boundaries,
    round_effects,
    sensitivity_table,
)
from evalkit.report.notes import program_notes
from evalkit.report.pooled import (
    bacon_sentence,
    complete_units,
    outcome_labels,
    pooled_headline,
    smoothness_sensitivity,
)
from evalkit.report.pooled_summary import (
    PREVIOUS_DEFAULTS,
    breakdown_rows,
    headline_figure,
    headline_table,
    honest_averages,
    honest_rows,
    outcome_change_estimates,
    outcome_change_table,
    pretrend_p,
    stress_summary,
    stress_table,
    summary_sentences,
)
from evalkit.report.pooled_summary import pooled_headline as recommended_pooled_headline
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
title = text("province_did_title", language)
display(Markdown(f"# {title}"))
display(Markdown(text("province_did_design", language, treated=len(design.treated_units),
                      start=min(design.cohorts), controls=len(design.control_units),
                      comparison=comparison_description(design, language),
                      first=years[0], last=years[1])))  # fmt: skip
all_notes = []
with collected_warnings() as notes:
    panel = load()
    sample = design.sample(panel)
all_notes += notes
labels = outcome_labels(outcomes, language)
columns = list(labels)
outcome_names = {outcome: labels[outcome_column(outcome)] for outcome in outcomes}
dynamics, headlines = {}, []
for outcome in outcomes:
    column = outcome_column(outcome)
    with collected_warnings() as notes:
        dynamics[column] = long_event_study(sample, column, design)
        headlines.append(recommended_pooled_headline(
            sample, outcome, pretrend_p=pretrend_p(dynamics[column]), seed=seed
        ))  # fmt: skip
    all_notes += notes
summary = summary_sentences(headlines, outcome_names, language)

# %%
display(Markdown(f"## {text('summary', language)}"))
display(Markdown("\n".join(f"- {sentence}" for sentence in summary)))
show(headline_figure(headlines, outcome_names, language))
display(Markdown(text("figure_note_headline", language)))

# %%
display(Markdown(f"## {text('headline_section', language)}"))
display(Markdown(text("headline_note", language)))
first = headlines[0]
display(Markdown(text("headline_sample", language, treated=first.n_treated,
                      controls=first.n_control, clusters=first.headline.n_clusters,
                      treated_clusters=first.headline.n_treated_clusters)))  # fmt: skip
display(report_table(headline_table(headlines, language).round(4), language))

# %%
display(Markdown(f"## {text('stress_section', language)}"))
display(Markdown(text("stress_note", language)))
stress = stress_table(headlines, language)
shown = ["headline_method", "conditions_detected", "finding"]
display(report_table(stress_summary(headlines, language), language, verbatim=shown))
display(Folded(report_table(stress.round(4), language, verbatim=shown), language, 0))

# %%
display(Markdown(f"## {text('outcome_change', language)}"))
display(Markdown(text("outcome_change_note", language)))
display(report_table(outcome_change_table(language), language))
previous = [outcome for outcome in PREVIOUS_DEFAULTS if outcome not in outcomes]
previous_design = build_design("zj_growth_plan", years=years, outcomes=previous, seed=seed)
previous_headlines = []
with collected_warnings() as notes:
    previous_sample = previous_design.sample(panel)
    for outcome in previous:
        column = outcome_column(outcome)
        dynamic = long_event_study(previous_sample, column, previous_design)
        previous_headlines.append(recommended_pooled_headline(
            previous_sample, outcome, pretrend_p=pretrend_p(dynamic), seed=seed
        ))  # fmt: skip
all_notes += notes
display(Markdown(text("outcome_change_estimates_note", language)))
display(report_table(
    outcome_change_estimates(headlines, previous_headlines, language).round(4), language
))  # fmt: skip

# %%
display(Markdown(f"## {text('sample', language)}"))
display(Markdown(text("sample_note", language)))
display(report_table(cohort_sizes(sample), language))
display(report_table(design_exclusions(design), language))
print("\n".join(program_notes(all_notes, labels, language)))

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
    print("\n".join(program_notes(notes, labels, language)))
    all_notes += notes

# %%
display(Markdown(f"## {text('event_studies', language)}"))
comparison_labels = figure_text("estimator_comparison", language)
for column, comparison in comparisons.items():
    show(comparison.plot(labels=comparison_labels, title=labels[column]))

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
    show(plot_event_study(dynamics[column].tidy(), labels=figure_text("event_study", language),
                          title=labels[column], boundaries=round_boundaries(design)))  # fmt: skip

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
    print("\n".join(program_notes(notes, labels, language)))
    all_notes += notes

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
display(Markdown(f"## {text('honest_average', language)}"))
display(Markdown(text("honest_average_note", language)))
with collected_warnings() as notes:
    honest_average_fits, honest_failures = honest_averages(sample, outcomes)
all_notes += notes
for outcome, reason in honest_failures.items():
    display(Markdown(text("honest_failed", language, outcome=outcome_names[outcome],
                          reason=reason)))  # fmt: skip
breakdowns = breakdown_rows(honest_average_fits)
display(report_table(breakdowns.round(4), language))
display(report_table(honest_rows(honest_average_fits).round(4), language))

# %%
headline = pooled_headline(comparisons, bacon)
for column in columns:
    recommended = few.tidy().set_index(["outcome", "method"]).loc[(column, RECOMMENDED)]
    headline[column]["few_clusters_p"] = recommended["p_value"]
publish_results(
    {
        "title": title,
        "parameters": {
            "outcomes": outcomes,
            "language": language,
            "first_year": years[0],
            "end_year": years[1],
            "seed": seed,
        },
        "headlines": [item.record() for item in headlines],
        "summary": summary,
        "province_did": headline,
        "design": design.to_dict(),
        "rounds": {c: json_records(r) for c, r in rounds.items()},
        "sensitivity": json_records(sensitivity),
        "intensity": json_records(intensity),
        "honest_average": {o: json_records(f.tidy()) for o, f in honest_average_fits.items()},
        "breakdown": json_records(breakdowns),
        "outcome_change": json_records(outcome_change_table(language)),
        "stress": json_records(stress),
        "outcome_change_headlines": [item.record() for item in previous_headlines],
        "notes": list(dict.fromkeys(all_notes)),
    }
)
