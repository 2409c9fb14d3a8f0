"""Figures draw exactly the texts they are given: all Chinese with zh labels, English by default.

Each figure is drawn with ``evalkit.i18n.figure_text(figure, "zh")`` and its texts read back
from the matplotlib artists: every Chinese label it should draw is there, and no English one
(no English run at all, by the browser check's own rule, apart from method names such as
Sun-Abraham). The English default of each plot function is the catalogue's English.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text

from evalkit.did import bacon_decomposition
from evalkit.did.bacon import PLOT_LABELS
from evalkit.did.compare import LABELS as COMPARISON_LABELS
from evalkit.did.compare import comparison_plot
from evalkit.i18n import FIGURE_TEXT, figure_text
from evalkit.plans import plot_plan_timeline
from evalkit.plots import plot_event_study, plot_placebo, plot_trends
from evalkit.plots.event_study import LABELS as EVENT_STUDY_LABELS
from evalkit.plots.trends import PLACEBO_LABELS, TREND_LABELS
from evalkit.render.page_rules import untranslated
from evalkit.simulate import simulate_staggered_panel
from evalkit.trend.plots import ITS_LABELS, PLACEBO_BREAK_LABELS, plot_its, plot_placebo_breaks

DEFAULTS = {
    "event_study": EVENT_STUDY_LABELS,
    "estimator_comparison": COMPARISON_LABELS,
    "bacon": PLOT_LABELS,
    "trends": TREND_LABELS,
    "placebo": PLACEBO_LABELS,
    "its": ITS_LABELS,
    "placebo_breaks": PLACEBO_BREAK_LABELS,
}


def _texts(figure) -> list[str]:
    drawn = [t.get_text() for t in figure.findobj(Text) if t.get_text().strip()]
    plt.close(figure)
    return drawn


def _fill(label: str) -> str:
    return label.format(level="95", value=2015)


EVENTS = pd.DataFrame(
    {
        "event_time": [-1, 0, 1, -1, 0, 1],
        "group": [2015, 2015, 2015, 2018, 2018, 2018],
        "time": [2014, 2015, 2016, 2017, 2018, 2019],
        "estimate": [0.0, 1.0, 1.5, 0.1, 0.9, 1.2],
        "conf_low": [-0.5, 0.5, 1.0, -0.4, 0.4, 0.7],
        "conf_high": [0.5, 1.5, 2.0, 0.6, 1.4, 1.7],
    }
)
PATH = pd.DataFrame(
    {
        "time": [2013, 2014, 2015, 2016],
        "actual": [1.0, 1.2, 1.9, 2.3],
        "fitted": [1.0, 1.2, 1.9, 2.3],
        "counterfactual": [1.0, 1.2, 1.4, 1.6],
        "pred_low": [0.9, 1.1, 1.2, 1.3],
        "pred_high": [1.1, 1.3, 1.6, 1.9],
        "period": ["pre", "pre", "post", "post"],
    }
)
LINKS = pd.DataFrame(
    {
        "unit_code": ["330100", "330100", "330200"],
        "unit_name": ["杭州市", "杭州市", "宁波市"],
        "programme": ["zj_growth_plan", "liangchuang_demo", "liangchuang_demo"],
        "membership": ["confirmed", "inferred", "incomplete-batch"],
        "via": ["direct", "sub_unit", "direct"],
        "period_start": [2015, 2016, 2017],
        "period_end": [2017, None, 2019],
    }
)


def _bacon():
    data = simulate_staggered_panel(n_units=60, n_periods=6, noise_sd=0.1, random_state=4).data
    return bacon_decomposition(data, "y", "year", "unit", "first_treated")


def _comparison_frame():
    names = ["TWFE", "CS", "Sun-Abraham", "imputation"]
    return pd.DataFrame(
        {
            "estimator": np.repeat(names, 2),
            "event_time": [-1.0, 0.0] * 4,
            "estimate": [0.0, 1.0] * 4,
            "conf_low": [-0.2, 0.8] * 4,
            "conf_high": [0.2, 1.2] * 4,
        }
    )


def _trends():
    years = np.arange(2012, 2018)
    return pd.concat(
        pd.DataFrame({"year": years, "group": group, "mean": years - 2010.0})
        for group in ("this_city", "rest_of_province", "comparison")
    )


# figure name -> function drawing it with the given labels (every label key drawn)
DRAW = {
    "event_study": lambda labels: [
        plot_event_study(EVENTS, labels=labels),  # event_time, estimate, cohort legend
        plot_event_study(EVENTS.drop(columns="group"), labels=labels),  # pointwise
        plot_event_study(
            EVENTS.assign(conf_low_uniform=-1.0, conf_high_uniform=3.0).drop(columns="group"),
            labels=labels,
        ),  # uniform
        plot_event_study(EVENTS, x="group", labels=labels),
        plot_event_study(EVENTS, x="time", labels=labels),
    ],
    "estimator_comparison": lambda labels: [comparison_plot(_comparison_frame(), labels=labels)],
    "bacon": lambda labels: [_bacon().plot(labels=labels)],
    "trends": lambda labels: [plot_trends(_trends(), ylabel="", start=2015, labels=labels)],
    "placebo": lambda labels: [plot_placebo(pd.Series([0.1, -0.2]), 0.3, labels=labels)],
    "its": lambda labels: [plot_its(PATH, labels=labels)],
    "placebo_breaks": lambda labels: [
        plot_placebo_breaks(
            pd.DataFrame({"placebo_start": [2012, 2013], "level_statistic": [0.5, -1.0]}),
            2.5,
            labels=labels,
        )
    ],
    "plan_timeline": lambda labels: [plot_plan_timeline(LINKS, last_year=2020, labels=labels)],
}
# the labels a figure draws for the data above (plan_timeline: only the codes in LINKS)
DRAWN_KEYS = {
    name: set(FIGURE_TEXT[name])
    if name != "plan_timeline"
    else {"year", "zj_growth_plan", "liangchuang_demo", "inferred", "incomplete-batch"}
    for name in FIGURE_TEXT
}


def test_every_figure_of_the_catalogue_is_drawn_here():
    assert set(DRAW) == set(FIGURE_TEXT)


@pytest.mark.parametrize("name", sorted(DRAW))
def test_zh_labels_draw_every_chinese_text_and_no_english(name):
    zh, en = figure_text(name, "zh"), figure_text(name, "en")
    drawn = [text for figure in DRAW[name](zh) for text in _texts(figure)]
    joined = "\n".join(drawn)
    expected = {key: _fill(zh[key]) for key in DRAWN_KEYS[name]}
    if name == "bacon":  # the TWFE line's label carries the coefficient
        expected["twfe"] = zh["twfe"].split("{")[0]
    missing = {key: text for key, text in expected.items() if text not in joined}
    assert missing == {}
    english = {
        key: _fill(en[key])
        for key in DRAWN_KEYS[name]
        if _fill(en[key]) != _fill(zh[key])  # method names are the same in both
    }
    assert [text for text in english.values() if text in drawn] == []
    assert untranslated(joined, "zh") == []


@pytest.mark.parametrize("name", sorted(DEFAULTS))
def test_the_english_default_is_the_catalogue_english(name):
    assert dict(DEFAULTS[name]) == figure_text(name, "en")
    drawn = "\n".join(text for figure in DRAW[name](None) for text in _texts(figure))
    english = "\n".join(text for figure in DRAW[name](figure_text(name, "en")) for text in
                        _texts(figure))  # fmt: skip
    assert drawn == english


def test_plan_timeline_shows_codes_without_labels_and_names_with_english_ones():
    legend = [t.get_text() for t in plot_plan_timeline(LINKS).axes[0].get_legend().get_texts()]
    assert legend == ["liangchuang_demo", "zj_growth_plan", "inferred", "incomplete-batch"]
    named = plot_plan_timeline(LINKS, labels=figure_text("plan_timeline", "en"))
    legend = [t.get_text() for t in named.axes[0].get_legend().get_texts()]
    assert legend[1] == "Zhejiang Small and Micro Enterprise Three-Year Growth Plan"
    assert named.axes[0].get_xlabel() == "Year"
    plt.close("all")


def test_the_old_language_keyword_draws_the_same_figure_with_a_warning():
    with pytest.warns(DeprecationWarning, match="plot_event_study: the keyword 'language'"):
        old = _texts(plot_event_study(EVENTS, language="zh"))
    assert old == _texts(plot_event_study(EVENTS, labels=figure_text("event_study", "zh")))
