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

from evalkit.design import DEFAULT_YEARS, build_design, programme_counts
from evalkit.did import bacon_decomposition, etable
from evalkit.i18n import text, value_label
from evalkit.panel import load
from evalkit.report import publish_results
from evalkit.report.design_effects import json_records, sensitivity_table
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
    honest_table,
    pretrend_table,
    randomization_table,
    report_table,
)

setup()
display(Markdown(f"# {text('liangchuang_did_title', language)}"))
display(Markdown(text("liangchuang_did_design", language)))

# %%
display(Markdown(f"## {text('sample', language)}"))
years = (first_year or DEFAULT_YEARS[0], end_year or DEFAULT_YEARS[1])
design = build_design("liangchuang_demo", years=years, outcomes=outcomes, seed=seed)
with collected_warnings() as notes:
    panel = load()
    sample = design.sample(panel)
counts = programme_counts(design)
programme = value_label("programme", design.programme, language)
display(Markdown(text("programme_counts", language, programme=programme, **counts)))
display(Markdown(text("sample_note", language)))
display(report_table(cohort_sizes(sample), language))
display(report_table(design_exclusions(design), language))
print(text("timing_notes", language, count=len(notes), first=notes[0][:200] if notes else "—"))
labels = outcome_labels(outcomes, language)
columns = list(labels)

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
    print("\n".join(notes))

# %%
display(Markdown(f"## {text('event_studies', language)}"))
for column, comparison in comparisons.items():
    show(comparison.plot(language=language, title=labels[column]))

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
    print("\n".join(notes))
    show(bacon[column].plot(language=language, title=labels[column]))

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
headline = pooled_headline(comparisons, bacon)
for column in columns:
    headline[column]["randomization_p"] = float(randomization[column].p_value)
publish_results(
    {
        "liangchuang_did": headline,
        "design": design.to_dict(),
        "counts": counts,
        "sensitivity": json_records(sensitivity),
    }
)
