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
city_code = "330100"
outcomes = ["urban_individual_workers", "night_lights"]
language = "zh"
start_year = 2008
end_year = 2018

# %%
from IPython.display import Markdown, display

from evalkit import __version__
from evalkit.design import COMPARISON_PROVINCES, rollout_sample
from evalkit.i18n import text
from evalkit.panel import indicator_label, load
from evalkit.plots.trends import placebo_figure, trend_figure
from evalkit.report import publish_results
from evalkit.report.city import comparison_description, evaluate_city
from evalkit.report.notebook import collected_warnings, setup, show

setup()
with collected_warnings() as notes:
    panel = load()
    sample = rollout_sample(panel, outcomes, years=(start_year, end_year))
    evaluations = [evaluate_city(sample, city_code, outcome) for outcome in outcomes]
city_name = evaluations[0].city_name
display(Markdown(f"# {text('title', language, city=city_name)}"))
display(
    Markdown(
        text(
            "design",
            language,
            start=2015,
            first=start_year,
            last=end_year,
            comparison=comparison_description(COMPARISON_PROVINCES, language),
        )
    )
)

# %%
display(Markdown(f"## {text('trends', language)}"))
for evaluation in evaluations:
    label = text("log_of", language, label=indicator_label(evaluation.outcome, language))
    show(trend_figure(evaluation.trends, ylabel=label, start=2015, language=language))

# %%
display(Markdown(f"## {text('pooled', language)}"))
for evaluation in evaluations:
    display(Markdown(evaluation.sentences(language)[0]))
    display(evaluation.pooled.tidy().round(4))

# %%
display(Markdown(f"## {text('city_did', language)}"))
display(Markdown(text("few_clusters", language)))
for evaluation in evaluations:
    display(Markdown(evaluation.sentences(language)[1]))
    show(
        placebo_figure(evaluation.city.placebo_effects, evaluation.city.estimate, language=language)
    )

# %%
display(Markdown(f"## {text('provenance', language)}"))
display(Markdown(f"evalkit {__version__}; " + evaluations[0].pooled.settings["vcov"]))
for note in notes:
    display(Markdown(f"- {note}"))
publish_results(
    {
        "city_code": city_code,
        "city_name": city_name,
        "parameters": {
            "outcomes": outcomes,
            "language": language,
            "start_year": start_year,
            "end_year": end_year,
        },
        "headlines": [evaluation.headline() for evaluation in evaluations],
    }
)
