"""Trend and placebo figures for the city reports."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from evalkit.deprecation import renamed_function
from evalkit.i18n import text
from evalkit.plots.fonts import use_cjk_font

GROUP_STYLE = {
    "this_city": {"color": "#c0392b", "linewidth": 2.4},
    "rest_of_province": {"color": "#2e86c1", "linewidth": 1.4},
    "comparison": {"color": "#7f8c8d", "linewidth": 1.4, "linestyle": "--"},
}


def plot_trends(trends: pd.DataFrame, *, ylabel: str, start: int, language: str = "en") -> Figure:
    """Plot group means by year with the plan's start marked.

    Parameters
    ----------
    trends : pandas.DataFrame
        Tidy ``year, group, mean`` (from :func:`evalkit.report.city.group_trends`).
    ylabel : str
        Axis label.
    start : int
        First treated year, drawn as a vertical line.
    language : {"zh", "en"}
        Language of the legend and axis labels.

    """
    use_cjk_font()
    figure, axis = plt.subplots(figsize=(7, 3.6), layout="constrained")
    for group, rows in trends.groupby("group", sort=False):
        axis.plot(rows["year"], rows["mean"], label=text(group, language), **GROUP_STYLE[group])
    axis.axvline(start - 0.5, color="black", linewidth=0.8, linestyle=":")
    axis.set_xlabel(text("year", language))
    axis.set_ylabel(ylabel)
    axis.legend(frameon=False, fontsize=8)
    return figure


def plot_placebo(placebo_effects: pd.Series, estimate: float, *, language: str = "en") -> Figure:
    """Histogram of placebo effects with the real estimate marked."""
    use_cjk_font()
    figure, axis = plt.subplots(figsize=(7, 3.0), layout="constrained")
    axis.hist(placebo_effects.to_numpy(), bins=20, color="#aab7b8")
    axis.axvline(estimate, color="#c0392b", linewidth=2.2, label=text("this_city", language))
    axis.set_xlabel(text("placebo_effect", language))
    axis.set_ylabel(text("count", language))
    axis.legend(frameon=False, fontsize=8)
    return figure


trend_figure = renamed_function(plot_trends, "trend_figure")
placebo_figure = renamed_function(plot_placebo, "placebo_figure")
