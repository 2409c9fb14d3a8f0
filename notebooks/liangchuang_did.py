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

from evalkit.did import bacon_decomposition, etable
from evalkit.i18n import text, value_label
from evalkit.panel import load
from evalkit.plans import PlanRegistry
from evalkit.report import publish_results
from evalkit.report.notebook import collected_warnings, setup, show
from evalkit.report.pooled import (
    bacon_sentence,
    complete_units,
    outcome_labels,
    pooled_headline,
    smoothness_sensitivity,
)
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
with collected_warnings() as notes:
    panel = load()
    timing = PlanRegistry.load().treatment_timing(
        "liangchuang_demo", panel.units, range(start_year, end_year + 1)
    )
    wide = panel.wide(outcomes, log=True)
    wide = wide[wide["year"].between(start_year, end_year)]
    sample = timing.attach(panel.units.merge(wide, on="unit_code"))
status = timing.timing["status"].value_counts()
programme = value_label("programme", timing.programme, language)
display(Markdown(text("timing_counts", language, programme=programme,
                      treated=status.get("treated", 0), never=status.get("never_treated", 0),
                      excluded=status.get("excluded", 0))))  # fmt: skip
display(Markdown(text("sample_note", language)))
display(report_table(cohort_sizes(sample), language))
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
            sample, column, "year", "unit_code", "first_treated_year"
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
headline = pooled_headline(comparisons, bacon)
for column in columns:
    headline[column]["randomization_p"] = float(randomization[column].p_value)
publish_results({"liangchuang_did": headline})
