"""Figures for interrupted time series. Each takes tidy frames and returns a Figure."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from evalkit.plots.fonts import use_cjk_font

#: The legend texts of :func:`plot_its` unless ``labels`` says otherwise.
ITS_LABELS: Mapping[str, str] = MappingProxyType({"actual": "actual", "trend": "pre-plan trend"})
#: The texts of :func:`plot_placebo_breaks` unless ``labels`` says otherwise.
PLACEBO_BREAK_LABELS: Mapping[str, str] = MappingProxyType(
    {"real_break": "real break", "statistic": "t (level change)"}
)


def plot_its(
    path: pd.DataFrame,
    *,
    title: str = "",
    ylabel: str = "",
    labels: Mapping[str, str] | None = None,
) -> Figure:
    """Plot the series, the fitted segments and the projected pre-break trend with bands.

    Parameters
    ----------
    path : pandas.DataFrame
        ``time, actual, fitted, counterfactual, pred_low, pred_high, period`` as in
        :attr:`ITSResult.path`.
    title, ylabel : str
        Figure labels.
    labels : mapping of str to str, optional
        Legend texts, by key: ``actual`` (the observed series) and ``trend`` (the projected
        pre-break trend); keys left out keep their English text (:data:`ITS_LABELS`).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> path = pd.DataFrame({"time": [1, 2, 3], "actual": [1.0, 2, 4], "fitted": [1.0, 2, 4],
    ...     "counterfactual": [1.0, 2, 3], "pred_low": [0.5, 1.5, 2.5],
    ...     "pred_high": [1.5, 2.5, 3.5], "period": ["pre", "pre", "post"]})
    >>> len(plot_its(path).axes)
    1
    >>> legend = plot_its(path, labels={"actual": "observed"}).axes[0].get_legend()
    >>> [t.get_text() for t in legend.get_texts()]
    ['observed', 'pre-plan trend']
    """
    text = {**ITS_LABELS, **(labels or {})}
    use_cjk_font()
    figure, ax = plt.subplots(figsize=(7, 4))
    post = path[path["period"] == "post"]
    ax.scatter(path["time"], path["actual"], color="black", s=14, label=text["actual"])
    for _, part in path.groupby("period", sort=False):
        ax.plot(part["time"], part["fitted"], color="tab:blue")
    ax.plot(
        post["time"],
        post["counterfactual"],
        color="tab:orange",
        linestyle="--",
        label=text["trend"],
    )
    ax.fill_between(
        post["time"],
        post["pred_low"],
        post["pred_high"],
        color="tab:orange",
        alpha=0.2,
        linewidth=0,
    )
    if len(post):
        ax.axvline(post["time"].min() - 0.5, color="grey", linestyle=":", linewidth=1)
    ax.set(title=title, ylabel=ylabel)
    ax.legend(frameon=False)
    figure.tight_layout()
    return figure


def plot_placebo_breaks(
    placebos: pd.DataFrame,
    real_statistic: float,
    *,
    title: str = "",
    labels: Mapping[str, str] | None = None,
) -> Figure:
    """Plot the t-statistics of the level change at fake breaks beside the real one.

    ``labels`` are the texts drawn, by key: ``real_break`` (legend of the real statistic) and
    ``statistic`` (vertical axis); keys left out keep their English text
    (:data:`PLACEBO_BREAK_LABELS`).

    Examples
    --------
    >>> table = pd.DataFrame({"placebo_start": [2003, 2004], "level_statistic": [0.5, -1.0]})
    >>> len(plot_placebo_breaks(table, 3.0).axes[0].patches)
    2
    """
    text = {**PLACEBO_BREAK_LABELS, **(labels or {})}
    use_cjk_font()
    figure, ax = plt.subplots(figsize=(7, 3))
    ax.bar(placebos["placebo_start"].astype(str), placebos["level_statistic"], color="lightgrey")
    ax.axhline(real_statistic, color="black", label=text["real_break"])
    ax.axhline(0, color="grey", linewidth=0.8)
    ax.set(title=title, ylabel=text["statistic"])
    ax.legend(frameon=False)
    return figure
