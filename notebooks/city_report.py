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
city_code = "330100"
programme = "zj_growth_plan"
outcomes = ["loans", "loans_to_gdp", "va_secondary"]  # the catalogue's defaults
first_year = None  # first sample year; None: the design's default
end_year = None  # last sample year; None: the design's default
language = "zh"
seed = 0

# %%
import math

from IPython.display import Markdown, display

from evalkit import __version__
from evalkit.design import DEFAULT_PROGRAMME, DEFAULT_YEARS, outcome_column
from evalkit.i18n import TEXT, figure_text, text, value_label
from evalkit.panel import load
from evalkit.plans import PlanRegistry, plot_plan_timeline
from evalkit.plots import plot_event_study, plot_trends
from evalkit.render import publish_results
from evalkit.render.notebook import collected_warnings, setup, show_plot
from evalkit.report import sections as report
from evalkit.report import summary as summary_text
from evalkit.report.city import comparison_description
from evalkit.report.city_analysis import analyse_city
from evalkit.report.design_effects import round_boundaries
from evalkit.report.notes import program_notes
from evalkit.report.tables import report_table
from evalkit.report.verdict import format_p_value, p_relation
from evalkit.trend.plots import plot_its

setup()
years = (first_year or DEFAULT_YEARS[0], end_year or DEFAULT_YEARS[1])
event_labels = figure_text("event_study", language)
trend_labels = figure_text("trends", language)
with collected_warnings() as notes:
    panel = load()
    registry = PlanRegistry.load()
# the same for both languages: a render batch computes it once (evalkit.memo)
analysis = analyse_city(
    panel, registry, city_code, programme=programme, outcomes=outcomes, years=years, seed=seed
)
design, sample = analysis.design, analysis.sample
evaluations, heads, its_fits = analysis.evaluations, analysis.heads, analysis.its_fits
notes = list(dict.fromkeys([*notes, *analysis.notes]))
its_notes = list(analysis.its_notes)
counterfactuals = report.counterfactual_rows(city_code, design=design)
attainment = summary_text.attainment_rows(analysis.attainment.own, language)
sentences = summary_text.summary_sentences(heads, attainment, language)
start = design.first_treated_year(city_code)
city_name = evaluations[0].city_name
title = "title" if programme == DEFAULT_PROGRAMME else "title_programme"
label = value_label("programme", programme, language)
display(Markdown(f"# {text(title, language, city=city_name, programme=label)}"))
display(Markdown(f"## {text('cityhead_summary', language)}"))
for sentence in sentences:
    display(Markdown(f"- {sentence}"))
key = heads[0]
key_title = text(
    "cityhead_key_figure", language, outcome=summary_text.outcome_name(key.outcome, language)
)
show_plot(plot_event_study, key.event_study.tidy(), labels=event_labels, title=key_title)
display(
    Markdown(
        text(
            "design",
            language,
            programme=value_label("programme", programme, language),
            treated=len(design.treated_units),
            cohorts=", ".join(f"{y}: {n}" for y, n in design.cohorts.items()),
            start=start,
            controls=len(design.control_units),
            first=years[0],
            last=years[1],
            comparison=comparison_description(design, language),
        )
    )
)
flags = design.flags(city_code)
if flags:
    separator = "、" if language == "zh" else ", "
    labels = separator.join(value_label("programme", f, language) for f in flags)
    display(Markdown(text("confounded_city", language, programmes=labels)))

# %%
display(Markdown(f"## {text('plans', language)}"))
links = report.plan_links(registry, city_code, city_name)
if links.empty:
    display(Markdown(text("no_plans", language)))
else:
    display(report_table(links[report.PLAN_COLUMNS], language))
    show_plot(plot_plan_timeline, links, labels=figure_text("plan_timeline", language))

# %%
display(Markdown(f"## {text('targets', language)}"))
from evalkit.report.city_targets import city_targets_section

targets = city_targets_section(
    registry, panel, city_code, language, seed=seed, sections=analysis.attainment
)
if targets.blocks()[1:]:
    display(targets)
else:
    display(Markdown(text("no_targets", language)))
publish_results({"attainment": targets.attainment()})

# %%
display(Markdown(f"## {text('cityhead_headline', language)}"))
first = heads[0].headline
method_key = f"cityhead_method_{first.method}"  # the method's own note, else the general one
display(
    Markdown(
        text(
            method_key if method_key in TEXT else "cityhead_method_other",
            language,
            rule=first.rule,
            method=text(f"method_{first.method}", language),
            controls=first.n_units - 1,
            dropped=first.n_units_dropped,
        )
    )
)


def number(head, value):
    """A headline number: percent for log outcomes, the outcome's units otherwise."""
    return head.verdict._number(value)


for head in heads:
    name = summary_text.outcome_name(head.outcome, language)
    display(Markdown(f"### {name}"))
    entry = summary_text.outcome_intro(head.outcome, panel, language)
    if entry:
        display(Markdown(entry))
    h, v = head.headline, head.verdict
    mde = f"{number(head, v.mde[0])} / {number(head, v.mde[1])}"
    test = head.pretrend
    display(
        Markdown(
            text(
                "cityhead_numbers",
                language,
                estimate=number(head, v.estimate),
                low=number(head, v.conf_low),
                high=number(head, v.conf_high),
                p=p_relation(h.p_value),
                mde=mde,
                pretrend=format_p_value(test.p_value) if test else "—",
                floor=format_p_value(test.min_p_value) if test else "—",
            )
        )
    )
    display(Markdown(summary_text.headline_sentence(head, language)))
    if not head.interpretable and head.honest is not None:
        display(Markdown(text("cityhead_honest_in_place", language)))
        display(report_table(summary_text.honest_table(head.honest), language))
    if head.flagged is not None and head.flagged.warn:
        display(
            Markdown(
                text(
                    "cityhead_flagged",
                    language,
                    share=head.flagged.share,
                    threshold=head.flagged.threshold,
                )
            )
        )
        if head.robust is None:
            display(Markdown(text("cityhead_robust_unavailable", language)))
        else:
            r = head.robust
            pct = head.percent
            display(
                Markdown(
                    text(
                        "cityhead_robust",
                        language,
                        estimate=number(head, r.estimate_pct if pct else r.estimate),
                        low=number(head, r.conf_low_pct if pct else r.conf_low),
                        high=number(head, r.conf_high_pct if pct else r.conf_high),
                        p=p_relation(r.p_value),
                        n=r.n_units,
                    )
                )
            )

# %%
display(Markdown(f"## {text('cityhead_comparison', language)}"))
display(Markdown(text("cityhead_comparison_note", language)))
compared = summary_text.comparison_table(heads, evaluations, its_fits, counterfactuals, language)
display(report_table(compared.round(4), language, verbatim=["outcome_label"]))

# %%
display(Markdown(f"## {text('trends', language)}"))
for evaluation in evaluations:
    label = summary_text.outcome_name(evaluation.outcome, language)
    show_plot(plot_trends, evaluation.trends, ylabel=label, start=start, labels=trend_labels)

# %%
display(Markdown(f"## {text('its', language)}"))
display(Markdown(text("its_caution", language)))
for outcome, fit in its_fits.items():
    label = summary_text.outcome_name(outcome, language)
    display(
        Markdown(
            text(
                "its_sentence",
                language,
                outcome=label,
                level=fit.level_change,
                slope=fit.slope_change,
                estimate=fit.estimate,
                se=fit.se,
                lags=fit.hac_lags,
                placebo=fit.placebo_p_value,
            )
        )
    )
    ylabel = text("its_ylabel", language, label=label)
    show_plot(plot_its, fit.path, title=label, ylabel=ylabel, labels=figure_text("its", language))

# %%
display(Markdown(f"## {text('synth', language)}"))
if counterfactuals.empty:
    display(Markdown(text("synth_not_computed", language)))
else:
    comparison = comparison_description(design, language)
    donors = len(design.control_units)
    display(
        Markdown(text("synth_note", language, start=start, donors=donors, comparison=comparison))
    )
    display(report_table(counterfactuals[report.COUNTERFACTUAL_COLUMNS].round(3), language))

# %%
display(Markdown(f"## {text('cityhead_city_es', language)}"))
for head in heads:
    label = summary_text.outcome_name(head.outcome, language)
    test = head.pretrend
    if test is None:
        display(Markdown(text("pretrend_unavailable", language, outcome=label)))
    else:
        verdict = text("cityhead_rejects" if test.rejects else "cityhead_not_rejects", language)
        display(
            Markdown(
                text(
                    "cityhead_city_es_note",
                    language,
                    outcome=label,
                    statistic=test.statistic,
                    rank=test.rank,
                    n=test.n_placebo + 1,
                    p=format_p_value(test.p_value),
                    floor=format_p_value(test.min_p_value),
                    verdict=verdict,
                )
            )
        )
    show_plot(plot_event_study, head.event_study.tidy(), labels=event_labels, title=label)

# %%
display(Markdown(f"## {text('cityhead_honest', language)}"))
for head in heads:
    label = summary_text.outcome_name(head.outcome, language)
    bounds = head.honest
    if bounds is None:
        display(Markdown(text("cityhead_honest_unavailable", language, outcome=label)))
        continue
    breakdown = bounds.breakdown_smoothness
    display(
        Markdown(
            text(
                "cityhead_honest_note",
                language,
                outcome=label,
                scale=bounds.max_second_difference,
                breakdown="—" if not math.isfinite(breakdown) else f"{breakdown:.4f}",
            )
        )
    )
    display(report_table(summary_text.honest_table(bounds), language))

# %%
display(Markdown(f"## {text('cityhead_cohort_es', language)}"))
for outcome in outcomes:
    with collected_warnings() as event_notes:  # kept for the notes below, not printed raw
        dynamic = report.cohort_event_study(sample, outcome)
    its_notes.extend(event_notes)
    label = summary_text.outcome_name(outcome, language)
    test = dynamic.pretrend_test()
    key = "pretrend" if test is not None else "pretrend_unavailable"
    values = {} if test is None else vars(test)  # statistic, df, p_value of the Wald test
    display(Markdown(text(key, language, outcome=label, **values)))
    boundaries = round_boundaries(design) if len(design.cohorts) == 1 else []
    show_plot(
        plot_event_study, dynamic.tidy(), labels=event_labels, title=label, boundaries=boundaries
    )

# %%
display(Markdown(f"## {text('quality', language)}"))
display(report_table(report.quality_flags(panel, city_code, outcomes), language))

# %%
display(Markdown(f"## {text('provenance', language)}"))
vcov = value_label("vcov", evaluations[0].pooled.settings["vcov"], language)
display(Markdown(f"evalkit {__version__}; {vcov}"))
display(Markdown(f"### {text('design_details', language)}"))
display(report_table(report.design_exclusions(design), language))
display(Markdown(f"### {text('inputs', language)}"))
display(report_table(report.input_summary(), language))
note_labels = {outcome_column(o): summary_text.outcome_name(o, language) for o in outcomes}
shown_notes = program_notes([*notes, *its_notes], note_labels, language)
if shown_notes:
    display(Markdown(f"### {text('notes', language)}"))
for note in shown_notes:
    display(Markdown(f"- {note}"))
publish_results(
    {
        "city_code": city_code,
        "city_name": city_name,
        "parameters": {
            "outcomes": outcomes,
            "programme": programme,
            "language": language,
            "first_year": years[0],
            "end_year": years[1],
            "seed": seed,
        },
        "design": design.to_dict(),
        "confounded_by": flags,
        # the legacy keys (city_estimate, pooled_*) stay until the index reads the new ones
        "headlines": [
            {**e.headline(), **h.as_dict()} for e, h in zip(evaluations, heads, strict=True)
        ],
        "summary": sentences,
        "notes": list(dict.fromkeys([*notes, *its_notes])),
        "attainment": attainment,
        "comparison": compared.round(10)
        .astype(object)
        .where(compared.notna(), None)
        .to_dict(orient="records"),
        "its": {
            o: {"estimate": round(f.estimate, 10), "se": round(f.se, 10)}
            for o, f in its_fits.items()
        },
        "counterfactuals": counterfactuals[["indicator", "method", "estimate", "p_value"]]
        .round(10)
        .to_dict(orient="records"),
    }
)
