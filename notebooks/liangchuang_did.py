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
import pandas as pd
from IPython.display import Markdown, display

from evalkit.design import DEFAULT_YEARS, build_design, outcome_column, programme_counts
from evalkit.did import bacon_decomposition, etable
from evalkit.i18n import figure_text, text, value_label
from evalkit.panel import load
from evalkit.render import publish_results
from evalkit.render.notebook import collected_warnings, setup, show
from evalkit.report.design_effects import json_records, long_event_study, sensitivity_table
from evalkit.report.notes import program_notes
from evalkit.report.pooled import (
    bacon_sentence,
    complete_units,
    outcome_labels,
    pooled_headline,
    smoothness_sensitivity,
)
from evalkit.report.pooled_summary import (
    breakdown_rows,
    headline_figure,
    headline_table,
    honest_averages,
    honest_rows,
    pretrend_p,
    summary_sentences,
)
from evalkit.report.pooled_summary import pooled_headline as recommended_pooled_headline
from evalkit.report.sections import design_exclusions
from evalkit.report.tables import (
    bacon_table,
    cohort_sizes,
    estimator_table,
    honest_table,
    pretrend_table,
    randomization_table,
    report_table,
)

setup()
title = text("liangchuang_did_title", language)
display(Markdown(f"# {title}"))
display(Markdown(text("liangchuang_did_design", language)))
years = (first_year or DEFAULT_YEARS[0], end_year or DEFAULT_YEARS[1])
design = build_design("liangchuang_demo", years=years, outcomes=outcomes, seed=seed)
all_notes = []
with collected_warnings() as notes:
    panel = load()
    sample = design.sample(panel)
all_notes += notes
labels = outcome_labels(outcomes, language)
columns = list(labels)
outcome_names = {outcome: labels[outcome_column(outcome)] for outcome in outcomes}
# Treatment is assigned to cities: the rule's cluster is the city; the province is the check.
dynamics, headlines, by_province = {}, [], []
for outcome in outcomes:
    column = outcome_column(outcome)
    with collected_warnings() as notes:
        dynamics[column] = long_event_study(sample, column, design)
        gate = pretrend_p(dynamics[column])
        headlines.append(recommended_pooled_headline(
            sample, outcome, cluster="unit_code", pretrend_p=gate, seed=seed
        ))  # fmt: skip
        by_province.append(recommended_pooled_headline(
            sample, outcome, cluster="province_code", pretrend_p=gate, seed=seed
        ))  # fmt: skip
    all_notes += notes
summary = summary_sentences(headlines, outcome_names, language)
summary += [
    text("cluster_change", language, outcome=outcome_names[city.outcome],
         province=text(f"verdict_{province.verdict.kind}", language),
         city=text(f"verdict_{city.verdict.kind}", language))
    for city, province in zip(headlines, by_province, strict=True)
    if city.verdict.kind != province.verdict.kind
]  # fmt: skip

# %%
display(Markdown(f"## {text('summary', language)}"))
display(Markdown("\n".join(f"- {sentence}" for sentence in summary)))
show(headline_figure(headlines, outcome_names, language))
display(Markdown(text("figure_note_headline", language)))

# %%
display(Markdown(f"## {text('headline_section', language)}"))
display(Markdown(text("liangchuang_headline_note", language)))
display(report_table(headline_table(headlines, language).round(4), language))
clusters = headline_table(by_province, language)[["indicator", "headline_method"]].assign(
    verdict_province=[text(f"verdict_{h.verdict.kind}", language) for h in by_province],
    verdict_city=[text(f"verdict_{h.verdict.kind}", language) for h in headlines],
)
display(report_table(clusters, language))
for city, province in zip(headlines, by_province, strict=True):
    display(Markdown(text("cluster_change", language, outcome=outcome_names[city.outcome],
                          province=text(f"verdict_{province.verdict.kind}", language),
                          city=text(f"verdict_{city.verdict.kind}", language))))  # fmt: skip

# %%
display(Markdown(f"## {text('sample', language)}"))
counts = programme_counts(design)
counts_design = design.counts()
programme = value_label("programme", design.programme, language)
display(Markdown(text("programme_counts", language, programme=programme, **counts)))
display(Markdown(text("sample_note", language)))
display(report_table(cohort_sizes(sample), language))
display(report_table(design_exclusions(design), language))
print("\n".join(program_notes(all_notes, labels, language)))

# %%
display(Markdown(f"## {text('estimators', language)}"))
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
display(Markdown(f"## {text('bacon_balanced', language)}"))
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
    show(bacon[column].plot(labels=figure_text("bacon", language), title=labels[column]))

# %%
display(Markdown(f"## {text('pretrend_tests', language)}"))
display(report_table(pretrend_table(comparisons).round(4), language))

# %%
from evalkit.inference import randomization_test

display(Markdown(f"## {text('randomization_honest', language)}"))
display(Markdown(text("randomization_note", language)))
randomization = {}
honest = {}
for column in columns:
    with collected_warnings() as notes:
        randomization[column] = randomization_test(
            complete_units(sample, column), column, "year", "unit_code", "first_treated_year",
            n_permutations=999, random_state=seed,
        )  # fmt: skip
        honest[column] = smoothness_sensitivity(sample, column)
display(report_table(randomization_table(randomization), language))
display(report_table(honest_table(honest), language))

# %%
display(Markdown(f"## {text('sensitivity', language)}"))
display(Markdown(text("sensitivity_note", language)))
with collected_warnings() as notes:
    sensitivity = sensitivity_table(design, panel)
display(report_table(sensitivity.round(4), language))

# %%
from evalkit.panel.tiers import unit_tiers
from evalkit.report.liangchuang import design_bounds, design_variants, shown_bounds

display(Markdown(f"## {text('lc_variants', language)}"))
display(Markdown(text("lc_counts_same", language, treated=counts_design["treated"],
                      controls=counts_design["controls"],
                      censored=counts_design["censored"])))  # fmt: skip
display(Markdown(text("lc_variants_note", language)))
tiers = unit_tiers(panel.units).set_index("unit_code")["major_city"]
with collected_warnings() as notes:
    variants = pd.concat([design_variants(sample, outcome, tiers) for outcome in outcomes])
display(report_table(variants.round(4), language))
print("\n".join(program_notes(notes, labels, language)))
all_notes += notes

# %%
display(Markdown(f"## {text('lc_bounds', language)}"))
with collected_warnings() as notes:
    bounds = design_bounds(design, panel, outcomes)
all_notes += notes
display(Markdown(text("lc_bounds_note", language, slots=int(bounds["slots"].iloc[0]))))
display(report_table(shown_bounds(bounds).round(4), language))

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
    headline[column]["randomization_p"] = float(randomization[column].p_value)
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
        "headlines_by_province": [item.record() for item in by_province],
        "summary": summary,
        "liangchuang_did": headline,
        "design": design.to_dict(),
        "counts": counts,
        "sensitivity": json_records(sensitivity),
        "variants": json_records(variants),
        "bounds": json_records(bounds),
        "honest_average": {o: json_records(f.tidy()) for o, f in honest_average_fits.items()},
        "breakdown": json_records(breakdowns),
        "notes": list(dict.fromkeys(all_notes)),
    }
)
