"""Trend and placebo figures for the city reports."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from evalkit.deprecation import renamed_function, replaced_by_labels
from evalkit.plots.fonts import use_cjk_font

GROUP_STYLE = {
    "this_city": {"color": "#c0392b", "linewidth": 2.4},
    "rest_of_province": {"color": "#2e86c1", "linewidth": 1.4},
    "comparison": {"color": "#7f8c8d", "linewidth": 1.4, "linestyle": "--"},
}

#: Texts of :func:`plot_trends` unless ``labels`` says otherwise (a group's legend, the x axis);
#: Chinese ones are ``evalkit.i18n.figure_text("trends", "zh")``.
TREND_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "this_city": "This city",
        "rest_of_province": "Other treated cities",
        "comparison": "Comparison cities",
        "year": "Year",
    }
)
#: Texts of :func:`plot_placebo`; Chinese ones are ``evalkit.i18n.figure_text("placebo", "zh")``.
PLACEBO_LABELS: Mapping[str, str] = MappingProxyType(
    {"this_city": "This city", "placebo_effect": "Placebo effect", "count": "Cities"}
)


@replaced_by_labels("trends")
def plot_trends(
    trends: pd.DataFrame,
    *,
    ylabel: str,
    start: int,
    labels: Mapping[str, str] | None = None,
) -> Figure:
    """Plot group means by year with the plan's start marked.

    Parameters
    ----------
    trends : pandas.DataFrame
        Tidy ``year, group, mean`` (from :func:`evalkit.report.city.group_trends`).
    ylabel : str
        Axis label.
    start : int
        First treated year, drawn as a vertical line.
    labels : mapping of str to str, optional
        Texts drawn, by key: ``this_city``, ``rest_of_province``, ``comparison`` (legend of
        each group) and ``year`` (horizontal axis); keys left out keep their English text
        (:data:`TREND_LABELS`).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> trends = pd.DataFrame({"year": [2014, 2015], "group": "this_city", "mean": [1.0, 2.0]})
    >>> figure = plot_trends(trends, ylabel="y", start=2015, labels={"this_city": "Ningbo"})
    >>> [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    ['Ningbo']

    """
    text = {**TREND_LABELS, **(labels or {})}
    use_cjk_font()
    figure, axis = plt.subplots(figsize=(7, 3.6), layout="constrained")
    for group, rows in trends.groupby("group", sort=False):
        axis.plot(rows["year"], rows["mean"], label=text[group], **GROUP_STYLE[group])
    axis.axvline(start - 0.5, color="black", linewidth=0.8, linestyle=":")
    axis.set_xlabel(text["year"])
    axis.set_ylabel(ylabel)
    axis.legend(frameon=False, fontsize=8)
    return figure


@replaced_by_labels("placebo")
def plot_placebo(
    placebo_effects: pd.Series, estimate: float, *, labels: Mapping[str, str] | None = None
) -> Figure:
    """Histogram of placebo effects with the real estimate marked.

    Parameters
    ----------
    placebo_effects : pandas.Series
        One effect per placebo unit.
    estimate : float
        The real estimate, drawn as a vertical line.
    labels : mapping of str to str, optional
        Texts drawn, by key: ``this_city`` (legend of the real estimate), ``placebo_effect``
        (horizontal axis), ``count`` (vertical axis); keys left out keep their English text
        (:data:`PLACEBO_LABELS`).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> figure = plot_placebo(pd.Series([0.1, -0.2]), 0.3, labels={"count": "Placebo cities"})
    >>> figure.axes[0].get_ylabel()
    'Placebo cities'
    """
    text = {**PLACEBO_LABELS, **(labels or {})}
    use_cjk_font()
    figure, axis = plt.subplots(figsize=(7, 3.0), layout="constrained")
    axis.hist(placebo_effects.to_numpy(), bins=20, color="#aab7b8")
    axis.axvline(estimate, color="#c0392b", linewidth=2.2, label=text["this_city"])
    axis.set_xlabel(text["placebo_effect"])
    axis.set_ylabel(text["count"])
    axis.legend(frameon=False, fontsize=8)
    return figure


trend_figure = renamed_function(plot_trends, "trend_figure")
placebo_figure = renamed_function(plot_placebo, "placebo_figure")
